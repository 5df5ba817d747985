// The lint checks, one function per code, and what they share. lint.cc holds the table that
// ties each code to its function; this header is internal to the lint layer.
//
//   CheckContext ctx{view, zone, opt};
//   std::vector<Finding> out;
//   check_cname_at_apex(ctx, out);
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lint/finding.h"
#include "lint/lint.h"
#include "lint/zone_set.h"

namespace canon::lint {

// State shared by the checks of one view: the zones linted together, loops already reported
// (a loop is found from each of its members but reported once), and the names that some alias
// chain passes through after its first name, wildcard owners included (a chain is reported at
// its first name only).
struct ViewState {
  explicit ViewState(ZoneSet s) : set(std::move(s)) {}
  ZoneSet set;
  std::set<std::string> reported_loops;
  // Computed on first use: it follows every chain, which the strict subset does not need.
  const std::unordered_set<Name, NameHash>& chain_inner();

 private:
  std::optional<std::unordered_set<Name, NameHash>> chain_inner_;
};

struct CheckContext {
  ViewState& view;
  const LintZone& zone;
  const LintOptions& opt;
};

using CheckFn = void (*)(const CheckContext&, std::vector<Finding>&);

// A finding about `rec` at `node` (file and line from the record).
Finding finding_at(const LintZone& z, const LintNode& node, const LintRecord& rec,
                   std::string_view code, Severity sev, std::string message, std::string hint);
// A finding about the zone as a whole (the apex), without a record to point at.
Finding finding_for_zone(const LintZone& z, std::string_view code, Severity sev,
                         std::string message, std::string hint);

// True when `name` (a record's owner, or a name in its rdata) looks like a relative name that
// was meant to be absolute: www.example.com.example.com. (issue 4: missing-trailing-dot).
bool looks_like_missing_dot(const CheckContext& ctx, const Name& name, bool is_owner);

// Types whose rdata names a target that lint follows or checks.
bool has_checked_target(RRType t);

void check_cname_at_apex(const CheckContext& ctx, std::vector<Finding>& out);
void check_cname_and_other_data(const CheckContext& ctx, std::vector<Finding>& out);
void check_multiple_cname(const CheckContext& ctx, std::vector<Finding>& out);
void check_cname_and_dname(const CheckContext& ctx, std::vector<Finding>& out);
void check_dname_has_descendants(const CheckContext& ctx, std::vector<Finding>& out);
void check_missing_soa(const CheckContext& ctx, std::vector<Finding>& out);
void check_missing_ns(const CheckContext& ctx, std::vector<Finding>& out);
void check_out_of_zone(const CheckContext& ctx, std::vector<Finding>& out);
void check_ttl_mismatch(const CheckContext& ctx, std::vector<Finding>& out);
void check_alias_with_address(const CheckContext& ctx, std::vector<Finding>& out);

void check_mx_to_cname(const CheckContext& ctx, std::vector<Finding>& out);
void check_ns_to_cname(const CheckContext& ctx, std::vector<Finding>& out);
void check_srv_to_cname(const CheckContext& ctx, std::vector<Finding>& out);
void check_svcb_alias_to_cname(const CheckContext& ctx, std::vector<Finding>& out);
void check_missing_glue(const CheckContext& ctx, std::vector<Finding>& out);
void check_dangling_target(const CheckContext& ctx, std::vector<Finding>& out);
void check_missing_trailing_dot(const CheckContext& ctx, std::vector<Finding>& out);
void check_takeover_risk(const CheckContext& ctx, std::vector<Finding>& out);

void check_cname_loop(const CheckContext& ctx, std::vector<Finding>& out);
void check_cname_chain_long(const CheckContext& ctx, std::vector<Finding>& out);

}  // namespace canon::lint
