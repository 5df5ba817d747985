"""config_map: a scenario's unbound.conf part, mapped to a canond.toml, or a reason to skip it.

Mapped:
  stub-zone "." + stub-addr     -> [resolver] root-hints, a hints file naming those addresses
                                   (no stub-zone ".": canond's built-in hints, as Unbound's)
  forward-zone name/forward-addr/forward-first -> [[view.forward]] suffix/servers/first
  qname-minimisation            -> [resolver] qname-minimisation (Unbound's default: yes)
  max-query-restarts            -> [server] max-cname-chain
  local-zone static + its local-data -> a [[view.zone]] (a private zone: missing names NXDOMAIN)
  module-config "iterator"      -> nothing to map
Ignored, because they do not change what the scenarios assert (see IGNORED for why).
Everything else skips the scenario with the option named.
"""

from __future__ import annotations

import dataclasses
import shlex

# Options that change nothing the steps check, with why.
IGNORED = {
    "target-fetch-policy": "prefetch of NS addresses; canond fetches them only when needed, "
                           "as with the \"0 0 0 0 0\" policy the scenarios set",
    "iter-scrub-promiscuous": "canond never keeps data outside the answer's chain (stricter)",
    "harden-referral-path": "set to its default (no) where used",
    "rrset-roundrobin": "the harness compares sections as multisets",
    "access-control": "the harness queries from 127.0.0.1, allowed by the mapped view "
                      "(allow_snoop skips)",
    "hide-identity": "only for CH TXT id.server queries (those scenarios skip on CH data)",
    "hide-version": "as hide-identity",
    "identity": "as hide-identity",
    "version": "as hide-identity",
    "ede": "canond always sends EDE (RFC 8914) where it has one",
    "msg-cache-slabs": "cache layout only",
    "verbosity": "logging",
    "max-global-quota": "a bound on upstream queries set high enough for the scenario's chain",
}

# Options with no canond equivalent that change the asserted behaviour.
SKIP_OPTIONS = {
    "dns64-prefix": "DNS64",
    "serve-expired": "Unbound's serve-expired timing (canond's serve-stale differs)",
    "serve-expired-client-timeout": "Unbound's serve-expired timing",
    "prefetch": "prefetch (canond has none)",
    "num-queries-per-thread": "Unbound's per-thread query limit and jostling",
    "msg-cache-size": "Unbound's message cache size (scenario asserts its eviction)",
    "outbound-msg-retry": "Unbound's retry count per server",
    "tcp-upstream": "TCP-only upstream",
    "trust-anchor": "DNSSEC validation",
    "trust-anchor-file": "DNSSEC validation",
    "auto-trust-anchor-file": "DNSSEC validation",
    "domain-insecure": "DNSSEC validation",
}

ZONE_SOA = "@ 3600 IN SOA localhost. nobody.invalid. 1 3600 1200 604800 10800"


@dataclasses.dataclass
class Mapped:
    skip: str | None = None
    toml: str = ""
    files: dict[str, str] = dataclasses.field(default_factory=dict)
    addresses: set[str] = dataclasses.field(default_factory=set)  # upstreams named by the config
    ignored: list[str] = dataclasses.field(default_factory=list)
    forwards: list[dict] = dataclasses.field(default_factory=list)


def tokenize(text: str) -> list[list[str]]:
    """Clauses: [["server:", ...], ["stub-zone:", "name:", "."]...]; comments removed."""
    toks: list[str] = []
    for line in text.splitlines():
        lex = shlex.shlex(line, posix=True)
        lex.whitespace_split = True
        lex.commenters = "#;"
        try:
            toks += list(lex)
        except ValueError:
            toks += line.split("#")[0].split()
    clauses: list[list[str]] = []
    for t in toks:
        if t in ("server:", "stub-zone:", "forward-zone:", "auth-zone:", "remote-control:",
                 "python:", "dynlib:", "view:", "rpz:", "cachedb:"):
            clauses.append([t])
        elif clauses:
            clauses[-1].append(t)
    return clauses


def options(clause: list[str]) -> list[tuple[str, list[str]]]:
    """[("name", ["."]), ("forward-addr", ["216.0.0.1"])...] from one clause's tokens."""
    out: list[tuple[str, list[str]]] = []
    for t in clause[1:]:
        if t.endswith(":") and not t.count(":") > 1:
            out.append((t[:-1], []))
        elif out:
            out[-1][1].append(t)
    return out


def addr_of(spec: str) -> tuple[str, int]:
    host, _, port = spec.partition("@")
    return host, int(port or 53)


