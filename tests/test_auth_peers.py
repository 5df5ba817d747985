#!/usr/bin/env python3
"""test_auth_peers: canond against Knot, NSD and BIND on the same zones (issue 3, §4).

Usage: python3 tests/test_auth_peers.py --bin build/bin [--only ID[,ID]] [--peers knot,nsd,bind]
                                        [--no-canond] [--keep] [--verbose]

Serves tests/auth_corpus/*.zone from every server on its own loopback port, asks each query of
tests/auth_corpus/queries.toml of every server, and puts the answers in the normal form that
tests/peers.py documents (answer section, rcode, AA/TC and EDE always; authority only its SOA
and cut NS; additional only in-bailiwick glue). A query passes when
  - it has an `expect` (the peers disagree there and Canon made a documented choice): canond's
    answer equals the expected one;
    (and, where `expect` lists an EDE, canond's EDE options equal it);
  - otherwise: canond's answer equals a peer's, and the peers agree with each other unless the
    query says why they may differ (`differ`, for differences outside Canon's choices).
It also sends six queries at once on one TCP connection to every server (RFC 7766 pipelining)
and checks that each is answered. It prints a table of who answered what (same letter = same answer, E = the expected answer),
the full answers for every failure, then "N passed, M failed"; the exit status is 1 on any
failure. --no-canond only shows the peers' table (to write the corpus).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import tomllib
from contextlib import ExitStack

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "auth_corpus")
ZONES = [
    peers.Zone("alpha.test.", os.path.join(CORPUS, "alpha.test.zone")),
    peers.Zone("beta.test.", os.path.join(CORPUS, "beta.test.zone")),
    peers.Zone("hosted.alpha.test.", os.path.join(CORPUS, "hosted.alpha.test.zone")),
    peers.Zone("example.", os.path.join(CORPUS, "example.zone")),  # RFC 4592 §2.2.1
]
APEXES = [z.origin for z in ZONES]


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin", help="directory holding canond")
    ap.add_argument("--only", default="", help="comma-separated query ids to run")
    ap.add_argument("--peers", default="knot,nsd,bind", help="peers to compare with")
    ap.add_argument("--no-canond", action="store_true", help="peers only: print their table")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (configs, logs)")
    ap.add_argument("--verbose", action="store_true", help="print every answer")
    return ap.parse_args()


def load_corpus(only: str) -> list:
    with open(os.path.join(CORPUS, "queries.toml"), "rb") as f:
        queries = tomllib.load(f)["query"]
    ids = [q["id"] for q in queries]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"queries.toml: duplicate ids {sorted(dup)}")
    if only:
        wanted = set(only.split(","))
        unknown = wanted - set(ids)
        if unknown:
            raise SystemExit(f"--only: unknown ids {sorted(unknown)}")
        queries = [q for q in queries if q["id"] in wanted]
    return queries


def ask(server: peers.Server, q: dict) -> peers.Answer:
    """One query, retried once over UDP, in normal form; failures become an ERROR answer."""
    last = "no answer"
    for _ in range(2):
        try:
            msg = peers.query(server.port, q["name"], q.get("type", "A"), tcp=q.get("tcp", False),
                              edns=q.get("edns", True))
            return peers.normalise(msg, APEXES, exact=exact_name(q))
        except Exception as e:  # timeout, connection refused, unparsable response
            last = f"{type(e).__name__}: {e}"
    return peers.error_answer(last)


def exact_name(q: dict):
    """For case preservation queries the answer's owner must be the query name as sent."""
    return q["name"] if q.get("case") else None


def expected(q: dict) -> peers.Answer:
    return peers.expected_answer(q["expect"], exact_name(q))


def describe(q: dict) -> str:
    how = ("tcp" if q.get("tcp") else "udp") + ("" if q.get("edns", True) else " no-edns")
    return f"{q['name']} {q.get('type', 'A')} ({how})"


def judge(q: dict, answers: dict, peer_kinds: list, with_canond: bool) -> tuple:
    """(ok, reason) for one query, given each server's normal-form answer."""
    peer_answers = [answers[k] for k in peer_kinds]
    if "expect" in q:
        if not with_canond:
            return True, "expected answer recorded"
        exp, got = expected(q), answers["canond"]
        why = q["expect"].get("why", "")
        if not got.same(exp):
            return False, f"canond differs from the expected answer ({why})"
        if "ede" in q["expect"] and got.ede != exp.ede:
            return False, f"canond's EDE {list(got.ede)} is not {list(exp.ede)} ({why})"
        return True, "canond gives the expected answer"
    disagree = any(not a.same(peer_answers[0]) for a in peer_answers[1:])
    if disagree and "differ" not in q:
        return False, "the peers disagree and the corpus has no `expect` (or `differ`) for this query"
    if not with_canond:
        return True, "peers agree" if not disagree else "peers differ: " + q["differ"]
    if any(answers["canond"].same(a) for a in peer_answers):
        return True, "canond agrees with a peer"
    return False, "canond differs from every peer"


