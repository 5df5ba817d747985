#include "zone/canonical_sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "wire/name.h"
#include "zone/name_hash.h"

namespace canon::zone_internal {

void append_sort_key(const uint8_t* wire, size_t labels, size_t origin_labels,
                     std::vector<uint8_t>& out) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint8_t offs[Name::kMaxLabels];
  size_t p = 0;
  for (size_t i = 0; i < labels; ++i, p += wire[p] + 1) offs[i] = static_cast<uint8_t>(p);
  const uint8_t* wire_end = wire + p + 1;  // past the root label
  // Built in a local buffer and appended once: a push_back per octet checked the capacity
  // every time. Each octet takes at most two and each label one more: under twice the wire,
  // and the word copies below write at most seven octets past the key.
  uint8_t key[2 * Name::kMaxWire + 8];
  size_t n = 0;
  for (size_t i = labels - origin_labels; i-- > 0;) {
    const uint8_t* l = wire + offs[i];
    size_t len = l[0], k = 1;
    // Eight octets a step, folded to lower case, while none of the label's is 0x00 or 0x01
    // (those need escaping) and the read stays inside the name.
    for (; k <= len && l + k + 8 <= wire_end; k += 8) {
      uint64_t w;
      std::memcpy(&w, l + k, 8);
      if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
      size_t valid = std::min<size_t>(8, len + 1 - k);
      uint64_t mask = valid == 8 ? ~0ull : (1ull << (8 * valid)) - 1;
      // An octet below 2: (x - 2) borrows into its high bit (lowest such octet exact).
      if (((w - 2 * kOnes) & ~w & kHigh & mask) != 0) break;
      w = lower8(w);
      if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
      std::memcpy(key + n, &w, 8);
      n += valid;
    }
    for (; k <= len; ++k) {
      uint8_t c = ascii_lower(l[k]);
      if (c <= 1) {
        key[n++] = 1;
        key[n++] = static_cast<uint8_t>(c + 1);
      } else {
        key[n++] = c;
      }
    }
    key[n++] = 0;
  }
  out.insert(out.end(), key, key + n);
}

