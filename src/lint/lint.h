// canon lint: semantic checks over one or more zones, in the manner of Knot's semantic checks:
// a table of {code, severity, check}, each check tested by a zone holding exactly that defect.
//
//   std::vector<LintZone> zones;
//   zones.push_back(load_lint_zone("db.example", *Name::parse("example.com.")));
//   LintOptions opt;
//   opt.takeover = load_takeover_providers("data/takeover-providers.json").value();
//   std::vector<Finding> found = lint_zones(zones, opt);
//
// Zones that share a view are linted together, so CNAME chains and loops that cross zones are
// followed. Findings about a zone point at its file and line.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lint/finding.h"
#include "lint/lint_zone.h"
#include "lint/takeover.h"

namespace canon::lint {

struct LintOptions {
  std::vector<TakeoverProvider> takeover;  // empty: no takeover-risk findings
  std::unordered_set<std::string> tlds;    // lower-case TLDs; empty: origin-repeat rule only
  bool mx_srv_cname_is_error = false;      // RFC 2181 §10.3 strictly
};

// Row of the check table: used to run the checks, and to list the codes in --help and docs.
struct CheckInfo {
  std::string_view code;
  std::string_view severity;  // as documented: "error", "warning", "info..error" ...
  std::string_view summary;
  bool strict;  // part of the strict-load subset (issue 4 §1)
};
std::span<const CheckInfo> check_table();

// Runs every check on the zones. Zones with the same view() are linted together.
std::vector<Finding> lint_zones(const std::vector<LintZone>& zones, const LintOptions& opt);

// The strict-load subset (issue 4 §1) on one zone: findings with codes cname-at-apex,
// cname-and-other-data, multiple-cname, cname-and-dname, dname-has-descendants, ns-to-cname,
// mx-to-cname, srv-to-cname, missing-soa, missing-ns, missing-glue and out-of-zone. A server
// refuses the zone when any of them is an error. Parse diagnostics are not included.
std::vector<Finding> strict_load_checks(const LintZone& zone, bool mx_srv_cname_is_error = false);
// The same findings for a served Zone, as canond runs them at load: strict_screen.h rules most
// zones clean from the Zone's own arrays, and only the others are copied into a LintZone
// (LintZone::from_snapshot, findings at `file`) and checked.
std::vector<Finding> strict_load_checks(const Zone& zone, const std::string& file,
                                        bool mx_srv_cname_is_error = false);

// Parse diagnostics as findings (code "syntax"), so that lint reports them in one list.
std::vector<Finding> diagnostics_as_findings(const LintZone& zone);

// TLDs from a public suffix list (Debian: /usr/share/publicsuffix/public_suffix_list.dat): the
// rules that are a single ASCII label. Returns an empty set when the file cannot be read.
std::unordered_set<std::string> load_tlds(const std::string& path);

}  // namespace canon::lint
