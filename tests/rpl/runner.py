"""runner: plays one scenario against canond; run inside the scenario's network namespace.

    python3 -m rpl.runner SCENARIO.rpl --bin DIR --dir TMP [-v]

Starts the fake upstreams and canond (mapped config, CANOND_TEST_CLOCK=TMP/clock), then runs
the steps in order and prints one JSON line: {"result": "passed"|"failed", "step", "detail"}.
Step semantics (testbound's, as far as a real resolver allows):
  QUERY            send the entry's query to canond (UDP, from 127.0.0.1); ranges are matched
                   at the next step's number, as testbound answers pending queries there
  CHECK_ANSWER     an answer from canond that the entry's MATCH accepts (waits for it)
  CHECK_OUT_QUERY  canond sent a query the entry matches (pending, or not yet checked)
  REPLY            the entry answers the newest pending query it matches (copy_id etc.)
  TIMEOUT / ERROR  the newest pending query is dropped, unanswered
  TIME_PASSES ELAPSE s   canond's test clock moves s seconds on
  NOTHING / TRAFFIC      nothing to do (TRAFFIC: a short wait for queries in flight)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import rpl  # noqa: E402,F401  (makes dnspython importable)
import dns.message  # noqa: E402

from rpl import compare, config_map, fake_server, parser  # noqa: E402

WAIT_ANSWER = 12.0  # canond answers every accepted query within about 6 s
WAIT_UPSTREAM = 5.0


class StepFailed(Exception):
    def __init__(self, step: parser.Step, detail: str, parts: list[str] | None = None) -> None:
        super().__init__(detail)
        self.step = step
        self.detail = detail
        self.parts = parts or ["other"]  # what differed: "ANSWER", "flags", "rcode", ...


class Canond:
    def __init__(self, bindir: str, tmp: str, mapped: config_map.Mapped) -> None:
        for name, text in mapped.files.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        self.conf = os.path.join(tmp, "canond.toml")
        with open(self.conf, "w") as f:
            f.write(mapped.toml)
        self.clock = os.path.join(tmp, "clock")
        self.offset_ms = 0
        self.set_clock(0)
        env = dict(os.environ, CANOND_TEST_CLOCK=self.clock)
        self.log = os.path.join(tmp, "canond.log")
        self.proc = subprocess.Popen([os.path.join(bindir, "canond"), "--config", self.conf],
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, cwd=tmp)
        end = time.time() + 10
        while time.time() < end:  # ready when its TCP listener accepts (sends no query)
            if self.proc.poll() is not None:
                raise RuntimeError("canond exited:\n" + open(self.log).read())
            try:
                socket.create_connection(("127.0.0.1", 53), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("canond did not start")

    def set_clock(self, offset_ms: int) -> None:
        self.offset_ms = offset_ms
        tmp = self.clock + ".new"
        with open(tmp, "w") as f:
            f.write(f"{offset_ms}\n")
        os.replace(tmp, self.clock)  # canond reads the whole file or the old one

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Client:
    """Queries sent to canond and the answers received, in order."""

    def __init__(self) -> None:
        self.outstanding: list[tuple[socket.socket, dns.message.Message]] = []
        self.answers: list[dns.message.Message] = []

    def send(self, entry: parser.Entry) -> None:
        msg = compare.build_message(entry, None)
        msg.id = random.randint(0, 65535)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.sendto(msg.to_wire(), ("127.0.0.1", 53))
        self.outstanding.append((s, msg))

    def poll(self, timeout: float) -> None:
        if not self.outstanding:
            time.sleep(timeout)
            return
        ready, _, _ = select.select([s for s, _ in self.outstanding], [], [], timeout)
        for s in ready:
            data = s.recv(65535)
            try:
                ans = dns.message.from_wire(data)
            except Exception as e:
                ans = None
                self.answers.append(("unparsable", str(e)))  # type: ignore[arg-type]
            if ans is not None:
                self.answers.append(ans)
            self.outstanding = [(x, m) for x, m in self.outstanding if x is not s]
            s.close()


class Run:
    def __init__(self, sc: parser.Scenario, canond: Canond, up: fake_server.FakeUpstream,
                 verbose: bool, minimal: bool = False) -> None:
        self.sc, self.canond, self.up, self.verbose = sc, canond, up, verbose
        self.minimal = minimal
        self.client = Client()

    def say(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    def run(self) -> None:
        steps = self.sc.steps
        for i, st in enumerate(steps):
            self.say(f"STEP {st.num} {st.kind} {' '.join(st.args)}")
            self.up.set_step(st.num)
            if st.kind == "QUERY":
                if i + 1 < len(steps):
                    self.up.set_step(steps[i + 1].num)
                self.client.send(st.entry)
            elif st.kind == "CHECK_ANSWER":
                self.check_answer(st)
            elif st.kind == "CHECK_OUT_QUERY":
                self.check_out_query(st)
            elif st.kind == "REPLY":
                self.reply(st)
            elif st.kind in ("TIMEOUT", "ERROR"):
                self.drop(st)
            elif st.kind == "TIME_PASSES":
                secs = float(st.args[st.args.index("ELAPSE") + 1])
                self.canond.set_clock(self.canond.offset_ms + int(secs * 1000))
            elif st.kind == "TRAFFIC":
                time.sleep(0.2)
            elif st.kind == "NOTHING":
                pass
            else:
                raise StepFailed(st, f"step kind {st.kind} is not supported")

    def check_answer(self, st: parser.Step) -> None:
        end = time.time() + WAIT_ANSWER
        while True:
            for k, a in enumerate(self.client.answers):
                if isinstance(a, tuple):
                    continue
                if not compare.answer_diff(st.entry, a, self.minimal):
                    self.say(f"  answer ok:\n{a.to_text()}")
                    del self.client.answers[k]
                    return
            if time.time() >= end or (not self.client.outstanding and self.client.answers):
                break
            self.client.poll(min(0.2, max(0.0, end - time.time())))
        if not self.client.answers:
            raise StepFailed(st, "no answer from canond\nupstream queries:\n" +
                             self.up.describe())
        a = self.client.answers[0]
        if isinstance(a, tuple):
            raise StepFailed(st, f"unparsable answer: {a[1]}")
        diff = compare.answer_diff(st.entry, a, self.minimal)
        raise StepFailed(st, "\n".join(diff) + "\n  canond's answer:\n    " +
                         a.to_text().replace("\n", "\n    ") + "\n  upstream queries:\n" +
                         self.up.describe(), [d.split(":")[0] for d in diff])

    def check_out_query(self, st: parser.Step) -> None:
        q = self.up.wait_for(lambda q: not q.checked and not q.answered and not q.dropped
                             and compare.upstream_matches(st.entry, q.msg, q.tcp), WAIT_UPSTREAM)
        if q is None:
            q = self.up.wait_for(lambda q: not q.checked and
                                 compare.upstream_matches(st.entry, q.msg, q.tcp), 0)
        if q is None:
            want = st.entry.question.text() if st.entry.question else "?"
            raise StepFailed(st, f"canond sent no query matching {want} "
                             f"({' '.join(st.entry.match)})\nupstream queries:\n" +
                             self.up.describe())
        q.checked = True
        self.say(f"  out query ok: {q.msg.question[0]} to {q.address}")

    def reply(self, st: parser.Step) -> None:
        q = self.up.wait_for(lambda q: not q.answered and not q.dropped and
                             compare.upstream_matches(st.entry, q.msg, q.tcp), WAIT_UPSTREAM)
        if q is None:
            raise StepFailed(st, "no pending upstream query for this REPLY\nupstream queries:\n"
                             + self.up.describe())
        self.up.reply(q, st.entry)
        self.say(f"  replied to {q.msg.question[0]} at {q.address}")

    def drop(self, st: parser.Step) -> None:
        """The newest pending query goes unanswered. How many tries a resolver makes before it
        gives up is its own choice (Unbound's outbound-msg-retry), so once canond has answered
        the client there may be nothing left to drop: that is not a failure."""
        end = time.time() + WAIT_ANSWER
        while time.time() < end:
            q = self.up.wait_for(lambda q: not q.answered and not q.dropped, 0.2)
            if q is not None:
                q.dropped = True
                self.say(f"  dropped {q.msg.question[0]} at {q.address}")
                return
            self.client.poll(0)
            if self.client.answers:
                self.say("  nothing pending (canond has answered)")
                return
        raise StepFailed(st, f"no pending upstream query to {st.kind}\nupstream queries:\n"
                         + self.up.describe())


def upstream_addresses(sc: parser.Scenario, mapped: config_map.Mapped) -> set[str]:
    out = set(mapped.addresses)
    for rg in sc.ranges:
        out |= set(rg.addresses)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--minimal", action="store_true",
                    help="leave NS sets and glue out of answer comparisons (informational)")
    a = ap.parse_args()
    sc = parser.parse(a.scenario)
    mapped = config_map.map_config(sc.config)
    up = fake_server.FakeUpstream(sc.ranges, upstream_addresses(sc, mapped))
    canond = None
    result = {"result": "passed", "step": None, "detail": ""}
    try:
        canond = Canond(a.bin, a.dir, mapped)
        Run(sc, canond, up, a.verbose, a.minimal).run()
    except StepFailed as f:
        result = {"result": "failed", "step": f"STEP {f.step.num} {f.step.kind} (line "
                  f"{f.step.line})", "detail": f.detail, "parts": f.parts}
    except Exception as e:  # a harness error is a failure too, with its text
        result = {"result": "failed", "step": None, "detail": f"{type(e).__name__}: {e}"}
    finally:
        if canond:
            canond.close()
        up.close()
    if a.verbose and canond:
        print("canond log:\n" + open(canond.log).read(), file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
