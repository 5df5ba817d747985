#!/usr/bin/env python3
"""test_tcp: canond's DNS over TCP (RFC 7766) and IPv6 listening (issues 3 §2 and 5).

Usage: python3 tests/test_tcp.py --bin build/bin [--keep]

Starts canond five times on loopback: with tcp-idle-timeout = 1 (on 127.0.0.1 and, when the
machine has it, [::1]); with tcp-max-connections = 4; with a view that forwards slow.example.
and dead.example. to a forwarder the test runs (it answers after 1 s, or never); with an ALIAS
whose target that forwarder answers; and limited to 32 open descriptors. It asserts, each
answer in presentation format:
  - pipelining (RFC 7766 §6.2.1.1): 30 and 300 queries written at once are each answered
    (matched by ID) with the right data; the same when the frames arrive 7 octets at a time;
  - answers out of order: a query waiting on the resolver (or on the ALIAS lookup) holds up
    neither another connection nor later queries on its own; its answer follows when the
    forwarder's comes, and at once from the cache when asked again; a dead forwarder ends in
    SERVFAIL; 32 such queries in flight hold the next message of that connection back, 31
    do not;
  - the idle timeout (RFC 7766 §6.2.3): an idle connection is closed after about 1 s, one that
    keeps asking is not, one stalled half-way through a length prefix is, and blocks nobody;
  - a slow reader (300 answers of 52 KB asked, none read) delays nobody and is closed;
  - the connection limit: with 4 connections open a fifth gets no answer and is closed, UDP
    keeps answering meanwhile, and once one connection closes a new one is served;
  - out of descriptors (EMFILE): no spinning on accept(), one log line for the burst, the
    clients that waited in the backlog are served once descriptors are free;
  - IPv6: UDP and TCP answers on [::1] (skipped with a message when ::1 is not usable).
Prints "N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import resource
import selectors
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

import dns.message  # noqa: E402
import dns.query  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402
import dns.rrset  # noqa: E402

ORIGIN = "tcp.test."
MAX_CONN = 4
DELAY = 1.0  # seconds the test's forwarder takes to answer a name under slow.example.
ZONE_LINES = [
    "$TTL 3600",
    "@    SOA  ns hostmaster 1 7200 900 1209600 300",
    "@    NS   ns",
    "ns   A    192.0.2.53",
    "alias CNAME h7",
] + [f"h{i} A 10.0.0.{i}" for i in range(1, 31)] + [
    f'big TXT "{"x" * 200}{i}"' for i in range(40)  # about 8 KB: only TCP takes it whole
] + [
    f'huge TXT "{"y" * 250}{i}"' for i in range(200)  # about 52 KB, for the slow reader
]

ALIAS_ORIGIN = "flat.test."
ALIAS_ZONE_LINES = [
    "$TTL 3600",
    "@    SOA  ns.tcp.test. hostmaster.tcp.test. 1 7200 900 1209600 300",
    "@    NS   ns.tcp.test.",
    "www  60 ALIAS far.slow.example.",  # the test's forwarder answers it after DELAY
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


def limit_files(n: int):
    """A preexec_fn that caps the child's open descriptors at n (0: unchanged)."""
    if not n:
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))


class Canond:
    """canond from a config file written here (peers.py listens on 127.0.0.1 only)."""

    def __init__(self, bindir: str, workdir: str, zone: str, ipv6: bool, idle: int,
                 max_conn: int, name: str = "", extra: str = "", max_files: int = 0):
        workdir = os.path.join(workdir, name or f"idle{idle}-max{max_conn}")
        os.makedirs(workdir)
        self.port = peers.free_port()
        listen = [f'"127.0.0.1:{self.port}"'] + ([f'"[::1]:{self.port}"'] if ipv6 else [])
        self.config = os.path.join(workdir, "canond.toml")
        with open(self.config, "w") as f:
            f.write(f"[server]\nlisten = [{', '.join(listen)}]\nworkers = 2\n"
                    f"tcp-idle-timeout = {idle}\ntcp-max-connections = {max_conn}\n\n"
                    f'[[zone]]\norigin = "{ORIGIN}"\nfile = "{zone}"\n\n{extra}')
        self.log = os.path.join(workdir, "canond.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([os.path.join(bindir, "canond"), "--config", self.config],
                                         stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL,
                                         preexec_fn=limit_files(max_files))
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


SOA_TEXT = f"{ORIGIN} 3600 IN SOA ns.{ORIGIN} hostmaster.{ORIGIN} 1 7200 900 1209600 300"


