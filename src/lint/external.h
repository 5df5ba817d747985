// External targets: the names that records in the linted zones point at but that no zone of
// their view holds. `canon lint --online` resolves them and reports those that do not exist.
//
//   for (const ExternalTarget& t : external_targets(zones)) {
//     if (resolver says NXDOMAIN for t.target) out.push_back(dangling_external(t, "192.0.2.53"));
//   }
#pragma once

#include <string_view>
#include <vector>

#include "lint/finding.h"
#include "lint/lint_zone.h"

namespace canon::lint {

struct ExternalTarget {
  const LintZone* zone;
  const LintNode* node;
  const LintRecord* record;
  Name target;
};

// Every CNAME, DNAME, ALIAS, MX, SRV and NS target, from authoritative data, that lies in no
// zone of its view. In zone order, then canonical order of the owners.
std::vector<ExternalTarget> external_targets(const std::vector<LintZone>& zones);

// The dangling-external error for a target the resolver at `resolver` answered NXDOMAIN for.
Finding dangling_external(const ExternalTarget& t, std::string_view resolver);

}  // namespace canon::lint
