// ZoneBuilder::Impl: what the builder holds between add() and build(). Internal to src/zone.
// Records are kept as 20-octet BRecs with their rdata in one arena and their owners interned
// once each, so a million-record zone costs little more than its data while it loads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "zone/canonical_sort.h"
#include "zone/malloc_arrays.h"
#include "zone/zone.h"

namespace canon {

namespace zone_internal {

inline constexpr uint32_t kNoName = 0xffffffffu;

// One record as added.
struct BRec {
  uint32_t name;  // index in ZoneBuilder::Impl::entries; kNoName once merged as a duplicate
  uint16_t type;
  uint16_t col;  // in the padding after `type`: a BRec stays 20 octets
  uint32_t ttl;
  uint32_t rdata_at;  // in ZoneBuilder::Impl::rdata: u16 length, then the octets
  uint32_t line;
};
static_assert(sizeof(BRec) == 20);

}  // namespace zone_internal

struct ZoneBuilder::Impl {
  Name origin;
  std::string file;
  // Owner wire names, in the case first written; handed to the Zone as they are (shrunk in
  // place, not copied).
  zone_internal::OctetBuffer names;
  std::vector<zone_internal::NameEntry> entries;
  // name_hash() of each interned entry: the intern table's hash, kept for the served index so
  // that no name is hashed twice.
  std::vector<uint64_t> hashes;
  // Open addressing over the interned entries: (hash tag << 32) | (id + 1), 0 when empty. The
  // tag settles most probes without reading the entry and its octets (two more cache misses).
  zone_internal::SlotTable table;
  std::vector<zone_internal::BRec> recs;
  // New owners are not interned one by one: add() appends each to `entries` and `names` with a
  // provisional id, and intern_pending() interns them together, prefetching their table slots,
  // when enough have come (a million-owner table misses the cache on nearly every probe).
  // entries[interned..] are provisional; the records recs[pending_recs..] name them by that id.
  static constexpr size_t kInternBatch = 32;
  uint32_t interned = 0;
  size_t pending_recs = 0;
  zone_internal::OctetBuffer rdata;
  std::vector<Diagnostic> diags;
  size_t out_of_zone = 0;
  uint32_t last = zone_internal::kNoName;  // previous owner: zone files group records by owner

  Diagnostic diag(uint32_t line, std::string msg, bool warning, uint32_t col = 1) const {
    return Diagnostic{file, line, line ? std::max(col, 1u) : 0u, std::move(msg), warning};
  }
  bool same(uint32_t id, const uint8_t* wire, size_t len) const;
  // The id of an interned name equal to `wire` (any case), or kNoName; `slot` is then where it
  // would go.
  uint32_t probe(uint64_t hash, const uint8_t* wire, size_t len, size_t& slot) const;
  uint32_t intern(const uint8_t* wire, size_t len, size_t labels);  // with nothing pending
  bool near_before(uint32_t id, const uint8_t* wire, size_t len) const;
  uint32_t add_pending(const uint8_t* wire, size_t len, size_t labels);
  void intern_pending();
  void grow_table();
  void size_table(size_t slots);  // at least `slots` slots, reinserting what is interned
  void add_empty_non_terminals();
};

}  // namespace canon
