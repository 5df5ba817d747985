#include "server/alias_check.h"

#include <fmt/format.h>

namespace canon::server {

namespace {

void check_zone(const Zone& z, const std::string& file, const Catalog& catalog,
                std::vector<Diagnostic>* out) {
  for (Zone::NodeId n = 0; n < z.node_count(); ++n) {
    if (!(z.flags(n) & kNodeHasAlias)) continue;
    const RRsetRef* rs = z.rrset(n, RRType::ALIAS);
    if (!rs || rs->count == 0) continue;
    auto target = Name::from_wire(*z.rdatas(*rs).begin());
    if (!target || catalog.find_zone(*target)) continue;
    out->push_back({file, z.line_of(n, RRType::ALIAS), 1,
                    fmt::format("ALIAS target {} of {} is outside every zone served and no "
                                "[alias] upstream is set: A and AAAA queries there will answer "
                                "SERVFAIL (set [alias] upstream or --alias-upstream)",
                                target->to_string(), z.owner(n).to_string()),
                    true});
  }
}

}  // namespace

std::vector<Diagnostic> alias_upstream_warnings(const std::vector<ZoneLoad>& loads,
                                                const Catalog& catalog) {
  std::vector<Diagnostic> out;
  for (const auto& l : loads)
    if (l.zone) check_zone(*l.zone, l.config.file, catalog, &out);
  return out;
}

}  // namespace canon::server
