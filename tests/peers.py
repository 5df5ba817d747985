"""peers: real DNS servers on loopback, for Canon's system tests and benchmarks.

Starts canond, Knot, NSD or BIND as the current user on a free 127.0.0.1 port, with a
generated configuration and every file (pid, run dir, databases, logs) in a temporary
directory, waits until the server answers a SOA query, and stops it (its whole process group)
on exit, even when the caller fails. Answers are put in a normal form so that servers can be
compared. Example:

    with peers.start("knot", [peers.Zone("alpha.test.", "/abs/alpha.zone")], tmp) as s:
        msg = peers.query(s.port, "www.alpha.test.", "A")
        print(peers.normalise(msg, apexes={"alpha.test."}).text())

Normal form (what two answers must share to be "the same answer"):
  - rcode, the AA and TC flags, and whether the response carries EDNS. EDE options are kept
    (text() shows them) but same() ignores them: peers add EDEs of their own (Knot and NSD
    send code 20 with REFUSED), so callers check them only where they expect one;
  - the whole answer section, in order of RRsets (a chain is ordered), sorted inside each;
  - from the authority section only SOA records (they make a negative answer, RFC 2308) and NS
    records at a zone cut, i.e. whose owner is not the apex of a zone the server serves (they
    make a referral). NS records of the apex in a positive answer are optional (minimal
    responses), so they are left out;
  - from the additional section only in-bailiwick glue: A/AAAA whose owner is the target of a
    kept referral NS record and lies at or below the cut (RFC 9471). Other additional data is
    optional;
  - when TC is set, no section is compared: the client must retry over TCP (RFC 2181 §9) and
    servers differ in how much they keep.
Names compare case-insensitively (RFC 4343), except that owner names equal to a given name
(the query name, for case preservation checks) must keep its case exactly.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

try:
    import dns.edns
    import dns.flags
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdatatype
except ImportError:  # python3 from pyenv lacks Debian's python3-dnspython
    sys.path.append("/usr/lib/python3/dist-packages")
    import dns.edns
    import dns.flags
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdatatype

KINDS = ("canond", "knot", "nsd", "bind")


@dataclass(frozen=True)
class Zone:
    """Zone: one zone to serve, e.g. Zone("alpha.test.", "/abs/path/alpha.test.zone")."""

    origin: str
    path: str


class Checks:
    """A system test's tally: check() prints each result (passes only when verbose), and
    summary() prints the closing "N passed, M failed" line and returns the exit status."""

    def __init__(self, verbose: bool = True):
        self.passed = self.failed = 0
        self.verbose = verbose

    def check(self, label: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            if self.verbose:
                print(f"ok    {label}")
        else:
            self.failed += 1
            print(f"FAIL  {label}{': ' + detail if detail else ''}")
        return ok

    def summary(self) -> int:
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def offline(argv: list) -> list:
    """argv run in a network namespace of its own, where only a loopback that is down exists,
    so that no packet can leave the machine. named-checkzone and named-compilezone look up
    out-of-zone NS/MX/SRV names through /etc/resolv.conf's server with `-i full`; tests must
    never send that traffic."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        raise RuntimeError("running peers' zone checkers offline needs root and unshare(1)")
    return ["unshare", "--net", "--", *argv]


def remove_workdir(path: str, keep: bool) -> None:
    """remove_workdir: deletes a test's scratch directory, or with --keep says where it stays."""
    if keep:
        print(f"kept {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    """free_port: a 127.0.0.1 port free for both UDP and TCP right now, e.g. 40123."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = u.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free loopback port")


class ServerError(RuntimeError):
    pass


