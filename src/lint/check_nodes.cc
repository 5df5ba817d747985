// Checks on the records at one name: the CNAME rules of RFC 2181 §10.1 and RFC 6672, the apex
// records of RFC 1035 §5.2, TTLs within an RRset (RFC 2181 §5.2), and ALIAS beside addresses.
#include <algorithm>

#include "lint/checks.h"
#include "wire/rdata.h"

namespace canon::lint {

namespace {

// RFC 4035 §2.5: only RRSIG and NSEC may share a name with a CNAME. RFC 2181 §10.1 also let
// KEY do so, but RFC 4035 withdrew that; Canon treats KEY as other data (docs/LINT.md).
bool allowed_beside_cname(RRType t) {
  return t == RRType::CNAME || t == RRType::RRSIG || t == RRType::NSEC || t == RRType::DNAME;
}

std::string type_list(const LintZone& z, const LintNode& n, bool (*skip)(RRType)) {
  std::string out;
  RRType last{};
  bool any = false;
  for (const auto& r : z.records(n)) {
    if (skip(r.type) || (any && r.type == last)) continue;
    if (any) out += ", ";
    out += to_string(r.type);
    last = r.type;
    any = true;
  }
  return out;
}

const LintNode* dname_above(const LintZone& z, const Name& name) {
  for (size_t k = z.origin().label_count(); k < name.label_count(); ++k) {
    const LintNode* n = z.find(name.suffix(k));
    if (n && n->authoritative() && z.has(*n, RRType::DNAME)) return n;
  }
  return nullptr;
}

std::unordered_set<Name, NameHash> ns_targets(const LintZone& z) {
  std::unordered_set<Name, NameHash> out;
  for (const auto& n : z.nodes()) {
    if (!n.authoritative()) continue;
    for (const auto& r : z.rrset(n, RRType::NS)) {
      if (auto t = rdata_target(RRType::NS, z.rdata(r))) out.insert(*t);
    }
  }
  return out;
}

}  // namespace

void check_cname_at_apex(const CheckContext& ctx, std::vector<Finding>& out) {
  const LintNode* apex = ctx.zone.find(ctx.zone.origin());
  if (!apex || !ctx.zone.has(*apex, RRType::CNAME)) return;
  out.push_back(finding_at(
      ctx.zone, *apex, ctx.zone.rrset(*apex, RRType::CNAME).front(), "cname-at-apex",
      Severity::kError,
      "the zone apex " + apex->name.to_string() +
          " has a CNAME; the apex must hold SOA and NS, and a CNAME may not share its name "
          "(RFC 1034 §3.6.2, RFC 2181 §10.1)",
      "remove the CNAME; to alias the apex to another host, use ALIAS (apex flattening)"));
}

void check_cname_and_other_data(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if ((n.flags & kApex) || !ctx.zone.has(n, RRType::CNAME)) continue;
    std::string others = type_list(ctx.zone, n, allowed_beside_cname);
    if (others.empty()) continue;
    out.push_back(finding_at(
        ctx.zone, n, ctx.zone.rrset(n, RRType::CNAME).front(), "cname-and-other-data",
        Severity::kError,
        n.name.to_string() + " has a CNAME and also " + others +
            " records; a CNAME must be the only data at its name, apart from RRSIG and NSEC "
            "(RFC 2181 §10.1, RFC 4035 §2.5)",
        "move the other records to the CNAME's target, or replace the CNAME (ALIAS can stand "
        "beside other data)"));
  }
}

void check_multiple_cname(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    auto rs = ctx.zone.rrset(n, RRType::CNAME);
    if (rs.size() < 2) continue;
    auto first = rdata_target(RRType::CNAME, ctx.zone.rdata(rs.front()));
    for (const auto& r : rs.subspan(1)) {
      auto t = rdata_target(RRType::CNAME, ctx.zone.rdata(r));
      if (first && t && *first == *t) continue;  // a duplicate: merged, harmless
      out.push_back(
          finding_at(ctx.zone, n, r, "multiple-cname", Severity::kError,
                     n.name.to_string() + " has more than one CNAME (" +
                         (first ? first->to_string() : "?") + " and " + (t ? t->to_string() : "?") +
                         "); a name can be an alias for one name only (RFC 2181 §10.1)",
                     "keep one CNAME; to spread load over several hosts, use address records"));
      break;
    }
  }
}

void check_cname_and_dname(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if (!ctx.zone.has(n, RRType::CNAME) || !ctx.zone.has(n, RRType::DNAME)) continue;
    out.push_back(finding_at(
        ctx.zone, n, ctx.zone.rrset(n, RRType::CNAME).front(), "cname-and-dname", Severity::kError,
        n.name.to_string() +
            " has both a CNAME and a DNAME; a CNAME may not share its name with other data "
            "(RFC 6672 §2.4, RFC 2181 §10.1)",
        "keep the DNAME if the whole subtree should move, or the CNAME if only this name "
        "should"));
  }
}

