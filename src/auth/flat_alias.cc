#include "auth/flat_alias.h"

#include "auth/responder.h"
#include "wire/name_hash.h"

namespace canon {

FlatAliasTable::FlatAliasTable(const Catalog& catalog) {
  for (const auto& zone : catalog.zones()) {
    const Zone& z = *zone;
    for (Zone::NodeId n = 0; n < z.node_count(); ++n) {
      if (!(z.flags(n) & kNodeHasAlias)) continue;
      if (const RRsetRef* al = z.rrset(n, RRType::ALIAS)) add(catalog, z, n, *al);
    }
  }
  index();
}

void FlatAliasTable::add(const Catalog& catalog, const Zone& zone, Zone::NodeId node,
                         const RRsetRef& alias) {
  Name owner = zone.owner(node);
  keys_.push_back(&alias);
  hashes_.push_back(name_hash(owner.wire().data(), owner.wire_size()));
  entries_.resize(entries_.size() + 2);
  flatten(catalog, zone, alias, owner, RRType::A);
  flatten(catalog, zone, alias, owner, RRType::AAAA);
}

// Runs the chase from the owner with the largest limit; respond() uses the entry only when the
// query's limit lets every hop through (FlatAlias::hops), so the limit never changes the answer.
void FlatAliasTable::flatten(const Catalog& catalog, const Zone& zone, const RRsetRef& alias,
                             const Name& owner, RRType qtype) {
  Resolution r;
  chase(catalog, owner, qtype, kMaxCnameChain, &r);
  // Only a chain that starts with this very ALIAS: an owner occluded by a cut, a DNAME or a
  // closer zone of the catalog is never answered from it.
  if (r.nsteps == 0 || r.alias_at != 0 || r.steps[0].rrset != &alias) return;
  if (r.end != ChaseEnd::kAnswer && r.end != ChaseEnd::kNoData && r.end != ChaseEnd::kAliasExternal)
    return;
  FlatAlias& f = entries_[entries_.size() - 2 + (qtype == RRType::AAAA ? 1 : 0)];
  f.end = r.end;
  f.hops = static_cast<uint8_t>(r.nsteps);
  f.ttl = r.alias_ttl;
  f.last = r.last;
  if (r.last.rrset) f.last_set = *r.last.rrset;
  // One hop: the last name is the ALIAS target the zone parsed at build time (Zone keeps it).
  const Name* target = r.nsteps == 1 ? zone.alias_target(alias) : nullptr;
  if (!target) {
    names_.push_back(r.last_name());
    target = &names_.back();
  }
  f.last_name = target;
  f.last_hash = target->hash();
  f.last_wire = target->wire();
}

void FlatAliasTable::index() {
  if (keys_.empty()) return;
  size_t n = 8;
  while (n < 2 * keys_.size()) n <<= 1;
  slots_.assign(n, FlatAliasSlot{});
  mask_ = n - 1;
  for (size_t i = 0; i < keys_.size(); ++i) {
    size_t s = hashes_[i] & mask_;
    while (slots_[s].key) s = (s + 1) & mask_;
    slots_[s] = {keys_[i], {entries_[2 * i], entries_[2 * i + 1]}};
  }
  entries_ = {};  // in the slots now
  keys_ = {};
  hashes_ = {};
}

}  // namespace canon
