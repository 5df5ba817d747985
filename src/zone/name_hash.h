// Name hashing for the zone's index: a case-insensitive hash of a whole wire name, eight
// octets a step. The builder interns owners with it and keeps it for the served index, so
// that no name is hashed twice at load; find() hashes each ancestor it probes afresh (the
// exact name first, which usually settles it).
//
//   uint64_t h = zone_internal::name_hash(wire, size);
//
// It used to go octet by octet from the root end so that one pass gave every suffix's hash,
// but that pass was 9% of a million-record load and find() seldom needs more than one probe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace canon::zone_internal {

inline constexpr uint64_t kHashSeed = 0x9e3779b97f4a7c15ull;

// Eight octets folded to lower case at once (RFC 4343: names compare without ASCII case):
// each octet in 'A'..'Z' gains 0x20. Length octets (at most 63) are below 'A' and stay.
inline uint64_t lower8(uint64_t x) {
  constexpr uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  uint64_t low7 = x & k7f;
  uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;      // high bit set where octet >= 'A'
  uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit set where octet > 'Z'
  uint64_t upper = ge_a & ~gt_z & ~x & k80;
  return x | (upper >> 2);
}

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

// Hash of a whole uncompressed wire name of `size` octets.
inline uint64_t name_hash(const uint8_t* wire, size_t size) {
  constexpr uint64_t kMul = 0xbf58476d1ce4e5b9ull;
  uint64_t h = size * kHashSeed;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, wire + i, 8);
    h = (h ^ lower8(w)) * kMul;
    h ^= h >> 31;
  }
  h = (h ^ lower8(load_tail(wire + i, size - i))) * kMul;
  // Final mix so that the low bits (the table slot) and the high ones (the tag) depend on
  // every octet.
  h ^= h >> 29;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 32);
}

}  // namespace canon::zone_internal
