#!/usr/bin/env python3
"""test_lint: the real `canon lint` binary on zone files (issue 4 §2).

Usage: python3 tests/test_lint.py --bin build/bin [--verbose]

1. Every zone of tests/lint_zones/ (one defect each, named by its "; expect: CODE SEVERITY"
   line) is linted with `--json`: the exit code follows the worst severity (0 info, 1 warning,
   2 error), the JSON is an array of objects with exactly the keys code, severity, owner (with
   the trailing dot), type, file, line (int or null), column (int, null with no line), message
   and hint, and the expected code
   is the only error or warning. clean.zone exits 0. The same zone named as FILE (origin from
   $ORIGIN) gives the same findings; the text form has `file:line:col: severity: code:` lines,
   and canond --check points at the same line and column for an indented record.
2. Zones linted together: the loop across tests/lint_zones/cross is one finding with line
   null; --config lints a canond config's zones together, and with [[view]]s view by view
   (each view's zones with the top-level zones it serves; findings name the view).
3. Usage errors exit 64: no zones, a file without $ORIGIN or SOA owner (the message asks for
   ORIGIN=FILE), a file that does not exist, an unknown flag. --help lists every code.
4. --online against a canond on loopback acting as the resolver: an external target that
   does not exist is a dangling-external error; one that exists is not.
5. named-checkzone -i full -M fail -S fail on ../shared/vectors/bind9-checkzone and on
   tests/lint_zones: everything it rejects or warns about for CNAME, MX, NS, SRV, glue, DNAME
   and apex reasons, lint reports too; and lint finds loops, dangling targets and takeover
   risks it does not (a few are printed).
Prints "N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ZONES = os.path.join(HERE, "lint_zones")
VECTORS = os.path.normpath(os.path.join(ROOT, "..", "shared", "vectors", "bind9-checkzone"))
sys.path.insert(0, HERE)
import peers  # noqa: E402

KEYS = {"code", "severity", "owner", "type", "file", "line", "column", "message", "hint", "view"}
EXIT = {"info": 0, "warning": 1, "error": 2}

# named-checkzone message -> the lint codes that explain the same problem.
BIND_REASONS = [
    (re.compile(r"CNAME and other data"), {"cname-and-other-data", "cname-at-apex",
                                           "cname-and-dname"}),
    (re.compile(r"multiple RRs of singleton type"), {"multiple-cname"}),
    (re.compile(r"/MX '[^']+' is a CNAME"), {"mx-to-cname"}),
    (re.compile(r"NS '[^']+' is a CNAME"), {"ns-to-cname"}),
    (re.compile(r"/SRV '[^']+' is a CNAME"), {"srv-to-cname"}),
    (re.compile(r"has no REQUIRED GLUE"), {"missing-glue"}),
    (re.compile(r"/MX '[^']+' has no address records"), {"dangling-target"}),
    (re.compile(r"is below a DNAME"), {"dname-has-descendants"}),
    (re.compile(r"has no NS records"), {"missing-ns"}),
    (re.compile(r"has 0 SOA records"), {"missing-soa"}),
]
EXTRA_CODES = {"cname-loop", "dangling-target", "takeover-risk", "cname-chain-long",
               "missing-trailing-dot"}
VECTOR_ORIGINS = {"good-dns-sd-reverse.db": "0.0.0.0.in-addr.arpa",
                  "bad-dns-sd-reverse.db": "0.0.0.0.in-addr.arpa",
                  "good-rpz-prefix.db": "db", "bad-rpz-prefix.db": "db"}


class Run:
    def __init__(self, canon: str, verbose: bool):
        self.canon = canon
        self.verbose = verbose
        self.passed = 0
        self.failed = 0

    def lint(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([self.canon, "lint", *args], capture_output=True, text=True, errors="replace",
                              timeout=timeout)

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            if self.verbose:
                print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}\n     {detail}".rstrip())
        return ok


def expectation(path: str) -> tuple[str, str] | None:
    for line in open(path, encoding="utf-8"):
        m = re.search(r"; expect: (\S+) (\S+)", line)
        if m:
            return m.group(1), m.group(2)
    return None


def shape_ok(findings) -> str:
    """Empty when the JSON has the issue's shape, else what is wrong."""
    if not isinstance(findings, list):
        return "not an array"
    for f in findings:
        if set(f) != KEYS:
            return f"keys {sorted(f)}"
        if f["severity"] not in EXIT:
            return f"severity {f['severity']}"
        if not (f["line"] is None or isinstance(f["line"], int)):
            return f"line {f['line']!r}"
        if not (f["column"] is None if f["line"] is None else isinstance(f["column"], int)):
            return f"column {f['column']!r} with line {f['line']!r}"
        if f["code"] != "missing-soa" and not f["owner"].endswith("."):
            return f"owner {f['owner']!r}"
        if not f["message"] or not f["hint"]:
            return "empty message or hint"
    return ""


