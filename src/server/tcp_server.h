// TcpServer: DNS over TCP (RFC 7766) on one thread that never blocks: an epoll loop over
// non-blocking sockets, each connection with its own read and write buffers (tcp_conn.h).
//
//   TcpServer tcp(listen_fds, slot, shared, {.max_connections = 100, .idle_timeout_ms = 10000});
//   std::thread t([&] { tcp.run(); });   // returns once shared.stop is set
//
// - Pipelining (RFC 7766 §6.2.1.1): every complete message is answered as soon as it is read;
//   answers from the zones, or from the resolver's cache (DeferredSink::answer_now), go out
//   at once, in order. A query the resolver must finish
//   (deferred.h: recursion, an ALIAS target not cached) is handed to the sink with a reply
//   that posts to TcpCompletions; its answer is written whenever it comes, possibly after
//   later queries' answers (clients match by ID, RFC 7766 §7). The loop never waits for it.
//   If no answer comes within deferred_timeout_ms the query gets SERVFAIL (EDE 0).
// - Back-pressure: a connection stops being read while max_in_flight of its queries wait on
//   the resolver or output_pause octets of its answers wait to be written; the rest of its
//   messages stay in its input buffer. A connection whose unwritten output passes
//   output_limit (late deferred answers on top) is closed.
// - Idle timeout (tcp-idle-timeout, RFC 7766 §6.2.3): a connection with no query in flight
//   that has neither sent an octet nor taken one of its answers for that long is closed, so a
//   client stalled half-way through a message or one that stops reading is dropped too.
// - Connection cap (tcp-max-connections): past it a new connection is accepted and closed at
//   once, as BIND does past tcp-clients; the connections already open are not disturbed
//   (RFC 7766 §6.2.2). Logged once each time the cap is reached.
// - accept() failing for lack of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) stops
//   polling the listening sockets for accept_pause_ms instead of spinning on them; the
//   waiting clients stay in the kernel's backlog. Logged once per burst of failures.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "server/log.h"
#include "server/tcp_completions.h"
#include "server/tcp_conn.h"
#include "server/tcp_deferred.h"
#include "server/udp_worker.h"

namespace canon::server {

struct TcpLimits {
  size_t max_connections = 100;       // tcp-max-connections
  unsigned idle_timeout_ms = 10000;   // tcp-idle-timeout
  size_t max_in_flight = 32;          // deferred queries per connection
  size_t output_pause = 64 * 1024;    // unwritten octets at which a connection is not read
  size_t output_limit = 1024 * 1024;  // unwritten octets past which it is closed
  unsigned deferred_timeout_ms = 10000;
  unsigned accept_pause_ms = 100;
};

class TcpServer {
 public:
  TcpServer(std::vector<int> listen_fds, size_t slot, const WorkerShared& shared, TcpLimits limits);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  void run();

 private:
  // epoll_event.data.u64 of what is not a connection (connection ids count up from 1).
  static constexpr uint64_t kListenTag = uint64_t{1} << 62;  // | index into listen_fds_
  static constexpr uint64_t kWakeTag = uint64_t{1} << 63;    // the completions' eventfd

  // tcp_server.cc: the loop and the connections' life.
  void dispatch(const epoll_event& ev, int64_t now);
  void on_conn_event(TcpConn& c, uint32_t events, int64_t now);
  bool serve(TcpConn& c, int64_t now);  // answers and writes; false: c was closed
  void answer_buffered(TcpConn& c, int64_t now);
  bool may_take(const TcpConn& c) const;  // within max_in_flight and output_pause
  bool flush(TcpConn& c, int64_t now);    // false: c was closed
  void update_interest(TcpConn& c);
  void close_conn(TcpConn& c);
  void on_tick(int64_t now);
  void sweep_idle(int64_t now);
  TcpConn* find(uint64_t id);
  // tcp_accept.cc: new connections, the cap, and the pause after EMFILE.
  void accept_all(size_t index, int64_t now);
  void add_conn(int fd, const sockaddr_storage& peer, int64_t now);
  void refuse_over_cap(int fd);
  void pause_accepting(int err, int64_t now);
  void watch_listeners(bool on);
  // tcp_answer.cc: answers, deferred queries and their completions.
  void answer_one(TcpConn& c, const Snapshot* snap, std::span<const uint8_t> query, int64_t now);
  void take_completions(int64_t now);
  void deliver(TcpConn& c, std::span<const uint8_t> answer, int64_t now);
  void expire_deferred(int64_t now);
  void log_query(const sockaddr_storage& peer, std::span<const uint8_t> query,
                 std::span<const uint8_t> answer);

  std::vector<int> listen_fds_;
  size_t slot_;
  WorkerShared shared_;
  TcpLimits limits_;
  Logger log_;
  int epoll_fd_ = -1;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::unique_ptr<TcpConn>> conns_;
  std::shared_ptr<TcpCompletions> completions_;
  TcpDeferrals deferrals_;
  std::vector<uint8_t> answer_;  // one answer at a time, up to 65535 octets
  std::string log_buf_;
  int64_t last_sweep_ms_ = 0;
  // Accepting: paused after EMFILE and the like until accept_resume_ms_ (0: not paused).
  int64_t accept_resume_ms_ = 0;
  uint64_t accept_failures_ = 0;  // in the current burst; logged at its start and end
  uint64_t refused_ = 0;          // closed over the cap since it was last reached
};

}  // namespace canon::server
