#!/usr/bin/env python3
"""test_resolver_vpc: the VPC story of issue 5 on hosts in a network namespace.

Usage: python3 tests/test_resolver_vpc.py --bin build/bin [--keep]

A namespace the test creates (and deletes, even on failure) holds every host as an address on
its loopback; no packet leaves it:
  192.0.2.1   root server            canond --zone .=root.zone
  192.0.2.2   uk. TLD server         canond --zone uk=uk.zone
  192.0.2.3   acmeltd.co.uk public   canond: service1 CNAME service1.region.prod.acmeltd.co.uk,
                                     region.prod delegated to 10.53.0.9 (no such host)
  192.0.2.4   external resolver      Unbound with the test's root hints, no private zone
  192.0.2.10  VPC resolver           canond recursing itself, private zone region.prod...
  192.0.2.11  VPC resolver           canond forwarding "." to 192.0.2.4, same private zone
  192.0.2.12  Unbound in canond's place: forwarding "." to 192.0.2.4, the private zone as
              local-zone/local-data (its answer is printed: it is expected to fail)
  192.0.2.20  VPC client; 192.0.2.30 client of the public view; 192.0.2.31 public-view client
              outside allow-recursion.
Asserts, with dig from the client addresses: the VPC client gets the CNAME and the private
address from both canonds (UDP and TCP); a public-view client never sees private data; public
names resolve; a CNAME loop across the private and public zones is SERVFAIL with the EDE text;
recursion is REFUSED outside allow-recursion; after SIGHUP a changed private zone is served. Prints "N passed, M failed"; exits 1 on failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT, TLD, AUTH, EXT, VPC_REC, VPC_FWD, UNB_VPC = (
    "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.10", "192.0.2.11", "192.0.2.12")
VPC_CLIENT, PUB_CLIENT, NOREC_CLIENT = "192.0.2.20", "192.0.2.30", "192.0.2.31"
INTERNAL = "10.53.0.9"  # the internal name server: no host has it
ADDRS = [ROOT, TLD, AUTH, EXT, VPC_REC, VPC_FWD, UNB_VPC, VPC_CLIENT, PUB_CLIENT, NOREC_CLIENT]

SOA = "@ SOA ns hostmaster 1 3600 600 86400 60\n"
ROOT_ZONE = f"""$TTL 3600
{SOA}@ NS a.root-servers.net.
a.root-servers.net. A {ROOT}
uk. NS ns1.nic.uk.
ns1.nic.uk. A {TLD}
"""
UK_ZONE = f"""$TTL 3600
{SOA}@ NS ns1.nic
ns1.nic A {TLD}
acmeltd.co NS ns.acmeltd.co
ns.acmeltd.co A {AUTH}
"""
PUBLIC_ZONE = f"""$TTL 300
{SOA}@ NS ns
ns A {AUTH}
www A 192.0.2.80
service1 CNAME service1.region.prod
loop CNAME loop.region.prod
region.prod NS ns.region.prod
ns.region.prod A {INTERNAL}
"""
PRIVATE_ZONE = f"""$TTL 300
{SOA}@ NS ns
ns A {INTERNAL}
service1 A 10.1.2.3
loop CNAME loop.acmeltd.co.uk.
"""
HINTS = f". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A {ROOT}\n"

VIEWS = """
[[view]]
name = "vpc"
match-clients = ["{vpc}/32"]
recursion = true
  [[view.zone]]
  origin = "region.prod.acmeltd.co.uk"
  file = "private.zone"
{forward}
[[view]]
name = "public"
match-clients = ["any"]
recursion = true
allow-recursion = ["{pub}/32"]
{forward}
"""


def canond_config(listen: str, forward: bool) -> str:
    fwd = f'  [[view.forward]]\n  suffix = "."\n  servers = ["{EXT}:53"]\n' if forward else ""
    return (f'[server]\nlisten = ["{listen}:53"]\nworkers = 1\n\n[resolver]\n'
            f'root-hints = "hints.zone"\nupstream-timeout = 300\n'
            + VIEWS.format(vpc=VPC_CLIENT, pub=PUB_CLIENT, forward=fwd))


def unbound_config(tmp: str, listen: str, forward: bool) -> str:
    lines = ["server:", f"  interface: {listen}", "  port: 53", "  do-daemonize: no",
             '  username: ""', '  chroot: ""', f'  directory: "{tmp}"', '  pidfile: ""',
             "  access-control: 0.0.0.0/0 allow", '  module-config: "iterator"',
             "  do-ip6: no", "  use-syslog: no", "  verbosity: 1",
             f'  root-hints: "{tmp}/hints.zone"', "  qname-minimisation: no"]
    if forward:
        lines += ['  local-zone: "region.prod.acmeltd.co.uk." static',
                  '  local-data: "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"',
                  "forward-zone:", '  name: "."', f"  forward-addr: {EXT}"]
    return "\n".join(lines) + "\n"


class Net:
    """One network namespace with ADDRS on its loopback, and the processes started in it."""

    def __init__(self) -> None:
        self.name = f"canon-vpc-{os.getpid()}"
        self.procs: list[subprocess.Popen] = []
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            self.run(["ip", "link", "set", "lo", "up"])
            for a in ADDRS:
                self.run(["ip", "addr", "add", f"{a}/32", "dev", "lo"])
        except BaseException:
            subprocess.run(["ip", "netns", "del", self.name], check=False)
            raise

    def cmd(self, argv: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.name] + argv

    def run(self, argv: list[str], **kw) -> subprocess.CompletedProcess:
        return subprocess.run(self.cmd(argv), check=True, capture_output=True, text=True, **kw)

    def start(self, argv: list[str], log: str) -> subprocess.Popen:
        p = subprocess.Popen(self.cmd(argv), stdout=open(log, "w"), stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(p)
        return p

    def close(self) -> None:
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        subprocess.run(["ip", "netns", "del", self.name], check=False)


class Answer:
    def __init__(self, text: str) -> None:
        self.text = text
        m = re.search(r"status: (\w+)", text)
        self.status = m.group(1) if m else "NO-ANSWER"
        self.ra = bool(re.search(r"flags:[^;]* ra[ ;]", text))
        self.records: list[str] = []
        section = None
        for line in text.splitlines():
            if line.startswith(";; ") and "SECTION:" in line:
                section = line
                continue
            if section and "ANSWER" in section and line and not line.startswith(";"):
                f = line.split()
                self.records.append(f"{f[0]} {f[3]} {' '.join(f[4:])}")
        m = re.search(r"; EDE: (.*)", text)
        self.ede = m.group(1) if m else ""

    def show(self) -> str:
        return f"{self.status} {self.records} {self.ede}".strip()


def dig(net: Net, server: str, source: str, name: str, qtype: str = "A", tcp=False) -> Answer:
    argv = ["dig", f"@{server}", "-b", source, name, qtype, "+tries=1", "+time=6"]
    if tcp:
        argv.append("+tcp")
    r = subprocess.run(net.cmd(argv), capture_output=True, text=True, timeout=30)
    return Answer(r.stdout)


def wait_ready(net: Net, server: str, name: str, deadline: float = 10.0) -> None:
    end = time.time() + deadline
    while time.time() < end:
        if dig(net, server, VPC_CLIENT, name, "SOA").status != "NO-ANSWER":
            return
        time.sleep(0.2)


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> None:
        if ok:
            self.passed += 1
            print(f"ok   {what}: {detail}")
        else:
            self.failed += 1
            print(f"FAIL {what}\n     {detail}")


CNAME = "service1.acmeltd.co.uk. CNAME service1.region.prod.acmeltd.co.uk."
PRIVATE_A = "service1.region.prod.acmeltd.co.uk. A 10.1.2.3"


def write(path: str, text: str) -> str:
    with open(path, "w") as f:
        f.write(text)
    return path


def start_hosts(net: Net, bindir: str, tmp: str) -> subprocess.Popen:
    canond = os.path.join(bindir, "canond")
    for addr, origin, text in ((ROOT, ".", ROOT_ZONE), (TLD, "uk", UK_ZONE),
                               (AUTH, "acmeltd.co.uk", PUBLIC_ZONE)):
        zone = write(f"{tmp}/{origin.strip('.') or 'root'}.zone", text)
        net.start([canond, "--zone", f"{origin}={zone}", "--listen", f"{addr}:53"],
                  f"{tmp}/auth-{addr}.log")
    write(f"{tmp}/hints.zone", HINTS)
    write(f"{tmp}/private.zone", PRIVATE_ZONE)
    vpc = {}
    for addr, fwd in ((VPC_REC, False), (VPC_FWD, True)):
        conf = write(f"{tmp}/canond-{addr}.toml", canond_config(addr, fwd))
        vpc[addr] = net.start([canond, "--config", conf], f"{tmp}/canond-{addr}.log")
    for addr, fwd in ((EXT, False), (UNB_VPC, True)):
        d = f"{tmp}/unbound-{addr}"
        os.makedirs(d)
        shutil.copy(f"{tmp}/hints.zone", d)
        conf = write(f"{d}/unbound.conf", unbound_config(d, addr, fwd))
        net.start(["unbound", "-d", "-c", conf], f"{d}/unbound.log")
    for addr in (ROOT, TLD, AUTH, VPC_REC, VPC_FWD, EXT, UNB_VPC):
        wait_ready(net, addr, "acmeltd.co.uk" if addr != ROOT else ".")
    return vpc[VPC_REC]


def check_reload(net: Net, r: Results, canond: subprocess.Popen, tmp: str) -> None:
    """SIGHUP rebuilds the views: a changed private zone is served at once."""
    write(f"{tmp}/private.zone", PRIVATE_ZONE.replace("10.1.2.3", "10.1.2.4"))
    canond.send_signal(signal.SIGHUP)
    a = Answer("")
    for _ in range(50):
        time.sleep(0.1)
        a = dig(net, VPC_REC, VPC_CLIENT, "service1.acmeltd.co.uk")
        if "10.1.2.4" in a.text:
            break
    r.check(a.records == [CNAME, PRIVATE_A.replace("10.1.2.3", "10.1.2.4")],
            "after SIGHUP, canond serves the changed private zone", a.show())


def run_checks(net: Net, r: Results) -> None:
    for server, mode in ((VPC_REC, "recursing"), (VPC_FWD, "forwarding . to Unbound")):
        a = dig(net, server, VPC_CLIENT, "service1.acmeltd.co.uk")
        r.check(a.status == "NOERROR" and a.records == [CNAME, PRIVATE_A] and a.ra,
                f"VPC client, canond {mode}: CNAME and the private address", a.show())
        a = dig(net, server, VPC_CLIENT, "service1.acmeltd.co.uk", tcp=True)
        r.check(a.status == "NOERROR" and a.records == [CNAME, PRIVATE_A],
                f"VPC client over TCP, canond {mode}: the same", a.show())
        a = dig(net, server, VPC_CLIENT, "nothere.region.prod.acmeltd.co.uk")
        r.check(a.status == "NXDOMAIN", f"VPC client, canond {mode}: a name the private zone "
                "lacks is NXDOMAIN", a.show())
        for client in (VPC_CLIENT, PUB_CLIENT):
            a = dig(net, server, client, "www.acmeltd.co.uk")
            r.check(a.status == "NOERROR" and a.records == ["www.acmeltd.co.uk. A 192.0.2.80"],
                    f"client {client}, canond {mode}: a public name resolves", a.show())
        for name in ("service1.acmeltd.co.uk", "service1.region.prod.acmeltd.co.uk"):
            a = dig(net, server, PUB_CLIENT, name)
            r.check("10.1.2.3" not in a.text and a.status in ("SERVFAIL", "NXDOMAIN"),
                    f"public-view client, canond {mode}: no private data for {name}", a.show())
        a = dig(net, server, VPC_CLIENT, "loop.acmeltd.co.uk")
        r.check(a.status == "SERVFAIL" and "loop" in a.ede.lower(),
                f"VPC client, canond {mode}: a loop across private and public zones is "
                "SERVFAIL with EDE", a.show())
        a = dig(net, server, NOREC_CLIENT, "www.acmeltd.co.uk")
        r.check(a.status == "REFUSED" and not a.records,
                f"client outside allow-recursion, canond {mode}: REFUSED", a.show())
    a = dig(net, EXT, VPC_CLIENT, "www.acmeltd.co.uk")
    r.check(a.records == ["www.acmeltd.co.uk. A 192.0.2.80"],
            "external Unbound resolves public names (the hierarchy works)", a.show())
    a = dig(net, UNB_VPC, VPC_CLIENT, "service1.acmeltd.co.uk")
    print(f"info Unbound in canond's place (forwarding, private zone as local-data) answers "
          f"service1.acmeltd.co.uk A: {a.show()}")
    a = dig(net, EXT, VPC_CLIENT, "service1.acmeltd.co.uk")
    print(f"info external Unbound answers service1.acmeltd.co.uk A: {a.show()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="directory holding canond")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    bindir = os.path.abspath(args.bin)
    tmp = tempfile.mkdtemp(prefix="canon-vpc-")
    r = Results()
    net = Net()
    try:
        canond = start_hosts(net, bindir, tmp)
        run_checks(net, r)
        check_reload(net, r, canond, tmp)
    finally:
        net.close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{r.passed} passed, {r.failed} failed")
    return 0 if r.failed == 0 and r.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
