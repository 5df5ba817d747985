#include "lint/lint.h"

#include <fstream>
#include <map>

#include "lint/checks.h"
#include "wire/rdata.h"

namespace canon::lint {

namespace {

struct Check {
  CheckInfo info;
  CheckFn run;
};

// The table of checks (Knot's semantic checks have the same shape). Order is the order of
// --help and docs/LINT.md; output is sorted by place anyway.
constexpr Check kChecks[] = {
    {{"cname-at-apex", "error", "a CNAME at the zone apex", true}, check_cname_at_apex},
    {{"cname-and-other-data", "error",
      "a CNAME beside other data (RRSIG and NSEC allowed; KEY is not)", true},
     check_cname_and_other_data},
    {{"multiple-cname", "error", "more than one CNAME at a name", true}, check_multiple_cname},
    {{"cname-and-dname", "error", "a CNAME and a DNAME at one name", true}, check_cname_and_dname},
    {{"dname-has-descendants", "error|warning",
      "data below a DNAME: an NS address is an error, other data a warning", true},
     check_dname_has_descendants},
    {{"mx-to-cname", "warning", "an MX target that is an alias", true}, check_mx_to_cname},
    {{"ns-to-cname", "error", "an NS target that is an alias", true}, check_ns_to_cname},
    {{"srv-to-cname", "warning", "an SRV target that is an alias", true}, check_srv_to_cname},
    {{"missing-soa", "error", "no SOA at the apex", true}, check_missing_soa},
    {{"missing-ns", "error", "no NS at the apex", true}, check_missing_ns},
    {{"missing-glue", "error", "a delegation to in-bailiwick servers without glue", true},
     check_missing_glue},
    {{"out-of-zone", "warning", "a record outside the zone (ignored)", true}, check_out_of_zone},
    {{"cname-loop", "error", "a loop through CNAME, DNAME, ALIAS or wildcards", false},
     check_cname_loop},
    {{"cname-chain-long", "info|warning|error",
      "an alias chain of more than 1 (info), 4 (warning) or 8 (error) hops", false},
     check_cname_chain_long},
    {{"dangling-target", "error|warning",
      "a target that does not exist (error) or lacks the data needed (warning)", false},
     check_dangling_target},
    {{"missing-trailing-dot", "warning", "a relative name that repeats the origin or ends in a TLD",
      false},
     check_missing_trailing_dot},
    {{"takeover-risk", "warning", "a target under a cloud suffix that others could claim", false},
     check_takeover_risk},
    {{"ttl-mismatch", "warning", "different TTLs within one RRset", false}, check_ttl_mismatch},
    {{"svcb-alias-to-cname", "warning", "an SVCB/HTTPS AliasMode target that is a CNAME", false},
     check_svcb_alias_to_cname},
    {{"alias-with-address", "error", "an ALIAS beside A or AAAA", false}, check_alias_with_address},
    // Needs the network: canon lint --online runs it (external.h), never lint_zones().
    {{"dangling-external", "error",
      "(--online) a target outside the linted zones that does not exist (NXDOMAIN)", false},
     nullptr},
};

// Every name a chain reaches after its first step: the names it is sent to, and the nodes that
// answer for them (a wildcard answers for names that no record spells out).
void collect_chain_inner(const ZoneSet& set, std::unordered_set<Name, NameHash>& out) {
  for (const auto* z : set.zones()) {
    for (const auto& n : z->nodes()) {
      if (!n.authoritative() || (!z->has(n, RRType::CNAME) && !z->has(n, RRType::ALIAS))) {
        continue;
      }
      Chain c = set.follow(n.name, true);
      for (size_t i = 1; i < c.steps.size(); ++i) {
        out.insert(c.steps[i].from);
        out.insert(c.steps[i].owner->name);
      }
      if (!c.steps.empty()) out.insert(c.steps.back().to);
    }
  }
}

void run_checks(const CheckContext& ctx, bool strict_only, std::vector<Finding>& out) {
  for (const auto& c : kChecks) {
    if (c.run && (!strict_only || c.info.strict)) c.run(ctx, out);
  }
}

}  // namespace

const std::unordered_set<Name, NameHash>& ViewState::chain_inner() {
  if (!chain_inner_) {
    chain_inner_.emplace();
    collect_chain_inner(set, *chain_inner_);
  }
  return *chain_inner_;
}

std::span<const CheckInfo> check_table() {
  static const std::vector<CheckInfo> infos = [] {
    std::vector<CheckInfo> v;
    for (const auto& c : kChecks) v.push_back(c.info);
    return v;
  }();
  return infos;
}

Finding finding_at(const LintZone& z, const LintNode& node, const LintRecord& rec,
                   std::string_view code, Severity sev, std::string message, std::string hint) {
  Finding f;
  f.code = code;
  f.severity = sev;
  f.owner = node.name.to_string();
  f.type = to_string(rec.type);
  f.file = z.files().empty() ? z.file() : z.files()[rec.file];
  if (rec.line) f.line = rec.line;
  if (rec.line && rec.col) f.col = rec.col;
  f.message = std::move(message);
  f.hint = std::move(hint);
  f.view = z.view();
  return f;
}

Finding finding_for_zone(const LintZone& z, std::string_view code, Severity sev,
                         std::string message, std::string hint) {
  Finding f;
  f.code = code;
  f.severity = sev;
  f.owner = z.origin().to_string();
  f.file = z.file();
  f.message = std::move(message);
  f.hint = std::move(hint);
  f.view = z.view();
  return f;
}

std::vector<Finding> lint_zones(const std::vector<LintZone>& zones, const LintOptions& opt) {
  std::map<std::string, std::vector<const LintZone*>> views;
  for (const auto& z : zones) views[z.view()].push_back(&z);
  std::vector<Finding> out;
  for (auto& [name, members] : views) {
    ViewState view{ZoneSet(members)};
    for (const auto* z : members) {
      auto diag = diagnostics_as_findings(*z);
      out.insert(out.end(), diag.begin(), diag.end());
      run_checks(CheckContext{view, *z, opt}, false, out);
    }
  }
  sort_findings(out);
  return out;
}

std::vector<Finding> strict_load_checks(const LintZone& zone, bool mx_srv_cname_is_error) {
  LintOptions opt;
  opt.mx_srv_cname_is_error = mx_srv_cname_is_error;
  ViewState view{ZoneSet({&zone})};
  std::vector<Finding> out;
  run_checks(CheckContext{view, zone, opt}, true, out);
  sort_findings(out);
  return out;
}

std::vector<Finding> diagnostics_as_findings(const LintZone& zone) {
  std::vector<Finding> out;
  for (const auto& d : zone.diagnostics) {
    Finding f;
    f.code = "syntax";
    f.severity = d.warning ? Severity::kWarning : Severity::kError;
    f.file = d.file.empty() ? zone.file() : d.file;
    if (d.line) f.line = d.line;
    if (d.line && d.col) f.col = d.col;
    f.message = d.message;
    f.hint = "fix the zone file's syntax; records that could not be read are left out of lint";
    f.view = zone.view();
    out.push_back(std::move(f));
  }
  return out;
}

std::unordered_set<std::string> load_tlds(const std::string& path) {
  std::unordered_set<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line.starts_with("//") || line.find('.') != std::string::npos) continue;
    bool ascii = true;
    for (char& c : line) {
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || u == '!' || u == '*') ascii = false;
      c = static_cast<char>(ascii_lower(u));
    }
    if (ascii) out.insert(line);
  }
  return out;
}

}  // namespace canon::lint