def test_one_defect_zones(r: Run) -> None:
    for name in sorted(os.listdir(ZONES)):
        path = os.path.join(ZONES, name)
        if not name.endswith(".zone"):
            continue
        exp = expectation(path)
        p = r.lint("--json", f"example.com={path}")
        try:
            findings = json.loads(p.stdout)
        except json.JSONDecodeError:
            r.check(False, f"{name}: JSON", p.stdout + p.stderr)
            continue
        r.check(shape_ok(findings) == "", f"{name}: JSON shape", shape_ok(findings))
        serious = [f for f in findings if f["severity"] != "info"]
        if exp is None:
            r.check(p.returncode == 0 and not serious, f"{name}: clean, exit 0",
                    f"exit {p.returncode}: {serious}")
            continue
        code, sev = exp
        r.check(p.returncode == EXIT[sev], f"{name}: exit {EXIT[sev]}",
                f"exit {p.returncode}: {p.stdout}")
        want = [f for f in findings if f["code"] == code and f["severity"] == sev]
        others = [f for f in serious if f["code"] != code]
        r.check(len(want) == 1 and not others, f"{name}: exactly {code} ({sev})",
                json.dumps(findings, indent=1))
        # The bare-FILE form finds the origin in $ORIGIN and gives the same findings.
        q = r.lint("--json", path)
        r.check(q.returncode == p.returncode and q.stdout == p.stdout,
                f"{name}: `canon lint FILE` same as ORIGIN=FILE", q.stderr)


def test_text_output(r: Run) -> None:
    path = os.path.join(ZONES, "cname-and-other-data.zone")
    p = r.lint(path)
    r.check(re.search(rf"^{re.escape(path)}:9:1: error: cname-and-other-data: .*\(www\.example\.com\. "
                      r"CNAME\)$", p.stdout, re.M) is not None and "  hint: " in p.stdout
            and "\033[" not in p.stdout, "text form file:line:col: severity: code: (no colour in a pipe)",
            p.stdout)


def test_together(r: Run, tmp: str) -> None:
    a = os.path.join(ZONES, "cross", "example.com.zone")
    b = os.path.join(ZONES, "cross", "example.net.zone")
    p = r.lint("--json", f"example.com={a}", f"example.net={b}")
    f = json.loads(p.stdout)
    loops = [x for x in f if x["code"] == "cname-loop"]
    r.check(p.returncode == 2 and len(loops) == 1 and loops[0]["line"] is None
            and loops[0]["owner"] == "www.example.com.",
            "loop across two zones: once, at www.example.com., line null", p.stdout)
    alone = json.loads(r.lint("--json", f"example.com={a}").stdout)
    r.check(not [x for x in alone if x["code"] == "cname-loop"], "one zone alone: no loop", "")
    conf = os.path.join(tmp, "canond.toml")
    with open(conf, "w") as fh:
        fh.write(f'[[zone]]\norigin = "example.com."\nfile = "{a}"\n'
                 f'[[zone]]\norigin = "example.net."\nfile = "{b}"\n')
    p = r.lint("--json", "--config", conf)
    r.check(p.returncode == 2 and json.loads(p.stdout) == f, "--config lints its zones together",
            p.stdout + p.stderr)


