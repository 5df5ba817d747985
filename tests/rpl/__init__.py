"""Replay of Unbound's testbound scenarios (.rpl) against a real canond: see test_rpl_replay.py."""

import sys

try:
    import dns.message  # noqa: F401
except ImportError:  # python3 from pyenv lacks Debian's python3-dnspython
    sys.path.append("/usr/lib/python3/dist-packages")