// RFC 6672 §2.4: data below a DNAME is occluded. It is a warning, except the address of a name
// server, which resolvers would need and can never get: an error, as BIND has it.
void check_dname_has_descendants(const CheckContext& ctx, std::vector<Finding>& out) {
  const auto servers = ns_targets(ctx.zone);
  for (const auto& n : ctx.zone.nodes()) {
    if (!(n.flags & kBelowDname) || (n.flags & kBelowCut) || n.count == 0) continue;
    const LintNode* d = dname_above(ctx.zone, n.name);
    std::string dn = d ? d->name.to_string() : "?";
    bool ns_address = ctx.zone.has_address(n) && servers.count(n.name) > 0;
    const LintRecord& rec =
        ns_address ? (ctx.zone.has(n, RRType::A) ? ctx.zone.rrset(n, RRType::A).front()
                                                 : ctx.zone.rrset(n, RRType::AAAA).front())
                   : ctx.zone.records(n).front();
    if (ns_address) {
      out.push_back(finding_at(ctx.zone, n, rec, "dname-has-descendants", Severity::kError,
                               "the address of name server " + n.name.to_string() +
                                   " lies below the DNAME at " + dn +
                                   ", so it is never served and the delegation cannot be followed",
                               "rename the name server to a name outside the DNAME's subtree"));
    } else {
      out.push_back(
          finding_at(ctx.zone, n, rec, "dname-has-descendants", Severity::kWarning,
                     n.name.to_string() + " lies below the DNAME at " + dn +
                         "; its data is occluded and never served (RFC 6672 §2.4)",
                     "delete the records below the DNAME, or move them to the DNAME's target"));
    }
  }
}

void check_missing_soa(const CheckContext& ctx, std::vector<Finding>& out) {
  const LintNode* apex = ctx.zone.find(ctx.zone.origin());
  if (apex && ctx.zone.has(*apex, RRType::SOA)) return;
  out.push_back(finding_for_zone(ctx.zone, "missing-soa", Severity::kError,
                                 "the zone " + ctx.zone.origin().to_string() +
                                     " has no SOA record at its apex (RFC 1035 §5.2)",
                                 "add an SOA record at " + ctx.zone.origin().to_string() +
                                     ", or check that the origin given for this file is right"));
}

void check_missing_ns(const CheckContext& ctx, std::vector<Finding>& out) {
  const LintNode* apex = ctx.zone.find(ctx.zone.origin());
  if (apex && ctx.zone.has(*apex, RRType::NS)) return;
  out.push_back(finding_for_zone(
      ctx.zone, "missing-ns", Severity::kError,
      "the zone " + ctx.zone.origin().to_string() +
          " has no NS records at its apex (RFC 1035 §5.2)",
      "add the NS records that name this zone's servers at " + ctx.zone.origin().to_string()));
}

void check_out_of_zone(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& r : ctx.zone.out_of_zone()) {
    Finding f;
    f.code = "out-of-zone";
    f.severity = Severity::kWarning;
    f.owner = r.owner.to_string();
    if (r.type) f.type = to_string(*r.type);
    f.file = ctx.zone.files()[r.file];
    if (r.line) f.line = r.line;
    if (r.line && r.col) f.col = r.col;
    f.view = ctx.zone.view();
    f.message = f.owner + " is not inside the zone " + ctx.zone.origin().to_string() +
                "; the record is ignored";
    f.hint = "move the record to the zone that holds " + f.owner +
             ", or add the missing trailing dot or origin";
    out.push_back(std::move(f));
  }
}

void check_ttl_mismatch(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    auto all = ctx.zone.records(n);
    for (size_t i = 0; i < all.size();) {
      size_t j = i;
      while (j < all.size() && all[j].type == all[i].type) ++j;
      // RRSIGs covering different types may carry different TTLs (RFC 4034 §3).
      if (all[i].type != RRType::RRSIG) {
        for (size_t k = i + 1; k < j; ++k) {
          if (all[k].ttl == all[i].ttl) continue;
          out.push_back(
              finding_at(ctx.zone, n, all[k], "ttl-mismatch", Severity::kWarning,
                         "the " + to_string(all[i].type) + " records at " + n.name.to_string() +
                             " have different TTLs (" + std::to_string(all[i].ttl) + " and " +
                             std::to_string(all[k].ttl) +
                             "); an RRset has one TTL, and servers use the lowest (RFC 2181 §5.2)",
                         "give every record of the RRset the same TTL"));
          break;
        }
      }
      i = j;
    }
  }
}

void check_alias_with_address(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if (!ctx.zone.has(n, RRType::ALIAS) || !ctx.zone.has_address(n)) continue;
    out.push_back(finding_at(
        ctx.zone, n, ctx.zone.rrset(n, RRType::ALIAS).front(), "alias-with-address",
        Severity::kError,
        n.name.to_string() +
            " has an ALIAS and also A or AAAA records; the ALIAS supplies the addresses, so "
            "the two would conflict",
        "delete the A and AAAA records at this name, or delete the ALIAS"));
  }
}

}  // namespace canon::lint
