#include "zone/canonical_sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "wire/name.h"
#include "zone/name_hash.h"

namespace canon::zone_internal {

void append_sort_key(const uint8_t* wire, size_t labels, size_t origin_labels,
                     BigVector<uint8_t>& out) {
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

// Runs at most this long are comparison sorted; longer ones take another radix level.
constexpr size_t kSmallRun = 32;
constexpr size_t kRadixRun = 2048;

uint16_t key_len(const uint8_t* keys, const SortItem& it) {
  uint16_t len;
  std::memcpy(&len, keys + it.key_at, 2);
  return len;
}

uint64_t load_prefix(const uint8_t* key, size_t len, size_t depth) {
  uint64_t v = 0;
  if (len >= depth + 8) {
    std::memcpy(&v, key + depth, 8);
  } else {
    uint8_t buf[8] = {};
    if (len > depth) std::memcpy(buf, key + depth, len - depth);
    std::memcpy(&v, buf, 8);
  }
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

// Sets each item's prefix to its key's octets from `depth`. Returns the bits in which some
// two prefixes differ (zero when all agree) and the longest key in `longest`.
uint64_t load_prefixes(std::span<SortItem> items, const uint8_t* keys, size_t depth,
                       size_t& longest) {
  uint64_t all_and = ~0ull, all_or = 0;
  longest = 0;
  // Below the first level the items are in sorted order and their keys lie at random in the
  // arena: fetched some items ahead, the misses overlap.
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i + kAhead < items.size()) __builtin_prefetch(keys + items[i + kAhead].key_at);
    SortItem& it = items[i];
    size_t len = key_len(keys, it);
    it.prefix = load_prefix(keys + it.key_at + 2, len, depth);
    all_and &= it.prefix;
    all_or |= it.prefix;
    longest = std::max(longest, len);
  }
  return all_and ^ all_or;
}

// LSD radix sort on the 8-octet prefix, 11 bits a pass (six passes for 64 bits, where octets
// took eight; 2048 counters a pass still sit in the cache), one pass per digit in which the
// prefixes differ (`diff`, from load_prefixes). Linear, where comparison sorting a million
// names was a large part of the zone build. `tmp` has room for as many items.
void radix_sort_by_prefix(std::span<SortItem> items, uint64_t diff, SortItem* tmp) {
  constexpr int kBits = 11;
  constexpr uint64_t kMask = (uint64_t{1} << kBits) - 1;
  size_t n = items.size();
  if (n < 2) return;
  int shifts[6];
  int digits = 0;
  for (int shift = 0; shift < 64; shift += kBits) {
    if ((diff >> shift) & kMask) shifts[digits++] = shift;
  }
  std::vector<std::array<uint32_t, kMask + 1>> counts(digits);
  for (auto& c : counts) c.fill(0);
  for (const SortItem& it : items) {
    for (int d = 0; d < digits; ++d) ++counts[d][(it.prefix >> shifts[d]) & kMask];
  }
  SortItem* src = items.data();
  SortItem* dst = tmp;
  for (int d = 0; d < digits; ++d) {
    auto& c = counts[d];
    uint32_t sum = 0;
    for (auto& x : c) {
      uint32_t v = x;
      x = sum;
      sum += v;
    }
    int shift = shifts[d];
    for (size_t i = 0; i < n; ++i) dst[c[(src[i].prefix >> shift) & kMask]++] = src[i];
    std::swap(src, dst);
  }
  if (src != items.data()) std::memcpy(items.data(), src, n * sizeof(SortItem));
}

// Orders items whose keys agree on their first `depth` octets (zero padded). The octets all
// of them share next are skipped, so that the 8 loaded as each item's prefix start where the
// keys first differ; a key that ends early is zero padded, which orders it first (a key's octet
// after a label's closing 0x00 is never 0x00). The prefixes are radix or comparison sorted and
// ties go one level deeper. Zones share long key prefixes ("com\0example\0www-server-0001..."):
// fixed 8-octet steps left long tied runs, and a level or two more for every run.
// `tmp` has room for as many items, for the radix sort (one allocation for the whole sort).
void sort_run(std::span<SortItem> items, const uint8_t* keys, size_t depth, SortItem* tmp) {
  if (items.size() < 2) return;
  size_t longest = 0;
  uint64_t diff = load_prefixes(items, keys, depth, longest);
  while (diff >> 56 == 0) {  // the first octet is the same in every key
    if (diff == 0) {
      if (longest <= depth + 8) return;  // equal keys
      depth += 8;
    } else {
      depth += static_cast<size_t>(__builtin_clzll(diff)) / 8;
    }
    diff = load_prefixes(items, keys, depth, longest);
  }
  if (items.size() <= kSmallRun) {
    // The prefixes settle most pairs as integers; only ties read the keys.
    auto less = [keys, depth](const SortItem& a, const SortItem& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      uint16_t la = key_len(keys, a), lb = key_len(keys, b);
      if (la <= depth + 8 || lb <= depth + 8) return la < lb;
      size_t n = std::min(la, lb) - depth - 8;
      int c = std::memcmp(keys + a.key_at + 10 + depth, keys + b.key_at + 10 + depth, n);
      return c != 0 ? c < 0 : la < lb;
    };
    std::sort(items.begin(), items.end(), less);
    return;
  }
  if (items.size() >= kRadixRun) {
    radix_sort_by_prefix(items, diff, tmp);
  } else {
    std::sort(items.begin(), items.end(),
              [](const SortItem& a, const SortItem& b) { return a.prefix < b.prefix; });
  }
  for (size_t i = 0; i < items.size();) {
    size_t j = i + 1;
    while (j < items.size() && items[j].prefix == items[i].prefix) ++j;
    if (j - i > 1) sort_run(items.subspan(i, j - i), keys, depth + 8, tmp);
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

SortedNames canonical_sort_keys(std::span<const uint8_t> arena, std::span<const NameEntry> names,
                                size_t origin_labels) {
  // Reserved to the octet unless 0x00 or 0x01 octets need escaping: a name's key is its wire
  // form above the origin (each label's length octet becomes its closing 0x00), after a 2-octet
  // length. A guessed 16 octets a name fell short on the usual zone and the keys regrew.
  SortedNames out;
  BigVector<uint8_t>& keys = out.keys;
  keys.reserve(key_arena_size(arena, names, origin_labels));
  BigVector<SortItem>& items = out.items;
  items.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    size_t at = keys.size();
    keys.push_back(0);
    keys.push_back(0);
    append_sort_key(arena.data() + names[i].at, names[i].labels, origin_labels, keys);
    uint16_t len = static_cast<uint16_t>(keys.size() - at - 2);
    std::memcpy(&keys[at], &len, 2);
    items[i] = {0, static_cast<uint32_t>(at), static_cast<uint32_t>(i)};
  }
  BigVector<SortItem> tmp(names.size() >= kRadixRun ? names.size() : 0);
  sort_run(items, keys.data(), 0, tmp.data());
  return out;
}

std::vector<uint32_t> canonical_sort(std::span<const uint8_t> arena,
                                     std::span<const NameEntry> names, size_t origin_labels) {
  SortedNames s = canonical_sort_keys(arena, names, origin_labels);
  std::vector<uint32_t> order(s.size());
  for (size_t i = 0; i < s.size(); ++i) order[i] = s.id(i);
  return order;
}

}  // namespace canon::zone_internal
