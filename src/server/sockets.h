// Listening sockets for canond, with errors that say what to do.
//
//   Result<int> u = open_udp_socket(addr);   // SO_REUSEPORT: one per worker thread
//   Result<int> t = open_tcp_listener(addr); // one per address, not shared
//                                            // (or bind_tcp_socket, then start_listening)
//   // "cannot listen on 127.0.0.1:53 (tcp): Address already in use: another server has this port"
#pragma once

#include "base/address.h"
#include "base/result.h"

namespace canon::server {

// A UDP socket bound with SO_REUSEPORT so that each worker gets its own, a large receive
// buffer to absorb bursts, a receive timeout of `timeout_ms` so a blocked worker notices
// a stop request, and path MTU discovery off (IP_PMTUDISC_OMIT: see sockets.cc).
Result<int> open_udp_socket(const ListenAddress& addr, int timeout_ms = 200);

// A non-blocking TCP listening socket. It does not use SO_REUSEPORT, so a second server on the
// same port fails here with "address in use" instead of silently sharing the port.
Result<int> open_tcp_listener(const ListenAddress& addr, int backlog = 128);

// The same in two steps: the socket bound (the port taken, conflicts reported), then listening.
// A server binds every socket before any TCP port accepts: a client that sees the TCP port open
// may query over UDP at once, as readiness probes do.
Result<int> bind_tcp_socket(const ListenAddress& addr);
Status start_listening(int fd, const ListenAddress& addr, int backlog = 128);

}  // namespace canon::server
