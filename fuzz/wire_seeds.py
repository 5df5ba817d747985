#!/usr/bin/env python3
"""Seed inputs for the wire-format fuzz targets, written into OUTDIR/NAME_fuzz/.

message_fuzz and upstream_fuzz read one DNS message each; name_fuzz reads a name in
presentation form. Starting from well-formed messages of each shape (a query, a CNAME chain,
a referral with glue, a negative answer, EDNS options) lets libFuzzer reach the decoder's
deeper branches in a short run instead of rediscovering the header layout first.

Usage: fuzz/wire_seeds.py OUTDIR
"""
import os
import struct
import sys

A, NS, CNAME, SOA, MX, TXT, AAAA, SRV, OPT, DNAME = 1, 2, 5, 6, 15, 16, 28, 33, 41, 39


def name(text: str) -> bytes:
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def ptr(offset: int) -> bytes:
    return struct.pack("!H", 0xC000 | offset)  # RFC 1035 §4.1.4


def header(flags: int, qd=1, an=0, ns=0, ar=0, ident=0x1234) -> bytes:
    return struct.pack("!6H", ident, flags, qd, an, ns, ar)


def question(qname: str, qtype: int) -> bytes:
    return name(qname) + struct.pack("!HH", qtype, 1)


def rr(owner: bytes, rtype: int, rdata: bytes, ttl=300, cls=1) -> bytes:
    return owner + struct.pack("!HHIH", rtype, cls, ttl, len(rdata)) + rdata


def opt(options: bytes = b"", size=1232, do=False) -> bytes:
    return rr(b"\0", OPT, options, ttl=0x8000 if do else 0, cls=size)


def option(code: int, data: bytes) -> bytes:
    return struct.pack("!HH", code, len(data)) + data


def soa(zone: str) -> bytes:
    return name("ns." + zone) + name("hostmaster." + zone) + struct.pack("!5I", 1, 3600, 600, 86400, 300)


QR_AA = 0x8400
SEEDS = {
    "query-a": header(0x0100) + question("www.example.com.", A),
    "query-edns-cookie-ecs": header(0x0100, ar=1) + question("www.example.com.", AAAA)
    + opt(option(10, bytes(8)) + option(8, struct.pack("!HBB", 1, 24, 0) + bytes([192, 0, 2])),
          do=True),
    "answer-a": header(QR_AA, an=1) + question("www.example.com.", A)
    + rr(ptr(12), A, bytes([192, 0, 2, 1])),
    "cname-chain": header(QR_AA, an=3) + question("a.example.com.", A)
    + rr(ptr(12), CNAME, name("b.example.net."))
    + rr(name("b.example.net."), CNAME, b"\1c" + ptr(12 + 2))
    + rr(b"\1c" + ptr(14), A, bytes([192, 0, 2, 7])),
    "dname": header(QR_AA, an=3) + question("x.old.example.", A)
    + rr(ptr(14), DNAME, name("new.example."))
    + rr(ptr(12), CNAME, b"\1x" + name("new.example."))
    + rr(b"\1x" + name("new.example."), A, bytes([192, 0, 2, 9])),
    "referral-glue": header(0x8000, ns=2, ar=2) + question("www.sub.example.", A)
    + rr(ptr(16), NS, b"\3ns1" + ptr(16)) + rr(ptr(16), NS, b"\3ns2" + ptr(16))
    + rr(b"\3ns1" + ptr(16), A, bytes([192, 0, 2, 53]))
    + rr(b"\3ns2" + ptr(16), AAAA, bytes(15) + b"\1"),
    "nxdomain-soa": header(QR_AA | 3, ns=1, ar=1) + question("nope.example.org.", MX)
    + rr(ptr(17), SOA, soa("example.org."), ttl=300) + opt(),
    "mixed-types": header(QR_AA, an=3) + question("example.com.", 255)
    + rr(ptr(12), MX, struct.pack("!H", 10) + b"\4mail" + ptr(12))
    + rr(ptr(12), TXT, b"\x05hello\x05world")
    + rr(b"\4_sip\4_udp" + ptr(12), SRV, struct.pack("!3H", 0, 5, 5060) + b"\3sip" + ptr(12)),
    "ede-servfail": header(0x8002, ar=1) + question("loop.example.", A)
    + opt(option(15, struct.pack("!H", 0) + b"CNAME loop at loop.example.")),
    "truncated": header(0x8600, an=0) + question("big.example.", TXT),
}

NAMES = {
    "plain": b"www.example.com.",
    "relative": b"host",
    "apex": b"@",
    "escapes": b"a\\.b\\032c\\\\d.example.",
    "decimal": b"\\065\\066\\067.test.",
    "long-label": b"a" * 63 + b".example.",
    "root": b".",
    "wildcard": b"*.example.",
}


def write(directory: str, items: dict) -> None:
    os.makedirs(directory, exist_ok=True)
    for key, data in items.items():
        with open(os.path.join(directory, key), "wb") as f:
            f.write(data)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    out = sys.argv[1]
    write(os.path.join(out, "message_fuzz"), SEEDS)
    write(os.path.join(out, "upstream_fuzz"), SEEDS)
    write(os.path.join(out, "name_fuzz"), NAMES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