def expected(name: str, rdtype: str) -> str:
    """The answer each question of the zone must get, in presentation format."""
    label = name.split(".")[0]
    if label.startswith("h"):
        return f"NOERROR\n{name} 3600 IN A 10.0.0.{label[1:]}"
    if label == "alias":
        return f"NOERROR\n{name} 3600 IN CNAME h7.{ORIGIN}\nh7.{ORIGIN} 3600 IN A 10.0.0.7"
    if label == "big":
        return "NOERROR\n" + "\n".join(sorted(f'{name} 3600 IN TXT "{"x" * 200}{i}"'
                                               for i in range(40)))
    if label == "nx":
        return f"NXDOMAIN\nauthority: {ORIGIN} 300 IN SOA ns.{ORIGIN} hostmaster.{ORIGIN} " \
               "1 7200 900 1209600 300"
    return f"NOERROR\n{SOA_TEXT}"


def answer_text(m: dns.message.Message | None) -> str:
    """rcode, the answer section's records sorted, and the SOA of a negative answer."""
    if m is None:
        return "(no answer)"
    lines = sorted(line for rs in m.answer for line in rs.to_text().splitlines())
    if not m.answer:
        lines += [f"authority: {line}" for rs in m.authority if rs.rdtype == dns.rdatatype.SOA
                  for line in rs.to_text().splitlines()]
    return "\n".join([dns.rcode.to_text(m.rcode())] + lines)


def read_answers(sock: socket.socket, count: int, deadline: float) -> list:
    """(seconds since the call, message) for each frame read, until `count` or the deadline,
    in the order they arrived."""
    start = time.monotonic()
    got = []
    while len(got) < count and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            body = read_frame(sock)
        except (socket.timeout, OSError):
            break
        if body is None:
            break
        got.append((time.monotonic() - start, dns.message.from_wire(body)))
    return got


def check_pipelined(c: Checks, port: int, chunk: int | None, rounds: int = 1) -> None:
    qs = pipeline_questions() * rounds
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
            for _, m in read_answers(s, len(queries), time.monotonic() + 10):
                got[m.id] = m
    except OSError as e:
        c.check(f"pipelining, {how}", False, repr(e))
        return
    bad = []
    for q, (name, rdtype) in zip(queries, qs):
        have, want = answer_text(got.get(q.id)), expected(name, rdtype)
        if have != want:
            bad.append(f"{name} {rdtype} (id {q.id}): got\n{have}\nwant\n{want}")
    c.check(f"pipelining: {len(queries)} queries {how}, each answered right (matched by ID)",
            not bad, "; ".join(bad[:3]))


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


