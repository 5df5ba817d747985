#!/usr/bin/env python3
"""test_resolver_config: canond reads the [resolver] and [[view]] tables of issue 5 §3.

Usage: python3 tests/test_resolver_config.py --bin build/bin [--keep]

Runs `canond --config FILE --check` (no sockets, no traffic) on:
  - the configuration of issue 5 §3 verbatim, with its zone and hints files: accepted (exit 0);
  - a catch-all view placed before another: rejected (exit 1) with FILE:LINE:COL naming the
    hidden view and the line of the view that hides it;
  - bad values (a prefix past /32, a forward rule without servers, a misspelt key, a bad cache
    size): rejected, each with its FILE:LINE:COL.
Prints "N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ISSUE_EXAMPLE = """\
[server]
listen = ["192.0.2.10:53"]
workers = 1

[resolver]
root-hints = "hints.zone"      # optional; built-in root hints otherwise
cache-size = "256MiB"

[[view]]
name = "vpc"
match-clients = ["192.0.2.20/32", "10.0.0.0/8"]
recursion = true
  [[view.zone]]                # private zone
  origin = "region.prod.acmeltd.co.uk"
  file = "private.zone"
  [[view.forward]]
  suffix = "."
  servers = ["192.0.2.4:53"]

[[view]]
name = "public"
match-clients = ["any"]
recursion = true
"""

# The issue's example plus one top-level [[zone]], which issue 5 §3 says every view serves
# (so that the check also loads a zone shared by the views). Only `canond --check` runs here:
# nothing is resolved, so no query can leave the machine; tests/test_resolver_vpc.py serves.
TOP_ZONE = """
[[zone]]
origin = "example.com"
file = "example.zone"
"""

EXAMPLE_ZONE = "$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 60\n@ NS ns\nns A 192.0.2.53\n"

HIDDEN = """\
[[view]]
name = "public"
match-clients = ["any"]

[[view]]
name = "vpc"
match-clients = ["10.0.0.0/8"]
"""

BAD = """\
[resolver]
cache-size = "lots"

[[view]]
name = "vpc"
match-clients = ["10.0.0.0/33"]
recursion = true
  [[view.forward]]
  suffix = "."
  [[view.forward]]
  sufix = "corp.example."
  servers = ["10.0.0.4"]
"""

PRIVATE_ZONE = """\
$TTL 300
@ SOA ns hostmaster 1 3600 600 86400 60
@ NS ns
ns A 10.0.0.53
service1 A 10.1.2.3
"""

HINTS = ". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A 198.41.0.4\n"


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> None:
        if ok:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}\n{detail}")


def run_check(canond: str, path: str) -> subprocess.CompletedProcess:
    return subprocess.run([canond, "--config", path, "--check"], capture_output=True, text=True,
                          timeout=60)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding canond")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    canond = os.path.join(args.bin, "canond")
    tmp = tempfile.mkdtemp(prefix="canon-resolver-config-")
    res = Results()
    try:
        with open(os.path.join(tmp, "private.zone"), "w") as f:
            f.write(PRIVATE_ZONE)
        with open(os.path.join(tmp, "hints.zone"), "w") as f:
            f.write(HINTS)
        with open(os.path.join(tmp, "example.zone"), "w") as f:
            f.write(EXAMPLE_ZONE)
        cases = {"issue.toml": ISSUE_EXAMPLE + TOP_ZONE, "hidden.toml": HIDDEN, "bad.toml": BAD}
        for name, text in cases.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)

        p = run_check(canond, os.path.join(tmp, "issue.toml"))
        res.check(p.returncode == 0, "issue 5 §3 configuration accepted",
                  f"exit {p.returncode}\n{p.stderr}")

        path = os.path.join(tmp, "hidden.toml")
        p = run_check(canond, path)
        want = (f"{path}:5:1: view 'vpc' can never match: view 'public' (line 1) already "
                "matches all its clients")
        res.check(p.returncode == 1 and want in p.stderr, "catch-all view hiding a later one",
                  f"exit {p.returncode}, wanted: {want}\nstderr:\n{p.stderr}")

        path = os.path.join(tmp, "bad.toml")
        p = run_check(canond, path)
        for want in [f"{path}:2:14: 'cache-size' must be a size",
                     f"{path}:6:18: bad prefix length in '10.0.0.0/33': 0 to 32",
                     f"{path}:8:3: [[view.forward]] needs 'servers'",
                     f"{path}:11:3: unknown key 'sufix' in [[view.forward]]"]:
            res.check(p.returncode == 1 and want in p.stderr, f"reported: {want[len(path):]}",
                      f"exit {p.returncode}\nstderr:\n{p.stderr}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{res.passed} passed, {res.failed} failed")
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
