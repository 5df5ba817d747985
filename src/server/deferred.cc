#include "server/deferred.h"

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

}  // namespace canon::server