def test_columns(r: Run, tmp: str, bindir: str) -> None:
    """Findings carry the column where the record starts (its first field when the owner is
    blank), in lint's text and JSON and in canond --check's strict-load messages alike."""
    path = os.path.join(tmp, "columns.zone")
    with open(path, "w") as fh:
        fh.write("$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n  NS ns\n"
                 "ns A 192.0.2.1\nwww TXT \"x\"\n    CNAME ns\nmail   MX 10 www\n")
    p = r.lint(path)
    r.check(re.search(rf"^{re.escape(path)}:7:5: error: cname-and-other-data: ", p.stdout, re.M)
            is not None, "lint text: an indented record's column (7:5)", p.stdout)
    f = json.loads(r.lint("--json", path).stdout)
    got = sorted((x["code"], x["line"], x["column"]) for x in f if x["severity"] != "info")
    r.check(got == [("cname-and-other-data", 7, 5), ("mx-to-cname", 8, 1)],
            "lint --json: line and column of each finding", str(got))
    canond = os.path.join(bindir, "canond")
    c = subprocess.run([canond, "--check", "--zone", f"example.com.={path}"], capture_output=True,
                       text=True, timeout=60)
    out = c.stdout + c.stderr
    r.check(c.returncode == 1
            and f"{path}:7:5: www.example.com. has a CNAME and also TXT records" in out
            and re.search(rf"{re.escape(path)}:8:1: .*\[mx-to-cname\]", out) is not None,
            "canond --check: strict-load messages at file:line:col of the record", out)


def test_views(r: Run, tmp: str) -> None:
    """--config with [[view]]s lints each view's zones with the top-level zones it serves.
    example.com (top level) points www at www.example.net; view "a" holds an example.net whose
    www points back (a loop), view "b" one where www has an address; a top-level example.net
    is shadowed by both views' own. The loop is found in view a only, and labelled with it."""
    def write(name: str, body: str) -> str:
        path = os.path.join(tmp, name)
        origin = name.split("-")[0]
        with open(path, "w") as fh:
            fh.write(f"$ORIGIN {origin}.\n$TTL 300\n@ SOA ns.example.com. hostmaster 1 2 3 4 5\n"
                     f"@ NS ns.example.com.\n{body}")
        return path
    com = write("example.com-top.zone", "ns A 192.0.2.53\nwww CNAME www.example.net.\n")
    net_top = write("example.net-top.zone", "www CNAME www.example.com.\n")
    net_a = write("example.net-a.zone", "www CNAME www.example.com.\n")
    net_b = write("example.net-b.zone", "www A 192.0.2.80\n")
    conf = os.path.join(tmp, "views.toml")
    with open(conf, "w") as fh:
        fh.write(f'[[zone]]\norigin = "example.com."\nfile = "{com}"\n'
                 f'[[zone]]\norigin = "example.net."\nfile = "{net_top}"\n'
                 f'[[view]]\nname = "a"\nmatch-clients = ["10.0.0.0/8"]\n'
                 f'[[view.zone]]\norigin = "example.net."\nfile = "{net_a}"\n'
                 f'[[view]]\nname = "b"\nmatch-clients = ["any"]\n'
                 f'[[view.zone]]\norigin = "example.net."\nfile = "{net_b}"\n')
    p = r.lint("--json", "--config", conf)
    try:
        f = json.loads(p.stdout)
    except json.JSONDecodeError:
        r.check(False, "views: JSON", p.stdout + p.stderr)
        return
    r.check(shape_ok(f) == "", "views: JSON shape", shape_ok(f))
    loops = [(x["view"], x["owner"]) for x in f if x["code"] == "cname-loop"]
    r.check(p.returncode == 2 and loops == [("a", "www.example.com.")],
            "views: the loop through view a's example.net is found in view a only", p.stdout)
    files = {x["file"] for x in f}
    r.check(net_top not in files, "views: a top-level zone shadowed by every view is not linted",
            str(sorted(files)))
    t = r.lint("--config", conf)
    r.check(re.search(r"error: cname-loop: .*\(www\.example\.com\. CNAME\) \[view a\]$",
                      t.stdout, re.M) is not None and "[view b]" not in t.stdout,
            "views: text output names the view", t.stdout)
    p = r.lint("--help")
    r.check("view by view" in p.stdout, "--help says --config lints view by view", "")


