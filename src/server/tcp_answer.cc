// TcpServer: answering (tcp_server.h): from the zones at once, or through the resolver threads
// (deferred.h) with the answer coming back through TcpCompletions.
#include <fmt/format.h>

#include "server/query_log.h"
#include "server/resolver_glue.h"
#include "server/tcp_server.h"

namespace canon::server {

void TcpServer::answer_one(TcpConn& c, const Snapshot* snap, std::span<const uint8_t> query,
                           int64_t now) {
  Deferral defer;
  // From the zones, or a resolver cache hit, which costs no hand-off.
  size_t len = snap ? respond_or_cached(*snap, shared_.deferred, c.peer, Transport::kTcp, query,
                                        answer_, &defer)
                    : 0;
  if (len == 0 && defer.needed) {
    if (shared_.deferred && deferrals_.submit(*shared_.deferred, c.id, c.peer, query, defer,
                                              now + limits_.deferred_timeout_ms)) {
      ++c.in_flight;  // answered in deliver(), whenever it comes
      return;
    }
    // UDP drops such a query; a TCP client would wait on its connection for nothing.
    len = write_servfail(query, answer_, "resolver busy");
  }
  std::span<const uint8_t> answer{answer_.data(), len};
  if (shared_.query_log) log_query(c.peer, query, answer);
  if (len > 0) c.out.push(answer);
}

void TcpServer::take_completions(int64_t now) {
  for (TcpCompletion& done : completions_->take()) {
    auto entry = deferrals_.finish(done.token);
    if (!entry) continue;  // past its deadline: it was answered SERVFAIL already
    std::span<const uint8_t> answer = done.answer;
    if (answer.empty()) {  // the sink gave up
      answer = {answer_.data(), write_servfail(entry->query, answer_, "no answer from upstream")};
    }
    if (shared_.query_log) log_query(entry->client, entry->query, answer);
    if (TcpConn* c = find(entry->conn)) {
      --c->in_flight;
      deliver(*c, answer, now);
    }
  }
}

void TcpServer::expire_deferred(int64_t now) {
  for (auto& entry : deferrals_.expire(now)) {
    std::string why = fmt::format("no answer within {} ms", limits_.deferred_timeout_ms);
    std::span<const uint8_t> answer{answer_.data(), write_servfail(entry.query, answer_, why)};
    if (shared_.query_log) log_query(entry.client, entry.query, answer);
    if (TcpConn* c = find(entry.conn)) {
      --c->in_flight;
      deliver(*c, answer, now);
    }
  }
}

void TcpServer::deliver(TcpConn& c, std::span<const uint8_t> answer, int64_t now) {
  if (!answer.empty()) {
    if (c.out.size() + answer.size() + 2 > limits_.output_limit) {
      close_conn(c);  // it has not read its answers for a long while: a slow reader
      return;
    }
    c.out.push(answer);
  }
  serve(c, now);  // frames held back by the in-flight cap may go now; then write
}

void TcpServer::log_query(const sockaddr_storage& peer, std::span<const uint8_t> query,
                          std::span<const uint8_t> answer) {
  log_buf_.clear();
  append_query_line(log_buf_, shared_.log_format, utc_timestamp(), peer, Transport::kTcp, query,
                    answer);
  write_all(shared_.log_fd, log_buf_);
}

}  // namespace canon::server
