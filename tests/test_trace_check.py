#!/usr/bin/env python3
"""test_trace_check: `canon trace` and `canon check` against a DNS hierarchy in a network namespace.

The test creates a network namespace, puts documentation addresses (192.0.2.0/24, standing for
public servers) and one private address (10.53.0.9) on its loopback, and starts canond instances
there on port 53 as the root, two TLDs (test., cloud.) and the authoritative servers of several
operators. A test CA made with openssl signs the certificates of small Python HTTPS servers:
one covering the name, one covering another name (the "CNAME to google.com" case), one expired,
and one that redirects to another name. Nothing leaves the namespace.

Run: python3 tests/test_trace_check.py --bin build/bin
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

ROOT, TLD_TEST, TLD_CLOUD = "192.0.2.1", "192.0.2.2", "192.0.2.3"
EX1, EX2, CDN, LAME1, LAME2, VPC = ("192.0.2.10", "192.0.2.11", "192.0.2.20", "192.0.2.30",
                                    "192.0.2.31", "10.53.0.9")
WEB_GOOD, WEB_OTHER, WEB_EXPIRED, WEB_REDIR = "192.0.2.50", "192.0.2.51", "192.0.2.52", "192.0.2.53"
ADDRS = [ROOT, TLD_TEST, TLD_CLOUD, EX1, EX2, CDN, LAME1, LAME2, VPC,
         WEB_GOOD, WEB_OTHER, WEB_EXPIRED, WEB_REDIR]

SOA = "@ 3600 IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300\n"

ZONES = {
    # origin: (servers, text)
    ".": ([ROOT], SOA + f"""
@ 86400 IN NS ns.root.test.
test. 172800 IN NS ns.nic.test.
cloud. 172800 IN NS ns.nic.cloud.
ns.nic.test. 172800 IN A {TLD_TEST}
ns.nic.cloud. 172800 IN A {TLD_CLOUD}
"""),
    "test.": ([TLD_TEST], SOA + f"""
@ IN NS ns.nic.test.
ns.nic IN A {TLD_TEST}
example IN NS ns1.example.test.
example IN NS ns2.example.test.
ns1.example IN A {EX1}
ns2.example IN A {EX2}
lame IN NS ns1.lame.test.
lame IN NS ns2.lame.test.
ns1.lame IN A {LAME1}
ns2.lame IN A {LAME2}
vpc IN NS ns.vpc.test.
ns.vpc IN A {VPC}
"""),
    "cloud.": ([TLD_CLOUD], SOA + f"""
@ IN NS ns.nic.cloud.
ns.nic IN A {TLD_CLOUD}
cdn IN NS ns.cdn-operator.cloud.
apps IN NS ns.cdn-operator.cloud.
ns.cdn-operator IN A {CDN}
"""),
    "example.test.": ([EX1, EX2], SOA + f"""
@ IN NS ns1
@ IN NS ns2
ns1 IN A {EX1}
ns2 IN A {EX2}
www IN CNAME www.cdn.cloud.
mismatch IN CNAME web.cdn.cloud.
expired IN A {WEB_EXPIRED}
redir IN A {WEB_REDIR}
legacy IN DNAME new.cdn.cloud.
loop1 IN CNAME loop2.cdn.cloud.
gone IN CNAME deleted.apps.cloud.
empty IN CNAME nodata.cdn.cloud.
c1 IN CNAME c2.cdn.cloud.
c3 IN CNAME c4.cdn.cloud.
c5 IN CNAME c6.cdn.cloud.
c7 IN CNAME c8.cdn.cloud.
c9 IN CNAME c10.cdn.cloud.
"""),
    "cdn.cloud.": ([CDN], SOA + f"""
@ IN NS ns.cdn-operator.cloud.
www IN A {WEB_GOOD}
web IN A {WEB_OTHER}
www.new IN A {WEB_GOOD}
loop2 IN CNAME loop1.example.test.
nodata IN TXT "no address here"
c2 IN CNAME c3.example.test.
c4 IN CNAME c5.example.test.
c6 IN CNAME c7.example.test.
c8 IN CNAME c9.example.test.
c10 IN A {WEB_GOOD}
"""),
    "apps.cloud.": ([CDN], SOA + """
@ IN NS ns.cdn-operator.cloud.
live IN A 192.0.2.99
"""),
    "lame.test.": ([LAME1], SOA + f"""
