// Name hashing for the zone's index: a case-insensitive hash computed from the root end of a
// wire name towards its first label, so that one backward pass yields the hash of every suffix.
// find() uses that to probe each ancestor of a query name without re-hashing.
//
//   uint64_t h = zone_internal::suffix_hashes(wire, offsets, labels, out);  // out[i]: i labels
#pragma once

#include <cstddef>
#include <cstdint>

namespace canon::zone_internal {

inline constexpr uint64_t kHashSeed = 0x9e3779b97f4a7c15ull;

// One step of the hash: mixes one octet, folded to lower case (RFC 4343: names compare
// without ASCII case).
inline uint64_t hash_octet(uint64_t h, uint8_t c) {
  c = static_cast<uint8_t>(c + ((static_cast<uint8_t>(c - 'A') < 26) << 5));
  return (h ^ c) * 0x100000001b3ull;
}

// Hashes wire[from, to) backwards, continuing from `h`.
inline uint64_t hash_back(uint64_t h, const uint8_t* wire, size_t from, size_t to) {
  for (size_t i = to; i > from; --i) h = hash_octet(h, wire[i - 1]);
  return h;
}

// Final mix so that the low bits (the table slot) depend on every octet.
inline uint64_t hash_finish(uint64_t h) {
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  return h;
}

// Hash of a whole uncompressed wire name of `size` octets.
inline uint64_t name_hash(const uint8_t* wire, size_t size) {
  return hash_finish(hash_back(kHashSeed, wire, 0, size));
}

}  // namespace canon::zone_internal
