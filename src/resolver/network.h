// Network: the seam between the resolver and the sockets. Every upstream query goes through
// send(), so unit tests inject answers (FakeNetwork in resolver_test_util.h) and the real
// implementation (UdpNetwork, udp_network.h) owns the spoofing defences of RFC 5452.
//
//   Result<Message> r = net.send(server, make_query(qname, RRType::A, false), Millis(800));
//   if (!r && r.error().code == kNetTimeout) ... try the next server
//
// The query's ID is chosen by the implementation; the returned message is the matching answer
// (same question, from the server's address and port), or an error.
#pragma once

#include "base/address.h"
#include "base/result.h"
#include "resolver/clock.h"
#include "wire/message.h"

namespace canon::resolver {

enum NetError : int {
  kNetTimeout = 1,  // no matching answer before the deadline
  kNetRefused = 2,  // ICMP port unreachable / TCP reset
  kNetOther = 3,    // socket errors, malformed answers
};

class Network {
 public:
  virtual ~Network() = default;
  virtual Result<Message> send(const ListenAddress& server, const Message& query,
                               Millis timeout) = 0;
};

}  // namespace canon::resolver
