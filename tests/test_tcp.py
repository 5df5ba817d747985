#!/usr/bin/env python3
"""test_tcp: canond's DNS over TCP (RFC 7766) and IPv6 listening (issue 3, §2).

Usage: python3 tests/test_tcp.py --bin build/bin [--keep]

Starts one canond with tcp-idle-timeout = 1, listening on 127.0.0.1 and, when the machine has
it, [::1] (same port), and another with tcp-max-connections = 4. It asserts:
  - pipelining (RFC 7766 §6.2.1.1): 30 queries written at once are each answered (matched by
    ID, in any order) with the right data; the same when the frames arrive a few octets at a
    time, split across length prefixes;
  - the idle timeout (RFC 7766 §6.2.3): an idle connection is closed after about 1 s, and one
    that keeps asking is not;
  - the connection limit: with 4 connections open a fifth gets no answer and is closed, UDP
    keeps answering meanwhile, and once one connection closes a new one is served;
  - IPv6: UDP and TCP answers on [::1] (skipped with a message when ::1 is not usable).
Prints "N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

import dns.message  # noqa: E402
import dns.query  # noqa: E402

ORIGIN = "tcp.test."
MAX_CONN = 4
ZONE_LINES = [
    "$TTL 3600",
    "@    SOA  ns hostmaster 1 7200 900 1209600 300",
    "@    NS   ns",
    "ns   A    192.0.2.53",
    "alias CNAME h7",
] + [f"h{i} A 10.0.0.{i}" for i in range(1, 31)] + [
    f'big TXT "{"x" * 200}{i}"' for i in range(40)  # about 8 KB: only TCP takes it whole
]


def have_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class Canond:
    """canond from a config file written here (peers.py listens on 127.0.0.1 only)."""

    def __init__(self, bindir: str, workdir: str, zone: str, ipv6: bool, idle: int,
                 max_conn: int):
        workdir = os.path.join(workdir, f"idle{idle}-max{max_conn}")
        os.makedirs(workdir)
        self.port = peers.free_port()
        listen = [f'"127.0.0.1:{self.port}"'] + ([f'"[::1]:{self.port}"'] if ipv6 else [])
        self.config = os.path.join(workdir, "canond.toml")
        with open(self.config, "w") as f:
            f.write(f"[server]\nlisten = [{', '.join(listen)}]\nworkers = 2\n"
                    f"tcp-idle-timeout = {idle}\ntcp-max-connections = {max_conn}\n\n"
                    f'[[zone]]\norigin = "{ORIGIN}"\nfile = "{zone}"\n')
        self.log = os.path.join(workdir, "canond.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([os.path.join(bindir, "canond"), "--config", self.config],
                                         stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"canond exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                if peers.query(self.port, ORIGIN, "SOA", timeout=0.1).answer:
                    return
            except Exception:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"canond did not answer within 30 s:\n{self.log_text()}")

    def log_text(self) -> str:
        with open(self.log, errors="replace") as f:
            return f.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def frame(q: dns.message.Message) -> bytes:
    w = q.to_wire()
    return struct.pack("!H", len(w)) + w


def read_frame(sock: socket.socket) -> bytes | None:
    buf = b""
    while len(buf) < 2:
        chunk = sock.recv(2 - len(buf))
        if not chunk:
            return None
        buf += chunk
    size = struct.unpack("!H", buf)[0]
    body = b""
    while len(body) < size:
        chunk = sock.recv(size - len(body))
        if not chunk:
            return None
        body += chunk
    return body


def pipeline_questions() -> list:
    qs = [(f"h{i}.{ORIGIN}", "A") for i in range(1, 27)]
    return qs + [(f"alias.{ORIGIN}", "A"), (f"big.{ORIGIN}", "TXT"), (f"nx.{ORIGIN}", "A"),
                 (ORIGIN, "SOA")]


def expected(name: str, rdtype: str) -> tuple:
    """(rcode, number of answer RRs) each pipelined question must get."""
    if name.startswith("h"):
        return 0, 1
    return {"alias": (0, 2), "big": (0, 40), "nx": (3, 0), "tcp": (0, 1)}[name.split(".")[0]]


def check_pipelined(c: Checks, port: int, chunk: int | None) -> None:
    qs = pipeline_questions()
    queries = []
    for i, (name, rdtype) in enumerate(qs):
        q = peers.make_query(name, rdtype)
        q.id = 0x2000 + i
        queries.append(q)
    wire = b"".join(frame(q) for q in queries)
    got = {}
    how = "in one write" if chunk is None else f"{chunk} octets at a time"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            if chunk is None:
                s.sendall(wire)
            else:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for off in range(0, len(wire), chunk):
                    s.sendall(wire[off:off + chunk])
                    time.sleep(0.001)
            while len(got) < len(queries):
                body = read_frame(s)
                if body is None:
                    break
                m = dns.message.from_wire(body)
                got[m.id] = m
    except OSError as e:
        c.check(f"pipelining, {how}", False, repr(e))
        return
    bad = []
    for q, (name, rdtype) in zip(queries, qs):
        m = got.get(q.id)
        want = expected(name, rdtype)
        have = None if m is None else (m.rcode(), sum(len(rs) for rs in m.answer))
        if have != want:
            bad.append(f"{name} {rdtype}: got {have}, want {want}")
    c.check(f"pipelining: {len(queries)} queries {how}, each answered", not bad, "; ".join(bad))


def check_idle_timeout(c: Checks, port: int) -> None:
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=6) as s:
        try:
            data = s.recv(10)
        except (socket.timeout, ConnectionError):
            data = b"timeout"
    waited = time.monotonic() - start
    c.check("an idle connection is closed after tcp-idle-timeout (1 s)",
            data == b"" and 0.7 <= waited <= 3.0, f"recv gave {data!r} after {waited:.2f} s")
    # Asking every 0.4 s for 2.4 s keeps the connection open past the timeout.
    answered = 0
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
            for i in range(7):
                q = peers.make_query(f"h{i + 1}.{ORIGIN}", "A")
                s.sendall(frame(q))
                if read_frame(s) is not None:
                    answered += 1
                time.sleep(0.4)
    except OSError:
        pass
    c.check("a busy connection outlives the idle timeout", answered == 7, f"{answered} of 7")


def ask_on(sock: socket.socket, name: str) -> bool:
    try:
        sock.sendall(frame(peers.make_query(name, "A")))
        return read_frame(sock) is not None
    except OSError:
        return False


def check_connection_limit(c: Checks, port: int) -> None:
    held = []
    try:
        for i in range(MAX_CONN):
            s = socket.create_connection(("127.0.0.1", port), timeout=3)
            held.append(s)
        served = sum(ask_on(s, f"h{i + 1}.{ORIGIN}") for i, s in enumerate(held))
        c.check(f"{MAX_CONN} connections are served", served == MAX_CONN, f"{served} served")
        extra = socket.create_connection(("127.0.0.1", port), timeout=2)
        try:
            extra.sendall(frame(peers.make_query(f"h1.{ORIGIN}", "A")))
            outcome = "answered" if read_frame(extra) is not None else "closed"
        except socket.timeout:
            outcome = "timed out"  # neither answered nor closed: the cap is not enforced
        except OSError:
            outcome = "closed"  # reset
        extra.close()
        c.check(f"connection {MAX_CONN + 1} is closed unanswered (tcp-max-connections)",
                outcome == "closed", outcome)
        udp_ok = 0
        for i in range(100):
            try:
                if peers.query(port, f"h{i % 30 + 1}.{ORIGIN}", "A", timeout=1).answer:
                    udp_ok += 1
            except Exception:
                pass
        c.check("UDP answers while TCP is at its limit", udp_ok == 100, f"{udp_ok} of 100")
        held.pop().close()
        time.sleep(0.2)  # the server sees the close on its next event
        again = socket.create_connection(("127.0.0.1", port), timeout=3)
        held.append(again)
        c.check("after one closes, a new connection is served", ask_on(again, f"h2.{ORIGIN}"))
        c.check("the other connections still work", all(ask_on(s, f"h3.{ORIGIN}") for s in held))
    finally:
        for s in held:
            s.close()


def check_ipv6(c: Checks, port: int, ipv6: bool) -> None:
    if not ipv6:
        print("skip  IPv6: this machine has no usable ::1")
        return
    for tcp in (False, True):
        q = peers.make_query(f"h5.{ORIGIN}", "A")
        try:
            if tcp:
                m = dns.query.tcp(q, "::1", port=port, timeout=2)
            else:
                m = dns.query.udp(q, "::1", port=port, timeout=2)
            got = [rd.to_text() for rs in m.answer for rd in rs]
        except Exception as e:
            got = [repr(e)]
        c.check(f"IPv6 [::1]:{port} over {'TCP' if tcp else 'UDP'}", got == ["10.0.0.5"], str(got))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="canon-tcp-")
    zone = os.path.join(tmp, "tcp.test.zone")
    with open(zone, "w") as f:
        f.write("\n".join(ZONE_LINES) + "\n")
    ipv6 = have_ipv6_loopback()
    c = peers.Checks()
    servers = []
    try:
        bindir = os.path.abspath(args.bin)
        # One server with a short idle timeout, one with a small connection cap and a long
        # timeout (so that held connections are not closed by the timer in the middle).
        quick = Canond(bindir, tmp, zone, ipv6, idle=1, max_conn=100)
        servers.append(quick)
        capped = Canond(bindir, tmp, zone, False, idle=60, max_conn=MAX_CONN)
        servers.append(capped)
        check_pipelined(c, quick.port, None)
        check_pipelined(c, quick.port, 7)
        check_idle_timeout(c, quick.port)
        check_connection_limit(c, capped.port)
        check_ipv6(c, quick.port, ipv6)
        for s in servers:
            c.check(f"canond on port {s.port} still running", s.proc.poll() is None)
        if c.failed:
            for s in servers:
                print(s.log_text()[-2000:])
    except RuntimeError as e:
        c.check("canond starts", False, str(e))
    finally:
        for s in servers:
            s.stop()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
