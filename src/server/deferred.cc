#include "server/deferred.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>

namespace canon::server {

std::function<void(std::span<const uint8_t>)> udp_reply(int fd, const sockaddr_storage& peer,
                                                        socklen_t peer_len) {
  return [fd, peer, peer_len](std::span<const uint8_t> answer) {
    if (answer.empty()) return;
    // MSG_DONTWAIT: a full socket buffer loses this answer rather than stall the sink.
    sendto(fd, answer.data(), answer.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&peer),
           peer_len);
  };
}

bool defer_udp(DeferredSink* sink, int fd, const sockaddr_storage& peer, socklen_t peer_len,
               std::span<const uint8_t> query, const Deferral& need) {
  if (!sink) return false;
  DeferredQuery q;
  q.packet.assign(query.begin(), query.end());
  q.transport = Transport::kUdp;
  q.need = need;
  q.client = peer;
  q.reply = udp_reply(fd, peer, peer_len);
  return sink->submit(std::move(q));
}

namespace {

struct Waiter {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<uint8_t> answer;
  bool done = false;
};

}  // namespace

size_t answer_and_wait(DeferredSink& sink, std::span<const uint8_t> query, const Deferral& need,
                       Transport transport, std::span<uint8_t> out, int timeout_ms,
                       const sockaddr_storage* client) {
  // Shared: the sink may still call reply after a timeout here.
  auto w = std::make_shared<Waiter>();
  DeferredQuery q;
  q.packet.assign(query.begin(), query.end());
  q.transport = transport;
  q.need = need;
  if (client) q.client = *client;
  q.reply = [w](std::span<const uint8_t> answer) {
    std::lock_guard<std::mutex> lock(w->mu);
    w->answer.assign(answer.begin(), answer.end());
    w->done = true;
    w->cv.notify_one();
  };
  if (!sink.submit(std::move(q))) return 0;
  std::unique_lock<std::mutex> lock(w->mu);
  if (!w->cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return w->done; }))
    return 0;
  if (w->answer.size() > out.size()) return 0;
  std::memcpy(out.data(), w->answer.data(), w->answer.size());
  return w->answer.size();
}

}  // namespace canon::server
