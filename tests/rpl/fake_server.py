"""fake_server: the scenario's scripted upstream servers, on port 53 of every range address.

One thread with a selector serves UDP and TCP on every address. A query is answered by the
first entry, in file order, of the first range that is active at the current step, lists the
address the query came to (or none) and matches (compare.upstream_matches). Every query is
logged; one that no range answers is left pending, for CHECK_OUT_QUERY / REPLY / TIMEOUT steps.
"""

from __future__ import annotations

import dataclasses
import selectors
import socket
import struct
import threading
import time

import dns.message
import dns.rdatatype

from . import compare
from .parser import Entry, Range


@dataclasses.dataclass
class Query:
    address: str  # the fake server's address it was sent to
    msg: dns.message.Message
    tcp: bool
    reply_to: object  # (sock, peer) for UDP, the connection for TCP
    answered: bool = False
    dropped: bool = False
    checked: bool = False
    when: float = 0.0


class FakeUpstream:
    def __init__(self, ranges: list[Range], addresses: set[str], port: int = 53) -> None:
        self.ranges = ranges
        self.step = 0
        self.log: list[Query] = []
        self.cond = threading.Condition()
        self.sel = selectors.DefaultSelector()
        self.socks = []
        for a in sorted(addresses):
            fam = socket.AF_INET6 if ":" in a else socket.AF_INET
            u = socket.socket(fam, socket.SOCK_DGRAM)
            u.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            u.bind((a, port))
            t = socket.socket(fam, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            t.bind((a, port))
            t.listen(16)
            self.sel.register(u, selectors.EVENT_READ, ("udp", a))
            self.sel.register(t, selectors.EVENT_READ, ("listen", a))
            self.socks += [u, t]
        self.stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        for s in self.socks:
            s.close()

    def set_step(self, n: int) -> None:
        with self.cond:
            self.step = n

    # --- serving ---
    def _loop(self) -> None:
        while not self.stop:
            for key, _ in self.sel.select(0.1):
                kind, addr = key.data
                try:
                    if kind == "udp":
                        data, peer = key.fileobj.recvfrom(65535)
                        self._handle(addr, data, False, (key.fileobj, peer))
                    elif kind == "listen":
                        conn, _ = key.fileobj.accept()
                        self.sel.register(conn, selectors.EVENT_READ, ("tcp", addr))
                    else:
                        self._read_tcp(key.fileobj, addr)
                except OSError:
                    pass

    def _read_tcp(self, conn: socket.socket, addr: str) -> None:
        head = conn.recv(2, socket.MSG_WAITALL)
        if len(head) < 2:
            self.sel.unregister(conn)
            conn.close()
            return
        (n,) = struct.unpack("!H", head)
        data = conn.recv(n, socket.MSG_WAITALL)
        self._handle(addr, data, True, conn)

    def _handle(self, addr: str, data: bytes, tcp: bool, reply_to) -> None:
        try:
            msg = dns.message.from_wire(data)
        except Exception:
            return
        q = Query(addr, msg, tcp, reply_to, when=time.time())
        with self.cond:
            entry = self._find(addr, msg, tcp)
            self.log.append(q)
            if entry is not None:
                self._send(q, entry)
            self.cond.notify_all()

    def _find(self, addr: str, msg: dns.message.Message, tcp: bool) -> Entry | None:
        for rg in self.ranges:
            if not rg.active(self.step):
                continue
            if rg.addresses and addr not in rg.addresses:
                continue
            for e in rg.entries:
                if compare.upstream_matches(e, msg, tcp):
                    return e
        return None

    def _send(self, q: Query, entry: Entry) -> None:
        reply = compare.build_message(entry, q.msg)
        wire = reply.to_wire(max_size=65535)
        try:
            if q.tcp:
                q.reply_to.sendall(struct.pack("!H", len(wire)) + wire)
            else:
                sock, peer = q.reply_to
                sock.sendto(wire, peer)
        except OSError:
            pass
        q.answered = True

    # --- what the steps use ---
    def pending(self) -> list[Query]:
        return [q for q in self.log if not q.answered and not q.dropped]

    def wait_for(self, pred, timeout: float) -> Query | None:
        """The newest query for which pred(q) holds, waiting up to timeout seconds."""
        end = time.time() + timeout
        with self.cond:
            while True:
                for q in reversed(self.log):
                    if pred(q):
                        return q
                left = end - time.time()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def reply(self, q: Query, entry: Entry) -> None:
        with self.cond:
            self._send(q, entry)

    def describe(self) -> str:
        with self.cond:
            out = []
            for q in self.log:
                qq = q.msg.question[0] if q.msg.question else None
                state = "answered" if q.answered else ("dropped" if q.dropped else "pending")
                out.append(f"  {q.address}{'/tcp' if q.tcp else ''} {qq.name if qq is not None else '-'} "
                           f"{dns.rdatatype.to_text(qq.rdtype) if qq is not None else ''} {state}")
            return "\n".join(out)

