// fast_rdata: the zone-file parser's shortcut for the rdata most zones are made of (A, AAAA,
// NS, CNAME, PTR, DNAME, MX, TXT) in its plain form: no escapes, no `@`, canonical numbers.
// Anything else, including every malformed value, returns false and goes to the schema-driven
// rdata_from_text, which gives the one authoritative result and error message. The fast path
// never accepts what rdata_from_text would reject, and produces the same octets.
//
//   std::vector<uint8_t> out;
//   fast_rdata(RRType::A, tokens_of("192.0.2.1"), origin, out);  // true, out = c0 00 02 01
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wire/name.h"
#include "wire/rrtype.h"
#include "wire/token.h"

namespace canon::zonefile {

// Appends the wire form of a plain domain name (letters, digits, '-', '_', '*'... but no
// escape, no `@`, no empty label) completed with `origin` when relative. False when the text is
// not plain or breaks a length limit; `out` is then unchanged.
bool fast_name(std::string_view text, const Name& origin, std::vector<uint8_t>& out);

bool fast_rdata(RRType type, std::span<const Token> toks, const Name& origin,
                std::vector<uint8_t>& out);

}  // namespace canon::zonefile
