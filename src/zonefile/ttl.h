// parse_ttl: a TTL as zone files write it: seconds ("3600") or BIND's units, in any case and
// combined ("1h", "2W", "1h30m"; s, m, h, d, w).
//
//   parse_ttl("1h30m");  // 5400
//   parse_ttl("1x");     // error: TTL '1x' is not a number
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace canon::zonefile {

// Accepts values up to 2^32-1; the caller decides what to do past RFC 2181 §8's 2^31-1.
Result<uint32_t> parse_ttl(std::string_view text);

}  // namespace canon::zonefile
