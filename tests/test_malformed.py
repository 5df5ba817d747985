#!/usr/bin/env python3
"""test_malformed: broken messages get FORMERR (or the stated rcode) or are dropped (issue 3).

Usage: python3 tests/test_malformed.py --bin build/bin [--fuzz N] [--seed S] [--keep] [--verbose]

A corpus of broken messages is built here, byte by byte, and sent to one canond over UDP and
again as TCP frames. Each case states what must come back:
  - an rcode (FORMERR for what cannot be parsed, RFC 1035 §4.1.1; NOTIMP for opcodes other
    than QUERY; BADVERS for EDNS version 1, RFC 6891 §6.1.3), in a response with the query's
    ID and QR set; or
  - nothing ("drop"): runts shorter than a header, and responses (QR=1), which a server must
    not answer lest two servers bounce errors at each other.
Over TCP a good query follows every bad frame on the same connection: the good one must be
answered (so a dropped frame leaves the connection usable) and the bad frame's answer, if any,
must be the stated one. Then come TCP-only cases: a zero-length frame, an oversized frame, and
connections closed in the middle of a frame. Seeded fuzz follows: random bytes, and random
mutations of a good query; a response must echo the ID with QR set, and a packet must be
dropped exactly when it is a runt or has QR set.
After every case a normal query over UDP must still be answered correctly. Prints
"N passed, M failed"; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

import dns.message  # noqa: E402  (peers made it importable)
import dns.rcode  # noqa: E402

ORIGIN = "mal.test."
ZONE = """$TTL 3600
@    SOA  ns hostmaster 1 7200 900 1209600 300
@    NS   ns
ns   A    192.0.2.53
www  A    192.0.2.1
alias CNAME www
"""
RCODES = {"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}


# --- building messages by hand ----------------------------------------------------------


def header(qid=0xB001, flags=0x0000, qd=1, an=0, ns=0, ar=0) -> bytes:
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def wire_name(text: str) -> bytes:
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


WWW = wire_name("www." + ORIGIN)


def question(name: bytes = WWW, qtype: int = 1, qclass: int = 1) -> bytes:
    return name + struct.pack("!HH", qtype, qclass)


def opt(owner: bytes = b"\x00", size=1232, ext_rcode=0, version=0, do=0, rdata=b"") -> bytes:
    ttl = ext_rcode << 24 | version << 16 | (0x8000 if do else 0)
    return owner + struct.pack("!HHIH", 41, size, ttl, len(rdata)) + rdata


def option(code: int, data: bytes, claimed_len: int | None = None) -> bytes:
    return struct.pack("!HH", code, len(data) if claimed_len is None else claimed_len) + data


def good_query(qid: int) -> bytes:
    return header(qid, ar=1) + question() + opt()


def cases() -> list:
    """(label, message, expected rcode name or "drop")."""
    long_name = b"".join(bytes([63]) + b"a" * 63 for _ in range(4)) + b"\x00"  # 257 octets
    q = question()
    c = [
        ("empty datagram", b"", "drop"),
        ("truncated header (5 octets)", header()[:5], "drop"),
        ("truncated header (11 octets)", header()[:11], "drop"),
        ("header only, QDCOUNT 0", header(qd=0), "FORMERR"),
        ("QDCOUNT 0 with a question", header(qd=0) + q, "FORMERR"),
        ("QDCOUNT 2", header(qd=2) + q + q, "FORMERR"),
        ("QDCOUNT 1, no question", header(), "FORMERR"),
        ("question cut in QTYPE", header() + WWW + b"\x00", "FORMERR"),
        ("name cut in a label", header() + b"\x03ww", "FORMERR"),
        ("ANCOUNT past the end", header(an=3) + q, "FORMERR"),
        ("ARCOUNT past the end", header(ar=1) + q, "FORMERR"),
        ("ARCOUNT 65535", header(ar=0xFFFF) + q + opt(), "FORMERR"),
        ("RR cut in its rdata", header(ar=1) + q + opt(rdata=b"\x00\x0a\x00\x02\xab")[:-3],
         "FORMERR"),
        ("trailing garbage", header() + q + b"\xde\xad", "FORMERR"),
        ("compression loop (self)", header() + b"\xc0\x0c" + q[-4:], "FORMERR"),
        ("compression loop (label, pointer back to it)", header() + b"\x01a\xc0\x0c" + q[-4:],
         "FORMERR"),
        ("forward pointer", header() + b"\xc0\x12" + q[-4:] + WWW, "FORMERR"),
        ("pointer out of range", header() + b"\xc3\xff" + q[-4:], "FORMERR"),
        ("pointer cut in half", header() + b"\x03www\xc0", "FORMERR"),
        ("label of 64 (type 0x40)", header() + b"\x40" + b"a" * 64 + b"\x00" + q[-4:], "FORMERR"),
        ("label type 0x40 (EDNS0 bitlabel)", header() + b"\x41\x00" + q[-4:], "FORMERR"),
        ("label type 0x80", header() + b"\x80\x03www\x00" + q[-4:], "FORMERR"),
        ("label byte 0xbf", header() + b"\xbf" + q[-4:], "FORMERR"),
        ("name of 257 octets", header() + long_name + q[-4:], "FORMERR"),
        ("name over 255 through a pointer",
         header(an=1) + question(b"\x3f" + b"a" * 63 + b"\x3f" + b"b" * 63 + b"\x3f" + b"c" * 63
                                 + b"\x00")
         + b"\x3f" + b"d" * 63 + b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 0, 4) + b"\x01" * 4,
         "FORMERR"),
        ("OPT owner not root", header(ar=1) + q + opt(owner=wire_name("a.")), "FORMERR"),
        ("two OPTs", header(ar=2) + q + opt() + opt(), "FORMERR"),
        ("OPT in the answer section", header(an=1) + q + opt(), "FORMERR"),
        ("option length past rdata", header(ar=1) + q + opt(rdata=option(10, b"\x01" * 8, 20)),
         "FORMERR"),
        ("option header cut", header(ar=1) + q + opt(rdata=b"\x00\x0a\x00"), "FORMERR"),
        ("cookie of 7 octets", header(ar=1) + q + opt(rdata=option(10, b"\x01" * 7)), "FORMERR"),
        ("two cookies",
         header(ar=1) + q + opt(rdata=option(10, b"\x01" * 8) + option(10, b"\x02" * 8)),
         "FORMERR"),
        ("client subnet family 9",
         header(ar=1) + q + opt(rdata=option(8, b"\x00\x09\x18\x00\x0a\x00\x00")), "FORMERR"),
        ("EDNS version 1", header(ar=1) + q + opt(version=1), "BADVERS"),
        ("EDNS version 255, DO", header(ar=1) + q + opt(version=255, do=1), "BADVERS"),
        ("opcode 1 (IQUERY)", header(flags=1 << 11) + q, "NOTIMP"),
        ("opcode 2 (STATUS)", header(flags=2 << 11) + q, "NOTIMP"),
        ("opcode 3 (unassigned)", header(flags=3 << 11) + q, "NOTIMP"),
        ("opcode 5 (UPDATE)", header(flags=5 << 11, an=0) + q, "NOTIMP"),
        ("opcode 15", header(flags=15 << 11, qd=0), "NOTIMP"),
        ("a response (QR=1)", header(flags=0x8400) + q, "drop"),
        ("a response with an error rcode", header(flags=0x8001, qd=0), "drop"),
        ("a broken response", header(flags=0x8000, qd=7) + b"\xc0", "drop"),
        ("UDP datagram of 5000 octets", header() + q + b"\x00" * (5000 - 12 - len(q)),
         "FORMERR"),
    ]
    return c


# --- talking to the server --------------------------------------------------------------


def udp_exchange(port: int, wire: bytes, wait: float) -> bytes | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(wait)
        s.sendto(wire, ("127.0.0.1", port))
        try:
            return s.recv(65535)
        except socket.timeout:
            return None


def recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def read_frame(sock: socket.socket) -> bytes | None:
    head = recv_exact(sock, 2)
    if head is None:
        return None
    return recv_exact(sock, struct.unpack("!H", head)[0])


def tcp_frames_then_good(port: int, frames: bytes, good_id: int) -> tuple:
    """Writes `frames` and a good query at once; returns (responses before the good one's,
    the good one's response or None)."""
    before = []
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        g = good_query(good_id)
        s.sendall(frames + struct.pack("!H", len(g)) + g)
        for _ in range(50):
            try:
                r = read_frame(s)
            except (socket.timeout, ConnectionError):
                return before, None
            if r is None:
                return before, None
            if len(r) >= 2 and struct.unpack("!H", r[:2])[0] == good_id:
                return before, r
            before.append(r)
    return before, None


def rcode_of(resp: bytes) -> str:
    """The full rcode (with the OPT's extended bits), or the 4-bit one if dnspython balks."""
    try:
        return dns.rcode.to_text(dns.message.from_wire(resp, ignore_trailing=True).rcode())
    except Exception:
        code = resp[3] & 0x0F
        return next((k for k, v in RCODES.items() if v == code), str(code))


def check_response(resp: bytes | None, sent: bytes, expect: str) -> str | None:
    """None when `resp` is what `expect` asks for, else what is wrong."""
    if expect == "drop":
        return None if resp is None else f"expected no response, got {len(resp)} octets"
    if resp is None:
        return f"expected {expect}, got no response"
    if len(resp) < 12:
        return f"response of {len(resp)} octets"
    if resp[:2] != sent[:2]:
        return f"response ID {resp[:2].hex()} is not the query's {sent[:2].hex()}"
    if not resp[2] & 0x80:
        return "response has QR clear"
    if (resp[2] >> 3) & 0x0F != (sent[2] >> 3) & 0x0F:
        return "response opcode differs from the query's"
    got = rcode_of(resp)
    return None if expect == "any" or got == expect else f"expected {expect}, got {got}"


class Runner:
    def __init__(self, port: int, verbose: bool):
        self.port, self.verbose = port, verbose
        self.passed = self.failed = 0

    def result(self, label: str, problem: str | None) -> None:
        if problem is None:
            problem = self.alive()
        if problem is None:
            self.passed += 1
            if self.verbose:
                print(f"ok    {label}")
        else:
            self.failed += 1
            print(f"FAIL  {label}: {problem}")

    def alive(self) -> str | None:
        try:
            msg = peers.query(self.port, "www." + ORIGIN, "A", timeout=2)
        except Exception as e:
            return f"server no longer answers: {e!r}"
        got = [rd.to_text() for rs in msg.answer for rd in rs]
        return None if got == ["192.0.2.1"] else f"normal query answered {got}"

    def udp(self, label: str, wire: bytes, expect: str) -> None:
        resp = udp_exchange(self.port, wire, 0.15 if expect == "drop" else 2.0)
        self.result(f"udp  {label}", check_response(resp, wire, expect))

    def tcp(self, label: str, wire: bytes, expect: str) -> None:
        if len(wire) > 65535:
            return
        before, good = tcp_frames_then_good(self.port, struct.pack("!H", len(wire)) + wire, 0x600D)
        if good is None:
            self.result(f"tcp  {label}", "the good query after it got no answer")
            return
        resp = before[0] if before else None
        problem = check_response(resp, wire, expect)
        if problem is None and len(before) > 1:
            problem = f"{len(before)} responses to one frame"
        self.result(f"tcp  {label}", problem)


def tcp_only_cases(r: Runner) -> None:
    port = r.port
    before, good = tcp_frames_then_good(port, b"\x00\x00", 0x600D)
    r.result("tcp  zero-length frame, then a good one",
             None if good is not None and not before else f"good answered: {good is not None}, "
             f"{len(before)} other responses")
    big = good_query(0xB1B1) + b"\x00" * (65535 - len(good_query(0)))
    before, good = tcp_frames_then_good(port, struct.pack("!H", len(big)) + big, 0x600D)
    problem = "the good query after it got no answer" if good is None else \
        check_response(before[0] if before else None, big, "FORMERR")
    r.result("tcp  frame of 65535 octets (query + zeros)", problem)
    for label, data in (("length prefix only", struct.pack("!H", 300)),
                        ("half a length prefix", b"\x01"),
                        ("frame cut after 20 of 300 octets", struct.pack("!H", 300) + b"\x00" * 20),
                        ("good frame, then a cut one", struct.pack("!H", len(good_query(1)))
                         + good_query(1) + struct.pack("!H", 65535) + b"\xff" * 1000)):
        with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            try:
                frames = []
                while (f := read_frame(s)) is not None:
                    frames.append(f)
            except (socket.timeout, ConnectionError):
                frames = None
        want = 1 if label.startswith("good frame") else 0
        r.result(f"tcp  closed mid-frame: {label}",
                 None if frames is not None and len(frames) == want
                 else f"expected {want} answer(s) and a clean close, got {frames!r:.80}")
    # Closed with a reset (SO_LINGER 0) in the middle of a frame.
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.sendall(struct.pack("!H", 500) + b"\x00" * 100)
    s.close()
    r.result("tcp  reset mid-frame", None)


def fuzz(r: Runner, count: int, seed: int) -> None:
    rng = random.Random(seed)
    base = good_query(0)
    for i in range(count):
        if i % 2 == 0:
            wire = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 80)))
            kind = "random"
        else:
            b = bytearray(base)
            for _ in range(rng.randrange(1, 5)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            wire = bytes(b[: rng.randrange(len(b) - 6, len(b) + 1)])
            kind = "mutated"
        expect = "drop" if len(wire) < 12 or wire[2] & 0x80 else "any"
        label = f"fuzz {kind} #{i} (seed {seed}) {wire.hex()}"
        r.udp(label, wire, expect)
        if i % 4 == 1 and len(wire) >= 2 and wire[:2] != b"\x60\x0d":
            r.tcp(label, wire, expect)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--fuzz", type=int, default=400, help="fuzz packets (half random)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="canon-malformed-")
    zone = os.path.join(tmp, "mal.test.zone")
    with open(zone, "w") as f:
        f.write(ZONE)
    r = None
    try:
        with peers.start("canond", [peers.Zone(ORIGIN, zone)], tmp,
                         bindir=os.path.abspath(args.bin), workers=2) as server:
            r = Runner(server.port, args.verbose)
            for label, wire, expect in cases():
                r.udp(label, wire, expect)
                r.tcp(label, wire, expect)
            tcp_only_cases(r)
            fuzz(r, args.fuzz, args.seed)
            if server.proc.poll() is not None:
                r.result("canond still running", f"exited with {server.proc.returncode}")
            if r.failed:
                print(server.log_tail())
    finally:
        peers.remove_workdir(tmp, args.keep)
    print(f"{r.passed if r else 0} passed, {r.failed if r else 1} failed")
    return 1 if r is None or r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
