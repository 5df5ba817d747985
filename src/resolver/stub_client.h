// stub_query: sends one DNS query to one server and waits for the matching response, over UDP
// (with TCP fallback when the answer comes back truncated) or TCP. Blocking, for the command
// line tools (`canon query`, `trace`, `check`, `lint --online`) and tests; the resolver inside
// canond does its own non-blocking I/O.
//
//   Message q = make_query(*Name::parse("www.example.com."), RRType::A);
//   StubOptions opt;  opt.timeout_ms = 2000;
//   Result<StubResponse> r = stub_query(*parse_listen_address("127.0.0.1:5353"), q, opt);
//   if (r) std::puts(r->message.to_text().c_str());
//
// The query gets a random ID (unless opt.keep_id); a UDP datagram whose ID, source address or
// question does not match is ignored and the wait goes on (RFC 5452 §9.1).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "base/address.h"
#include "base/result.h"
#include "wire/message.h"

namespace canon {

struct StubOptions {
  bool tcp = false;          // TCP from the start
  bool tcp_fallback = true;  // retry over TCP when a UDP answer has TC set
  int timeout_ms = 2000;     // per try
  int udp_tries = 2;         // UDP sends before giving up
  bool keep_id = false;      // send the query's own ID instead of a random one
};

struct StubResponse {
  Message message;
  std::vector<uint8_t> wire;  // the response as received
  std::chrono::microseconds elapsed{0};
  bool over_tcp = false;
};

// A query message: RD set, one question, and an OPT with `udp_size` (no OPT when 0).
Message make_query(const Name& name, RRType type, bool rd = true, uint16_t udp_size = 1232);

// Errors: "timed out after N ms", "connection refused", "malformed response: ...".
Result<StubResponse> stub_query(const ListenAddress& server, const Message& query,
                                const StubOptions& opt = {});

}  // namespace canon
