"""parser: the testbound .rpl format, read into plain objects.

A file is the unbound.conf text before CONFIG_END, then SCENARIO_BEGIN, RANGE_BEGIN a b ..
RANGE_END blocks (the scripted upstream servers, ADDRESS lines and ENTRY_BEGIN..ENTRY_END
entries) and STEP n KIND [args] lines, each with an entry where the kind takes one.
An entry holds MATCH, ADJUST and REPLY keywords and the four sections in presentation format.
"""

from __future__ import annotations

import dataclasses

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

SECTIONS = ("QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL")
FLAGS = ("QR", "AA", "TC", "RD", "RA", "AD", "CD")
RCODES = ("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMPL", "NOTIMP", "REFUSED",
          "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE")
DEFAULT_TTL = 3600  # what ldns gives a record written without a TTL


class ParseError(Exception):
    pass


@dataclasses.dataclass
class Record:
    """One record (or, in QUESTION, one question: rdata None, ttl None)."""
    name: dns.name.Name
    rdtype: int
    rdclass: int = dns.rdataclass.IN
    ttl: int | None = None
    rdata: dns.rdata.Rdata | None = None

    def text(self, with_ttl: bool = True) -> str:
        t = dns.rdatatype.to_text(self.rdtype)
        c = dns.rdataclass.to_text(self.rdclass)
        owner = self.name.to_text().lower()
        if self.rdata is None:
            return f"{owner} {c} {t}"
        ttl = self.ttl if with_ttl else 0
        return f"{owner} {ttl} {c} {t} {self.rdata.to_text().lower()}"


@dataclasses.dataclass
class Entry:
    line: int = 0
    match: list[str] = dataclasses.field(default_factory=list)
    adjust: list[str] = dataclasses.field(default_factory=list)
    flags: set[str] = dataclasses.field(default_factory=set)
    rcode: str = "NOERROR"
    do: bool = False
    sections: dict[str, list[Record]] = dataclasses.field(
        default_factory=lambda: {s: [] for s in SECTIONS})
    edns_data: bool = False  # HEX_EDNSDATA: raw EDNS options we do not model

    @property
    def question(self) -> Record | None:
        q = self.sections["QUESTION"]
        return q[0] if q else None


@dataclasses.dataclass
class Range:
    start: int
    end: int
    addresses: list[str]
    entries: list[Entry]
    line: int = 0

    def active(self, step: int) -> bool:
        return self.start <= step <= self.end


@dataclasses.dataclass
class Step:
    num: int
    kind: str
    args: list[str]
    entry: Entry | None
    line: int = 0


@dataclasses.dataclass
class Scenario:
    name: str
    path: str
    title: str
    config: str
    ranges: list[Range]
    steps: list[Step]
    extra: list[str]  # keywords we read but do not model (TEMPFILE, HEX_EDNSDATA)


