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
#include <span>
#include <vector>

namespace canon::zone_internal {

struct NameEntry {
  uint32_t at;     // offset of the wire name in the arena
  uint8_t len;     // wire octets
  uint8_t labels;  // label count, root not counted
};

// The sort key of a name: its labels above the origin, from the root end, each folded to lower
// case with 0x00 and 0x01 escaped (as 01 01 and 01 02) and closed by 0x00. Keys then compare
// as plain octet strings in canonical order. Appends to `out`.
void append_sort_key(const uint8_t* wire, size_t labels, size_t origin_labels,
                     std::vector<uint8_t>& out);

// The order of `names` (wire names in `arena`, all at or below the same origin of
// `origin_labels` labels) in canonical order (RFC 4034 §6.1): order[i] is the i-th name's index.
std::vector<uint32_t> canonical_sort(std::span<const uint8_t> arena,
                                     std::span<const NameEntry> names, size_t origin_labels);

}  // namespace canon::zone_internal
