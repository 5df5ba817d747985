// UdpNetwork: the real Network. One fresh UDP socket per query, bound to a random source port,
// with a random ID and an EDNS buffer of 1232 (the query's own OPT is kept); a datagram from
// another address or port, with another ID, or for another question is ignored and the wait
// goes on (RFC 5452 §4, §9.1). A truncated answer is asked again over TCP (RFC 7766 §5).
//
// send() waits with poll() on its own socket only, so it blocks its caller: canond calls it from
// resolver threads, never from a UDP worker.
//
//   UdpNetwork net;
//   Result<Message> r = net.send(server, query, Millis(800));
#pragma once

#include "resolver/network.h"

namespace canon::resolver {

class UdpNetwork final : public Network {
 public:
  Result<Message> send(const ListenAddress& server, const Message& query, Millis timeout) override;
};

// True when `reply` answers `query` (same ID, QR set, same question ignoring case).
bool reply_matches(const Message& query, const Message& reply);

}  // namespace canon::resolver
