#include "server/tcp_deferred.h"

#include <string>

#include "wire/edns.h"
#include "wire/query.h"
#include "wire/writer.h"

namespace canon::server {

bool TcpDeferrals::submit(DeferredSink& sink, uint64_t conn, const sockaddr_storage& client,
                          std::span<const uint8_t> query, const Deferral& need,
                          int64_t deadline_ms) {
  uint64_t token = next_token_++;
  DeferredQuery q;
  q.packet.assign(query.begin(), query.end());
  q.transport = Transport::kTcp;
  q.need = need;
  q.client = client;
  q.reply = completions_->reply_for(token);
  // Registered first: a sink may answer from its own thread before submit() returns.
  pending_.emplace(token, Entry{conn, client, {query.begin(), query.end()}});
  if (!sink.submit(std::move(q))) {
    pending_.erase(token);
    return false;
  }
  deadlines_.emplace_back(deadline_ms, token);
  return true;
}

std::optional<TcpDeferrals::Entry> TcpDeferrals::finish(uint64_t token) {
  auto it = pending_.find(token);
  if (it == pending_.end()) return std::nullopt;
  Entry e = std::move(it->second);
  pending_.erase(it);
  return e;
}

std::vector<TcpDeferrals::Entry> TcpDeferrals::expire(int64_t now_ms) {
  std::vector<Entry> out;
  while (!deadlines_.empty() && deadlines_.front().first <= now_ms) {
    if (auto e = finish(deadlines_.front().second)) out.push_back(std::move(*e));
    deadlines_.pop_front();
  }
  return out;
}

size_t write_servfail(std::span<const uint8_t> query, std::span<uint8_t> out,
                      std::string_view why) {
  auto q = parse_query(query);
  if (!q) return 0;
  Header h;
  h.id = q->header.id;
  h.opcode = q->header.opcode;
  h.qr = true;
  h.rd = q->header.rd;
  h.cd = q->header.cd;
  MessageWriter w(out, out.size());
  if (!w.start(h, q->qname.wire(), q->qtype, q->qclass)) return 0;
  w.set_rcode(Rcode::SERVFAIL);
  if (q->has_edns) {
    Edns e;
    e.dnssec_ok = q->dnssec_ok;
    e.errors.push_back({0, std::string(why)});
    w.reserve_opt(opt_rr_size(e));
    if (!w.write_opt(e)) return 0;
  }
  return w.finish();
}

}  // namespace canon::server
