#include "auth/lookup.h"

#include "wire/name_hash.h"

namespace canon {

namespace {

constexpr uint16_t kRedirectFlags =
    kNodeDelegation | kNodeBelowCut | kNodeBelowDname | kNodeHasDname;

LookupOutcome make(LookupResult r, const Zone& z, Zone::NodeId n, const RRsetRef* rs = nullptr) {
  return LookupOutcome{&z, rs, n, r, false};
}

// Walks from the apex down towards `name` and reports the highest zone cut or DNAME on the way
// (RFC 1034 §4.3.2 step 3b; RFC 6672 §2.3). A cut at the name itself applies unless the type is
// DS, which the parent side answers (RFC 4035 §3.1.4.1). A DNAME at the name itself does not
// redirect the name (RFC 6672 §2.3). Only names whose flags say a cut or DNAME is near pay for
// this walk.
bool find_redirect(const Zone& zone, const Name& name, size_t depth, RRType qtype,
                   LookupOutcome* out) {
  size_t top = zone.origin().label_count();
  for (size_t k = top; k <= depth; ++k) {
    Zone::NodeId id = zone.find(name.suffix(k)).exact;
    if (id == Zone::kNone) return false;
    uint16_t fl = zone.flags(id);
    bool at_name = k == name.label_count();
    if ((fl & kNodeDelegation) && !(at_name && qtype == RRType::DS)) {
      *out = make(LookupResult::kDelegation, zone, id);
      return true;
    }
    if ((fl & kNodeHasDname) && !at_name) {
      *out = make(LookupResult::kDname, zone, id, zone.rrset(id, RRType::DNAME));
      return out->rrset != nullptr;
    }
  }
  return false;
}

}  // namespace

const Zone* choose_zone(const Catalog& catalog, const Name& name, RRType qtype) {
  const Zone* zone = catalog.find_zone(name);
  if (zone && qtype == RRType::DS && zone->origin() == name) {
    const Zone* parent = catalog.find_parent_zone(name);
    if (parent) return parent;
  }
  return zone;
}

LookupOutcome answer_at(const Zone& zone, Zone::NodeId node, RRType qtype) {
  auto sets = zone.rrsets(node);
  if (qtype == RRType::ANY) {
    if (sets.empty()) return make(LookupResult::kNoData, zone, node);
    return make(LookupResult::kSuccess, zone, node, &sets[0]);
  }
  // The ALIAS supplies the addresses, even beside A/AAAA of its own (lint flags that).
  if ((qtype == RRType::A || qtype == RRType::AAAA) && (zone.flags(node) & kNodeHasAlias)) {
    if (const RRsetRef* al = zone.rrset(node, RRType::ALIAS))
      return make(LookupResult::kAlias, zone, node, al);
  }
  if (const RRsetRef* rs = zone.rrset(node, qtype))
    return make(LookupResult::kSuccess, zone, node, rs);
  if (const RRsetRef* cn = zone.rrset(node, RRType::CNAME))
    return make(LookupResult::kCname, zone, node, cn);
  return make(LookupResult::kNoData, zone, node);
}

LookupOutcome lookup(const Catalog& catalog, const Name& name, RRType qtype) {
  return lookup(catalog, name, qtype, name_hash(name.wire().data(), name.wire_size()));
}

LookupOutcome lookup(const Catalog& catalog, const Name& name, RRType qtype, uint64_t hash) {
  const Zone* zone = choose_zone(catalog, name, qtype);
  if (!zone) return LookupOutcome{};
  Zone::Find f = zone->find(name, hash);
  Zone::NodeId near = f.exact != Zone::kNone ? f.exact : f.closest_encloser;
  if (near == Zone::kNone) return make(LookupResult::kNameError, *zone, Zone::kNone);
  if (zone->flags(near) & kRedirectFlags) {
    LookupOutcome redirect;
    size_t depth = f.exact != Zone::kNone ? name.label_count() : zone->owner(near).label_count();
    if (find_redirect(*zone, name, depth, qtype, &redirect)) return redirect;
  }
  if (f.exact != Zone::kNone) return answer_at(*zone, f.exact, qtype);
  // RFC 4592 §3.3.1: only the closest encloser's `*` child, and the encloser exists because
  // find() only reports existing nodes (empty non-terminals included, which so block).
  Zone::NodeId wc = zone->wildcard_child(f.closest_encloser);
  if (wc == Zone::kNone) return make(LookupResult::kNameError, *zone, f.closest_encloser);
  LookupOutcome o = answer_at(*zone, wc, qtype);
  o.wildcard = true;
  return o;
}

}  // namespace canon