def check_stalled_prefix(c: Checks, port: int) -> None:
    """A client that sends one octet of a length prefix and stops blocks nobody, and is closed
    by the idle timeout (1 s on this server)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as staller:
        staller.sendall(b"\x00")
        start = time.monotonic()
        slow = []
        with socket.create_connection(("127.0.0.1", port), timeout=2) as other:
            for i in range(5):
                t0 = time.monotonic()
                other.sendall(frame(peers.make_query(f"h{i + 1}.{ORIGIN}", "A")))
                body = read_frame(other)
                text = answer_text(dns.message.from_wire(body) if body else None)
                if text != expected(f"h{i + 1}.{ORIGIN}", "A") or time.monotonic() - t0 > 0.5:
                    slow.append(f"h{i + 1}: {text!r} after {time.monotonic() - t0:.2f} s")
        c.check("half a length prefix on one connection delays no other", not slow,
                "; ".join(slow))
        try:
            data = staller.recv(10)
        except (socket.timeout, ConnectionError):
            data = b"timeout"
        waited = time.monotonic() - start
        c.check("the stalled connection is closed by the idle timeout",
                data == b"" and waited <= 3.0, f"recv gave {data!r} after {waited:.2f} s")


def check_slow_reader(c: Checks, port: int) -> None:
    """A client that asks for 300 answers of 52 KB (more than the kernel's buffers hold) and
    reads none: the server stops reading it once its answers back up, others are answered at
    once, and it is closed once it has taken nothing for the idle timeout (1 s), its answers
    undelivered."""
    slow = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        slow.settimeout(5)
        slow.connect(("127.0.0.1", port))
        queries = []
        for i in range(300):
            q = peers.make_query(f"huge.{ORIGIN}", "TXT")
            q.id = i
            queries.append(frame(q))
        slow.sendall(b"".join(queries))
        time.sleep(0.3)  # the server fills the socket and stops
        delays = []
        with socket.create_connection(("127.0.0.1", port), timeout=2) as other:
            for i in range(5):
                t0 = time.monotonic()
                other.sendall(frame(peers.make_query(f"h{i + 1}.{ORIGIN}", "A")))
                body = read_frame(other)
                ok = body and answer_text(dns.message.from_wire(body)) == \
                    expected(f"h{i + 1}.{ORIGIN}", "A")
                delays.append(time.monotonic() - t0 if ok else 99.0)
        c.check("a client that does not read its answers delays no other",
                max(delays) < 0.5, f"answer times {[round(d, 2) for d in delays]}")
        time.sleep(2.0)  # past the idle timeout with no progress
        slow.settimeout(2)
        got, ended = 0, "open"
        buf = b""
        try:
            while True:
                chunk = slow.recv(65536)
                if not chunk:
                    ended = "closed"
                    break
                buf += chunk
        except ConnectionResetError:
            ended = "reset"
        except socket.timeout:
            ended = "still open"
        while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
            buf = buf[2 + struct.unpack("!H", buf[:2])[0]:]
            got += 1
        c.check("the slow reader is closed with its answers undelivered",
                ended in ("closed", "reset") and got < 300, f"{ended}, {got} of 300 answers read")
    except OSError as e:
        c.check("slow reader", False, repr(e))
    finally:
        slow.close()


class Upstream:
    """A forwarder on 127.0.0.1 for the resolver tests: a name under slow.example. gets
    "NAME 300 IN A 192.0.2.77" after `delay` seconds; dead.example. is never answered."""

    def __init__(self, delay: float):
        self.delay = delay
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.asked = []
        self.timers = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ)
        while not self.done.is_set():
            if not sel.select(timeout=0.1):
                continue
            try:
                wire, peer = self.sock.recvfrom(4096)
                q = dns.message.from_wire(wire)
            except Exception:
                continue
            name = q.question[0].name.to_text().lower()
            self.asked.append(name)
            if not name.endswith("slow.example."):
                continue
            r = dns.message.make_response(q)
            if q.question[0].rdtype == dns.rdatatype.A:
                r.answer.append(dns.rrset.from_text(q.question[0].name, 300, "IN", "A",
                                                    "192.0.2.77"))
            t = threading.Timer(self.delay, self.reply, (r.to_wire(), peer))
            self.timers.append(t)
            t.start()

    def reply(self, wire: bytes, peer) -> None:
        try:
            self.sock.sendto(wire, peer)
        except OSError:
            pass

    def stop(self) -> None:
        self.done.set()
        for t in self.timers:
            t.cancel()
        self.thread.join()
        self.sock.close()


def resolver_config(up: Upstream) -> str:
    return (f"[resolver]\nupstream-timeout = 2500\n\n"
            f'[[view]]\nname = "all"\nmatch-clients = ["any"]\nrecursion = true\n'
            f'  [[view.forward]]\n  suffix = "slow.example."\n  servers = ["127.0.0.1:{up.port}"]\n'
            f'  [[view.forward]]\n  suffix = "dead.example."\n  servers = ["127.0.0.1:{up.port}"]\n')


def rd_query(name: str, rdtype: str, qid: int) -> dns.message.Message:
    q = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
    q.id = qid
    return q  # RD set: the resolver finishes what the zones cannot


def slow_answer(name: str) -> str:
    return f"NOERROR\n{name} 300 IN A 192.0.2.77"


def check_deferred_other_connection(c: Checks, port: int, delay: float) -> None:
    """A query waiting on the resolver does not hold up another connection's answer."""
    name = "one.slow.example."
    with socket.create_connection(("127.0.0.1", port), timeout=5) as waiting, \
            socket.create_connection(("127.0.0.1", port), timeout=5) as other:
        start = time.monotonic()
        waiting.sendall(frame(rd_query(name, "A", 1)))
        time.sleep(0.05)
        other.sendall(frame(rd_query(f"h1.{ORIGIN}", "A", 2)))
        quick = read_answers(other, 1, start + 5)
        t_quick = time.monotonic() - start
        deferred = read_answers(waiting, 1, start + 8)
        t_deferred = time.monotonic() - start
    got = answer_text(quick[0][1]) if quick else "(no answer)"
    c.check("an authoritative answer on another connection is not delayed by a resolver query",
            got == expected(f"h1.{ORIGIN}", "A") and
            t_quick < delay * 0.6, f"{got!r} after {t_quick:.2f} s (upstream delay {delay} s)")
    got = answer_text(deferred[0][1]) if deferred else "(no answer)"
    c.check("the resolver query is answered when the upstream answers",
            got == slow_answer(name) and t_deferred >= delay * 0.8,
            f"{got!r} after {t_deferred:.2f} s")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as again:
        start = time.monotonic()
        again.sendall(frame(rd_query(name, "A", 3)))
        cached = read_answers(again, 1, start + 5)
    got = answer_text(cached[0][1]) if cached else "(no answer)"
    t_cached = cached[0][0] if cached else 99.0
    c.check("asked again, the resolver's cached answer comes at once",
            got in (slow_answer(name), slow_answer(name).replace(" 300 ", " 299 ")) and
            t_cached < delay * 0.3,
            f"{got!r} after {t_cached:.2f} s")


def check_out_of_order(c: Checks, port: int, delay: float) -> None:
    """Pipelined on one connection: a resolver query first, then two the zones answer. Those
    two come back at once, before the first (RFC 7766 §6.2.1.1, answers out of order)."""
    name = "two.slow.example."
    asks = [(name, 0x100), (f"h1.{ORIGIN}", 0x101), (f"h2.{ORIGIN}", 0x102)]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"".join(frame(rd_query(n, "A", i)) for n, i in asks))
        got = read_answers(s, 3, time.monotonic() + 8)
    order = [m.id for _, m in got]
    times = {m.id: t for t, m in got}
    texts = {m.id: answer_text(m) for _, m in got}
    c.check("pipelined: later authoritative answers overtake a resolver query",
            order == [0x101, 0x102, 0x100] and times[0x102] < delay * 0.6,
            f"order {[hex(i) for i in order]}, times {[round(t, 2) for t, _ in got]}")
    want = {0x100: slow_answer(name), 0x101: expected(f"h1.{ORIGIN}", "A"),
            0x102: expected(f"h2.{ORIGIN}", "A")}
    bad = [f"{hex(i)}: {texts.get(i)!r} want {w!r}" for i, w in want.items() if texts.get(i) != w]
    c.check("pipelined: each of the three answers is right", not bad, "; ".join(bad))


