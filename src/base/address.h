// ListenAddress: one `ADDR:PORT` the server binds, IPv4 or IPv6 (bracketed).
//
//   Result<ListenAddress> a = parse_listen_address("[::1]:5353");
//   a->family();       // AF_INET6
//   a->to_string();    // "[::1]:5353"
//
// Accepted forms: "192.0.2.1:53", "[2001:db8::1]:53", and without a port (53 is used):
// "192.0.2.1", "[::1]", "::1". Host names are not accepted: a server binds addresses.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace canon {

struct ListenAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  int family() const { return storage.ss_family; }
  uint16_t port() const;
  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage); }
  // "127.0.0.1:5353" or "[::1]:5353".
  std::string to_string() const;
};

Result<ListenAddress> parse_listen_address(std::string_view text);

// "192.0.2.1#53" / "2001:db8::1#53": the client's address as query logs print it.
std::string format_peer(const sockaddr_storage& peer);
// Appends format_peer() without allocating beyond `out`'s growth.
void append_peer(std::string& out, const sockaddr_storage& peer);

}  // namespace canon
