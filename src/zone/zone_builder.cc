// ZoneBuilder: collects records compactly while the parser streams them, then builds the
// snapshot in a few linear passes plus one sort of the distinct owner names.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "zone/builder_impl.h"
#include "zone/canonical_sort.h"
#include "zone/name_hash.h"
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

void ZoneBuilder::Impl::grow_table() {
  size_table(table.empty() ? 1024 : table.size() * 2);
}

namespace {

uint64_t table_entry(uint64_t hash, uint32_t id) {
  return ((hash >> 32) << 32) | (id + 1);
}

}  // namespace

void ZoneBuilder::Impl::size_table(size_t slots) {
  size_t cap = 1024;
  while (cap < slots) cap <<= 1;
  if (cap <= table.size()) return;
  zone_internal::SlotTable t(cap);
  size_t mask = t.size() - 1;
  for (uint32_t id = 0; id < interned; ++id) {
    uint64_t h = hashes[id];
    size_t s = h & mask;
    while (t[s] != 0) s = (s + 1) & mask;
    t[s] = table_entry(h, id);
  }
  table.swap(t);
}

uint32_t ZoneBuilder::Impl::probe(uint64_t hash, const uint8_t* wire, size_t len,
                                  size_t& slot) const {
  size_t mask = table.size() - 1;
  uint64_t tag = hash >> 32;
  for (slot = hash & mask; table[slot] != 0; slot = (slot + 1) & mask) {
    uint64_t e = table[slot];
    if ((e >> 32) != tag) continue;
    auto id = static_cast<uint32_t>(e & 0xffffffffu) - 1;
    if (same(id, wire, len)) return id;
  }
  return kNoName;
}

// The id of the name `wire` (any case), adding it when new.
uint32_t ZoneBuilder::Impl::intern(const uint8_t* wire, size_t len, size_t labels) {
  if ((entries.size() + 1) * 2 > table.size()) grow_table();
  uint64_t h = zone_internal::name_hash(wire, len);
  size_t s = 0;
  if (uint32_t id = probe(h, wire, len, s); id != kNoName) return id;
  uint32_t id = static_cast<uint32_t>(entries.size());
  entries.push_back({static_cast<uint32_t>(names.size()), static_cast<uint8_t>(len),
                     static_cast<uint8_t>(labels)});
  names.append(wire, len);
  table[s] = table_entry(h, id);
  hashes.push_back(h);
  interned = id + 1;
  return id;
}

uint32_t ZoneBuilder::Impl::add_pending(const uint8_t* wire, size_t len, size_t labels) {
  if (entries.size() - interned >= kInternBatch) intern_pending();
  uint32_t id = static_cast<uint32_t>(entries.size());
  entries.push_back({static_cast<uint32_t>(names.size()), static_cast<uint8_t>(len),
                     static_cast<uint8_t>(labels)});
  names.append(wire, len);
  return id;
}

// Interns entries[interned..]: the hashes first, each slot prefetched, then the probes, which
// find their lines in the cache by then. A pending name already interned (an owner that comes
// back later in the file) is dropped from the tail of `entries` and `names`, and the pending
// records are given the final ids.
void ZoneBuilder::Impl::intern_pending() {
  size_t n = entries.size() - interned;  // at most kInternBatch: add_pending() sees to it
  if (n == 0) return;
  while ((entries.size() + 1) * 2 > table.size()) grow_table();
  size_t mask = table.size() - 1;
  uint64_t batch[kInternBatch];
  for (size_t i = 0; i < n; ++i) {
    const NameEntry& e = entries[interned + i];
    batch[i] = zone_internal::name_hash(names.data() + e.at, e.len);
    __builtin_prefetch(&table[batch[i] & mask]);
  }
  uint32_t final_id[kInternBatch];
  uint32_t first = interned;
  size_t names_end = entries[first].at;
  for (size_t i = 0; i < n; ++i) {
    NameEntry e = entries[first + i];
    // Kept names move left over dropped ones; a name never moves onto one not yet read.
    uint8_t* wire = names.data() + e.at;
    size_t s = 0;
    if (uint32_t id = probe(batch[i], wire, e.len, s); id != kNoName) {
      final_id[i] = id;
      continue;
    }
    if (names_end != e.at) std::memmove(names.data() + names_end, wire, e.len);
    entries[interned] = {static_cast<uint32_t>(names_end), e.len, e.labels};
    table[s] = table_entry(batch[i], interned);
    hashes.push_back(batch[i]);
    final_id[i] = interned++;
    names_end += e.len;
  }
  entries.resize(interned);
  names.truncate(names_end);
  for (size_t r = pending_recs; r < recs.size(); ++r) recs[r].name = final_id[recs[r].name - first];
  if (last != kNoName && last >= first) last = final_id[last - first];
  pending_recs = recs.size();
}

// Whether one of the few names interned just before `id` is `wire`. Zone files write a name's
// parent near it ("host", then "mail.host"); these entries are in the cache, where a probe of
// the intern table lands at random and misses (a million-name table is 16 MiB), and the
// parent need not be hashed. Lengths are compared first: most differ.
bool ZoneBuilder::Impl::near_before(uint32_t id, const uint8_t* wire, size_t len) const {
  constexpr uint32_t kNear = 8;
  for (uint32_t k = id > kNear ? id - kNear : 0; k < id; ++k) {
    if (entries[k].len == len && same(k, wire, len)) return true;
  }
  return false;
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
      size_t len = entries[id].len - at;
      if (near_before(id, wire + at, len)) break;
      size_t before = entries.size();
      intern(wire + at, len, labels);
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
  // Owners too (about one a record at most, 40 octets or less in the usual zone): grown by
  // doubling, each of these arrays was copied and faulted in again half a dozen times. What is
  // reserved and never written costs address space, not memory.
  impl_->names.reserve(records * 40);
  impl_->entries.reserve(records);
  impl_->hashes.reserve(records);
  // Owners and their empty non-terminals run at about half a record each in the usual zone
  // (0.65 in bench/zone-load's): a slot a record keeps the table half full or less without
  // regrowing. More names regrow it; a table twice that size faulted in twice the pages, each
  // probe landing at random.
  impl_->size_table(records);
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
    b.last = b.add_pending(w, len, owner.label_count());
  }
  uint16_t rlen = static_cast<uint16_t>(std::min<size_t>(rdata.size(), 0xffff));
  b.recs.push_back({b.last, static_cast<uint16_t>(type),
                    static_cast<uint16_t>(std::min<uint32_t>(col, 0xffff)), ttl,
                    static_cast<uint32_t>(b.rdata.size()), line});
  uint8_t l2[2];
  std::memcpy(l2, &rlen, 2);
  b.rdata.append(l2, 2);
  b.rdata.append(rdata.data(), rlen);
}

}  // namespace canon
