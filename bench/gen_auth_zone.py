#!/usr/bin/env python3
"""gen_auth_zone: a zone and a dnsperf query file for bench/auth.

Usage: bench/gen_auth_zone.py --names 100000 --zone OUT.zone [--queries OUT.txt]
                              [--count 100000] [--origin bench.test.] [--seed 1]

The zone has N names and 1.04 N records (so --names 1000000 gives the 1.04M-record load
test zone):
  60% hosts  h<i>    A (one host in fifteen also AAAA)
  10% v6     v<i>    AAAA only
  20% 1-hop  a<i>    CNAME h<j>
  10% 2-hop  b<i>    CNAME a<j>   (then a<j> CNAME h<k>)
The query file (dnsperf format, "name type" per line) mixes
  45% A of a host, 15% AAAA of a v6 name, 15% A through a 1-hop CNAME,
  10% A through a 2-hop CNAME, 10% NXDOMAIN, 5% NODATA (MX of a host),
so every server answers the same mix of positive, aliased and negative answers.
"""

from __future__ import annotations

import argparse
import random


def layout(names: int) -> dict:
    """How many names of each kind; the kinds add up to `names`."""
    hosts = names * 60 // 100
    v6 = names * 10 // 100
    one_hop = names * 20 // 100
    return {"h": hosts, "v": v6, "a": one_hop, "b": names - hosts - v6 - one_hop}


def write_zone(path: str, origin: str, names: int, rng: random.Random) -> int:
    n = layout(names)
    records = 0
    with open(path, "w") as f:
        f.write(f"; bench/gen_auth_zone.py --names {names}\n$ORIGIN {origin}\n$TTL 3600\n")
        f.write(f"@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\n@ IN NS ns2\n")
        f.write("ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\n")
        records += 5
        lines = []
        for i in range(n["h"]):
            lines.append(f"h{i} IN A 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}\n")
            if i % 15 == 0:
                lines.append(f"h{i} IN AAAA 2001:db8::{i >> 16 & 0xffff:x}:{i & 0xffff:x}\n")
        for i in range(n["v"]):
            lines.append(f"v{i} IN AAAA 2001:db8:1::{i >> 16 & 0xffff:x}:{i & 0xffff:x}\n")
        for i in range(n["a"]):
            lines.append(f"a{i} IN CNAME h{rng.randrange(n['h'])}\n")
        for i in range(n["b"]):
            lines.append(f"b{i} IN CNAME a{rng.randrange(n['a'])}\n")
        f.writelines(lines)
        records += len(lines)
    return records


def write_queries(path: str, origin: str, names: int, count: int, rng: random.Random) -> None:
    n = layout(names)
    mix = [(45, lambda: f"h{rng.randrange(n['h'])}.{origin} A"),
           (15, lambda: f"v{rng.randrange(n['v'])}.{origin} AAAA"),
           (15, lambda: f"a{rng.randrange(n['a'])}.{origin} A"),
           (10, lambda: f"b{rng.randrange(n['b'])}.{origin} A"),
           (10, lambda: f"nx{rng.randrange(1 << 30)}.{origin} A"),
           (5, lambda: f"h{rng.randrange(n['h'])}.{origin} MX")]
    weights = [w for w, _ in mix]
    makers = [m for _, m in mix]
    with open(path, "w") as f:
        for maker in rng.choices(makers, weights=weights, k=count):
            f.write(maker() + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description="zone and dnsperf queries for bench/auth")
    ap.add_argument("--names", type=int, default=100000)
    ap.add_argument("--zone", required=True)
    ap.add_argument("--queries")
    ap.add_argument("--count", type=int, default=100000, help="queries to write")
    ap.add_argument("--origin", default="bench.test.")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.names < 10:
        raise SystemExit("--names must be at least 10")
    rng = random.Random(args.seed)
    records = write_zone(args.zone, args.origin, args.names, rng)
    print(f"{args.zone}: {args.names} names, {records} records")
    if args.queries:
        write_queries(args.queries, args.origin, args.names, args.count, rng)
        print(f"{args.queries}: {args.count} queries")


if __name__ == "__main__":
    main()
