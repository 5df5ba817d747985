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
  for (size_t i = 0; i < len; ++i) {
    if (ascii_lower(a[i]) != ascii_lower(wire[i])) return false;
  }
  return true;
}

void ZoneBuilder::Impl::grow_table() {
  std::vector<uint32_t> t(table.empty() ? 1024 : table.size() * 2, 0);
  size_t mask = t.size() - 1;
  for (uint32_t id = 0; id < entries.size(); ++id) {
    size_t s = zone_internal::name_hash(names.data() + entries[id].at, entries[id].len) & mask;
    while (t[s] != 0) s = (s + 1) & mask;
    t[s] = id + 1;
  }
  table.swap(t);
}

// The id of the name `wire` (any case), adding it when new.
uint32_t ZoneBuilder::Impl::intern(const uint8_t* wire, size_t len, size_t labels) {
  if ((entries.size() + 1) * 2 > table.size()) grow_table();
  size_t mask = table.size() - 1;
  size_t s = zone_internal::name_hash(wire, len) & mask;
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
    uint8_t wire[Name::kMaxWire];
    std::memcpy(wire, names.data() + entries[id].at, entries[id].len);
    size_t at = 0;
    while (labels > ol) {
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
}

void ZoneBuilder::add(const Name& owner, RRType type, RRClass, uint32_t ttl,
                      std::span<const uint8_t> rdata, uint32_t line) {
  Impl& b = *impl_;
  if (!owner.is_subdomain_of(b.origin)) {
    if (b.out_of_zone++ < kMaxOutOfZoneReports) {
      b.diags.push_back(b.diag(line,
                               fmt::format("{} {} is out of zone {}; ignored", owner.to_string(),
                                           to_string(type), b.origin.to_string()),
                               true));
    }
    return;
  }
  const uint8_t* w = owner.wire().data();
  size_t len = owner.wire_size();
  if (b.last == kNoName || !b.same(b.last, w, len)) b.last = b.intern(w, len, owner.label_count());
  uint16_t rlen = static_cast<uint16_t>(std::min<size_t>(rdata.size(), 0xffff));
  b.recs.push_back(
      {b.last, static_cast<uint16_t>(type), ttl, static_cast<uint32_t>(b.rdata.size()), line});
  uint8_t l2[2];
  std::memcpy(l2, &rlen, 2);
  b.rdata.insert(b.rdata.end(), l2, l2 + 2);
  b.rdata.insert(b.rdata.end(), rdata.begin(), rdata.begin() + rlen);
}

}  // namespace canon