def fmt_server(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def bool_opt(v: list[str]) -> bool:
    return bool(v) and v[0].strip('"').lower() == "yes"


def zone_file(origin: str, data: list[str]) -> str:
    lines = [f"$ORIGIN {origin.rstrip('.')}.", "$TTL 3600"]
    if not any(d.split()[1:2] == ["SOA"] or " SOA " in f" {d} " for d in data):
        lines.append(ZONE_SOA)
    lines += data
    return "\n".join(lines) + "\n"


def map_config(text: str) -> Mapped:
    m = Mapped()
    qmin = True
    max_restarts = None
    stubs: list[tuple[str, list[str], list[tuple[str, list[str]]]]] = []
    local_zones: list[tuple[str, str]] = []
    local_data: list[str] = []
    minimal = True
    for clause in tokenize(text):
        kind = clause[0][:-1]
        opts = options(clause)
        if kind == "server":
            for k, v in opts:
                val = " ".join(v).strip('"')
                if k == "qname-minimisation":
                    qmin = bool_opt(v)
                elif k == "minimal-responses":
                    minimal = bool_opt(v)
                elif k == "max-query-restarts":
                    max_restarts = int(val)
                elif k == "module-config":
                    if val.split() != ["iterator"]:
                        return Mapped(skip=f"module-config \"{val}\" (only the iterator maps)")
                elif k == "local-zone":
                    local_zones.append((v[0].rstrip(".").lower() + ".", v[1]))
                elif k == "local-data":
                    local_data.append(val)
                elif k == "access-control" and "allow_snoop" in v:
                    return Mapped(skip="access-control allow_snoop: RD=0 queries answered from "
                                       "the cache; canond answers RD=0 only from its zones")
                elif k in IGNORED:
                    m.ignored.append(k)
                elif k in SKIP_OPTIONS:
                    return Mapped(skip=f"{k}: {SKIP_OPTIONS[k]}")
                else:
                    return Mapped(skip=f"server option {k} has no canond equivalent")
        elif kind == "stub-zone":
            d = dict((k, v) for k, v in opts)
            name = d.get("name", ["?"])[0].rstrip(".").lower() + "."
            stubs.append((name, d.get("stub-addr", []), opts))
        elif kind == "forward-zone":
            d = {}
            for k, v in opts:
                d.setdefault(k, []).extend(v)
            for k in d:
                if k not in ("name", "forward-addr", "forward-first"):
                    return Mapped(skip=f"forward-zone option {k} has no canond equivalent")
            servers = [addr_of(a) for a in d.get("forward-addr", [])]
            m.addresses |= {h for h, _ in servers}
            m.forwards.append({"suffix": d["name"][0], "servers": servers,
                               "first": bool_opt(d.get("forward-first", []))})
        else:
            return Mapped(skip=f"{kind}: has no canond equivalent")
    m.minimal_no = not minimal  # type: ignore[attr-defined]
    # Local zones: only "static" is canond's private zone. Data outside every local zone makes
    # Unbound add a transparent zone of its own (no equivalent).
    static = []
    for name, typ in local_zones:
        if typ != "static":
            return Mapped(skip=f"local-zone type {typ} has no canond equivalent")
        static.append(name)
    by_zone: dict[str, list[str]] = {z: [] for z in static}
    for d in local_data:
        owner = d.split()[0].rstrip(".").lower() + "."
        zones = [z for z in static if owner == z or owner.endswith("." + z) or z == "."]
        if not zones:
            return Mapped(skip=f"local-data outside a static local-zone ({owner}): Unbound's "
                               "implicit transparent zone has no canond equivalent")
        z = max(zones, key=len)
        by_zone[z].append(d if d.split()[0].endswith(".") else
                          d.replace(d.split()[0], d.split()[0] + ".", 1))
    for z, data in by_zone.items():
        m.files[f"local-{z.strip('.') or 'root'}.zone"] = zone_file(z, data)
    # Stub zones: "." gives the root hints; others have no equivalent unless a static local
    # zone shadows them (Unbound answers those names locally and never asks the stub).
    hints = []
    for name, addrs, opts in stubs:
        keys = {k for k, _ in opts} - {"name", "stub-addr"}
        if name != "." and not any(name == z or name.endswith("." + z) for z in static):
            return Mapped(skip=f"stub-zone {name} (canond has no stub zones)")
        if name == ".":
            if keys:
                return Mapped(skip=f"stub-zone . option {sorted(keys)}")
            hints += [addr_of(a) for a in addrs]
    for h, p in hints:
        if p != 53:
            return Mapped(skip="root hints on a port other than 53")
        m.addresses.add(h)
    m.toml = build_toml(m, hints, qmin, max_restarts, static)
    if hints:
        lines = [".  3600000 IN NS hint-root.rpl.invalid."]
        for h, _ in hints:
            t = "AAAA" if ":" in h else "A"
            lines.append(f"hint-root.rpl.invalid. 3600000 IN {t} {h}")
        m.files["hints.zone"] = "\n".join(lines) + "\n"
    return m


def build_toml(m: Mapped, hints, qmin: bool, max_restarts, static: list[str]) -> str:
    out = ["[server]", 'listen = ["127.0.0.1:53"]', "workers = 1"]
    if max_restarts is not None:
        out.append(f"max-cname-chain = {max_restarts}")
    out += ["", "[resolver]", f"qname-minimisation = {'true' if qmin else 'false'}",
            "upstream-timeout = 1500"]
    if hints:
        out.append('root-hints = "hints.zone"')
    out += ["", "[[view]]", 'name = "rpl"', 'match-clients = ["any"]', "recursion = true"]
    for z in static:
        out += ["  [[view.zone]]", f'  origin = "{z}"', f'  file = "local-{z.strip(".") or "root"}.zone"']
    for f in m.forwards:
        servers = ", ".join(f'"{fmt_server(h, p)}"' for h, p in f["servers"])
        out += ["  [[view.forward]]", f'  suffix = "{f["suffix"]}"', f"  servers = [{servers}]",
                f"  first = {'true' if f['first'] else 'false'}"]
    return "\n".join(out) + "\n"
