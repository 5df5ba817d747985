// Root hints: where iteration starts. Built in (the thirteen root servers of root-servers.net,
// IANA's named.root) or read from a zone file in the format of named.root with our own zone-file
// parser (`[resolver] root-hints = "hints.zone"`).
//
//   Result<RootHints> h = load_root_hints("hints.zone");   // or builtin_root_hints()
//   h->servers;   // every address of every root name server
#pragma once

#include <string>
#include <vector>

#include "base/address.h"
#include "base/result.h"
#include "resolver/rrset.h"

namespace canon::resolver {

struct RootHints {
  RRset ns;                            // ". NS a.root-servers.net." ...
  std::vector<RRset> addresses;        // the A and AAAA RRsets of those names
  std::vector<ListenAddress> servers;  // every address, port 53
};

const RootHints& builtin_root_hints();
// Errors: the parser's "file:line:col: message", or "FILE: no NS records for the root".
Result<RootHints> load_root_hints(const std::string& path);
// The same from text (for tests); `file` names it in errors.
Result<RootHints> parse_root_hints(std::string_view text, std::string_view file);

// The address of an A (4 octets) or AAAA (16 octets) rdata, port 53.
std::optional<ListenAddress> address_of(RRType type, std::span<const uint8_t> rdata,
                                        uint16_t port = 53);

}  // namespace canon::resolver
