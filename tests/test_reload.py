#!/usr/bin/env python3
"""test_reload: SIGHUP under load loses no query; a broken zone keeps the old one (issue 3).

Usage: python3 tests/test_reload.py --bin build/bin [--seconds 6] [--rate 5000] [--reloads 5]
                                    [--keep]

Starts canond (two UDP workers) on one zone and runs dnsperf against it for --seconds at
--rate queries per second. Meanwhile the test rewrites the zone file --reloads times (a new
serial, a new address for www, a new name) and sends SIGHUP after each write. It asserts:
  - dnsperf reports 0 queries lost and no SERVFAIL among the response codes;
  - canond logged one "reload done" per SIGHUP, and serves the last version (SOA serial, the
    new address, the new name, and the new address at `flat`, an ALIAS to www, whose chain
    the catalog resolves when it is built) over UDP and TCP;
then it writes the zone with a syntax error on a known line, sends SIGHUP, and asserts that the
previous version is still served and that the log names FILE:LINE of the error. Finally SIGTERM
must stop canond within 10 s with exit status 0. Prints "N passed, M failed"; exits 1 on any
failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

ORIGIN = "reload.test."
HOSTS = 20000  # enough that a reload takes a while, with queries arriving


def zone_text(serial: int) -> str:
    lines = [
        "$TTL 300",
        f"@      SOA  ns hostmaster {serial} 7200 900 1209600 60",
        "@      NS   ns",
        "ns     A    192.0.2.53",
        f"www    A    192.0.2.{serial % 250 + 1}",
        f"new{serial} A 198.51.100.{serial % 250 + 1}",
        "alias  CNAME www",
        "flat   ALIAS www",  # flattened when the catalog is built: must follow www on reload
    ]
    lines += [f"h{i} A 10.{i >> 16}.{i >> 8 & 255}.{i & 255}" for i in range(HOSTS)]
    return "\n".join(lines) + "\n"


BAD_LINE = 6  # the line of the syntax error in broken_zone_text()


def broken_zone_text(serial: int) -> str:
    lines = zone_text(serial).split("\n")
    lines[BAD_LINE - 1] = "broken A 192.0.2.300"  # an octet past 255
    return "\n".join(lines)


def write_queries(path: str) -> None:
    with open(path, "w") as f:
        for i in range(2000):
            if i % 10 == 0:
                f.write(f"www.{ORIGIN} A\n")
            elif i % 10 == 1:
                f.write(f"alias.{ORIGIN} A\n")
            elif i % 10 == 2:
                f.write(f"nx{i}.{ORIGIN} A\n")
            elif i % 10 == 3:
                f.write(f"{ORIGIN} SOA\n")
            elif i % 10 == 4:
                f.write(f"flat.{ORIGIN} A\n")
            else:
                f.write(f"h{i % HOSTS}.{ORIGIN} A\n")


def log_text(server: peers.Server) -> str:
    with open(os.path.join(server.workdir, "canond.log"), errors="replace") as f:
        return f.read()


def wait_for_reloads(server: peers.Server, count: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done = log_text(server).count("reload done")
        if done >= count or time.monotonic() > deadline:
            return done
        time.sleep(0.05)


def rewrite(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def serving(port: int, serial: int, tcp: bool) -> str | None:
    """None when the server answers with version `serial` of the zone, else what differs."""
    soa = peers.query(port, ORIGIN, "SOA", tcp=tcp)
    got = [rd.serial for rs in soa.answer for rd in rs]
    if got != [serial]:
        return f"SOA serial {got}, expected {serial}"
    www = peers.query(port, "www." + ORIGIN, "A", tcp=tcp)
    addr = [rd.to_text() for rs in www.answer for rd in rs]
    if addr != [f"192.0.2.{serial % 250 + 1}"]:
        return f"www A {addr}"
    flat = peers.query(port, "flat." + ORIGIN, "A", tcp=tcp)
    flat_addr = [rd.to_text() for rs in flat.answer for rd in rs]
    if flat_addr != addr or [rs.name.to_text() for rs in flat.answer] != ["flat." + ORIGIN]:
        return f"flat A (ALIAS www) {flat_addr} under {[rs.name.to_text() for rs in flat.answer]}"
    new = peers.query(port, f"new{serial}.{ORIGIN}", "A", tcp=tcp)
    if not new.answer:
        return f"new{serial} has no answer (rcode {new.rcode()})"
    return None


def run_dnsperf(port: int, queries: str, seconds: int, rate: int, out: dict) -> None:
    cmd = ["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-l", str(seconds),
           "-Q", str(rate), "-t", "3"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    out["cmd"] = " ".join(cmd)
    out["rc"] = p.returncode
    out["text"] = p.stdout + p.stderr


def dnsperf_counts(text: str) -> dict:
    counts = {}
    for key, label in (("sent", "Queries sent"), ("completed", "Queries completed"),
                       ("lost", "Queries lost")):
        m = re.search(rf"{label}:\s+(\d+)", text)
        counts[key] = int(m.group(1)) if m else None
    m = re.search(r"Response codes:\s+(.*)", text)
    counts["rcodes"] = m.group(1).strip() if m else ""
    m = re.search(r"Average Latency \(s\):\s+([\d.]+) \(min [\d.]+, max ([\d.]+)\)", text)
    counts["latency"] = f"average {m.group(1)} s, max {m.group(2)} s" if m else "?"
    return counts


def reload_under_load(c: Checks, server: peers.Server, zone: str, queries: str, args) -> int:
    perf: dict = {}
    t = threading.Thread(target=run_dnsperf,
                         args=(server.port, queries, args.seconds, args.rate, perf))
    t.start()
    time.sleep(0.5)
    serial = 1
    gap = max(0.2, (args.seconds - 1.5) / args.reloads)
    for _ in range(args.reloads):
        serial += 1
        rewrite(zone, zone_text(serial))
        os.kill(server.proc.pid, signal.SIGHUP)
        time.sleep(gap)
    t.join(timeout=args.seconds + 30)
    counts = dnsperf_counts(perf.get("text", ""))
    c.check("dnsperf ran", perf.get("rc") == 0 and counts["completed"], perf.get("text", "")[-800:])
    c.check(f"dnsperf: 0 queries lost of {counts['sent']}", counts["lost"] == 0,
            f"{counts['lost']} lost ({perf.get('cmd')})")
    c.check("dnsperf: no SERVFAIL", "SERVFAIL" not in counts["rcodes"] and counts["rcodes"] != "",
            counts["rcodes"])
    print(f"      dnsperf: {counts['completed']} completed, codes {counts['rcodes']}, "
          f"latency {counts['latency']}")
    done = wait_for_reloads(server, args.reloads)
    c.check(f"{args.reloads} reloads logged", done == args.reloads, f"{done} 'reload done' lines")
    for tcp in (False, True):
        problem = serving(server.port, serial, tcp)
        c.check(f"serial {serial} served after the reloads ({'tcp' if tcp else 'udp'})",
                problem is None, problem or "")
    return serial


def broken_reload(c: Checks, server: peers.Server, zone: str, serial: int, args) -> None:
    before = log_text(server).count("reload done")
    rewrite(zone, broken_zone_text(serial + 1))
    os.kill(server.proc.pid, signal.SIGHUP)
    done = wait_for_reloads(server, before + 1)
    c.check("reload with a broken zone finishes", done == before + 1)
    problem = serving(server.port, serial, tcp=False)
    c.check(f"a broken zone keeps serial {serial}", problem is None, problem or "")
    log = log_text(server)
    where = f"{zone}:{BAD_LINE}:"
    c.check(f"the log names {os.path.basename(zone)}:{BAD_LINE}", where in log, log[-1500:])
    c.check("the log says the old version is kept", "keeping the version loaded before" in log,
            log[-800:])
    # A fixed file is picked up again by the next SIGHUP.
    rewrite(zone, zone_text(serial + 2))
    os.kill(server.proc.pid, signal.SIGHUP)
    wait_for_reloads(server, before + 2)
    problem = serving(server.port, serial + 2, tcp=False)
    c.check("the fixed zone is served after the next SIGHUP", problem is None, problem or "")


def graceful_stop(c: Checks, server: peers.Server) -> None:
    os.kill(server.proc.pid, signal.SIGTERM)
    try:
        code = server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None
    c.check("SIGTERM stops canond with exit 0", code == 0, f"exit status {code}")
    c.check("the log says stopped", "stopped" in log_text(server), log_text(server)[-500:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--seconds", type=int, default=6, help="dnsperf run length")
    ap.add_argument("--rate", type=int, default=5000, help="dnsperf queries per second")
    ap.add_argument("--reloads", type=int, default=5)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if shutil.which("dnsperf") is None:
        print("dnsperf is not installed (apt-get install dnsperf)")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="canon-reload-")
    zone = os.path.join(tmp, "reload.test.zone")
    queries = os.path.join(tmp, "queries.txt")
    rewrite(zone, zone_text(1))
    write_queries(queries)
    c = peers.Checks()
    try:
        with peers.start("canond", [peers.Zone(ORIGIN, zone)], tmp,
                         bindir=os.path.abspath(args.bin), workers=2) as server:
            serial = reload_under_load(c, server, zone, queries, args)
            broken_reload(c, server, zone, serial, args)
            graceful_stop(c, server)
            if c.failed:
                print(server.log_tail(40))
    finally:
        peers.remove_workdir(tmp, args.keep)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
