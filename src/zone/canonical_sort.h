// canonical_sort: orders names held as wire bytes in an arena by the canonical order of
// RFC 4034 §6.1, fast enough for a million names at zone load.
//
//   std::vector<uint32_t> order = canonical_sort(arena, entries, origin_labels);
//   // order[i] is the index in `entries` of the i-th name in canonical order
//
// All names must lie at or below the same origin of `origin_labels` labels; only the labels
// above the origin take part in the comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "zone/malloc_arrays.h"

namespace canon::zone_internal {

struct NameEntry {
  uint32_t at;       // offset of the wire name in the arena
  uint8_t len;       // wire octets
  uint8_t labels;    // label count, root not counted
  uint8_t wild = 0;  // the first label is `*` (for ZoneBuilder; the sort does not read it)
};

// The sort key of a name: its labels above the origin, from the root end, each folded to lower
// case with 0x00 and 0x01 escaped (as 01 01 and 01 02) and closed by 0x00. Keys then compare
// as plain octet strings in canonical order. Appends to `out`.
void append_sort_key(const uint8_t* wire, size_t labels, size_t origin_labels,
                     BigVector<uint8_t>& out);

struct SortItem {
  uint64_t prefix;  // the sort's scratch: 8 octets of the key, big-endian
  uint32_t key_at;  // the key in SortedNames::keys: u16 length, then the octets
  uint32_t id;      // the name's index in the names sorted
};

// `names` in canonical order, with the sort keys (append_sort_key) that ordered them: the
// i-th name is names[id(i)], its key the key_len(i) octets at key(i). Names equal but for case
// (equal keys) end up next to each other, in no set order.
struct SortedNames {
  BigVector<SortItem> items;
  BigVector<uint8_t> keys;
  size_t size() const { return items.size(); }
  uint32_t id(size_t i) const { return items[i].id; }
  const uint8_t* key(size_t i) const { return keys.data() + items[i].key_at + 2; }
  uint16_t key_len(size_t i) const {
    uint16_t n;
    std::memcpy(&n, keys.data() + items[i].key_at, 2);
    return n;
  }
};
SortedNames canonical_sort_keys(std::span<const uint8_t> arena, std::span<const NameEntry> names,
                                size_t origin_labels);

// The order of `names` (wire names in `arena`, all at or below the same origin of
// `origin_labels` labels) in canonical order (RFC 4034 §6.1): order[i] is the i-th name's index.
std::vector<uint32_t> canonical_sort(std::span<const uint8_t> arena,
                                     std::span<const NameEntry> names, size_t origin_labels);

}  // namespace canon::zone_internal
