// Name hashing for the zone's index: a case-insensitive hash of a whole wire name, eight
// octets a step. The builder interns owners with it and keeps it for the served index, so
// that no name is hashed twice at load; find() hashes each ancestor it probes afresh (the
// exact name first, which usually settles it).
//
//   uint64_t h = zone_internal::name_hash(wire, size);   // canon::name_hash (wire/name_hash.h)
//
// It used to go octet by octet from the root end so that one pass gave every suffix's hash,
// but that pass was 9% of a million-record load and find() seldom needs more than one probe.
#pragma once

#include <cstdint>

#include "wire/name_hash.h"

namespace canon::zone_internal {

using canon::name_hash;

// Eight octets folded to lower case at once (canonical sort keys).
inline uint64_t lower8(uint64_t x) {
  return ascii_lower8(x);
}

}  // namespace canon::zone_internal