def letters(q: dict, answers: dict, kinds: list) -> dict:
    """Same letter for the same answer; 'E' for the expected answer."""
    groups = []
    if "expect" in q:
        groups.append(("E", expected(q)))
    out = {}
    for k in kinds:
        for letter, a in groups:
            if answers[k].same(a):
                out[k] = letter
                break
        else:
            letter = "ABCDFGHIJ"[len([g for g in groups if g[0] != "E"])]
            groups.append((letter, answers[k]))
            out[k] = letter
    return out


def print_details(q: dict, answers: dict, kinds: list) -> None:
    shown = []
    if "expect" in q:
        exp = expected(q)
        print(f"    expected ({q['expect'].get('why', 'Canon choice')}):")
        print(exp.text("      "))
        shown.append(exp)
    def alike(a, b):  # for display, EDE options count too
        return a.same(b) and a.ede == b.ede

    for k in kinds:
        same = [o for o in kinds if alike(answers[o], answers[k])]
        if any(alike(answers[k], s) for s in shown):
            continue
        shown.append(answers[k])
        print(f"    {'+'.join(same)}:")
        print(answers[k].text("      "))


def main() -> int:
    args = parse_args()
    queries = load_corpus(args.only)
    peer_kinds = [p for p in args.peers.split(",") if p]
    missing = [p for p in peer_kinds if not peers.available(p)]
    if missing:
        print(f"missing peers: {missing} (run scripts/bootstrap)")
        return 1
    with_canond = not args.no_canond
    kinds = peer_kinds + (["canond"] if with_canond else [])
    tmp = tempfile.mkdtemp(prefix="canon-peers-")
    failed_setup = False
    try:
        with ExitStack() as stack:
            servers = {}
            for k in kinds:
                try:
                    servers[k] = stack.enter_context(
                        peers.start(k, ZONES, tmp, bindir=os.path.abspath(args.bin)))
                except peers.ServerError as e:
                    print(f"cannot start {k}: {e}")
                    failed_setup = True
            if failed_setup:
                print(f"0 passed, {len(queries) + 1} failed")
                return 1
            return run_corpus(queries, servers, peer_kinds, kinds, with_canond, args.verbose)
    finally:
        if args.keep or failed_setup:
            print(f"configs and logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


PIPELINE = [("www.alpha.test.", "A"), ("c3.alpha.test.", "AAAA"), ("nothere.beta.test.", "A"),
            ("big.alpha.test.", "A"), ("x1.alpha.test.", "A"), ("www.sub.alpha.test.", "A")]


def check_pipelining(servers: dict, kinds: list) -> list:
    """RFC 7766 §6.2.1.1: every server answers all queries sent at once on one TCP connection,
    each response matching its query. Returns the failures as (server, reason)."""
    failures = []
    for k in kinds:
        try:
            responses = peers.pipelined(servers[k].port, PIPELINE)
        except Exception as e:
            failures.append((k, f"{type(e).__name__}: {e}"))
            continue
        for (name, rdtype), r in zip(PIPELINE, responses):
            if not r.question or r.question[0].name != peers.dns.name.from_text(name):
                failures.append((k, f"response for {name} {rdtype} has question {r.question}"))
    return failures


def run_corpus(queries, servers, peer_kinds, kinds, with_canond, verbose) -> int:
    passed, failures = 0, []
    pipe = check_pipelining(servers, kinds)
    print(f"tcp-pipelined ({len(PIPELINE)} queries in one write): "
          + ("ok" if not pipe else "FAIL: " + "; ".join(f"{k}: {why}" for k, why in pipe)))
    if pipe:
        failures.append(({"id": "tcp-pipelined", "name": "-", "type": "-"}, {}, "see above"))
    else:
        passed += 1
    width = max(len(q["id"]) for q in queries)
    print(f"{'query':<{width}}  " + "  ".join(f"{k:>6}" for k in kinds) + "  result")
    for q in queries:
        answers = {k: ask(servers[k], q) for k in kinds}
        ok, reason = judge(q, answers, peer_kinds, with_canond)
        tag = letters(q, answers, kinds)
        print(f"{q['id']:<{width}}  " + "  ".join(f"{tag[k]:>6}" for k in kinds)
              + f"  {'ok' if ok else 'FAIL'}{'' if ok else ': ' + reason}")
        if ok:
            passed += 1
        else:
            failures.append((q, answers, reason))
        if verbose:
            print(f"  {describe(q)}")
            print_details(q, answers, kinds)
    for q, answers, reason in failures:
        if not answers:
            continue
        print(f"\nFAIL {q['id']}: {describe(q)}: {reason}")
        print_details(q, answers, kinds)
    print(f"\n{passed} passed, {len(failures)} failed")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