@dataclass
class Server:
    """Server: one peer process. Use start(kind, ...) to make one; it is a context manager."""

    kind: str
    zones: list
    workdir: str
    port: int = 0
    workers: int = 1
    cpu: str | None = None  # taskset CPU list, e.g. "1"
    bindir: str | None = None  # where canond lives
    options: dict = field(default_factory=dict)  # extra canond [server] keys
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    ready_after: float = 0.0  # seconds from exec to the first SOA answer

    # --- configuration -------------------------------------------------------------------

    def command(self) -> list:
        os.makedirs(self.workdir, exist_ok=True)
        return getattr(self, "_cmd_" + self.kind)()

    def _path(self, name: str) -> str:
        return os.path.join(self.workdir, name)

    def _write(self, name: str, text: str) -> str:
        path = self._path(name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def _cmd_knot(self) -> list:
        os.makedirs(self._path("knot-db"), exist_ok=True)
        zones = "".join(
            f"  - domain: {z.origin}\n    file: {os.path.abspath(z.path)}\n" for z in self.zones
        )
        conf = f"""server:
    rundir: {self.workdir}
    pidfile: {self._path("knot.pid")}
    listen: 127.0.0.1@{self.port}
    udp-workers: {self.workers}
    tcp-workers: 1
    background-workers: 1
database:
    storage: {self._path("knot-db")}
log:
  - target: stderr
    any: notice
template:
  - id: default
    storage: {self.workdir}
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
{zones}"""
        return ["knotd", "-c", self._write("knot.conf", conf)]

    def _cmd_nsd(self) -> list:
        zones = "".join(
            f"zone:\n    name: {z.origin}\n    zonefile: {os.path.abspath(z.path)}\n"
            for z in self.zones
        )
        conf = f"""server:
    ip-address: 127.0.0.1
    port: {self.port}
    do-ip6: no
    server-count: {self.workers}
    username: ""
    chroot: ""
    zonesdir: "{self.workdir}"
    database: ""
    zonelistfile: "{self._path("nsd-zone.list")}"
    xfrdfile: "{self._path("nsd-xfrd.state")}"
    xfrdir: "{self.workdir}"
    pidfile: "{self._path("nsd.pid")}"
    verbosity: 1
    # NSD's response rate limiting would drop answers to a benchmark's single client.
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
{zones}"""
        path = self._write("nsd.conf", conf)
        check = subprocess.run(["nsd-checkconf", path], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServerError(f"nsd-checkconf {path}: {check.stdout}{check.stderr}")
        return ["nsd", "-d", "-c", path]

    def _cmd_bind(self) -> list:
        zones = "".join(
            f'zone "{z.origin}" {{ type primary; file "{os.path.abspath(z.path)}"; }};\n'
            for z in self.zones
        )
        conf = f"""options {{
    directory "{self.workdir}";
    pid-file "{self._path("named.pid")}";
    session-keyfile "{self._path("session.key")}";
    managed-keys-directory "{self.workdir}";
    listen-on port {self.port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer {{ none; }};
}};
controls {{ }};
{zones}"""
        return ["named", "-g", "-4", "-n", str(self.workers), "-c", self._write("named.conf", conf)]

    def _cmd_canond(self) -> list:
        binary = os.path.join(self.bindir or "build/bin", "canond")
        if not os.access(binary, os.X_OK):
            raise ServerError(f"{binary} is missing; build canond first")
        if not self.options:
            cmd = [binary, "--listen", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
            for z in self.zones:
                cmd += ["--zone", f"{z.origin}={os.path.abspath(z.path)}"]
            return cmd
        lines = ["[server]", f'listen = ["127.0.0.1:{self.port}"]', f"workers = {self.workers}"]
        for key, value in self.options.items():
            lines.append(f"{key} = {_toml_value(value)}")
        for z in self.zones:
            lines += ["", "[[zone]]", f'origin = "{z.origin}"', f'file = "{os.path.abspath(z.path)}"']
        return [binary, "--config", self._write("canond.toml", "\n".join(lines) + "\n")]

    # --- life cycle ----------------------------------------------------------------------

    def start(self, timeout: float = 60.0) -> "Server":
        if not self.port:
            self.port = free_port()
        cmd = self.command()
        if self.cpu is not None:
            cmd = ["taskset", "-c", self.cpu] + cmd  # taskset execs, so the pid is the server's
        log = open(self._path(f"{self.kind}.log"), "wb")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=self.workdir)
        log.close()
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        origin = self.zones[0].origin
        deadline = self.started_at + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"{self.kind} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                msg = query(self.port, origin, "SOA", timeout=0.05)
                if msg.rcode() == dns.rcode.NOERROR and msg.answer:
                    self.ready_after = time.monotonic() - self.started_at
                    return
            except Exception:  # not listening yet, or a garbled answer
                pass
            time.sleep(0.005)
        raise ServerError(f"{self.kind} gave no SOA for {origin} within {timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            with open(self._path(f"{self.kind}.log"), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # start_new_session made the server its own group leader
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        # NSD's children may outlive the parent by a moment; take the group down.
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- measurements --------------------------------------------------------------------

    def pids(self) -> list:
        """The server's process and all its descendants (NSD forks its workers)."""
        todo, seen = [self.proc.pid], []
        while todo:
            pid = todo.pop()
            seen.append(pid)
            for tid in _listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo += [int(c) for c in f.read().split()]
                except OSError:
                    pass
        return seen

    def cpu_seconds(self) -> float:
        """utime+stime of every thread of every process of the server, in seconds."""
        ticks = 0
        for pid in self.pids():
            for tid in _listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{tid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    ticks += int(fields[11]) + int(fields[12])  # utime, stime (man 5 proc)
                except OSError:
                    pass
        return ticks / os.sysconf("SC_CLK_TCK")

    def pss_bytes(self) -> int:
        """Sum of the Pss line of /proc/PID/smaps_rollup over the server's processes."""
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total


def _listdir(path: str) -> list:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def available(kind: str, bindir: str | None = None) -> bool:
    """available: whether the server's program is installed (canond: built in bindir)."""
    if kind == "canond":
        return os.access(os.path.join(bindir or "build/bin", "canond"), os.X_OK)
    return shutil.which({"knot": "knotd", "nsd": "nsd", "bind": "named"}[kind]) is not None


def start(kind: str, zones: list, workdir: str, timeout: float = 60.0, **kw) -> Server:
    """start: a running server of `kind` ("canond", "knot", "nsd", "bind") serving `zones`."""
    if kind not in KINDS:
        raise ValueError(f"unknown server kind {kind}")
    server = Server(kind=kind, zones=list(zones), workdir=os.path.join(workdir, kind), **kw)
    return server.start(timeout)


# --- querying and normal form -----------------------------------------------------------


def make_query(name: str, rdtype: str, edns: bool = True, payload: int = 1232) -> dns.message.Message:
    """make_query: a non-recursive query, with EDNS0 (payload octets) unless edns is False."""
    q = dns.message.make_query(name, rdtype, use_edns=0 if edns else False, payload=payload)
    q.flags &= ~dns.flags.RD
    return q


def query(port: int, name: str, rdtype: str, tcp: bool = False, edns: bool = True,
          payload: int = 1232, timeout: float = 2.0) -> dns.message.Message:
    """query: ask 127.0.0.1:port once over UDP (or TCP) and return the parsed response."""
    q = make_query(name, rdtype, edns, payload)
    if tcp:
        return dns.query.tcp(q, "127.0.0.1", port=port, timeout=timeout)
    return dns.query.udp(q, "127.0.0.1", port=port, timeout=timeout, ignore_trailing=True)


def pipelined(port: int, questions: list, timeout: float = 3.0) -> list:
    """pipelined: sends every (name, type) on one TCP connection in a single write (RFC 7766
    §6.2.1.1) and returns the responses in the order of the questions; responses may arrive
    in any order and are matched by message ID. A missing response raises TimeoutError."""
    import struct

    queries = [make_query(name, rdtype) for name, rdtype in questions]
    for i, q in enumerate(queries):
        q.id = 0x1000 + i
    wire = b"".join(struct.pack("!H", len(w)) + w for w in (q.to_wire() for q in queries))
    got = {}
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(wire)
        buf = b""
        while len(got) < len(queries):
            chunk = sock.recv(65536)
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
                size = struct.unpack("!H", buf[:2])[0]
                msg = dns.message.from_wire(buf[2:2 + size])
                buf = buf[2 + size:]
                got[msg.id] = msg
    missing = [q.id for q in queries if q.id not in got]
    if missing:
        raise TimeoutError(f"no response to {len(missing)} of {len(queries)} pipelined queries")
    return [got[q.id] for q in queries]


@dataclass(frozen=True)
class Answer:
    """Answer: a response in normal form; text() prints it in presentation format."""

    rcode: str
    flags: tuple  # subset of ("aa", "tc"), in that order
    edns: bool
    ede: tuple  # ((code, text), ...)
    answer: tuple  # presentation-format RR lines, sorted
    authority: tuple
    additional: tuple
    exact: str | None = None  # owner names equal to this must match its case exactly

    def key(self) -> tuple:
        """What same() compares: everything but the EDE options, names folded to lower case
        except the owner names equal to `exact` (the query name, for case preservation)."""
        return (self.rcode, self.flags, self.edns, tuple(map(self._fold, self.answer)),
                tuple(map(self._fold, self.authority)), tuple(map(self._fold, self.additional)))

    def _fold(self, line: str) -> str:
        # Names compare case-insensitively (RFC 4343). Folding the whole line also folds TXT
        # strings; the corpus has no TXT data that differs only in case.
        owner, rest = line.split(" ", 1)
        if self.exact is not None and owner.lower() == self.exact.lower():
            return owner + " " + rest.lower()
        return line.lower()

    def same(self, other: "Answer") -> bool:
        return self.key() == other.key()

    def text(self, indent: str = "") -> str:
        head = f"{self.rcode} flags={','.join(self.flags) or '-'}"
        head += " edns" if self.edns else " no-edns"
        for code, txt in self.ede:
            head += f' ede={code}:"{txt}"'
        out = [indent + head]
        for title, rrs in (("answer", self.answer), ("authority", self.authority),
                           ("additional", self.additional)):
            out += [f"{indent}  {title}: {rr}" for rr in rrs]
        return "\n".join(out)


def error_answer(message: str) -> Answer:
    """error_answer: the normal form of "no usable response" (timeout, parse error)."""
    return Answer(rcode=f"ERROR({message})", flags=(), edns=False, ede=(), answer=(),
                  authority=(), additional=())


def _rr_lines(rrsets) -> list:
    lines = []
    for rrset in rrsets:
        for rd in rrset:
            lines.append(f"{rrset.name} {rrset.ttl} IN {dns.rdatatype.to_text(rrset.rdtype)} "
                         f"{rd.to_text()}")
    return lines


def _sorted(lines) -> tuple:
    return tuple(sorted(lines, key=lambda s: (s.lower(), s)))


def _in_order(lines) -> tuple:
    """Keeps the order of RRsets (a CNAME chain is ordered) but sorts RRs inside each RRset."""
    out, run, run_key = [], [], None
    for line in lines:
        owner, _, _, rdtype, _ = line.split(" ", 4)
        key = (owner.lower(), rdtype)
        if key != run_key and run:
            out += _sorted(run)
            run = []
        run.append(line)
        run_key = key
    return tuple(out + list(_sorted(run)))


def _under(name: dns.name.Name, parent: dns.name.Name) -> bool:
    return name.is_subdomain(parent)


def normalise(msg: dns.message.Message, apexes=(), exact: str | None = None) -> Answer:
    """normalise: the normal form of a response; apexes are the origins the server serves,
    owners equal to `exact` (if given) must keep its case."""
    apex_set = {dns.name.from_text(a) for a in apexes}
    tc = bool(msg.flags & dns.flags.TC)
    flags = tuple(f for f, bit in (("aa", dns.flags.AA), ("tc", dns.flags.TC)) if msg.flags & bit)
    ede = tuple((o.code, o.text or "") for o in msg.options if isinstance(o, dns.edns.EDEOption))
    rcode = dns.rcode.to_text(msg.rcode())
    if tc:
        return Answer(rcode, flags, msg.edns >= 0, ede, (), (), (), exact)
    cut_ns = [rs for rs in msg.authority
              if rs.rdtype == dns.rdatatype.NS and rs.name not in apex_set]
    authority = [rs for rs in msg.authority if rs.rdtype == dns.rdatatype.SOA] + cut_ns
    glue = []
    for rs in msg.additional:
        if rs.rdtype not in (dns.rdatatype.A, dns.rdatatype.AAAA):
            continue
        for ns in cut_ns:
            if any(rd.target == rs.name for rd in ns) and _under(rs.name, ns.name):
                glue.append(rs)
                break
    return Answer(rcode, flags, msg.edns >= 0, ede, _in_order(_rr_lines(msg.answer)),
                  _sorted(_rr_lines(authority)), _sorted(_rr_lines(glue)), exact)


def expected_answer(spec: dict, exact: str | None = None) -> Answer:
    """expected_answer: an Answer from a corpus entry's expect table (presentation format)."""
    ede = tuple((int(e[0]), str(e[1])) for e in spec.get("ede", []))
    return Answer(
        rcode=spec.get("rcode", "NOERROR"),
        flags=tuple(f for f in ("aa", "tc") if f in spec.get("flags", [])),
        edns=bool(spec.get("edns", True)),
        ede=ede,
        answer=_in_order(_canon_lines(spec.get("answer", []))),
        authority=_sorted(_canon_lines(spec.get("authority", []))),
        additional=_sorted(_canon_lines(spec.get("additional", []))),
        exact=exact,
    )


def _canon_lines(lines) -> list:
    """Re-render hand-written RR lines the way dnspython renders received ones."""
    import dns.rrset

    out = []
    for line in lines:
        owner, ttl, rdclass, rdtype, rdata = line.split(None, 4)
        rrset = dns.rrset.from_text(owner, int(ttl), rdclass, rdtype, rdata)
        out += _rr_lines([rrset])
    return out
