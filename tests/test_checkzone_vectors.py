#!/usr/bin/env python3
"""test_checkzone_vectors: strict zone loading against BIND's checkzone vectors (issue 4 §1).

Usage: python3 tests/test_checkzone_vectors.py --bin build/bin [--verbose]

Loads every zone of ../shared/vectors/bind9-checkzone (read in place, never copied) with
`canond --check --zone ORIGIN=FILE`, the path canond itself takes at start-up and on reload,
and compares the verdict with the file's name (../shared/vectors/README.md):
  - every `bad-cname-and-*` zone must be refused (KEY included: Canon follows RFC 4035 §2.5,
    see docs/LINT.md), with the strict check's message;
  - every `good-*` zone must load;
  - for the other `bad*` and `warn.*` files the agreement is counted and printed
    ("agree N of M"); each disagreement must be listed, with its reason, in the table of
    docs/LINT.md, and an undocumented one fails the test.
Files without a verdict (helpers of other BIND tests) are loaded too, only to show that
nothing crashes. Prints "N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VECTORS = os.path.normpath(os.path.join(ROOT, "..", "shared", "vectors", "bind9-checkzone"))
LINT_DOC = os.path.join(ROOT, "docs", "LINT.md")

# Origins other than `example` (README: "Origin and flags").
ORIGINS = {
    "good-dns-sd-reverse.db": "0.0.0.0.in-addr.arpa.",
    "bad-dns-sd-reverse.db": "0.0.0.0.in-addr.arpa.",
    "good-rpz-prefix.db": "db.",
    "bad-rpz-prefix.db": "db.",
}


def verdict(name: str) -> str | None:
    """'load' or 'refuse' from the file's name; None for helper files."""
    if name.startswith("good"):
        return "load"
    if name.startswith("warn."):
        return "load"
    if name.startswith("bad"):
        return "refuse"
    return None


def documented() -> dict:
    """File name -> reason, from the disagreement table of docs/LINT.md."""
    out = {}
    if not os.path.exists(LINT_DOC):
        return out
    section = False
    for line in open(LINT_DOC, encoding="utf-8"):
        if line.startswith("## "):
            section = line.startswith("## Agreement with BIND")
        if not section:
            continue
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            out[m.group(1)] = f"{m.group(2)}: {m.group(3)}"
    return out


def staged(name: str, tmp: str) -> str:
    """The path to load `name` from. BIND's test includes "zones/inherit.db", which the vectors
    keep beside the including file: those files are loaded from a temporary directory of
    symbolic links laid out as BIND's test expects (nothing is copied)."""
    path = os.path.join(VECTORS, name)
    text = open(path, "rb").read()
    if b"zones/" not in text:
        return path
    os.makedirs(os.path.join(tmp, "zones"), exist_ok=True)
    for inc in re.findall(rb'zones/([\w.-]+)', text):
        link = os.path.join(tmp, "zones", inc.decode())
        if not os.path.lexists(link):
            os.symlink(os.path.join(VECTORS, inc.decode()), link)
    link = os.path.join(tmp, name)
    if not os.path.lexists(link):
        os.symlink(path, link)
    return link


def check(canond: str, path: str, origin: str) -> tuple[bool, str]:
    """(loaded, stderr+stdout) from canond --check."""
    p = subprocess.run([canond, "--check", "--zone", f"{origin}={path}"],
                       capture_output=True, text=True, errors="replace", timeout=60)
    if p.returncode not in (0, 1):
        return False, f"exit {p.returncode} (crash?)\n{p.stderr}"
    return p.returncode == 0, p.stderr + p.stdout


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    canond = os.path.join(args.bin, "canond")
    if not os.path.isdir(VECTORS):
        print(f"no vectors at {VECTORS}")
        print("0 passed, 1 failed")
        return 1
    docs = documented()
    tmp = tempfile.mkdtemp(prefix="canon-vectors-")
    passed = failed = 0
    agree = total = 0
    disagreements = []

    def fail(msg: str) -> None:
        nonlocal failed
        failed += 1
        print(f"FAIL {msg}")

    for name in sorted(os.listdir(VECTORS)):
        if name == "LICENSE":
            continue
        path = staged(name, tmp)
        loaded, out = check(canond, path, ORIGINS.get(name, "example."))
        if "crash?" in out:
            fail(f"{name}: {out.strip()}")
            continue
        want = verdict(name)
        if args.verbose:
            print(f"{name}: {'loads' if loaded else 'refused'} (want {want})")
            print("   " + out.strip().replace("\n", "\n   "))
        if want is None:
            passed += 1  # no verdict: only that canond answered without crashing
            continue
        total += 1
        ok = loaded == (want == "load")
        if name.startswith("bad-cname-and-"):
            if loaded:
                fail(f"{name}: loaded, but a CNAME beside other data must be refused")
            elif re.search(r"\[cname-(and-other-data|and-dname|at-apex)\]", out):
                passed += 1
            elif name in docs:
                passed += 1
                print(f"  documented: {name}: refused, for another reason; {docs[name]}")
                disagreements.append(name)
            else:
                fail(f"{name}: refused without the CNAME message, and docs/LINT.md does not "
                     f"say why:\n{out}")
        elif name.startswith("good"):
            if not loaded:
                fail(f"{name}: refused, but good-* zones must load:\n{out}")
            else:
                passed += 1
        if ok:
            agree += 1
            continue
        disagreements.append(name)
        canon_does = "loads" if loaded else "refuses"
        if name in docs:
            print(f"  documented: {name}: Canon {canon_does} it; {docs[name]}")
        else:
            fail(f"{name}: Canon {canon_does} it against the file name's verdict, and "
                 f"docs/LINT.md does not say why:\n{out}")
    for name in sorted(set(docs) - set(disagreements)):
        fail(f"docs/LINT.md lists {name}, which now agrees: take it out of the table")
    print(f"agree {agree} of {total} (file names' verdicts); "
          f"{len(disagreements)} documented difference(s) in verdict or reason")
    if total > 0 and agree > 0:
        passed += 1
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
