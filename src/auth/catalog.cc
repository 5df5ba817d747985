// Catalog: choosing the zone for a name. The chase asks this once per name on a CNAME chain, so
// lookups allocate nothing: a linear scan for a few zones, a hash probe per suffix otherwise.
#include <algorithm>

#include "auth/flat_alias.h"
#include "auth/responder.h"

namespace canon {

void Catalog::add(std::shared_ptr<const Zone> zone) {
  if (!zone) return;
  drop_flat();
  const Name& origin = zone->origin();
  auto it = by_origin_.find(origin);
  if (it != by_origin_.end()) {
    zones_[it->second] = std::move(zone);
    return;
  }
  by_origin_.emplace(origin, zones_.size());
  min_labels_ = std::min(min_labels_, origin.label_count());
  max_labels_ = std::max(max_labels_, origin.label_count());
  zones_.push_back(std::move(zone));
}

void Catalog::flatten_aliases() {
  drop_flat();  // the table is built by chasing through this catalog as it is, unflattened
  flat_ = std::make_shared<FlatAliasTable>(*this);
  flat_slots_ = flat_->slots();
  flat_mask_ = flat_->mask();
}

void Catalog::drop_flat() {
  flat_.reset();
  flat_slots_ = nullptr;
  flat_mask_ = 0;
}

const Zone* Catalog::find_zone(const Name& name) const {
  if (zones_.size() <= kLinearMax) {
    const Zone* best = nullptr;
    for (const auto& z : zones_) {
      const Name& o = z->origin();
      if (name.is_subdomain_of(o) && (!best || o.label_count() > best->origin().label_count()))
        best = z.get();
    }
    return best;
  }
  if (name.label_count() < min_labels_) return nullptr;
  for (size_t k = std::min(name.label_count(), max_labels_) + 1; k-- > min_labels_;) {
    auto it = by_origin_.find(name.suffix(k));
    if (it != by_origin_.end()) return zones_[it->second].get();
  }
  return nullptr;
}

const Zone* Catalog::zone_at(const Name& name) const {
  if (zones_.size() <= kLinearMax) {
    for (const auto& z : zones_)
      if (z->origin() == name) return z.get();
    return nullptr;
  }
  auto it = by_origin_.find(name);
  return it == by_origin_.end() ? nullptr : zones_[it->second].get();
}

const Zone* Catalog::find_parent_zone(const Name& name) const {
  if (name.is_root()) return nullptr;
  return find_zone(name.parent());
}

}  // namespace canon
