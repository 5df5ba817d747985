"""compare: testbound's MATCH rules, on dnspython messages against parsed entries.

For a query at a fake server (upstream side):
  opcode, qtype, qname (exact, case-insensitive), subdomain (the query's name is the entry's
  or below it), TCP / UDP (transport), all other keywords of that kind are ignored upstream.
For a client answer (CHECK_ANSWER):
  all     header flags (QR AA TC RD RA AD CD), rcode, and every section as a multiset of
          records, names lowercased, TTLs compared only with `ttl`
  flags / rcode / question / answer: that part only;  ede=N: the answer's EDE code.
The comparison is in presentation format; the diff shows both sides.
"""

from __future__ import annotations

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdatatype
import dns.rrset

from .parser import FLAGS, SECTIONS, Entry, Record

FLAG_BITS = {"QR": dns.flags.QR, "AA": dns.flags.AA, "TC": dns.flags.TC, "RD": dns.flags.RD,
             "RA": dns.flags.RA, "AD": dns.flags.AD, "CD": dns.flags.CD}


def msg_sections(msg: dns.message.Message) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {"QUESTION": []}
    for q in msg.question:
        out["QUESTION"].append(Record(q.name, q.rdtype, q.rdclass))
    for sec, rrsets in (("ANSWER", msg.answer), ("AUTHORITY", msg.authority),
                        ("ADDITIONAL", msg.additional)):
        out[sec] = [Record(rs.name, rs.rdtype, rs.rdclass, rs.ttl, rd)
                    for rs in rrsets for rd in rs]
    return out


def msg_flags(msg: dns.message.Message) -> set[str]:
    return {f for f, bit in FLAG_BITS.items() if msg.flags & bit}


def qname_matches(entry: Entry, msg: dns.message.Message, subdomain: bool) -> bool:
    eq, q = entry.question, (msg.question[0] if msg.question else None)
    if eq is None or q is None:
        return eq is None and q is None
    if subdomain:
        return q.name.is_subdomain(eq.name)
    return q.name == eq.name  # dnspython compares names case-insensitively


def upstream_matches(entry: Entry, msg: dns.message.Message, tcp: bool) -> bool:
    """Does a query received by a fake server match this range (or REPLY) entry?"""
    m = set(entry.match)
    q = msg.question[0] if msg.question else None
    if "opcode" in m and msg.opcode() != dns.opcode.QUERY:
        return False
    if "qtype" in m and (q is None or entry.question is None or q.rdtype != entry.question.rdtype):
        return False
    if "qname" in m and not qname_matches(entry, msg, False):
        return False
    if "subdomain" in m and not qname_matches(entry, msg, True):
        return False
    if "TCP" in m and not tcp:
        return False
    if "UDP" in m and tcp:
        return False
    return True


def section_lines(recs: list[Record], with_ttl: bool) -> list[str]:
    return sorted(r.text(with_ttl) for r in recs)


def without_referral_data(secs: dict[str, list[Record]]) -> dict[str, list[Record]]:
    """The sections without the NS set in AUTHORITY and the A/AAAA in ADDITIONAL: what
    Unbound's minimal-responses: no adds to an answer."""
    out = dict(secs)
    out["AUTHORITY"] = [r for r in secs["AUTHORITY"] if r.rdtype != dns.rdatatype.NS]
    out["ADDITIONAL"] = [r for r in secs["ADDITIONAL"]
                         if r.rdtype not in (dns.rdatatype.A, dns.rdatatype.AAAA)]
    return out


def answer_diff(entry: Entry, msg: dns.message.Message, minimal: bool = False) -> list[str]:
    """Differences between what a CHECK_ANSWER entry wants and canond's answer; [] if none.
    `minimal`: NS sets and glue are left out of both sides (informational runs only)."""
    m = set(entry.match)
    with_ttl = "ttl" in m
    every = "all" in m
    diffs: list[str] = []
    if every or "flags" in m:
        want, got = set(entry.flags), msg_flags(msg)
        if want != got:
            diffs.append(f"flags: want {' '.join(sorted(want))}, got {' '.join(sorted(got))}")
    if every or "flags" in m or "rcode" in m:
        got = dns.rcode.to_text(msg.rcode())
        if got != entry.rcode:
            diffs.append(f"rcode: want {entry.rcode}, got {got}")
    secs = msg_sections(msg)
    want_secs = entry.sections
    if minimal:
        secs, want_secs = without_referral_data(secs), without_referral_data(entry.sections)
    names = SECTIONS if every else tuple(s for s in SECTIONS if s.lower() in m)
    for s in names:
        want = section_lines(want_secs[s], with_ttl)
        got = section_lines(secs[s], with_ttl)
        if want != got:
            diffs.append(f"{s}:\n    want: " + "\n          ".join(want or ["(empty)"]) +
                         "\n    got:  " + "\n          ".join(got or ["(empty)"]))
    for t in entry.match:
        if t.startswith("ede="):
            want_code = int(t[4:])
            codes = [o.code for o in msg.options if isinstance(o, dns.edns.EDEOption)]
            if want_code not in codes:
                diffs.append(f"ede: want {want_code}, got {codes or 'none'}")
    return diffs


def out_query_diff(entry: Entry, msg: dns.message.Message, tcp: bool) -> list[str]:
    """CHECK_OUT_QUERY: the upstream query canond sent, against the entry's MATCH rules."""
    if upstream_matches(entry, msg, tcp):
        return []
    q = msg.question[0] if msg.question else None
    want = entry.question.text() if entry.question else "(none)"
    got = f"{q.name} {dns.rdatatype.to_text(q.rdtype)}" if q is not None else "(none)"
    return [f"out query: want {want} ({' '.join(entry.match)}), got {got}"]


def build_message(entry: Entry, query: dns.message.Message | None) -> dns.message.Message:
    """The packet an entry describes; ADJUST copy_id / copy_query take the id / question from
    the query it answers."""
    msg = dns.message.Message(id=0)
    flags = 0
    for f in entry.flags:
        flags |= FLAG_BITS[f]
    msg.flags = flags
    msg.set_rcode(dns.rcode.from_text(entry.rcode))
    if query is not None and "copy_id" in entry.adjust:
        msg.id = query.id
    if query is not None and "copy_query" in entry.adjust:
        for q in query.question:
            msg.question.append(dns.rrset.RRset(q.name, q.rdclass, q.rdtype))
    else:
        for q in entry.sections["QUESTION"]:
            msg.find_rrset(msg.question, q.name, q.rdclass, q.rdtype, create=True,
                           force_unique=True)
    for sec, target in (("ANSWER", msg.answer), ("AUTHORITY", msg.authority),
                        ("ADDITIONAL", msg.additional)):
        for r in entry.sections[sec]:
            rs = msg.find_rrset(target, r.name, r.rdclass, r.rdtype, create=True)
            rs.add(r.rdata, r.ttl)
    if entry.do or entry.edns_data:
        msg.use_edns(0, dns.flags.DO if entry.do else 0, 1232)
    return msg


def flags_of(names) -> list[str]:
    return [f for f in FLAGS if f in names]
