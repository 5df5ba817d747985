#include "zone/canonical_sort.h"

#include <algorithm>
#include <array>
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

// LSD radix sort on the 8-octet prefix, one pass per octet, skipping the octets every key
// shares (the origin's neighbourhood makes many). Linear, where comparison sorting a million
// names was a large part of the zone build.
void radix_sort_by_prefix(std::vector<SortItem>& items) {
  size_t n = items.size();
  if (n < 2) return;
  std::vector<std::array<uint32_t, 256>> counts(8);
  for (auto& c : counts) c.fill(0);
  for (const SortItem& it : items) {
    for (int d = 0; d < 8; ++d) ++counts[d][(it.prefix >> (8 * d)) & 0xff];
  }
  std::vector<SortItem> tmp(n);
  for (int d = 0; d < 8; ++d) {
    auto& c = counts[d];
    if (c[(items[0].prefix >> (8 * d)) & 0xff] == n) continue;  // one value: nothing to do
    uint32_t sum = 0;
    for (auto& x : c) {
      uint32_t v = x;
      x = sum;
      sum += v;
    }
    for (const SortItem& it : items) tmp[c[(it.prefix >> (8 * d)) & 0xff]++] = it;
    items.swap(tmp);
  }
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
  radix_sort_by_prefix(items);
  // Keys sharing their first 8 octets are ordered by the rest; such runs are short.
  const uint8_t* kb = keys.data();
  auto less = [kb](const SortItem& a, const SortItem& b) {
    uint16_t la, lb;
    std::memcpy(&la, kb + a.key_at, 2);
    std::memcpy(&lb, kb + b.key_at, 2);
    if (la <= 8 || lb <= 8) return la < lb;
    size_t n = std::min(la, lb) - 8;
    int c = std::memcmp(kb + a.key_at + 10, kb + b.key_at + 10, n);
    return c != 0 ? c < 0 : la < lb;
  };
  for (size_t i = 0; i < items.size();) {
    size_t j = i + 1;
    while (j < items.size() && items[j].prefix == items[i].prefix) ++j;
    if (j - i > 1) std::sort(items.begin() + i, items.begin() + j, less);
    i = j;
  }
  std::vector<uint32_t> order(names.size());
  for (size_t i = 0; i < items.size(); ++i) order[i] = items[i].id;
  return order;
}

}  // namespace canon::zone_internal
