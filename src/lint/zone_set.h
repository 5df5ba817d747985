// ZoneSet: the zones of one view, linted together, and the name resolution lint needs on them:
// which zone holds a name, whether a cut or a DNAME above it takes over, an exact match, a
// wildcard match (RFC 4592, from the closest encloser only), or no such name.
//
//   ZoneSet set({&zone_a, &zone_b});
//   Resolution r = set.resolve(*Name::parse("www.example.com."));
//   if (r.kind == Resolution::kNxDomain) ...
//   Chain c = set.follow(*Name::parse("www.example.com."), /*address=*/true);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lint/lint_zone.h"

namespace canon::lint {

struct Resolution {
  enum Kind {
    kExternal,   // in no zone being linted
    kExact,      // `node` is the name itself
    kEmpty,      // the name exists only as an empty non-terminal
    kWildcard,   // `node` is the wildcard that answers for the name
    kNxDomain,   // no such name
    kDelegated,  // below a cut of `zone` (at `node`): the child's data
    kDname,      // below the DNAME at `node`
  };
  Kind kind = kExternal;
  const LintZone* zone = nullptr;
  const LintNode* node = nullptr;
};

// One redirection followed: the record at `owner` (a CNAME, ALIAS or DNAME) sent `from` to `to`.
struct ChainStep {
  const LintZone* zone;
  const LintNode* owner;
  RRType type;
  Name from;
  Name to;
};

struct Chain {
  enum End { kStopped, kLoop, kTooLong };
  std::vector<ChainStep> steps;
  End end = kStopped;
  size_t loop_start = 0;  // for kLoop: steps[loop_start..] form the loop
  Resolution last;        // how the final name resolved (for kStopped)
  Name final_name;
};

class ZoneSet {
 public:
  explicit ZoneSet(std::vector<const LintZone*> zones) : zones_(std::move(zones)) {}

  const std::vector<const LintZone*>& zones() const { return zones_; }
  // The zone with the deepest origin that holds `name`, or nullptr.
  const LintZone* zone_for(const Name& name) const;
  Resolution resolve(const Name& name) const;
  // Follows CNAMEs and DNAMEs (and ALIASes when `address`) from `start` until a name that is
  // not an alias, a loop, or a runaway DNAME expansion.
  Chain follow(const Name& start, bool address) const;

 private:
  std::vector<const LintZone*> zones_;
};

// The target name of the first record of `type` at `node`, if its rdata has one.
std::optional<Name> first_target(const LintZone& z, const LintNode& node, RRType type);

}  // namespace canon::lint
