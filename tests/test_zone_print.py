#!/usr/bin/env python3
"""test_zone_print: `canon zone print` against BIND's `named-compilezone` (issue 2, §3-§4).

Usage: python3 tests/test_zone_print.py --bin build/bin [--verbose]

For each zone — every `good-*` file of ../shared/vectors/bind9-checkzone (with the origin its
README gives), tests/zones/every-type.zone (one record of every type Canon has a schema for)
and tests/zones/torture.zone (the syntax corner cases) — both tools print the zone, and the two
outputs are compared as multisets of (owner lowercased, TTL, type, rdata in wire form). The
rdata text of both sides is turned into wire form by dnspython, which is neither tool, so
spacing, the order inside an RRset and presentation choices (a key printed as `key7` or as
`dohpath`, hex case, TTL units) do not matter, while any difference in the data does.

Zones BIND refuses to compile are reported and skipped (none are expected). Exit status 1 on
any difference; the last line is "N passed, M failed".
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from collections import Counter

try:
    import dns.exception
    import dns.name
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
except ImportError:  # pyenv's python3 lacks Debian's python3-dnspython
    sys.path.append("/usr/lib/python3/dist-packages")
    import dns.exception
    import dns.name
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import peers  # noqa: E402
VECTORS = os.path.join(HERE, "..", "..", "shared", "vectors", "bind9-checkzone")

# Origins and flags from ../shared/vectors/README.md; the rest use "example".
ORIGINS = {
    "good-dns-sd-reverse.db": "0.0.0.0.in-addr.arpa",
    "good-rpz-prefix.db": "db",
}
# Options named-compilezone needs to load a zone at all (-k ignore: the torture zone has an
# owner with an escaped dot, which BIND's check-names refuses; that is policy, not syntax).
COMPILE_FLAGS = {"torture.zone": ["-k", "ignore"]}


def zones() -> list:
    out = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "good-*.db"))):
        out.append((path, ORIGINS.get(os.path.basename(path), "example")))
    out.append((os.path.join(HERE, "zones", "every-type.zone"), "every.example"))
    out.append((os.path.join(HERE, "zones", "torture.zone"), "torture.example"))
    return out


TEXT_COMPARED: set = set()


def split(line: str) -> tuple | None:
    """(owner, ttl, type, rdata text) of one `owner ttl class type rdata` line, or None."""
    parts = line.split(None, 4)
    if len(parts) < 4 or parts[2] != "IN":
        return None
    return parts[0], int(parts[1]), parts[3], parts[4] if len(parts) == 5 else ""


def wire_key(owner: str, ttl: int, rtype: str, rdata: str) -> tuple | None:
    """The record with its rdata in wire form as dnspython reads it, or None when it cannot
    (ALIAS is unknown to it; dnspython 2.3 misreads a few valid forms, such as an NSEC3 hash
    whose length is not a multiple of 5 octets or an SVCB dohpath key)."""
    try:
        rdtype = dns.rdatatype.from_text(rtype)
        rd = dns.rdata.from_text(dns.rdataclass.IN, rdtype, rdata, origin=dns.name.root,
                                 relativize=False)
        return (owner.lower(), ttl, dns.rdatatype.to_text(rdtype), rd.to_wire().hex())
    except dns.exception.DNSException:
        return None


def lines_of(text: str) -> list:
    return [(line, split(line)) for line in text.splitlines()
            if line.strip() and not line.startswith(";") and split(line)]


def unreadable_types(*texts: str) -> set:
    """Types dnspython fails to read in any line of any of the texts."""
    return {rec[2] for text in texts for _, rec in lines_of(text) if wire_key(*rec) is None}


def records(text: str, bindir: str, via_canon: set) -> Counter:
    """The multiset of records of a zone printout. Records of the types in `via_canon` (those
    dnspython cannot read on either side) are put in a zone of their own and printed again by
    canon, so that both sides' text goes through the same reader and only a difference in the
    data shows."""
    out = Counter()
    rest = []
    for line, rec in lines_of(text):
        if rec[2] in via_canon:
            TEXT_COMPARED.add(rec[2])
            rest.append(line)
        else:
            out[wire_key(*rec)] += 1
    if rest:
        with tempfile.NamedTemporaryFile("w", suffix=".zone", delete=False) as f:
            f.write("$ORIGIN .\n" + "\n".join(rest) + "\n")
        try:
            again = run([os.path.join(bindir, "canon"), "zone", "print", "--origin", ".", f.name])
        finally:
            os.unlink(f.name)
        if again.returncode not in (0, 1):
            raise RuntimeError(f"canon cannot read back: {again.stderr}")
        for line in again.stdout.splitlines():
            owner, ttl, rtype, rdata = split(line)
            out[(owner.lower(), ttl, rtype, " ".join(rdata.split()))] += 1
    return out


def run(cmd: list) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def compare(bindir: str, path: str, origin: str, verbose: bool) -> str | None:
    """None when the record sets agree, else what differs."""
    name = os.path.basename(path)
    bind = run(peers.offline(["named-compilezone", *COMPILE_FLAGS.get(name, []), "-s", "full",
                              "-o", "-", origin, path]))
    if bind.returncode != 0:
        return f"named-compilezone refused it:\n{bind.stderr}{bind.stdout}"
    ours = run([os.path.join(bindir, "canon"), "zone", "print", "--origin", origin, path])
    if ours.returncode not in (0, 1):
        return f"canon zone print exited {ours.returncode}:\n{ours.stderr}"
    via_canon = unreadable_types(bind.stdout, ours.stdout)
    want = records(bind.stdout, bindir, via_canon)
    got = records(ours.stdout, bindir, via_canon)
    if verbose:
        print(f"  {name}: BIND {sum(want.values())} records, canon {sum(got.values())}")
    if want == got:
        return None
    missing = want - got
    extra = got - want
    lines = [f"  only BIND:  {k[0]} {k[1]} {k[2]} {k[3]}" for k in sorted(missing)]
    lines += [f"  only canon: {k[0]} {k[1]} {k[2]} {k[3]}" for k in sorted(extra)]
    return "\n".join(lines[:40])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin", help="directory holding canon")
    ap.add_argument("--verbose", action="store_true", help="print record counts per zone")
    args = ap.parse_args()
    passed = failed = 0
    for path, origin in zones():
        why = compare(args.bin, path, origin, args.verbose)
        name = os.path.relpath(path, os.path.join(HERE, ".."))
        if why is None:
            passed += 1
            print(f"ok    {name}")
        else:
            failed += 1
            print(f"FAIL  {name}\n{why}")
    if TEXT_COMPARED:
        print(f"read back through canon (dnspython cannot read them): {sorted(TEXT_COMPARED)}")
    if passed + failed < 15:  # 13 good-* vectors and our two zones: no vectors must not pass
        print(f"only {passed + failed} zones were compared; is ../shared/vectors there?")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
