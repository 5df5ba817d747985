// TcpCompletions: deferred answers on their way back to the TCP loop. A resolver thread
// (deferred.h) finishes a query a TCP client asked and post()s the answer here; the eventfd
// wakes the loop's epoll_wait, and the loop take()s every answer and queues each on its
// connection, to be written when the socket is writable. Nobody waits on anybody: RFC 7766 §7
// lets answers go out as they become ready, in any order.
//
//   auto done = std::make_shared<TcpCompletions>();
//   q.reply = done->reply_for(token);            // the sink calls it once, from its thread
//   // loop: epoll on done->fd(); when readable:
//   for (auto& c : done->take()) deliver(c.token, c.answer);
//
// The queue is held by a shared_ptr that every pending reply function copies, so a sink that
// answers after the TCP loop has stopped (or been destroyed) still posts into live memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace canon::server {

struct TcpCompletion {
  uint64_t token = 0;           // the TcpDeferrals entry it answers
  std::vector<uint8_t> answer;  // empty: the sink gave up
};

class TcpCompletions : public std::enable_shared_from_this<TcpCompletions> {
 public:
  TcpCompletions();
  ~TcpCompletions();
  TcpCompletions(const TcpCompletions&) = delete;
  TcpCompletions& operator=(const TcpCompletions&) = delete;

  // The eventfd the loop polls for EPOLLIN; -1 when it could not be made.
  int fd() const { return fd_; }
  // Any thread: queues the answer and wakes the loop.
  void post(uint64_t token, std::span<const uint8_t> answer);
  // A reply function (DeferredQuery::reply) that posts under `token`.
  std::function<void(std::span<const uint8_t>)> reply_for(uint64_t token);
  // The loop: everything posted so far, oldest first (clears the eventfd).
  std::vector<TcpCompletion> take();

 private:
  int fd_ = -1;
  std::mutex mu_;
  std::vector<TcpCompletion> queue_;
};

}  // namespace canon::server
