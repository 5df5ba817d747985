// RRset: one owner, type and class with its records, as the resolver moves them between
// sources, the cache and the answer. Rdata is uncompressed wire form.
//
//   std::vector<RRset> sets = group_rrsets(message.answer);
//   const RRset* a = find_rrset(sets, qname, RRType::A);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wire/message.h"
#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon::resolver {

struct RRset {
  Name owner;
  RRType type = RRType::A;
  RRClass cls = RRClass::IN;
  uint32_t ttl = 0;
  std::vector<std::vector<uint8_t>> rdatas;

  size_t memory_bytes() const;
  // The first record's target (CNAME, DNAME, NS...), or nullopt.
  std::optional<Name> target() const;
  // One ResourceRecord per rdata, appended to `out`.
  void append_records(std::vector<ResourceRecord>& out) const;
  // Presentation lines, for tests and logs: "owner ttl IN TYPE rdata".
  std::vector<std::string> to_lines() const;
};

// Groups records by owner, type and class, in order of first appearance. Each RRset takes the
// lowest TTL of its records (RFC 2181 §5.2).
std::vector<RRset> group_rrsets(std::span<const ResourceRecord> records);

// The RRset with this owner and type, or nullptr.
const RRset* find_rrset(std::span<const RRset> sets, const Name& owner, RRType type);

}  // namespace canon::resolver