namespace {

struct SortItem {
  uint64_t prefix;  // 8 octets of the key from the current depth, big-endian, zero padded
  uint32_t key_at;  // the key in the key arena: u16 length, then the octets
  uint32_t id;
};

// Runs at most this long are comparison sorted; longer ones take another radix level.
constexpr size_t kSmallRun = 32;
constexpr size_t kRadixRun = 2048;

uint16_t key_len(const uint8_t* keys, const SortItem& it) {
  uint16_t len;
  std::memcpy(&len, keys + it.key_at, 2);
  return len;
}

uint64_t load_prefix(const uint8_t* key, size_t len, size_t depth) {
  uint8_t buf[8] = {};
  if (len > depth) std::memcpy(buf, key + depth, len - depth < 8 ? len - depth : 8);
  uint64_t v = 0;
  std::memcpy(&v, buf, 8);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

// LSD radix sort on the 8-octet prefix, one pass per octet, skipping the octets every key
// shares (the origin's neighbourhood makes many). Linear, where comparison sorting a million
// names was a large part of the zone build.
void radix_sort_by_prefix(std::span<SortItem> items) {
  size_t n = items.size();
  if (n < 2) return;
  std::vector<std::array<uint32_t, 256>> counts(8);
  for (auto& c : counts) c.fill(0);
  for (const SortItem& it : items) {
    for (int d = 0; d < 8; ++d) ++counts[d][(it.prefix >> (8 * d)) & 0xff];
  }
  std::vector<SortItem> tmp(n);
  SortItem* src = items.data();
  SortItem* dst = tmp.data();
  for (int d = 0; d < 8; ++d) {
    auto& c = counts[d];
    if (c[(src[0].prefix >> (8 * d)) & 0xff] == n) continue;  // one value: nothing to do
    uint32_t sum = 0;
    for (auto& x : c) {
      uint32_t v = x;
      x = sum;
      sum += v;
    }
    for (size_t i = 0; i < n; ++i) dst[c[(src[i].prefix >> (8 * d)) & 0xff]++] = src[i];
    std::swap(src, dst);
  }
  if (src != items.data()) std::memcpy(items.data(), src, n * sizeof(SortItem));
}

// Orders items whose keys agree on their first `depth` octets (zero padded). A key that ends
// within those octets is a prefix of every longer one, so it sorts first; otherwise the next
// 8 octets decide, radix or comparison sorted, and ties go one level deeper. The generated and
// real zones share long key prefixes ("com\0example\0www-..."), so one 8-octet level leaves
// long tied runs that a memcmp sort handles slowly.
void sort_run(std::span<SortItem> items, const uint8_t* keys, size_t depth) {
  auto less = [keys, depth](const SortItem& a, const SortItem& b) {
    uint16_t la = key_len(keys, a), lb = key_len(keys, b);
    if (la <= depth || lb <= depth) return la < lb;
    size_t n = std::min(la, lb) - depth;
    int c = std::memcmp(keys + a.key_at + 2 + depth, keys + b.key_at + 2 + depth, n);
    return c != 0 ? c < 0 : la < lb;
  };
  size_t longest = 0;
  for (const SortItem& it : items) longest = std::max<size_t>(longest, key_len(keys, it));
  if (items.size() <= kSmallRun || longest <= depth) {
    std::sort(items.begin(), items.end(), less);
    return;
  }
  for (SortItem& it : items)
    it.prefix = load_prefix(keys + it.key_at + 2, key_len(keys, it), depth);
  if (items.size() >= kRadixRun) {
    radix_sort_by_prefix(items);
  } else {
    std::sort(items.begin(), items.end(),
              [](const SortItem& a, const SortItem& b) { return a.prefix < b.prefix; });
  }
  for (size_t i = 0; i < items.size();) {
    size_t j = i + 1;
    while (j < items.size() && items[j].prefix == items[i].prefix) ++j;
    if (j - i > 1) sort_run(items.subspan(i, j - i), keys, depth + 8);
    i = j;
  }
}

// Every name ends in the origin (ZoneBuilder keeps only names in zone), so its key's size is
// its wire size less the origin's, plus the key's length octets.
size_t key_arena_size(std::span<const uint8_t> arena, std::span<const NameEntry> names,
                      size_t origin_labels) {
  if (names.empty()) return 0;
  size_t origin_wire = names[0].len;
  for (size_t i = origin_labels, p = names[0].at; i < names[0].labels; ++i) {
    origin_wire -= arena[p] + 1u;
    p += arena[p] + 1u;
  }
  size_t total = 0;
  for (const NameEntry& e : names) total += e.len - origin_wire + 2;
  return total;
}

}  // namespace

std::vector<uint32_t> canonical_sort(std::span<const uint8_t> arena,
                                     std::span<const NameEntry> names, size_t origin_labels) {
  // Reserved to the octet unless 0x00 or 0x01 octets need escaping: a name's key is its wire
  // form above the origin (each label's length octet becomes its closing 0x00), after a 2-octet
  // length. A guessed 16 octets a name fell short on the usual zone and the keys regrew.
  std::vector<uint8_t> keys;
  keys.reserve(key_arena_size(arena, names, origin_labels));
  std::vector<SortItem> items(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    size_t at = keys.size();
    keys.push_back(0);
    keys.push_back(0);
    append_sort_key(arena.data() + names[i].at, names[i].labels, origin_labels, keys);
    uint16_t len = static_cast<uint16_t>(keys.size() - at - 2);
    std::memcpy(&keys[at], &len, 2);
    items[i] = {0, static_cast<uint32_t>(at), static_cast<uint32_t>(i)};
  }
  sort_run(items, keys.data(), 0);
  std::vector<uint32_t> order(names.size());
  for (size_t i = 0; i < items.size(); ++i) order[i] = items[i].id;
  return order;
}

}  // namespace canon::zone_internal
