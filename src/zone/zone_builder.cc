// ZoneBuilder: collects records compactly while the parser streams them, then builds the
// snapshot in a few linear passes plus one sort of the owner names (zone_build.cc).
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

// A zone file writes an owner's records together, but not always all of them ("host A",
// "www.host CNAME", "host MX"): the last few entries are in the cache, and their hashes settle
// nearly every comparison without reading the names.
uint32_t ZoneBuilder::Impl::add_owner(const uint8_t* wire, size_t len, size_t labels) {
  constexpr size_t kNear = 8;
  uint64_t h = zone_internal::name_hash(wire, len);
  size_t n = entries.size();
  const uint64_t* recent = hashes.data();
  for (size_t k = n, lo = n > kNear ? n - kNear : 0; k-- > lo;) {
    if (recent[k] == h && same(static_cast<uint32_t>(k), wire, len))
      return static_cast<uint32_t>(k);
  }
  bool wild = len > 1 && wire[0] == 1 && wire[1] == '*';
  entries.push_back({static_cast<uint32_t>(names.size()), static_cast<uint8_t>(len),
                     static_cast<uint8_t>(labels), static_cast<uint8_t>(wild)});
  names.append(wire, len);
  hashes.push_back(h);
  return static_cast<uint32_t>(n);
}

ZoneBuilder::ZoneBuilder(Name origin, std::string file) : impl_(std::make_unique<Impl>()) {
  impl_->origin = origin;
  impl_->file = std::move(file);
  impl_->add_owner(origin.wire().data(), origin.wire_size(), origin.label_count());
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
    b.last = b.add_owner(w, len, owner.label_count());
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
