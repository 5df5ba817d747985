// The screen reads only node flags (set once at build, zone.h), RRset types and the targets of
// NS, MX and SRV records; it never builds a LintZone. Each test below names the strict check
// (check_nodes.cc, check_targets.cc) whose findings it rules out, and why it is a superset of
// what that check looks for.
#include "lint/strict_screen.h"

#include "lint/lint.h"
#include "wire/rdata.h"

namespace canon::lint {

namespace {

bool has(const Zone& z, Zone::NodeId n, RRType t) {
  return z.rrset(n, t) != nullptr;
}

// cname-and-other-data, multiple-cname, cname-and-dname: one CNAME alone at its name, RRSIG
// and NSEC aside (RFC 2181 §10.1, RFC 4035 §2.5), leaves nothing for them to report. Two CNAMEs
// may be a case-only duplicate that lint lets pass; the full checks decide that.
bool cname_alone(std::span<const RRsetRef> sets) {
  for (const RRsetRef& rs : sets) {
    if (rs.type == RRType::CNAME && rs.count == 1) continue;
    if (rs.type == RRType::RRSIG || rs.type == RRType::NSEC) continue;
    return false;
  }
  return true;
}

// ns-, mx- and srv-to-cname: alias_reason() (check_targets.cc) finds an alias only for an
// exact match that owns a CNAME, a wildcard CNAME at the closest encloser (RFC 4592 §3.3.1), or
// a name below a DNAME (RFC 6672 §3). Zone flags hold all three; a cut above the target only
// takes reasons away, so it is not looked for. kNodeBelowDname on an exact match covers an
// empty non-terminal below a DNAME too.
bool may_be_alias(const Zone& z, const Name& target) {
  if (!target.is_subdomain_of(z.origin())) return false;  // outside: lint says nothing
  Zone::Find f = z.find(target);
  if (f.exact != Zone::kNone) return (z.flags(f.exact) & (kNodeHasCname | kNodeBelowDname)) != 0;
  if (f.closest_encloser == Zone::kNone) return true;
  if (z.flags(f.closest_encloser) & (kNodeHasDname | kNodeBelowDname)) return true;
  Zone::NodeId w = z.wildcard_child(f.closest_encloser);
  return w != Zone::kNone && (z.flags(w) & kNodeHasCname) != 0;
}

// missing-glue: a server named at or below its own cut needs an A or AAAA there
// (RFC 1034 §4.2.1).
bool glue_missing(const Zone& z, const Name& cut, const Name& server) {
  if (!server.is_subdomain_of(cut)) return false;
  Zone::Find f = z.find(server);
  return f.exact == Zone::kNone || (!has(z, f.exact, RRType::A) && !has(z, f.exact, RRType::AAAA));
}

// The checks that follow a record's target, on one authoritative node.
bool targets_may_fail(const Zone& z, Zone::NodeId n, std::span<const RRsetRef> sets) {
  for (const RRsetRef& rs : sets) {
    if (rs.type != RRType::NS && rs.type != RRType::MX && rs.type != RRType::SRV) continue;
    // kNodeDelegation: NS away from the apex; authoritative here, so lint's kCut.
    bool cut = rs.type == RRType::NS && (z.flags(n) & kNodeDelegation);
    Name owner = cut ? z.owner(n) : Name();
    for (auto rd : z.rdatas(rs)) {
      auto t = rdata_target(rs.type, rd);
      if (!t) continue;  // unreadable rdata: the checks skip it as well
      if (!t->is_root() && may_be_alias(z, *t)) return true;
      if (cut && glue_missing(z, owner, *t)) return true;
    }
  }
  return false;
}

}  // namespace

bool strict_findings_possible(const Zone& z) {
  if (z.node_count() == 0) return true;
  // missing-soa, missing-ns, cname-at-apex. Node 0 is the apex.
  if (!has(z, 0, RRType::SOA) || !has(z, 0, RRType::NS) || (z.flags(0) & kNodeHasCname)) {
    return true;
  }
  // out-of-zone has nothing to find: the builder drops such records and warns itself.
  for (Zone::NodeId n = 0; n < z.node_count(); ++n) {
    auto sets = z.rrsets(n);
    if (sets.empty()) continue;  // an empty non-terminal owns nothing to check
    uint16_t f = z.flags(n);
    // dname-has-descendants: kNodeBelowDname is set under every DNAME, where lint's flag needs
    // an authoritative one, so it is a superset.
    if (f & kNodeBelowDname) return true;
    if ((f & kNodeHasCname) && !cname_alone(sets)) return true;
    // Lint checks targets at authoritative nodes only. A node below a cut here is below a cut
    // for lint too (the topmost NS above it is authoritative, so a cut) or below a DNAME,
    // which returned above.
    if (f & kNodeBelowCut) continue;
    if (targets_may_fail(z, n, sets)) return true;
  }
  return false;
}

std::vector<Finding> strict_load_checks(const Zone& zone, const std::string& file,
                                        bool mx_srv_cname_is_error) {
  if (!strict_findings_possible(zone)) return {};
  return strict_load_checks(LintZone::from_snapshot(zone, file), mx_srv_cname_is_error);
}

}  // namespace canon::lint