@ IN NS ns1
@ IN NS ns2
ns1 IN A {LAME1}
ns2 IN A {LAME2}
www IN A {WEB_GOOD}
"""),
    "unrelated.test.": ([LAME2], SOA + "@ IN NS ns.invalid.\n"),
    "vpc.test.": ([VPC], SOA + f"""
@ IN NS ns
ns IN A {VPC}
db IN A 10.53.0.20
"""),
}

# The second example.test server disagrees about one name.
EX2_EXTRA = f"flaky IN A {WEB_GOOD}\n"
EX1_EXTRA = f"flaky IN A {WEB_OTHER}\n"

PROVIDERS = [{"provider": "Test Apps", "suffixes": ["apps.cloud"], "signal": "nxdomain",
              "fingerprint": "NXDOMAIN", "status": "vulnerable",
              "source": "https://example.invalid/apps"},
             # A body fingerprint: web.cdn.cloud's server greets the name it was asked for.
             {"provider": "Test CDN", "suffixes": ["cdn.cloud"], "signal": "body",
              "fingerprint": "a page reading \"hello mismatch.example.test\"",
              "status": "edge-case", "source": "https://example.invalid/cdn"}]

HTTPS_SERVER = r'''
import http.server, json, ssl, sys, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        mode = self.server.mode
        if mode.startswith("redirect:"):
            self.send_response(301)
            self.send_header("Location", mode[len("redirect:"):])
        else:
            self.send_response(200)
            self.send_header("Strict-Transport-Security", "max-age=31536000")
        body = b"hello " + (self.headers.get("Host") or "").encode() + b"\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
servers = []
for addr, cert, key, mode in json.load(open(sys.argv[1])):
    s = http.server.ThreadingHTTPServer((addr, 443), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    s.socket = ctx.wrap_socket(s.socket, server_side=True)
    s.mode = mode
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
print("ready", flush=True)
threading.Event().wait()
'''


class Net:
    """One network namespace with ADDRS on its loopback, and the processes started in it."""

    def __init__(self, tmp: str):
        self.name = f"canon-tc-{os.getpid()}"
        self.tmp = tmp
        self.procs = []
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        self.run(["ip", "link", "set", "lo", "up"])
        for a in ADDRS:
            self.run(["ip", "addr", "add", f"{a}/32", "dev", "lo"])

    def cmd(self, argv):
        return ["ip", "netns", "exec", self.name] + argv

    def run(self, argv, **kw):
        return subprocess.run(self.cmd(argv), check=True, capture_output=True, text=True, **kw)

    def start(self, argv, log):
        p = subprocess.Popen(self.cmd(argv), stdout=open(log, "w"), stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(p)
        return p

    def close(self):
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


def write(path: str, text: str) -> str:
    with open(path, "w") as f:
        f.write(text)
    return path


def start_dns(net: Net, bindir: str, tmp: str) -> None:
    by_server = {}
    for origin, (servers, text) in ZONES.items():
        for s in servers:
            extra = EX1_EXTRA if s == EX1 and origin == "example.test." else ""
            extra = EX2_EXTRA if s == EX2 and origin == "example.test." else extra
            fname = f"{(origin.strip('.') or 'root')}-{s}.zone"
            by_server.setdefault(s, []).append((origin, write(os.path.join(tmp, fname), text + extra)))
    for s, zones in by_server.items():
        argv = [os.path.join(bindir, "canond"), "--listen", f"{s}:53", "--workers", "1"]
        for origin, path in zones:
            argv += ["--zone", f"{origin}={path}"]
        net.start(argv, os.path.join(tmp, f"canond-{s}.log"))
    deadline = time.monotonic() + 30
    for s, zones in by_server.items():
        while True:
            r = subprocess.run(net.cmd(["dig", f"@{s}", zones[0][0], "SOA", "+norec", "+time=1",
                                        "+tries=1", "+short"]), capture_output=True, text=True)
            if r.returncode == 0 and r.stdout.strip():
                break
            if time.monotonic() > deadline:
                log = open(os.path.join(tmp, f"canond-{s}.log")).read()
                raise RuntimeError(f"canond on {s} not ready:\n{log}")
            time.sleep(0.1)


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd)


def make_certs(tmp: str) -> dict:
    """A test CA and leaf certificates signed by it; returns {label: (cert, key)}."""
    d = os.path.join(tmp, "pki")
    os.makedirs(os.path.join(d, "new"))
    write(os.path.join(d, "index.txt"), "")
    write(os.path.join(d, "serial"), "1000\n")
    write(os.path.join(d, "ca.cnf"), textwrap.dedent(f"""\
        [ca]
        default_ca = tca
        [tca]
        database = {d}/index.txt
        new_certs_dir = {d}/new
        serial = {d}/serial
        default_md = sha256
        policy = pol
        copy_extensions = copy
        unique_subject = no
        [pol]
        commonName = supplied
        """))
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
            "-subj", "/CN=Canon Test CA", cwd=d)
    leaves = {
        "good": (["www.example.test"], "-days", "30"),
        "other": (["web.cdn.cloud", "*.cdn.cloud"], "-days", "30"),
        "expired": (["expired.example.test"], "-enddate", "20210101000000Z"),
        "redir": (["redir.example.test"], "-days", "30"),
    }
    out = {}
    for label, (names, opt, val) in leaves.items():
        san = ",".join(f"DNS:{n}" for n in names)
        openssl("req", "-new", *ec, "-keyout", f"{label}.key", "-out", f"{label}.csr",
                "-subj", f"/CN={names[0]}", "-addext", f"subjectAltName={san}", cwd=d)
        dates = ["-startdate", "20200101000000Z", opt, val] if label == "expired" else [opt, val]
        openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                "-in", f"{label}.csr", "-out", f"{label}.pem", "-notext", *dates, cwd=d)
        out[label] = (os.path.join(d, f"{label}.pem"), os.path.join(d, f"{label}.key"))
    out["ca"] = (os.path.join(d, "ca.pem"), "")
    return out


def start_https(net: Net, tmp: str, certs: dict) -> None:
    conf = [
        [WEB_GOOD, *certs["good"], "ok"],
        [WEB_OTHER, *certs["other"], "ok"],
        [WEB_EXPIRED, *certs["expired"], "ok"],
        [WEB_REDIR, *certs["redir"], "redirect:https://www.example.test/"],
    ]
    script = write(os.path.join(tmp, "https_server.py"), HTTPS_SERVER)
    cfg = write(os.path.join(tmp, "https.json"), json.dumps(conf))
    log = os.path.join(tmp, "https.log")
    net.start([sys.executable, script, cfg], log)
    deadline = time.monotonic() + 20
    while "ready" not in open(log).read():
        if time.monotonic() > deadline:
            raise RuntimeError("https servers not ready:\n" + open(log).read())
        time.sleep(0.1)


def flags(j) -> dict:
    return {f["code"]: f for f in j["flags"]}


def test_trace(net: Net, canon: str, c: peers.Checks, tmp: str) -> None:
    def trace(name, *extra):
        r = subprocess.run(net.cmd([canon, "trace", "--root", ROOT, "--timeout", "700", "--json",
                                    name, *extra]), capture_output=True, text=True)
        try:
            return r.returncode, json.loads(r.stdout)
        except json.JSONDecodeError:
            c.check(f"trace {name} prints JSON", False, r.stdout[-800:] + r.stderr[-800:])
            return r.returncode, {"branches": [], "flags": [], "chain": [], "outcome": ""}

    # --hints: the same walk from a root-hints file (NS at the root and its address) instead of
    # --root, as an operator of a private root would run it.
    hints = write(os.path.join(tmp, "hints.zone"),
                  f". 3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A {ROOT}\n")
    r = subprocess.run(net.cmd([canon, "trace", "--hints", hints, "--timeout", "700", "--json",
                                "www.example.test"]), capture_output=True, text=True)
    try:
        hj = json.loads(r.stdout)
        first = hj["branches"][0]["steps"][0]
        c.check("--hints: the walk starts at the hinted root", first["zone"] == "." and
                 [s["address"] for s in first["servers"]] == [ROOT], first)
        c.check("--hints: same outcome as --root", len(hj["branches"]) == 2, hj.get("chain"))
    except (json.JSONDecodeError, KeyError, IndexError) as e:
        c.check("--hints prints the walk as JSON", False, f"{e}: {r.stdout[-400:]}{r.stderr[-400:]}")

    # A chain across two operators: example.test (two servers) → cdn.cloud (another TLD).
    rc, j = trace("www.example.test")
    b = j["branches"]
    c.check("www: two branches", len(b) == 2, json.dumps(j["chain"]))
    if len(b) == 2:
        zones0 = [s["zone"] for s in b[0]["steps"]]
        c.check("www: walks . test. example.test.", zones0 == [".", "test.", "example.test."], zones0)
        kinds0 = [s["kind"] for s in b[0]["steps"]]
        c.check("www: referral, referral, CNAME", kinds0 == ["referral", "referral", "CNAME"], kinds0)
        last = b[0]["steps"][-1]
        c.check("www: both example.test servers asked",
                 sorted(s["address"] for s in last["servers"]) == [EX1, EX2], last["servers"])
        c.check("www: server names shown", {s["server"] for s in last["servers"]} ==
                 {"ns1.example.test.", "ns2.example.test."})
        c.check("www: CNAME TTL and time", last["servers"][0]["ttl"] == 3600 and
                 last["servers"][0]["elapsed_ms"] >= 0, last["servers"][0])
        c.check("www: second branch from the root via CNAME",
                 b[1]["via"] == "CNAME" and b[1]["steps"][0]["zone"] == "." and
                 [s["zone"] for s in b[1]["steps"]] == [".", "cloud.", "cdn.cloud."], b[1])
    c.check("www: answer", j["outcome"] == "answer" and j["addresses"] == [WEB_GOOD], j["outcome"])
    c.check("www: no flags, exit 0", j["flags"] == [] and rc == 0, j["flags"])

    # DNAME: one hop, the synthesised target walked from the root.
    rc, j = trace("www.legacy.example.test")
    c.check("dname: branch via DNAME", len(j["branches"]) == 2 and
             j["branches"][0]["end"] == "DNAME" and j["branches"][1]["via"] == "DNAME" and
             j["chain"] == ["www.legacy.example.test.", "www.new.cdn.cloud."], j["chain"])
    c.check("dname: answer", j["outcome"] == "answer" and j["addresses"] == [WEB_GOOD])

    # A loop across two zones.
    rc, j = trace("loop1.example.test")
    f = flags(j)
    c.check("loop: flagged", "loop" in f and f["loop"]["severity"] == "error", j["flags"])
    c.check("loop: chain comes back", j["chain"] == ["loop1.example.test.", "loop2.cdn.cloud.",
                                                      "loop1.example.test."], j["chain"])
    c.check("loop: exit 2", rc == 2, rc)

    # Dangling targets: NXDOMAIN (under a provider suffix) and NODATA.
    rc, j = trace("gone.example.test")
    f = flags(j)
    c.check("dangling nxdomain: flagged", "dangling" in f and j["outcome"] == "NXDOMAIN" and
             f["dangling"]["name"] == "deleted.apps.cloud.", j["flags"])
    rc, j = trace("empty.example.test")
    c.check("dangling nodata: flagged", "dangling" in flags(j) and j["outcome"] == "NODATA",
             j["flags"])

    # A chain of 9 aliases: longer than CoreDNS follows (8), within the others.
    rc, j = trace("c1.example.test")
    f = flags(j)
    c.check("long chain: 10 names, answer", len(j["chain"]) == 10 and j["outcome"] == "answer",
             j["chain"])
    c.check("long chain: CoreDNS named, BIND not", "chain-length" in f and
             "CoreDNS" in f["chain-length"]["message"] and "BIND" not in f["chain-length"]["message"],
             j["flags"])

    # A lame server: ns2.lame.test does not serve lame.test.
    rc, j = trace("www.lame.test")
    f = flags(j)
    c.check("lame: answer still found", j["outcome"] == "answer", j["outcome"])
    c.check("lame: ns2 flagged", "lame" in f and LAME2 in f["lame"]["message"], j["flags"])
    lame_step = j["branches"][0]["steps"][-1]
    by_addr = {s["address"]: s for s in lame_step["servers"]}
    c.check("lame: REFUSED, lame", by_addr.get(LAME2, {}).get("kind") == "REFUSED" and
             by_addr[LAME2]["lame"], lame_step["servers"])

    # Servers that disagree.
    rc, j = trace("flaky.example.test")
    c.check("disagreement: flagged", "disagreement" in flags(j) and
             j["branches"][0]["steps"][-1]["disagree"], j["flags"])

    # The VPC smell: public TLD servers delegate to a private address.
    rc, j = trace("db.vpc.test")
    f = flags(j)
    c.check("private delegation: flagged", "private-delegation" in f and
             VPC in f["private-delegation"]["message"], j["flags"])
    c.check("private delegation: still answers here", j["addresses"] == ["10.53.0.20"])

    # --resolver: canond is not recursive, so ask the authoritative server itself (RD=1): the
    # chain comes back in one answer since canond follows CNAMEs across the zones it serves.
    r = subprocess.run(net.cmd([canon, "trace", "--resolver", CDN, "--json", "c2.cdn.cloud"]),
                       capture_output=True, text=True)
    j = json.loads(r.stdout)
    c.check("resolver mode: one step, chain from the answer", j["mode"] == "resolver" and
             j["chain"] == ["c2.cdn.cloud.", "c3.example.test."] and
             len(j["branches"][0]["steps"]) == 1, j)
    r = subprocess.run(net.cmd([canon, "trace", "--compare-resolvers", f"{EX1},{EX2}", "--json",
                                "flaky.example.test"]), capture_output=True, text=True)
    j = json.loads(r.stdout)
    c.check("compare: two resolvers, disagree", len(j["resolvers"]) == 2 and
             any(fl["code"] == "resolvers-disagree" for fl in j["flags"]), j.get("flags"))

    # Text, SVG and HTML outputs of the loop.
    svg = os.path.join(tmp, "loop.svg")
    html = os.path.join(tmp, "loop.html")
    r = subprocess.run(net.cmd([canon, "trace", "--root", ROOT, "--svg", svg, "--html", html,
                                "gone.example.test"]), capture_output=True, text=True)
    c.check("text: names the zones and the flag", "example.test." in r.stdout and
             "dangling" in r.stdout and "\033[" not in r.stdout, r.stdout[-600:])
    s = open(svg).read() if os.path.exists(svg) else ""
    c.check("svg: zone nodes", 'class="node zone" id="b0s2" data-label="example.test."' in s, s[:300])
    c.check("svg: server node", f"{EX1} · CNAME" in s)
    c.check("svg: alias edge to next branch", 'data-from="b0s2r0" data-to="b1"' in s)
    c.check("svg: failed end in red", 'class="node end failed" id="b1end" data-label="NXDOMAIN"' in s)
    h = open(html).read() if os.path.exists(html) else ""
    c.check("html: self-contained with inline svg", "<svg" in h and "<script" not in h and
             "dangling" in h and "http" not in h.replace("http://www.w3.org/2000/svg", ""))
    screenshot(html, tmp, c)


def screenshot(html: str, tmp: str, c: peers.Checks) -> None:
    """Renders the report in headless Chromium, when installed, and checks the graph has ink."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("skip: chromium is not installed; no screenshot of the HTML report")
        return
    png = os.path.join(tmp, "report.png")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", f"--screenshot={png}", "--window-size=1400,1000",
                    f"file://{html}"], capture_output=True, timeout=60)
    data = open(png, "rb").read() if os.path.exists(png) else b""
    c.check("html: chromium screenshot", data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000,
             f"{len(data)} bytes")


