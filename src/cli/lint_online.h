// canon lint --online: resolves the targets that lie outside the linted zones and reports
// those that do not exist (dangling-external).
//
//   auto resolver = default_resolver();               // first nameserver in /etc/resolv.conf
//   OnlineReport r = check_external_targets(zones, *resolver, 2000);
//   findings.insert(findings.end(), r.findings.begin(), r.findings.end());
//   for (auto& n : r.unresolved) std::fprintf(stderr, "%s\n", n.c_str());
#pragma once

#include <string>
#include <vector>

#include "base/address.h"
#include "base/result.h"
#include "lint/finding.h"
#include "lint/lint_zone.h"

namespace canon::cli {

struct OnlineReport {
  std::vector<lint::Finding> findings;  // dangling-external, one per record
  std::vector<std::string> unresolved;  // targets the resolver could not answer for, and why
  size_t queried = 0;                   // distinct targets asked about
};

// The first `nameserver` of /etc/resolv.conf (port 53), or an error when there is none.
Result<ListenAddress> default_resolver(const std::string& resolv_conf = "/etc/resolv.conf");

// "ADDR", "ADDR:PORT", "[V6]:PORT" or "ADDR#PORT" (dig's form).
Result<ListenAddress> parse_resolver(const std::string& text);

// Asks `resolver` for each distinct external target (type A, recursion desired). NXDOMAIN
// gives a dangling-external error at every record that points there; timeouts and SERVFAIL
// are listed in `unresolved`, never reported as dangling.
OnlineReport check_external_targets(const std::vector<lint::LintZone>& zones,
                                    const ListenAddress& resolver, int timeout_ms);

}  // namespace canon::cli
