// Deferred queries: a query that needs network I/O before it can be answered.
//
// The workers answer from memory and never wait. When respond() reports that an answer needs
// data from the network (a Deferral: an ALIAS target outside the zones that is not cached,
// or a recursive lookup, issue 5), the worker first asks the sink's answer_now() (a resolver
// cache hit, answered on the worker's thread), else copies the query into a DeferredQuery
// and hands it to the DeferredSink, then goes on with its batch. The sink's own
// thread does the I/O with non-blocking sockets, and when it has the data it answers the
// query itself through `reply`, exactly once (with an empty span when it gives up: nothing
// is sent). For UDP, `reply` sends the datagram on the worker's socket (sendto(2) is
// thread-safe, the socket outlives the sink's thread); for TCP it hands the answer back to
// the TCP thread, which never waits for it (tcp_deferred.h, tcp_completions.h).
//
//   // worker, after respond(..., &deferral) returned 0 with deferral.needed:
//   defer_udp(sink, fd, peer, peer_len, query, deferral);   // drops the query when overloaded
//
// A sink must: take submit() from any thread without blocking on I/O (a short lock to queue
// is allowed), bound its queue (submit() returns false when full), answer every accepted
// query within a bounded time, and run `reply` on its own thread.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "auth/alias.h"
#include "auth/responder.h"

namespace canon::resolver {
struct ViewChoice;
}

namespace canon::server {

struct DeferredQuery {
  std::vector<uint8_t> packet;  // the client's query, as received
  Transport transport = Transport::kUdp;
  Deferral need;              // what respond() asked for
  sockaddr_storage client{};  // the client's address: the resolver picks its view by it
  std::function<void(std::span<const uint8_t> answer)> reply;
};

class DeferredSink {
 public:
  virtual ~DeferredSink() = default;
  // Takes the query, or returns false (queue full, stopping): the caller then drops it.
  virtual bool submit(DeferredQuery&& q) = 0;
  // The answer from memory alone, on the caller's thread, written into `out` (a cache hit:
  // the resolver's cache holds it); 0 when the query must be submit()ted. Must not block.
  // `chosen`, when not null, is the client's view already picked (resolver_service.h).
  virtual size_t answer_now(std::span<const uint8_t> /*query*/, const sockaddr_storage& /*client*/,
                            Transport /*transport*/, std::span<uint8_t> /*out*/,
                            const resolver::ViewChoice* /*chosen*/) {
    return 0;
  }
};

// A reply function that sends the answer to `peer` on the UDP socket `fd`.
std::function<void(std::span<const uint8_t>)> udp_reply(int fd, const sockaddr_storage& peer,
                                                        socklen_t peer_len);

// Hands a UDP query to `sink` (nothing happens when sink is nullptr). Returns whether taken.
bool defer_udp(DeferredSink* sink, int fd, const sockaddr_storage& peer, socklen_t peer_len,
               std::span<const uint8_t> query, const Deferral& need);

}  // namespace canon::server
