// parse_query: the server's allocation-free reading of an incoming query: header, the one
// question, and the OPT record. Anything else in the message is skipped after a strict walk.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "wire/message.h"

namespace canon {

struct Query {
  Header header;
  uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
  Name qname;  // as the client wrote it (case kept, for the echoed question)
  RRType qtype = RRType::A;
  RRClass qclass = RRClass::IN;
  bool has_edns = false;
  uint16_t udp_size = 512;  // from OPT, as sent (the server applies its own floor and cap)
  uint8_t edns_version = 0;
  bool dnssec_ok = false;
  bool has_cookie = false;
  std::optional<ClientSubnet> client_subnet;
};

// Errors carry a WireError code. A packet shorter than a header, or one with QR set, should be
// dropped; any other failure deserves FORMERR (the id and opcode in `*header_out`, when given,
// are valid whenever the packet held 12 octets).
Result<Query> parse_query(std::span<const uint8_t> wire, Header* header_out = nullptr);
// The same into a fresh `*out` (default-constructed), for the query path: false with `*err`
// set on failure, and no Result to copy the Query out of on success.
bool parse_query(std::span<const uint8_t> wire, Query* out, WireError* err,
                 Header* header_out = nullptr);

}  // namespace canon
