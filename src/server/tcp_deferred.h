// TcpDeferrals: the TCP loop's queries that wait on a resolver thread (deferred.h). Each one
// gets a token; the sink's reply posts the answer under it to TcpCompletions, and the loop
// finish()es the token to learn which connection it belongs to. A query whose answer does not
// come by its deadline expire()s: the loop answers it SERVFAIL itself (write_servfail) and a
// late answer then finds no entry and is dropped, so no connection waits on a sink forever.
//
//   TcpDeferrals d(completions);
//   if (!d.submit(*sink, conn.id, conn.peer, query, need, now + 10000)) answer SERVFAIL now;
//   for (auto& c : completions->take()) if (auto e = d.finish(c.token)) deliver(e->conn, ...);
//   for (auto& e : d.expire(now)) deliver(e.conn, servfail for e.query);
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/deferred.h"
#include "server/tcp_completions.h"

namespace canon::server {

class TcpDeferrals {
 public:
  struct Entry {
    uint64_t conn = 0;
    sockaddr_storage client{};
    std::vector<uint8_t> query;  // kept for the query log and for a SERVFAIL on expiry
  };

  explicit TcpDeferrals(std::shared_ptr<TcpCompletions> completions)
      : completions_(std::move(completions)) {}

  // Hands `query` to `sink` for connection `conn`. False when the sink refused it.
  // Deadlines must not go backwards from one call to the next (the loop uses now + a constant).
  bool submit(DeferredSink& sink, uint64_t conn, const sockaddr_storage& client,
              std::span<const uint8_t> query, const Deferral& need, int64_t deadline_ms);
  // The entry `token` answers, removed; nullopt when it already expired.
  std::optional<Entry> finish(uint64_t token);
  // The entries whose deadline is at or before `now_ms`, removed, oldest first.
  std::vector<Entry> expire(int64_t now_ms);
  size_t size() const { return pending_.size(); }

 private:
  std::shared_ptr<TcpCompletions> completions_;
  uint64_t next_token_ = 1;
  std::unordered_map<uint64_t, Entry> pending_;
  // (deadline, token) in submission order, which is deadline order. Finished tokens stay
  // until their deadline and are skipped then.
  std::deque<std::pair<int64_t, uint64_t>> deadlines_;
};

// A SERVFAIL for `query` (its ID, opcode, RD and question; with an OPT carrying EDE 0 and
// `why` as EXTRA-TEXT when the query had EDNS, RFC 8914) written into `out`. Returns its
// length, or 0 when the query cannot be read back (never the case for a deferred one).
size_t write_servfail(std::span<const uint8_t> query, std::span<uint8_t> out, std::string_view why);

}  // namespace canon::server