def strip_comment(line: str) -> str:
    out, quoted = [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            break
        out.append(ch)
    return "".join(out).strip()


def parse_record(text: str, section: str) -> Record:
    tok = text.split()
    if not tok:
        raise ParseError("empty record")
    name = dns.name.from_text(tok[0], origin=dns.name.root)
    i, ttl, rdclass = 1, None, dns.rdataclass.IN
    while i < len(tok) - 1:
        if tok[i].isdigit() and ttl is None:
            ttl = int(tok[i])
        elif tok[i].upper() in ("IN", "CH", "HS", "CS", "ANY", "NONE") or tok[i].upper().startswith(
                "CLASS"):
            rdclass = dns.rdataclass.from_text(tok[i])
        else:
            break
        i += 1
    rdtype = dns.rdatatype.from_text(tok[i])
    if section == "QUESTION":
        return Record(name, rdtype, rdclass)
    rest = " ".join(tok[i + 1:])
    try:
        rd = dns.rdata.from_text(rdclass, rdtype, rest, origin=dns.name.root,
                                 relativize=False)
    except Exception:  # dnspython knows some types only in IN (CH A): read them as IN's
        rd = dns.rdata.from_text(dns.rdataclass.IN, rdtype, rest, origin=dns.name.root,
                                 relativize=False)
    return Record(name, rdtype, rdclass, DEFAULT_TTL if ttl is None else ttl, rd)


class _Reader:
    def __init__(self, path: str) -> None:
        with open(path) as f:
            self.lines = f.read().splitlines()
        self.i = 0
        self.path = path

    def next(self) -> tuple[int, str] | None:
        while self.i < len(self.lines):
            self.i += 1
            s = strip_comment(self.lines[self.i - 1])
            if s:
                return self.i, s
        return None

    def error(self, lineno: int, msg: str) -> ParseError:
        return ParseError(f"{self.path}:{lineno}: {msg}")


def parse_entry(r: _Reader, start: int) -> Entry:
    e = Entry(line=start)
    section = None
    while True:
        nxt = r.next()
        if nxt is None:
            raise r.error(start, "ENTRY_BEGIN without ENTRY_END")
        n, s = nxt
        tok = s.split()
        kw = tok[0]
        if kw == "ENTRY_END":
            return e
        if kw == "MATCH":
            e.match += tok[1:]
        elif kw == "ADJUST":
            e.adjust += tok[1:]
        elif kw == "REPLY":
            for t in tok[1:]:
                u = t.upper()
                if u in FLAGS:
                    e.flags.add(u)
                elif u == "DO":
                    e.do = True
                elif u in RCODES:
                    e.rcode = "NOTIMP" if u == "NOTIMPL" else u
                else:
                    raise r.error(n, f"unknown REPLY keyword {t}")
        elif kw == "SECTION":
            section = tok[1].upper()
            if section not in SECTIONS:
                raise r.error(n, f"unknown section {tok[1]}")
        elif kw == "HEX_EDNSDATA_BEGIN":
            e.edns_data = True
            while (nx := r.next()) and nx[1].split()[0] != "HEX_EDNSDATA_END":
                pass
        elif section:
            try:
                e.sections[section].append(parse_record(s, section))
            except Exception as ex:  # dnspython raises many kinds
                raise r.error(n, f"bad record {s!r}: {ex}") from None
        else:
            raise r.error(n, f"unexpected {s!r}")


def parse(path: str) -> Scenario:
    import os
    r = _Reader(path)
    config = []
    with open(path) as f:
        raw = f.read().splitlines()
    for idx, line in enumerate(raw):
        if line.strip().startswith("CONFIG_END"):
            r.i = idx + 1
            break
        config.append(line)
    else:
        raise ParseError(f"{path}: no CONFIG_END")
    sc = Scenario(os.path.basename(path)[:-4], path, "", "\n".join(config), [], [], [])
    cur_range: Range | None = None
    while (nxt := r.next()) is not None:
        n, s = nxt
        tok = s.split()
        kw = tok[0]
        if kw == "SCENARIO_BEGIN":
            sc.title = s[len(kw):].strip()
        elif kw == "SCENARIO_END":
            break
        elif kw == "RANGE_BEGIN":
            cur_range = Range(int(tok[1]), int(tok[2]), [], [], n)
        elif kw == "RANGE_END":
            sc.ranges.append(cur_range)
            cur_range = None
        elif kw == "ADDRESS" and cur_range is not None:
            cur_range.addresses.append(tok[1])
        elif kw == "ENTRY_BEGIN" and cur_range is not None:
            cur_range.entries.append(parse_entry(r, n))
        elif kw == "STEP":
            kind = tok[2]
            entry = None
            if kind in ("QUERY", "CHECK_ANSWER", "CHECK_OUT_QUERY", "REPLY"):
                nx = r.next()
                if nx is None or nx[1].split()[0] != "ENTRY_BEGIN":
                    raise r.error(n, f"STEP {kind} without an entry")
                entry = parse_entry(r, nx[0])
            sc.steps.append(Step(int(tok[1]), kind, tok[3:], entry, n))
        elif kw.startswith("TEMPFILE"):
            sc.extra.append(kw)
            if kw == "TEMPFILE_CONTENTS":
                while (nx := r.next()) and nx[1].split()[0] != "TEMPFILE_END":
                    pass
        else:
            raise r.error(n, f"unexpected {s!r}")
    for rg in sc.ranges:
        for e in rg.entries:
            if e.edns_data:
                sc.extra.append("HEX_EDNSDATA")
    for st in sc.steps:
        if st.entry and st.entry.edns_data:
            sc.extra.append("HEX_EDNSDATA")
    return sc
