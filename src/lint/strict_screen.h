// Strict loading without copying the zone: a screen that reads the served Zone's own arrays and
// tells whether the strict-load checks (lint.h, strict_load_checks) could find anything.
//
//   if (!lint::strict_findings_possible(zone)) { /* nothing to report: the zone loads */ }
//   auto found = lint::strict_load_checks(zone, file);   // screens first, then lints if needed
//
// The screen is conservative: it may answer "possible" for a zone that the checks pass (a CNAME
// target below a cut, say), never "impossible" for one they would flag. A zone that passes the
// screen skips LintZone::from_snapshot, which copied every node and record of a million-record
// zone (a quarter of canond's load time) only for the checks to find nothing.
#pragma once

#include "zone/zone.h"

namespace canon::lint {

// False only when strict_load_checks() on this zone's snapshot would return no finding.
bool strict_findings_possible(const Zone& zone);

}  // namespace canon::lint