def test_strict_mx_in_canond(r: Run, tmp: str, bindir: str) -> None:
    """canond loads an MX-to-CNAME zone with a warning, and refuses it with
    [server] strict-mx-cname = true (issue 4 §1)."""
    zone = os.path.join(ZONES, "mx-to-cname.zone")
    canond = os.path.join(bindir, "canond")
    for strict, want in ((False, 0), (True, 1)):
        conf = os.path.join(tmp, f"strict-{strict}.toml")
        with open(conf, "w") as fh:
            fh.write(f'[server]\nstrict-mx-cname = {"true" if strict else "false"}\n'
                     f'[[zone]]\norigin = "example.com."\nfile = "{zone}"\n')
        p = subprocess.run([canond, "--check", "--config", conf], capture_output=True, text=True,
                           timeout=60)
        r.check(p.returncode == want and "[mx-to-cname]" in p.stderr + p.stdout,
                f"canond --check, strict-mx-cname = {strict}: exit {want} with mx-to-cname",
                f"exit {p.returncode}: {p.stderr}{p.stdout}")


def test_usage(r: Run, tmp: str) -> None:
    p = r.lint()
    r.check(p.returncode == 64, "no zones: exit 64", p.stderr)
    bare = os.path.join(tmp, "bare.zone")
    with open(bare, "w") as fh:
        fh.write("@ 3600 SOA ns hostmaster 1 2 3 4 5\n@ 3600 NS ns\nns 3600 A 192.0.2.1\n")
    p = r.lint(bare)
    r.check(p.returncode == 64 and "ORIGIN=FILE" in p.stderr,
            "no $ORIGIN, no SOA owner: exit 64 asking for ORIGIN=FILE", p.stderr)
    soa = os.path.join(tmp, "soa.zone")
    with open(soa, "w") as fh:
        fh.write("example.org. 3600 SOA ns hostmaster 1 2 3 4 5\n  3600 NS ns.example.org.\n"
                 "ns.example.org. 3600 A 192.0.2.1\n")
    p = r.lint("--json", soa)
    r.check(p.returncode == 0 and json.loads(p.stdout) == [], "origin from the SOA owner",
            p.stdout + p.stderr)
    p = r.lint("example.com=/nonexistent/zone")
    r.check(p.returncode == 64, "unreadable file: exit 64", p.stderr)
    p = r.lint("--no-such-flag", bare)
    r.check(p.returncode == 64, "unknown flag: exit 64", p.stderr)
    p = r.lint("--help")
    codes = ["cname-at-apex", "cname-and-other-data", "multiple-cname", "cname-and-dname",
             "dname-has-descendants", "mx-to-cname", "ns-to-cname", "srv-to-cname",
             "missing-soa", "missing-ns", "missing-glue", "out-of-zone", "cname-loop",
             "cname-chain-long", "dangling-target", "missing-trailing-dot", "takeover-risk",
             "dangling-external", "ttl-mismatch", "svcb-alias-to-cname", "alias-with-address"]
    missing = [c for c in codes if c not in p.stdout]
    r.check(p.returncode == 0 and not missing, "--help lists every code", f"missing {missing}")
    p = r.lint("--json", "--strict-mx", f"example.com={os.path.join(ZONES, 'mx-to-cname.zone')}")
    r.check(p.returncode == 2 and json.loads(p.stdout)[0]["severity"] == "error",
            "--strict-mx: mx-to-cname is an error", p.stdout)


def test_online(r: Run, tmp: str, bindir: str) -> None:
    net = os.path.join(tmp, "example.net.zone")
    with open(net, "w") as fh:
        fh.write("$ORIGIN example.net.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\n"
                 "ns A 192.0.2.1\nexists A 192.0.2.2\n")
    com = os.path.join(tmp, "example.com.zone")
    with open(com, "w") as fh:
        fh.write("$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\n@ NS ns1\n"
                 "ns1 A 192.0.2.1\ngood CNAME exists.example.net.\nbad CNAME gone.example.net.\n")
    with peers.start("canond", [peers.Zone("example.net.", net)], tmp, bindir=bindir) as s:
        p = r.lint("--json", "--online", "--resolver", f"127.0.0.1:{s.port}", com, timeout=60)
    f = json.loads(p.stdout) if p.stdout else []
    ext = [x for x in f if x["code"] == "dangling-external"]
    r.check(p.returncode == 2 and len(ext) == 1 and ext[0]["owner"] == "bad.example.com."
            and ext[0]["severity"] == "error" and ext[0]["line"] == 7,
            "--online: NXDOMAIN target is dangling-external, an existing one is not",
            p.stdout + p.stderr)
    p = r.lint("--json", com)
    r.check(p.returncode == 0, "without --online, external targets are not checked", p.stdout)


