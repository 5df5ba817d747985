#include "lint/zone_set.h"

#include "wire/rdata.h"

namespace canon::lint {

namespace {

// A DNAME that points below itself grows the name at each step until it passes 255 octets;
// this bounds the walk even before that.
constexpr size_t kMaxSteps = 300;

}  // namespace

std::optional<Name> first_target(const LintZone& z, const LintNode& node, RRType type) {
  auto rs = z.rrset(node, type);
  if (rs.empty()) return std::nullopt;
  return rdata_target(type, z.rdata(rs.front()));
}

const LintZone* ZoneSet::zone_for(const Name& name) const {
  const LintZone* best = nullptr;
  for (const auto* z : zones_) {
    if (!z->contains(name)) continue;
    if (!best || z->origin().label_count() > best->origin().label_count()) best = z;
  }
  return best;
}

Resolution ZoneSet::resolve(const Name& name) const {
  const LintZone* z = zone_for(name);
  if (!z) return {};
  // Walk down from the apex: the highest cut or DNAME above the name takes over (RFC 1034
  // §4.3.2 step 3b, RFC 6672 §3.2).
  for (size_t k = z->origin().label_count(); k <= name.label_count(); ++k) {
    const LintNode* n = z->find(name.suffix(k));
    if (!n || !n->authoritative()) continue;
    if (n->flags & kCut) return {Resolution::kDelegated, z, n};
    if (k < name.label_count() && z->has(*n, RRType::DNAME)) return {Resolution::kDname, z, n};
  }
  if (const LintNode* n = z->find(name)) return {Resolution::kExact, z, n};
  if (z->exists(name)) return {Resolution::kEmpty, z, nullptr};
  // RFC 4592 §3.3.1: only the closest encloser's wildcard applies.
  for (size_t k = name.label_count(); k-- > z->origin().label_count();) {
    Name ce = name.suffix(k);
    if (!z->exists(ce)) continue;
    auto w = ce.wildcard();
    const LintNode* wn = w ? z->find(*w) : nullptr;
    if (wn) return {Resolution::kWildcard, z, wn};
    break;
  }
  return {Resolution::kNxDomain, z, nullptr};
}

Chain ZoneSet::follow(const Name& start, bool address) const {
  Chain c;
  std::vector<Name> seen{start};
  Name cur = start;
  while (c.steps.size() < kMaxSteps) {
    Resolution r = resolve(cur);
    std::optional<Name> next;
    RRType type = RRType::CNAME;
    if (r.kind == Resolution::kExact || r.kind == Resolution::kWildcard) {
      next = first_target(*r.zone, *r.node, RRType::CNAME);
      if (!next && address) {
        type = RRType::ALIAS;
        next = first_target(*r.zone, *r.node, RRType::ALIAS);
      }
    } else if (r.kind == Resolution::kDname) {
      type = RRType::DNAME;
      auto to = first_target(*r.zone, *r.node, RRType::DNAME);
      if (to) {
        auto sub = cur.replace_suffix(r.node->name, *to);
        if (!sub) {
          c.end = Chain::kTooLong;  // RFC 6672 §2.2: YXDOMAIN
          c.final_name = cur;
          c.last = r;
          return c;
        }
        next = *sub;
      }
    }
    if (!next) {
      c.last = r;
      c.final_name = cur;
      return c;
    }
    c.steps.push_back({r.zone, r.node, type, cur, *next});
    for (size_t i = 0; i < seen.size(); ++i) {
      if (seen[i] == *next) {
        c.end = Chain::kLoop;
        c.loop_start = i;
        c.final_name = *next;
        return c;
      }
    }
    seen.push_back(*next);
    cur = *next;
  }
  c.end = Chain::kTooLong;
  c.final_name = cur;
  return c;
}

}  // namespace canon::lint
