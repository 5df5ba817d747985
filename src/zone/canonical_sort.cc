#include "zone/canonical_sort.h"

#include <algorithm>
#include <cstring>

#include "wire/name.h"

namespace canon::zone_internal {

void append_sort_key(const uint8_t* wire, size_t labels, size_t origin_labels,
                     std::vector<uint8_t>& out) {
  uint8_t offs[Name::kMaxLabels];
  size_t p = 0;
  for (size_t i = 0; i < labels; ++i, p += wire[p] + 1) offs[i] = static_cast<uint8_t>(p);
  for (size_t i = labels - origin_labels; i-- > 0;) {
    const uint8_t* l = wire + offs[i];
    for (size_t k = 1; k <= l[0]; ++k) {
      uint8_t c = ascii_lower(l[k]);
      if (c <= 1) {
        out.push_back(1);
        out.push_back(static_cast<uint8_t>(c + 1));
      } else {
        out.push_back(c);
      }
    }
    out.push_back(0);
  }
}

namespace {

struct SortItem {
  uint64_t prefix;  // the key's first 8 octets, big-endian, zero padded
  uint32_t key_at;  // the key in the key arena: u16 length, then the octets
  uint32_t id;
};

uint64_t load_prefix(const uint8_t* key, size_t len) {
  uint8_t buf[8] = {};
  std::memcpy(buf, key, len < 8 ? len : 8);
  uint64_t v = 0;
  for (uint8_t b : buf) v = (v << 8) | b;
  return v;
}

}  // namespace

std::vector<uint32_t> canonical_sort(std::span<const uint8_t> arena,
                                     std::span<const NameEntry> names, size_t origin_labels) {
  std::vector<uint8_t> keys;
  keys.reserve(names.size() * 16);
  std::vector<SortItem> items(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    size_t at = keys.size();
    keys.push_back(0);
    keys.push_back(0);
    append_sort_key(arena.data() + names[i].at, names[i].labels, origin_labels, keys);
    uint16_t len = static_cast<uint16_t>(keys.size() - at - 2);
    std::memcpy(&keys[at], &len, 2);
    items[i] = {load_prefix(&keys[at + 2], len), static_cast<uint32_t>(at),
                static_cast<uint32_t>(i)};
  }
  const uint8_t* kb = keys.data();
  std::sort(items.begin(), items.end(), [kb](const SortItem& a, const SortItem& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    uint16_t la, lb;
    std::memcpy(&la, kb + a.key_at, 2);
    std::memcpy(&lb, kb + b.key_at, 2);
    if (la <= 8 || lb <= 8) return la < lb;
    size_t n = std::min(la, lb) - 8;
    int c = std::memcmp(kb + a.key_at + 10, kb + b.key_at + 10, n);
    return c != 0 ? c < 0 : la < lb;
  });
  std::vector<uint32_t> order(names.size());
  for (size_t i = 0; i < items.size(); ++i) order[i] = items[i].id;
  return order;
}

}  // namespace canon::zone_internal
