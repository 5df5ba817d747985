#!/usr/bin/env python3
"""test_udp_coalesce: canond with `[server] udp-coalesce-usecs` answers every query, rightly.

Usage: python3 tests/test_udp_coalesce.py --bin build/bin

Coalescing (src/server/udp_worker.h) makes a UDP worker sleep after a short batch so that the
next read takes several datagrams. Nothing may be lost or mixed up by it. One canond with one
worker and the largest wait (1000 µs) serves a zone of 400 names, each with its own address:
  - single queries, one after another (each finds the worker asleep or waiting);
  - a burst of 400 queries from one socket, sent before any answer is read (batches of every
    size, some over the no-wait threshold);
  - bursts from 8 sockets at once (answers must reach the socket that asked);
  - NXDOMAIN in a burst;
and every answer must carry its query's ID, name and the name's own address. Then SIGTERM must
stop canond with exit status 0 while it is coalescing. Prints "N passed, M failed"; exits 1 on
any failure.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

import dns.message  # noqa: E402  (peers made it importable)
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402

ORIGIN = "burst.test."
NAMES = 400


def zone_text() -> str:
    lines = ["$TTL 300", "@ SOA ns hostmaster 1 7200 900 1209600 300", "@ NS ns",
             "ns A 192.0.2.53"]
    lines += [f"h{i} A {address(i)}" for i in range(NAMES)]
    return "\n".join(lines) + "\n"


def address(i: int) -> str:
    return f"10.{i // 250}.{i % 250}.1"


def query_wire(qid: int, name: str) -> bytes:
    q = dns.message.make_query(name, "A")
    q.id = qid
    return q.to_wire()


def collect(socks: list, want: int, timeout: float = 5.0) -> dict:
    """(socket index, ID) -> parsed answer, until `want` answers came or `timeout` passed."""
    got = {}
    while len(got) < want:
        ready, _, _ = select.select(socks, [], [], timeout)
        if not ready:
            break
        for s in ready:
            data = s.recv(4096)
            msg = dns.message.from_wire(data)
            got[(socks.index(s), msg.id)] = msg
    return got


def expected_ok(msg: dns.message.Message, i: int) -> str:
    """'' when msg is the right answer for h{i}, else what is wrong."""
    if msg.rcode() != dns.rcode.NOERROR:
        return f"rcode {dns.rcode.to_text(msg.rcode())}"
    name = f"h{i}.{ORIGIN}"
    if str(msg.question[0].name) != name:
        return f"question {msg.question[0].name}, not {name}"
    rrs = [rr.to_text() for rrset in msg.answer for rr in rrset]
    return "" if rrs == [address(i)] else f"answer {rrs}, not [{address(i)}]"


def burst(c: peers.Checks, port: int, sockets: int, per_socket: int) -> None:
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(sockets)]
    for s in socks:  # the default buffer would drop this test's own answers past about 250
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    try:
        for n in range(per_socket):  # interleaved, so that one batch holds several clients
            for k, s in enumerate(socks):
                i = (n * sockets + k) % NAMES
                s.sendto(query_wire(i, f"h{i}.{ORIGIN}"), ("127.0.0.1", port))
        got = collect(socks, sockets * per_socket)
        wrong = []
        for n in range(per_socket):
            for k in range(sockets):
                i = (n * sockets + k) % NAMES
                msg = got.get((k, i))
                problem = "no answer" if msg is None else expected_ok(msg, i)
                if problem:
                    wrong.append(f"h{i} on socket {k}: {problem}")
        c.check(f"a burst of {sockets * per_socket} queries from {sockets} socket(s): every one "
                "answered, to its socket, with its own address", not wrong,
                "; ".join(wrong[:5]) + (f" (and {len(wrong) - 5} more)" if len(wrong) > 5 else ""))
    finally:
        for s in socks:
            s.close()


def singles(c: peers.Checks, port: int) -> None:
    wrong = []
    for i in range(0, NAMES, 40):
        msg = peers.query(port, f"h{i}.{ORIGIN}", "A")
        problem = expected_ok(msg, i)
        if problem:
            wrong.append(f"h{i}: {problem}")
    c.check("single queries one after another are answered", not wrong, "; ".join(wrong))


def nxdomain_burst(c: peers.Checks, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(50):
            s.sendto(query_wire(i, f"missing{i}.{ORIGIN}"), ("127.0.0.1", port))
        got = collect([s], 50)
    bad = [qid for qid in range(50)
           if (0, qid) not in got or got[(0, qid)].rcode() != dns.rcode.NXDOMAIN]
    c.check("a burst of 50 queries for missing names: 50 NXDOMAIN", not bad, f"IDs {bad[:10]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin")
    args = ap.parse_args()
    c = peers.Checks(verbose=True)
    tmp = tempfile.mkdtemp(prefix="canon-coalesce-")
    zone = os.path.join(tmp, "burst.test.zone")
    with open(zone, "w") as f:
        f.write(zone_text())
    try:
        server = peers.start("canond", [peers.Zone(ORIGIN, zone)], tmp,
                             bindir=os.path.abspath(args.bin), workers=1,
                             options={"udp-coalesce-usecs": 1000})
        try:
            singles(c, server.port)
            burst(c, server.port, 1, NAMES)
            burst(c, server.port, 8, 50)
            nxdomain_burst(c, server.port)
            singles(c, server.port)
        finally:
            server.stop()
        c.check("SIGTERM stops canond with exit status 0", server.proc.returncode == 0,
                f"exit status {server.proc.returncode}; log:\n{server.log_tail()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