def named_checkzone(origin: str, path: str) -> str:
    p = subprocess.run(peers.offline(["named-checkzone", "-i", "full", "-M", "fail", "-S", "fail",
                                      origin, path]),
                       capture_output=True, text=True, errors="replace", timeout=30)
    return p.stdout + p.stderr


def test_against_named_checkzone(r: Run) -> None:
    if not shutil.which("named-checkzone"):
        r.check(False, "named-checkzone is installed (scripts/bootstrap)", "")
        return
    cases = []
    if os.path.isdir(VECTORS):
        for name in sorted(os.listdir(VECTORS)):
            if name.endswith(".db"):
                cases.append((VECTOR_ORIGINS.get(name, "example"), os.path.join(VECTORS, name)))
    for name in sorted(os.listdir(ZONES)):
        if name.endswith(".zone"):
            cases.append(("example.com", os.path.join(ZONES, name)))
    compared = missed = 0
    by_syntax = set()
    extras = []
    for origin, path in cases:
        bind = named_checkzone(origin, path)
        p = r.lint("--json", f"{origin}={path}")
        try:
            codes = {f["code"] for f in json.loads(p.stdout) if f["severity"] != "info"}
        except json.JSONDecodeError:
            r.check(False, f"{path}: lint JSON", p.stderr)
            continue
        for pattern, want in BIND_REASONS:
            for m in pattern.finditer(bind):
                compared += 1
                line = bind[bind.rfind("\n", 0, m.start()) + 1: bind.find("\n", m.end())]
                if not codes & want and "syntax" in codes and "CNAME and other" in line:
                    # A type the parser cannot read (docs/LINT.md): lint refuses the record as
                    # a syntax error, so the zone is reported, though not with the CNAME code.
                    by_syntax.add(os.path.basename(path))
                elif not codes & want:
                    missed += 1
                    r.check(False, f"{os.path.basename(path)}: named-checkzone says "
                            f"'{line.strip()}', lint has none of {sorted(want)}",
                            f"lint: {sorted(codes)}")
        bind_quiet = not any(p.search(bind) for p, _ in BIND_REASONS)
        found = codes & EXTRA_CODES
        if bind_quiet and found:
            extras.append((os.path.basename(path), sorted(found)))
    r.check(compared > 70 and missed == 0,
            f"lint reports all {compared} CNAME/MX/NS/SRV/glue findings of named-checkzone "
            f"({len(by_syntax)} zones as a syntax error on a type the parser cannot read: "
            f"{', '.join(sorted(by_syntax))})", "")
    extra_codes = {c for _, cs in extras for c in cs}
    r.check({"cname-loop", "dangling-target", "takeover-risk"} <= extra_codes,
            "lint finds loops, dangling targets and takeover risks named-checkzone misses",
            str(extras))
    print(f"named-checkzone misses, lint finds ({len(extras)} zones):")
    for name, cs in extras:
        print(f"  {name}: {', '.join(cs)}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    bindir = os.path.abspath(args.bin)
    r = Run(os.path.join(bindir, "canon"), args.verbose)
    with tempfile.TemporaryDirectory(prefix="canon-lint-") as tmp:
        test_one_defect_zones(r)
        test_text_output(r)
        test_columns(r, tmp, bindir)
        test_together(r, tmp)
        test_views(r, tmp)
        test_usage(r, tmp)
        test_strict_mx_in_canond(r, tmp, bindir)
        test_online(r, tmp, bindir)
        test_against_named_checkzone(r)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
