#include "resolver/local_source.h"

#include <algorithm>

#include "auth/lookup.h"

namespace canon::resolver {

namespace {

RRset to_rrset(const Zone& zone, const RRsetRef& ref, const Name& owner) {
  RRset s{owner, ref.type, RRClass::IN, ref.ttl, {}};
  for (auto rd : zone.rdatas(ref)) s.rdatas.emplace_back(rd.begin(), rd.end());
  return s;
}

// The zone's SOA with the negative TTL of RFC 2308 §3 (the lesser of its TTL and MINIMUM).
std::vector<RRset> negative_authority(const Zone& zone) {
  Zone::Find f = zone.find(zone.origin());
  if (f.exact == Zone::kNone) return {};
  const RRsetRef* soa = zone.rrset(f.exact, RRType::SOA);
  if (!soa) return {};
  RRset s = to_rrset(zone, *soa, zone.origin());
  const auto& rd = s.rdatas.front();
  if (rd.size() >= 4) {
    uint32_t minimum = uint32_t{rd[rd.size() - 4]} << 24 | uint32_t{rd[rd.size() - 3]} << 16 |
                       uint32_t{rd[rd.size() - 2]} << 8 | rd[rd.size() - 1];
    s.ttl = std::min(s.ttl, minimum);
  }
  return {s};
}

}  // namespace

SourceAnswer LocalSource::lookup(const Name& name, RRType type) {
  SourceAnswer a;
  a.authoritative = true;
  if (!catalog_) {
    a.kind = AnswerKind::kPass;
    return a;
  }
  LookupOutcome o = canon::lookup(*catalog_, name, type);
  switch (o.result) {
    case LookupResult::kSuccess: {
      a.kind = AnswerKind::kAnswer;
      Name owner = o.wildcard ? name : o.zone->owner(o.node);
      a.records.push_back(to_rrset(*o.zone, *o.rrset, owner));  // ANY: one RRset (RFC 8482)
      return a;
    }
    case LookupResult::kCname:
      a.kind = AnswerKind::kCname;
      a.records.push_back(to_rrset(*o.zone, *o.rrset, name));
      return a;
    case LookupResult::kDname:
      a.kind = AnswerKind::kDname;
      a.records.push_back(to_rrset(*o.zone, *o.rrset, o.zone->owner(o.node)));
      return a;
    case LookupResult::kNoData:
      a.kind = AnswerKind::kNoData;
      a.authority = negative_authority(*o.zone);
      return a;
    case LookupResult::kNameError:
      a.kind = AnswerKind::kNxDomain;
      a.authority = negative_authority(*o.zone);
      return a;
    case LookupResult::kAlias:
      a.kind = AnswerKind::kAlias;
      a.records.push_back(to_rrset(*o.zone, *o.rrset, o.wildcard ? name : o.zone->owner(o.node)));
      return a;
    case LookupResult::kDelegation:
    case LookupResult::kOutside:
      break;
  }
  a.kind = AnswerKind::kPass;
  a.authoritative = false;
  return a;
}

}  // namespace canon::resolver
