// ZoneBuilder::Impl: what the builder holds between add() and build(). Internal to src/zone.
// Records are kept as 20-octet BRecs with their rdata in one arena and their owners in another,
// so a million-record zone costs little more than its data while it loads.
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
  // The owners as added: a new entry for each owner unlike the last few (zone files group
  // records by owner and write a name's children next to it). An owner that comes back later
  // gets a second entry; build() finds equal names next to each other once they are sorted and
  // makes them one node. No hash table: probing one (16 MiB for a million names, each probe
  // landing at random) cost more than the sort does for the few repeats.
  zone_internal::BigVector<zone_internal::NameEntry> entries;
  // name_hash() of each entry, computed while its octets are in the cache: compared before the
  // octets when looking for a recent owner, and kept for the served index.
  zone_internal::BigVector<uint64_t> hashes;
  zone_internal::BigVector<zone_internal::BRec> recs;
  zone_internal::OctetBuffer rdata;
  std::vector<Diagnostic> diags;
  size_t out_of_zone = 0;
  uint32_t last = zone_internal::kNoName;  // previous owner: zone files group records by owner

  Diagnostic diag(uint32_t line, std::string msg, bool warning, uint32_t col = 1) const {
    return Diagnostic{file, line, line ? std::max(col, 1u) : 0u, std::move(msg), warning};
  }
  bool same(uint32_t id, const uint8_t* wire, size_t len) const;
  // The entry of `wire` among the last few, or a new one.
  uint32_t add_owner(const uint8_t* wire, size_t len, size_t labels);
};

}  // namespace canon
