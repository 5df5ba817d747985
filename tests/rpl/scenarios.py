"""scenarios: which scenarios are mappable, which skip (and why), which are CNAME/DNAME ones."""

from __future__ import annotations

import re

import dns.rdatatype

from . import config_map, parser

# Scenarios where Unbound's asserted behaviour is a choice canond deliberately does otherwise:
# name -> (why, with the text that says so; the sections in which the difference may show).
# They still run: a difference anywhere else is reported as a failure.
DELIBERATE: dict[str, tuple[str, tuple[str, ...]]] = {
    "iter_minimise_chain": (
        "a chain longer than the limit is SERVFAIL with the hops followed so far in the answer "
        "section: issue 5 §1 gives the resolver's max-cname-chain \"the same key and meaning "
        "as for the authoritative server\", whose SERVFAIL keeps the chain (router_test "
        "ChainLimitTwelveHopsFollowedThirteenthFails); Unbound sends an empty answer",
        ("ANSWER",)),
}


def is_alias_scenario(sc: parser.Scenario) -> bool:
    if re.search(r"cname|dname", sc.name):
        return True
    entries = [e for rg in sc.ranges for e in rg.entries] + [s.entry for s in sc.steps if s.entry]
    return any(r.rdtype in (dns.rdatatype.CNAME, dns.rdatatype.DNAME)
               for e in entries for recs in e.sections.values() for r in recs)


def minimal_skip(sc: parser.Scenario, mapped: config_map.Mapped) -> str | None:
    """minimal-responses: no makes Unbound add the zone's NS and glue to its answers; canond
    always answers minimally, so a scenario that asserts those sections cannot pass."""
    if not getattr(mapped, "minimal_no", False):
        return None
    for st in sc.steps:
        e = st.entry
        if st.kind != "CHECK_ANSWER" or not e:
            continue
        m = set(e.match)
        strict = "all" in m or "authority" in m or "additional" in m
        ns_auth = any(r.rdtype == dns.rdatatype.NS for r in e.sections["AUTHORITY"])
        if strict and (ns_auth or e.sections["ADDITIONAL"]):
            return ("minimal-responses: no (the answer at STEP %d asserts the NS set and glue "
                    "Unbound adds; canond always answers minimally)" % st.num)
    return None


def classify(sc: parser.Scenario) -> tuple[str, str, config_map.Mapped]:
    """("run" | "skip" | "deliberate", reason, mapped config)."""
    mapped = config_map.map_config(sc.config)
    if mapped.skip:
        return "skip", mapped.skip, mapped
    if sc.extra:
        return "skip", "uses " + ", ".join(sorted(set(sc.extra))), mapped
    why = minimal_skip(sc, mapped)
    if why:
        for st in sc.steps:
            if st.entry and st.entry.do:
                return "skip", f"STEP {st.num} sets DO (DNSSEC records asserted)", mapped
        return "minimal", why, mapped  # skipped, but also run with NS/glue not compared
    if sc.name in DELIBERATE:
        return "deliberate", DELIBERATE[sc.name][0], mapped
    for st in sc.steps:
        if st.entry and st.entry.do:
            return "skip", f"STEP {st.num} sets DO (DNSSEC records asserted)", mapped
    return "run", "", mapped
