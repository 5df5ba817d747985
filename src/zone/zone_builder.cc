// ZoneBuilder: collects records compactly while the parser streams them, then builds the
// snapshot in a few linear passes plus one sort of the distinct owner names.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "zone/builder_impl.h"
#include "zone/canonical_sort.h"
#include "zone/zone.h"
#include "zone/zone_impl.h"
#include "zonefile/in_zone.h"

namespace canon {

using zone_internal::BRec;
using zone_internal::kNoName;
using zone_internal::NameEntry;

namespace {

constexpr size_t kMaxOutOfZoneReports = 100;

}  // namespace

bool ZoneBuilder::Impl::same(uint32_t id, const uint8_t* wire, size_t len) const {
  const NameEntry& e = entries[id];
  if (e.len != len) return false;
  const uint8_t* a = names.data() + e.at;
  // Names are mostly written in one case: an exact match settles it without folding.
  if (std::memcmp(a, wire, len) == 0) return true;
  for (size_t i = 0; i < len; ++i) {
    if (ascii_lower(a[i]) != ascii_lower(wire[i])) return false;
  }
  return true;
}

namespace {

// Eight octets folded to lower case at once: each octet in 'A'..'Z' gains 0x20.
uint64_t lower8(uint64_t x) {
  constexpr uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  uint64_t low7 = x & k7f;
  uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;      // high bit set where octet >= 'A'
  uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit set where octet > 'Z'
  uint64_t upper = ge_a & ~gt_z & ~x & k80;
  return x | (upper >> 2);
}

// The builder's own case-insensitive hash of a wire name, eight octets a step. It need not
// match the served index's name_hash(): the intern table lives only until build().
uint64_t intern_hash(const uint8_t* wire, size_t len) {
  uint64_t h = len * 0x9e3779b97f4a7c15ull;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    std::memcpy(&w, wire + i, 8);
    h = (h ^ lower8(w)) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  if (i < len) {
    uint64_t w = 0;
    std::memcpy(&w, wire + i, len - i);
    h = (h ^ lower8(w)) * 0xbf58476d1ce4e5b9ull;
  }
  h ^= h >> 29;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 32);
}

}  // namespace

void ZoneBuilder::Impl::grow_table() {
  size_table(table.empty() ? 1024 : table.size() * 2);
}

void ZoneBuilder::Impl::size_table(size_t slots) {
  size_t cap = 1024;
  while (cap < slots) cap <<= 1;
  if (cap <= table.size()) return;
  std::vector<uint32_t> t(cap, 0);
  size_t mask = t.size() - 1;
  for (uint32_t id = 0; id < entries.size(); ++id) {
    size_t s = intern_hash(names.data() + entries[id].at, entries[id].len) & mask;
    while (t[s] != 0) s = (s + 1) & mask;
    t[s] = id + 1;
  }
  table.swap(t);
}

// The id of the name `wire` (any case), adding it when new.
uint32_t ZoneBuilder::Impl::intern(const uint8_t* wire, size_t len, size_t labels) {
  if ((entries.size() + 1) * 2 > table.size()) grow_table();
  size_t mask = table.size() - 1;
  size_t s = intern_hash(wire, len) & mask;
  for (; table[s] != 0; s = (s + 1) & mask) {
    if (same(table[s] - 1, wire, len)) return table[s] - 1;
  }
  uint32_t id = static_cast<uint32_t>(entries.size());
  entries.push_back({static_cast<uint32_t>(names.size()), static_cast<uint8_t>(len),
                     static_cast<uint8_t>(labels)});
  names.insert(names.end(), wire, wire + len);
  table[s] = id + 1;
  return id;
}

// Every ancestor of an owner, down to the origin, must be a node (RFC 4592 §2.2.2: empty
// non-terminals exist). Walking up stops at the first ancestor already known, because that
// one's ancestors are (or will be) walked from it.
void ZoneBuilder::Impl::add_empty_non_terminals() {
  size_t ol = origin.label_count();
  for (uint32_t id = 0; id < entries.size(); ++id) {
    size_t labels = entries[id].labels;
    // The parent of a name one label below the origin is the origin, interned first of all.
    if (labels <= ol + 1) continue;
    uint8_t wire[Name::kMaxWire];
    std::memcpy(wire, names.data() + entries[id].at, entries[id].len);
    size_t at = 0;
    while (labels > ol + 1) {
      at += wire[at] + 1;
      --labels;
      size_t before = entries.size();
      intern(wire + at, entries[id].len - at, labels);
      if (entries.size() == before) break;
    }
  }
}

ZoneBuilder::ZoneBuilder(Name origin, std::string file) : impl_(std::make_unique<Impl>()) {
  impl_->origin = origin;
  impl_->file = std::move(file);
  impl_->intern(origin.wire().data(), origin.wire_size(), origin.label_count());
}

ZoneBuilder::~ZoneBuilder() = default;

void ZoneBuilder::reserve(size_t records, size_t rdata_bytes) {
  impl_->recs.reserve(records);
  impl_->rdata.reserve(rdata_bytes);
  // About one owner per record at most, plus its empty non-terminals; half full at worst.
  impl_->size_table(records * 2);
}

void ZoneBuilder::add(const Name& owner, RRType type, RRClass, uint32_t ttl,
                      std::span<const uint8_t> rdata, uint32_t line, uint32_t col) {
  Impl& b = *impl_;
  const uint8_t* w = owner.wire().data();
  size_t len = owner.wire_size();
  // Zone files group records by owner: the previous owner, already checked, is the usual one.
  if (b.last == kNoName || !b.same(b.last, w, len)) {
    if (!in_zone(owner, b.origin)) {
      if (b.out_of_zone++ < kMaxOutOfZoneReports) {
        b.diags.push_back(b.diag(line,
                                 fmt::format("{} {} is out of zone {}; ignored", owner.to_string(),
                                             to_string(type), b.origin.to_string()),
                                 true, col));
      }
      return;
    }
    b.last = b.intern(w, len, owner.label_count());
  }
  uint16_t rlen = static_cast<uint16_t>(std::min<size_t>(rdata.size(), 0xffff));
  b.recs.push_back({b.last, static_cast<uint16_t>(type),
                    static_cast<uint16_t>(std::min<uint32_t>(col, 0xffff)), ttl,
                    static_cast<uint32_t>(b.rdata.size()), line});
  uint8_t l2[2];
  std::memcpy(l2, &rlen, 2);
  b.rdata.insert(b.rdata.end(), l2, l2 + 2);
  b.rdata.insert(b.rdata.end(), rdata.begin(), rdata.begin() + rlen);
}

}  // namespace canon