def test_check(net: Net, canon: str, c: peers.Checks, tmp: str, ca: str, providers: str) -> None:
    def check(name, *extra):
        r = subprocess.run(net.cmd([canon, "check", "--root", ROOT, "--timeout", "700", "--ca", ca,
                                    "--providers", providers, "--json", name, *extra]),
                           capture_output=True, text=True)
        try:
            return r.returncode, json.loads(r.stdout)
        except json.JSONDecodeError:
            c.check(f"check {name} prints JSON", False, r.stdout[-800:] + r.stderr[-800:])
            return r.returncode, {"layers": {}, "verdict": [], "takeover": []}

    rc, j = check("www.example.test")
    L = j["layers"]
    c.check("good: all layers pass, exit 0", rc == 0 and j["ok"] and L["dns"]["ok"] and
             L["tls"]["ok"] and L["http"]["ok"], json.dumps(j)[:1500])
    ep = L["tls"]["endpoints"][0] if L.get("tls", {}).get("endpoints") else {}
    c.check("good: cert details", ep.get("sans") == ["www.example.test"] and
             "Canon Test CA" in ep.get("issuer", "") and ep.get("not_after", "").endswith("Z"), ep)
    c.check("good: HSTS reported", L.get("http", {}).get("hsts") == "max-age=31536000")

    rc, j = check("mismatch.example.test")
    L = j["layers"]
    ep = L["tls"]["endpoints"][0] if L.get("tls", {}).get("endpoints") else {}
    c.check("other name: DNS ok, TLS fails, exit 1", rc == 1 and L["dns"]["ok"] and
             not L["tls"]["ok"] and ep.get("verified") and not ep.get("covers_name"), ep)
    v = " ".join(j["verdict"])
    c.check("other name: verdict names the fix", "DNS is fine" in v and "A CNAME can't fix this" in v
             and "web.cdn.cloud" in v and "mismatch.example.test" in v, v)

    tk = {t["target"]: t for t in j.get("takeover", [])}
    c.check("other name: body fingerprint rates the CDN target potential (edge case)",
             tk.get("web.cdn.cloud.", {}).get("rating") == "potential" and
             "hello mismatch.example.test" in tk["web.cdn.cloud."].get("reason", ""), tk)

    rc, j = check("expired.example.test")
    ep = j["layers"]["tls"]["endpoints"][0] if j["layers"].get("tls", {}).get("endpoints") else {}
    c.check("expired: flagged", rc == 1 and ep.get("expired") and ep.get("covers_name") and
             "expired on 2021-01-01" in " ".join(j["verdict"]), j["verdict"])

    rc, j = check("redir.example.test")
    hops = j["layers"]["http"]["hops"]
    c.check("redirect: two hops, leaves the name", len(hops) == 2 and hops[0]["status"] == 301 and
             hops[0]["location"] == "https://www.example.test/" and hops[0]["leaves_name"] is True
             and hops[1]["leaves_name"] is False and hops[1]["status"] == 200, hops)
    c.check("redirect: passes", rc == 0 and j["ok"], j["verdict"])

    rc, j = check("gone.example.test")
    tk = j["takeover"]
    c.check("dangling: DNS fails, takeover confirmed", rc == 1 and not j["layers"]["dns"]["ok"] and
             len(tk) == 1 and tk[0]["rating"] == "confirmed" and tk[0]["owner"] == "gone.example.test.",
             json.dumps(j)[:1200])
    c.check("dangling: verdict", "dangles" in " ".join(j["verdict"]), j["verdict"])

    rc, j = check("loop1.example.test")
    c.check("loop: DNS fails", rc == 1 and "loops" in " ".join(j["verdict"]), j["verdict"])

    zone = write(os.path.join(tmp, "check.zone"), SOA + f"""
@ IN NS ns1.example.test.
mail IN MX 10 www.example.test.
old IN CNAME deleted.apps.cloud.
ok IN CNAME www.cdn.cloud.
_sip._tcp IN SRV 0 0 5060 nowhere.example.test.
""")
    r = subprocess.run(net.cmd([canon, "check", "--root", ROOT, "--timeout", "700", "--providers",
                                providers, "--json", "--zone", f"z.test.={zone}"]),
                       capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
    except json.JSONDecodeError:
        j = {"targets": []}
    t = {(x["owner"], x["type"]): x for x in j["targets"]}
    c.check("zone: five targets", len(t) == 5, r.stdout[-800:] + r.stderr[-400:])
    c.check("zone: MX to an alias", "alias" in " ".join(t.get(("mail.z.test.", "MX"), {}).get("problems", [])))
    c.check("zone: dangling CNAME, takeover", not t.get(("old.z.test.", "CNAME"), {}).get("ok", True) and
             t[("old.z.test.", "CNAME")]["takeover"][0]["rating"] == "confirmed")
    c.check("zone: good CNAME ok", t.get(("ok.z.test.", "CNAME"), {}).get("ok") is True)
    c.check("zone: SRV target dangles", t.get(("_sip._tcp.z.test.", "SRV"), {}).get("outcome") == "NXDOMAIN")
    c.check("zone: exit 1", r.returncode == 1, r.returncode)

    r = subprocess.run([canon, "check"], capture_output=True, text=True)
    c.check("usage: exit 64", r.returncode == 64, r.returncode)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/bin")
    args = ap.parse_args()
    bindir = os.path.abspath(args.bin)
    canon = os.path.join(bindir, "canon")
    c = peers.Checks(verbose=False)
    tmp = tempfile.mkdtemp(prefix="canon-tc-")
    try:
        net = Net(tmp)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"cannot create a network namespace ({e}); this test needs root and iproute2")
        print("0 passed, 1 failed")
        return 1
    try:
        start_dns(net, bindir, tmp)
        certs = make_certs(tmp)
        start_https(net, tmp, certs)
        providers = write(os.path.join(tmp, "providers.json"), json.dumps(PROVIDERS))
        test_trace(net, canon, c, tmp)
        test_check(net, canon, c, tmp, certs["ca"][0], providers)
    finally:
        net.close()
        if c.failed == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
