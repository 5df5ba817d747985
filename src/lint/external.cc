#include "lint/external.h"

#include <map>

#include "lint/checks.h"
#include "lint/zone_set.h"
#include "wire/rdata.h"

namespace canon::lint {

std::vector<ExternalTarget> external_targets(const std::vector<LintZone>& zones) {
  std::map<std::string, std::vector<const LintZone*>> views;
  for (const auto& z : zones) views[z.view()].push_back(&z);
  std::vector<ExternalTarget> out;
  for (const auto& z : zones) {
    ZoneSet set(views[z.view()]);
    for (const auto& n : z.nodes()) {
      if (!n.authoritative()) continue;
      for (const auto& r : z.records(n)) {
        switch (r.type) {
          case RRType::CNAME:
          case RRType::DNAME:
          case RRType::ALIAS:
          case RRType::MX:
          case RRType::SRV:
          case RRType::NS:
            break;
          default:
            continue;
        }
        auto t = rdata_target(r.type, z.rdata(r));
        // "." is a null MX or SRV target (RFC 7505, RFC 2782): no service, not a dangle.
        if (!t || t->is_root() || set.zone_for(*t)) continue;
        out.push_back({&z, &n, &r, *t});
      }
    }
  }
  return out;
}

Finding dangling_external(const ExternalTarget& t, std::string_view resolver) {
  std::string type = to_string(t.record->type);
  return finding_at(*t.zone, *t.node, *t.record, "dangling-external", Severity::kError,
                    "the " + type + " at " + t.node->name.to_string() + " points at " +
                        t.target.to_string() + ", which does not exist (NXDOMAIN from " +
                        std::string(resolver) + ")",
                    "delete the " + type + ", or recreate " + t.target.to_string() +
                        "; a deleted cloud resource left behind a record can be claimed by "
                        "someone else");
}

}  // namespace canon::lint
