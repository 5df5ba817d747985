#include "resolver/rrset.h"

#include <algorithm>

#include "wire/rdata.h"

namespace canon::resolver {

size_t RRset::memory_bytes() const {
  size_t n = sizeof(RRset);
  for (const auto& r : rdatas) n += sizeof(r) + r.capacity();
  return n;
}

std::optional<Name> RRset::target() const {
  if (rdatas.empty()) return std::nullopt;
  return rdata_target(type, rdatas.front());
}

void RRset::append_records(std::vector<ResourceRecord>& out) const {
  for (const auto& rd : rdatas) out.push_back(ResourceRecord{owner, type, cls, ttl, rd});
}

std::vector<std::string> RRset::to_lines() const {
  std::vector<ResourceRecord> rrs;
  append_records(rrs);
  std::vector<std::string> lines;
  for (const auto& rr : rrs) {
    std::string t = rr.to_text();
    std::replace(t.begin(), t.end(), '\t', ' ');  // one space between fields, as tests write
    lines.push_back(std::move(t));
  }
  return lines;
}

std::vector<RRset> group_rrsets(std::span<const ResourceRecord> records) {
  std::vector<RRset> sets;
  for (const auto& rr : records) {
    auto it = std::find_if(sets.begin(), sets.end(), [&](const RRset& s) {
      return s.type == rr.type && s.cls == rr.cls && s.owner == rr.owner;
    });
    if (it == sets.end()) {
      sets.push_back(RRset{rr.owner, rr.type, rr.cls, rr.ttl, {}});
      it = sets.end() - 1;
    }
    it->ttl = std::min(it->ttl, rr.ttl);
    if (std::find(it->rdatas.begin(), it->rdatas.end(), rr.rdata) == it->rdatas.end())
      it->rdatas.push_back(rr.rdata);
  }
  return sets;
}

const RRset* find_rrset(std::span<const RRset> sets, const Name& owner, RRType type) {
  for (const auto& s : sets)
    if (s.type == type && s.owner == owner) return &s;
  return nullptr;
}

}  // namespace canon::resolver
