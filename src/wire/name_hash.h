// name_hash: a case-insensitive hash of a whole uncompressed wire name, eight octets a step
// (RFC 4343: names compare without ASCII case). One function for every table keyed by names:
// the zone's intern table and served index (src/zone), the resolver's finished replies
// (src/resolver/answer_cache.cc).
//
//   uint64_t h = name_hash(name.wire().data(), name.wire().size());
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "wire/name.h"

namespace canon {

inline constexpr uint64_t kNameHashSeed = 0x9e3779b97f4a7c15ull;

namespace name_hash_detail {

// The n (< 8) octets at p as one word, reading only those octets. Not positional below four
// octets (first, middle, last), which a hash can afford.
inline uint64_t load_tail(const uint8_t* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return uint64_t{lo} | (uint64_t{hi} << ((n - 4) * 8));
  }
  if (n == 0) return 0;
  return (uint64_t{p[0]} << 16) | (uint64_t{p[n >> 1]} << 8) | p[n - 1];
}

}  // namespace name_hash_detail

// Hash of a whole uncompressed wire name of `size` octets.
inline uint64_t name_hash(const uint8_t* wire, size_t size) {
  constexpr uint64_t kMul = 0xbf58476d1ce4e5b9ull;
  uint64_t h = size * kNameHashSeed;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, wire + i, 8);
    h = (h ^ ascii_lower8(w)) * kMul;
    h ^= h >> 31;
  }
  h = (h ^ ascii_lower8(name_hash_detail::load_tail(wire + i, size - i))) * kMul;
  // Final mix so that the low bits (the table slot) and the high ones (the tag) depend on
  // every octet.
  h ^= h >> 29;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 32);
}

}  // namespace canon