def check_dead_upstream(c: Checks, port: int) -> None:
    """An upstream that never answers: the query ends in SERVFAIL, and the connection keeps
    answering meanwhile."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        start = time.monotonic()
        s.sendall(frame(rd_query("a.dead.example.", "A", 7)) +
                  frame(rd_query(f"h3.{ORIGIN}", "A", 8)))
        got = read_answers(s, 2, start + 15)
    texts = {m.id: (t, answer_text(m)) for t, m in got}
    first = texts.get(8, (99, "(no answer)"))
    c.check("a query after one whose upstream is dead is answered at once",
            first[1] == expected(f"h3.{ORIGIN}", "A") and first[0] < 0.5, f"{first}")
    dead = texts.get(7, (99, "(no answer)"))
    c.check("the dead upstream's query ends in SERVFAIL", dead[1] == "SERVFAIL", f"{dead}")


def check_in_flight_cap(c: Checks, port: int, delay: float) -> None:
    """32 resolver queries may wait per connection (TcpLimits::max_in_flight); the 33rd
    message is not read until one of them is answered. With 31 waiting, a query behind them
    is answered at once."""
    for waiting, held in ((31, False), (32, True)):
        names = [f"q{waiting}-{i}.slow.example." for i in range(waiting)]
        wire = b"".join(frame(rd_query(n, "A", i)) for i, n in enumerate(names))
        wire += frame(rd_query(f"h4.{ORIGIN}", "A", 999))
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(wire)
            got = read_answers(s, waiting + 1, time.monotonic() + 15)
        texts = {m.id: answer_text(m) for _, m in got}
        t_auth = next((t for t, m in got if m.id == 999), 99.0)
        want = {i: slow_answer(n) for i, n in enumerate(names)}
        want[999] = expected(f"h4.{ORIGIN}", "A")
        bad = [f"{i}: {texts.get(i)!r}" for i, w in want.items() if texts.get(i) != w]
        c.check(f"{waiting} resolver queries in flight, then one more: all answered right",
                not bad, "; ".join(bad[:3]))
        ok = t_auth >= delay * 0.8 if held else t_auth < delay * 0.6
        c.check(f"with {waiting} in flight the next query is "
                f"{'held until one is answered' if held else 'answered at once'}",
                ok, f"answered after {t_auth:.2f} s (upstream delay {delay} s)")


def check_alias_deferred(c: Checks, port: int, delay: float) -> None:
    """An ALIAS whose target the ALIAS resolver must ask the upstream for: pipelined behind it
    on the same connection and on another connection, answers from the zones come at once."""
    name = f"www.{ALIAS_ORIGIN}"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s, \
            socket.create_connection(("127.0.0.1", port), timeout=5) as other:
        start = time.monotonic()
        s.sendall(frame(peers.make_query(name, "A")) + frame(peers.make_query(f"h5.{ORIGIN}", "A")))
        other.sendall(frame(peers.make_query(f"h6.{ORIGIN}", "A")))
        t_other, m_other = (read_answers(other, 1, start + 5) or [(99.0, None)])[0]
        got = read_answers(s, 2, start + 8)
    texts = [answer_text(m) for _, m in got]
    c.check("ALIAS lookup pending: another connection is answered at once",
            answer_text(m_other) == expected(f"h6.{ORIGIN}", "A") and t_other < delay * 0.6,
            f"{answer_text(m_other)!r} after {t_other:.2f} s")
    want = [expected(f"h5.{ORIGIN}", "A"), f"NOERROR\n{name} 60 IN A 192.0.2.77"]
    c.check("ALIAS lookup pending: the next query on its connection overtakes it, then the "
            "flattened answer comes", texts == want and got[0][0] < delay * 0.6 and
            got[1][0] >= delay * 0.8, f"{texts} at {[round(t, 2) for t, _ in got]} s")


def canond_cpu(proc: subprocess.Popen) -> float:
    with open(f"/proc/{proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def check_out_of_descriptors(c: Checks, server: "Canond") -> None:
    """canond limited to 32 descriptors: 40 clients connect. accept() fails with EMFILE; the
    server must not spin on it, logs it once, and takes the waiting clients once descriptors
    are free again."""
    port = server.port
    conns = []
    try:
        for _ in range(40):
            conns.append(socket.create_connection(("127.0.0.1", port), timeout=3))
        time.sleep(0.3)
        cpu0 = canond_cpu(server.proc)
        time.sleep(1.0)
        used = canond_cpu(server.proc) - cpu0
        c.check("out of descriptors: canond does not spin on accept()", used < 0.3,
                f"{used:.2f} s of CPU in 1 s")
        text = server.log_text()
        n = text.count("Too many open files")
        c.check("out of descriptors: logged once for the burst", n == 1, f"{n} lines")
        c.check("UDP answers while TCP is out of descriptors",
                answer_text(peers.query(port, f"h9.{ORIGIN}", "A")) ==
                expected(f"h9.{ORIGIN}", "A"))
        for s in conns[:20]:
            s.close()
        # The last clients waited in the backlog: they are taken now and answered.
        served = 0
        for i, s in enumerate(conns[-5:]):
            s.sendall(frame(peers.make_query(f"h{i + 1}.{ORIGIN}", "A")))
            body = read_frame(s)
            if body and answer_text(dns.message.from_wire(body)) == \
                    expected(f"h{i + 1}.{ORIGIN}", "A"):
                served += 1
        c.check("clients that waited for a descriptor are served once there is one",
                served == 5, f"{served} of 5")
        time.sleep(0.1)
        c.check("the end of the burst is logged",
                "accepting connections again" in server.log_text())
    except OSError as e:
        c.check("out of descriptors", False, repr(e))
    finally:
        for s in conns:
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
        check_pipelined(c, quick.port, None, rounds=10)
        check_idle_timeout(c, quick.port)
        check_stalled_prefix(c, quick.port)
        check_slow_reader(c, quick.port)
        check_connection_limit(c, capped.port)
        check_ipv6(c, quick.port, ipv6)
        up = Upstream(DELAY)
        try:
            resolving = Canond(bindir, tmp, zone, False, idle=30, max_conn=100, name="resolver",
                               extra=resolver_config(up))
            servers.append(resolving)
            check_deferred_other_connection(c, resolving.port, DELAY)
            check_out_of_order(c, resolving.port, DELAY)
            check_dead_upstream(c, resolving.port)
            check_in_flight_cap(c, resolving.port, DELAY)
            alias_zone = os.path.join(tmp, "flat.test.zone")
            with open(alias_zone, "w") as f:
                f.write("\n".join(ALIAS_ZONE_LINES) + "\n")
            flat = Canond(bindir, tmp, zone, False, idle=30, max_conn=100, name="alias",
                          extra=f'[[zone]]\norigin = "{ALIAS_ORIGIN}"\nfile = "{alias_zone}"\n\n'
                                f'[alias]\nupstream = ["127.0.0.1:{up.port}"]\n')
            servers.append(flat)
            check_alias_deferred(c, flat.port, DELAY)
        finally:
            up.stop()
        starved = Canond(bindir, tmp, zone, False, idle=30, max_conn=1000, name="starved",
                         max_files=32)
        servers.append(starved)
        check_out_of_descriptors(c, starved)
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
        peers.remove_workdir(tmp, args.keep)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
