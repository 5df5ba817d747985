// LocalSource: answers from the zones a view serves itself (its private zones and the
// top-level [[zone]]s), through the authoritative engine's one-name lookup (auth/lookup.h).
// Every name under one of its zones is answered here and nowhere else: a name the private zone
// lacks is NXDOMAIN, never a public lookup (issue 5 §1, as in Route 53). A delegation out of a
// local zone is the one exception: it answers kPass and the router goes on to forwarding and
// recursion, as BIND does for a delegated child of a zone it serves.
#pragma once

#include <memory>

#include "auth/responder.h"
#include "resolver/source.h"

namespace canon::resolver {

class LocalSource final : public AnswerSource {
 public:
  explicit LocalSource(std::shared_ptr<const Catalog> catalog) : catalog_(std::move(catalog)) {}

  // True when some zone of the catalog encloses the name.
  bool covers(const Name& name) const { return catalog_ && catalog_->find_zone(name) != nullptr; }
  SourceAnswer lookup(const Name& name, RRType type) override;

 private:
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace canon::resolver
