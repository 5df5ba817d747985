#!/usr/bin/env python3
"""test_rpl_replay: Unbound's testbound scenarios (../shared/vectors/unbound/rpl) replayed
against a real canond.

Usage: python3 tests/test_rpl_replay.py --bin build/bin [--only NAME] [-v] [--jobs N]

Each scenario's configuration is mapped to a canond.toml (tests/rpl/config_map.py) or skipped
with the reason (DNSSEC, stub zones, Unbound-only knobs that change what the steps assert).
A mappable scenario runs in a network namespace of its own: the scenario's upstream addresses
(193.0.14.129 and so on) on its loopback, the scripted upstream servers (tests/rpl/fake_server)
and canond inside, so no packet leaves it; canond's resolver clock is moved by TIME_PASSES
through the test-only CANOND_TEST_CLOCK file. Prints passed / failed (with the step and a
diff) / skipped (with the reason) for every scenario, the totals and the share of mappable
scenarios that pass. Fails if that share is below 80% or if any mappable CNAME or DNAME
scenario fails. The last line is "N passed, M failed".
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from rpl import parser, runner, scenarios  # noqa: E402

RPL_DIR = os.path.join(HERE, "..", "..", "shared", "vectors", "unbound", "rpl")
TARGET = 0.80


class Namespace:
    def __init__(self, name: str, addresses: set[str]) -> None:
        self.name = name
        subprocess.run(["ip", "netns", "add", name], check=True, capture_output=True)
        try:
            self.run(["ip", "link", "set", "lo", "up"])
            for a in sorted(addresses):
                if ":" in a:
                    self.run(["ip", "-6", "addr", "add", f"{a}/128", "dev", "lo", "nodad"])
                else:
                    self.run(["ip", "addr", "add", f"{a}/32", "dev", "lo"])
        except BaseException:
            self.close()
            raise

    def run(self, argv: list[str]) -> None:
        subprocess.run(["ip", "netns", "exec", self.name] + argv, check=True,
                       capture_output=True)

    def close(self) -> None:
        subprocess.run(["ip", "netns", "del", self.name], check=False, capture_output=True)


def run_one(sc: parser.Scenario, mapped, bindir: str, index: int, verbose: bool,
            minimal: bool) -> dict:
    addrs = runner.upstream_addresses(sc, mapped)
    ns = Namespace(f"canon-rpl-{os.getpid()}-{index}", addrs)
    tmp = tempfile.mkdtemp(prefix=f"rpl-{sc.name}-")
    argv = ["ip", "netns", "exec", ns.name, sys.executable, "-m", "rpl.runner", sc.path,
            "--bin", bindir, "--dir", tmp] + (["-v"] if verbose else []) + (
                ["--minimal"] if minimal else [])
    proc = subprocess.Popen(argv, cwd=HERE, stdout=subprocess.PIPE,
                            stderr=None if verbose else subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=90)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        return json.loads(last) if last.startswith("{") else {
            "result": "failed", "step": None, "detail": "runner printed no result:\n" + out}
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return {"result": "failed", "step": None, "detail": "scenario took over 90 s"}
    finally:
        ns.close()
        subprocess.run(["rm", "-rf", tmp], check=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding canond")
    ap.add_argument("--rpl", default=RPL_DIR, help="directory of the .rpl scenarios")
    ap.add_argument("--only", help="run only this scenario (name without .rpl)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every step, canond's answers and its log (with --only)")
    ap.add_argument("--jobs", type=int, default=4, help="scenarios run at once (default 4)")
    a = ap.parse_args()
    bindir = os.path.abspath(a.bin)
    with open(os.path.join(bindir, "canond"), "rb") as f:
        if b"CANOND_TEST_CLOCK" not in f.read():  # TIME_PASSES would silently do nothing
            print("canond has no test clock (CANOND_TEST_CLOCK): rebuild it\n0 passed, 1 failed")
            return 1
    files = sorted(glob.glob(os.path.join(a.rpl, "*.rpl")))
    if a.only:
        files = [f for f in files if os.path.basename(f)[:-4] == a.only]
        if not files:
            print(f"no scenario named {a.only} in {a.rpl}")
            return 2
    if not files:
        print(f"no scenarios in {a.rpl}")
        return 1
    todo, results = [], {}
    for f in files:
        sc = parser.parse(f)
        kind, why, mapped = scenarios.classify(sc)
        alias = scenarios.is_alias_scenario(sc)
        results[sc.name] = {"kind": kind, "why": why, "alias": alias}
        if kind in ("run", "deliberate", "minimal"):
            todo.append((sc, mapped, kind == "minimal"))
    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool:
        futs = {pool.submit(run_one, sc, m, bindir, i, a.verbose, mini): sc.name
                for i, (sc, m, mini) in enumerate(todo)}
        for fut in concurrent.futures.as_completed(futs):
            results[futs[fut]].update(fut.result())
    return report(results)


def report(results: dict) -> int:
    passed = failed = skipped = deliberate = mini_passed = 0
    alias_failed: list[str] = []
    mini_failed: list[str] = []
    for name in sorted(results):
        r = results[name]
        tag = " [cname/dname]" if r["alias"] else ""
        if r["kind"] == "skip":
            skipped += 1
            print(f"skipped  {name}{tag}: {r['why']}")
        elif r["kind"] == "minimal":
            skipped += 1
            if r.get("result") == "passed":
                mini_passed += 1
                how = "passes"
            else:
                mini_failed.append(name)
                how = f"FAILS at {r.get('step') or '(set-up)'}"
            print(f"skipped  {name}{tag}: {r['why']}\n    informational, NS/glue left out of "
                  f"the comparison: {how}")
            if r.get("result") != "passed":
                print("    " + "\n    ".join(str(r.get("detail", "")).splitlines()))
        elif r["kind"] == "deliberate" and r.get("result") == "failed" and set(
                r.get("parts", ["other"])) <= set(scenarios.DELIBERATE[name][1]):
            deliberate += 1
            detail = "\n    ".join(str(r.get("detail", "")).splitlines())
            print(f"differs  {name}{tag} (deliberate) at {r.get('step')}: {r['why']}\n    "
                  f"{detail}")
        elif r.get("result") == "passed":
            passed += 1
            print(f"passed   {name}{tag}")
        else:
            failed += 1
            if r["alias"]:
                alias_failed.append(name)
            step = r.get("step") or "(set-up)"
            detail = "\n    ".join(str(r.get("detail", "")).splitlines())
            print(f"FAILED   {name}{tag} at {step}\n    {detail}")
    mappable = passed + failed
    share = passed / mappable if mappable else 0.0
    print(f"\nscenarios: {len(results)}; mappable {mappable}; skipped {skipped}; "
          f"differs (deliberate) {deliberate}")
    print(f"mappable passing: {passed}/{mappable} = {share:.0%} (target {TARGET:.0%})")
    if mini_passed or mini_failed:
        print(f"skipped for minimal-responses: no, run with NS/glue left out (not counted): "
              f"{mini_passed} pass, {len(mini_failed)} fail {' '.join(mini_failed)}")
    ok = True
    if mappable and share < TARGET:
        print(f"FAIL: less than {TARGET:.0%} of the mappable scenarios pass")
        ok = False
    if alias_failed:
        print("FAIL: mappable CNAME/DNAME scenarios failed: " + ", ".join(alias_failed))
        ok = False
    print(f"{passed} passed, {failed} failed")
    return 0 if ok and (failed == 0 or len(results) > 1) else 1


if __name__ == "__main__":
    sys.exit(main())
