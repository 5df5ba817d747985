// TcpServer: DNS over TCP (RFC 7766) on one epoll thread: 2-octet length framing (RFC 1035
// §4.2.2), pipelining (every complete message in a read is answered, in order), an idle
// timeout and a cap on open connections.
//
//   TcpServer tcp(listen_fds, slot, shared, {.max_connections = 100, .idle_timeout_ms = 10000});
//   std::thread t([&] { tcp.run(); });   // returns once shared.stop is set
//
// A connection over the cap is accepted and closed at once, so the client learns quickly. A
// client that stops reading is not read from either until its pending answers drain.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "server/udp_worker.h"

namespace canon::server {

struct TcpLimits {
  size_t max_connections = 100;
  unsigned idle_timeout_ms = 10000;
};

// Splits complete length-prefixed messages off the front of `data`. Calls `on_message` for
// each and returns how many octets they used (the rest is an incomplete message).
template <typename F>
size_t split_frames(std::span<const uint8_t> data, F&& on_message) {
  size_t pos = 0;
  while (data.size() - pos >= 2) {
    size_t len = static_cast<size_t>(data[pos] << 8 | data[pos + 1]);
    if (data.size() - pos - 2 < len) break;
    on_message(data.subspan(pos + 2, len));
    pos += 2 + len;
  }
  return pos;
}

class TcpServer {
 public:
  TcpServer(std::vector<int> listen_fds, size_t slot, const WorkerShared& shared, TcpLimits limits);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  void run();

 private:
  struct Conn;
  void accept_all(int listen_fd);
  void on_readable(Conn& c);
  void on_writable(Conn& c);
  void answer_frames(Conn& c);
  void flush(Conn& c);
  void update_interest(Conn& c);
  void close_conn(Conn& c);
  void sweep_idle(int64_t now_ms);

  std::vector<int> listen_fds_;
  size_t slot_;
  WorkerShared shared_;
  TcpLimits limits_;
  int epoll_fd_ = -1;
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::vector<uint8_t> answer_;  // one answer, with room for its length prefix
  std::string log_buf_;
};

}  // namespace canon::server
