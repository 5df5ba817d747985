// Query log lines: one per query, built into a caller's buffer so a worker can write a whole
// batch with one write(2). Off by default; when off, workers never call this.
//
//   2026-11-21T10:00:00Z query 127.0.0.1#40000 udp www.example.com. A NOERROR 61
//   {"time":"...","level":"query","client":"127.0.0.1#40000","transport":"udp",
//    "qname":"www.example.com.","qtype":"A","rcode":"NOERROR","size":61}
//
// The fields are the client, the transport, the question as the client wrote it, the response
// code and the response size in octets (0 when the query was dropped).
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "auth/responder.h"
#include "server/config.h"

namespace canon::server {

void append_query_line(std::string& out, LogFormat format, std::string_view timestamp,
                       const sockaddr_storage& peer, Transport transport,
                       std::span<const uint8_t> query, std::span<const uint8_t> response);

}  // namespace canon::server
