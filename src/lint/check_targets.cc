// Checks on the names that records point at: aliases where RFC 2181 §10.3 wants a real name,
// glue (RFC 1034 §4.2.1), targets that do not exist, relative names that lost their trailing
// dot, and targets under shared cloud suffixes that someone else could claim.
#include <optional>

#include "lint/checks.h"
#include "wire/rdata.h"

namespace canon::lint {

namespace {

template <typename Fn>
void for_each_target(const LintZone& z, RRType type, Fn fn) {
  for (const auto& n : z.nodes()) {
    if (!n.authoritative()) continue;
    for (const auto& r : z.rrset(n, type)) {
      auto t = rdata_target(type, z.rdata(r));
      if (t && !t->is_root()) fn(n, r, *t);
    }
  }
}

// Why `target` is an alias ("is a CNAME", ...), or nullopt when it is a real name here.
std::optional<std::string> alias_reason(const ZoneSet& set, const Name& target) {
  Resolution r = set.resolve(target);
  if (r.kind == Resolution::kExact && r.zone->has(*r.node, RRType::CNAME)) return "is a CNAME";
  if (r.kind == Resolution::kWildcard && r.zone->has(*r.node, RRType::CNAME)) {
    return "matches the wildcard " + r.node->name.to_string() + ", which is a CNAME";
  }
  // A name below a DNAME is answered with a synthesized CNAME (RFC 6672 §3). When the name
  // also owns occluded data, dname-has-descendants explains that instead.
  if (r.kind == Resolution::kDname && !r.zone->find(target)) {
    return "lies below the DNAME at " + r.node->name.to_string() +
           ", so resolvers receive a CNAME for it";
  }
  return std::nullopt;
}

void to_cname(const CheckContext& ctx, std::vector<Finding>& out, RRType type,
              std::string_view code, Severity sev, std::string_view rule) {
  for_each_target(ctx.zone, type, [&](const LintNode& n, const LintRecord& r, const Name& t) {
    if (type == RRType::SVCB || type == RRType::HTTPS) {
      auto rd = ctx.zone.rdata(r);
      if (rd.size() < 2 || rd[0] != 0 || rd[1] != 0) return;  // ServiceMode, not AliasMode
    }
    auto why = alias_reason(ctx.view.set, t);
    if (!why) return;
    out.push_back(finding_at(
        ctx.zone, n, r, code, sev,
        "the " + to_string(type) + " target " + t.to_string() + " " + *why + "; " +
            std::string(rule),
        "point the " + to_string(type) + " record at the canonical name the alias leads to"));
  });
}

struct Problem {
  Severity severity;
  std::string what;
};

std::optional<Problem> address_problem(const ZoneSet& set, const Name& target) {
  Chain c = set.follow(target, true);
  if (c.end != Chain::kStopped) return std::nullopt;  // cname-loop reports it
  bool own = c.steps.empty() || c.steps.back().type == RRType::DNAME;
  std::string at = c.steps.empty() ? target.to_string()
                                   : target.to_string() + " (via " + c.final_name.to_string() + ")";
  switch (c.last.kind) {
    case Resolution::kNxDomain:
      if (!own) return std::nullopt;  // the CNAME that leads nowhere is reported itself
      return Problem{Severity::kError, "the target " + at + " does not exist"};
    case Resolution::kEmpty:
      return Problem{Severity::kWarning, "the target " + at + " exists but holds no records"};
    case Resolution::kExact:
    case Resolution::kWildcard:
      if (c.last.zone->has_address(*c.last.node)) return std::nullopt;
      return Problem{Severity::kWarning, "the target " + at + " has no A or AAAA record"};
    default:
      return std::nullopt;
  }
}

std::optional<Problem> dangling_problem(const ZoneSet& set, RRType type, const Name& target) {
  if (type == RRType::ALIAS) return address_problem(set, target);
  Resolution r = set.resolve(target);
  bool alias = type == RRType::CNAME || type == RRType::DNAME;
  switch (r.kind) {
    case Resolution::kNxDomain:
      return Problem{Severity::kError, "the target " + target.to_string() + " does not exist"};
    case Resolution::kEmpty:
      if (type == RRType::DNAME) return std::nullopt;  // names below it exist
      return Problem{Severity::kWarning,
                     "the target " + target.to_string() + " exists but holds no records"};
    case Resolution::kExact:
    case Resolution::kWildcard:
      if (alias || r.zone->has(*r.node, RRType::CNAME) || r.zone->has_address(*r.node)) {
        return std::nullopt;  // an alias target is *-to-cname's concern
      }
      return Problem{Severity::kWarning,
                     "the target " + target.to_string() + " has no A or AAAA record"};
    case Resolution::kDname: {
      if (type != RRType::CNAME) return std::nullopt;
      auto p = address_problem(set, target);
      if (p && p->severity != Severity::kError) return std::nullopt;  // CNAMEs need no address
      return p;
    }
    default:
      return std::nullopt;
  }
}

std::string relative_text(const Name& name, const Name& origin) {
  std::string s = name.to_string();
  if (!origin.is_root()) s.resize(s.size() - origin.to_string().size());
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

bool same_label(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace

bool has_checked_target(RRType t) {
  switch (t) {
    case RRType::CNAME:
    case RRType::DNAME:
    case RRType::ALIAS:
    case RRType::MX:
    case RRType::SRV:
    case RRType::NS:
    case RRType::PTR:
    case RRType::SVCB:
    case RRType::HTTPS:
      return true;
    default:
      return false;
  }
}

bool looks_like_missing_dot(const CheckContext& ctx, const Name& name, bool is_owner) {
  const Name& o = ctx.zone.origin();
  if (!name.is_subdomain_of(o)) return false;
  size_t ol = o.label_count();
  size_t rel = name.label_count() - ol;
  if (ol > 0 && rel >= ol) {
    bool repeats = true;
    for (size_t i = 0; i < ol && repeats; ++i)
      repeats = same_label(name.label(rel - ol + i), o.label(i));
    if (repeats) return true;
  }
  // A relative name ending in a TLD ("www.example.net" in example.org) was surely meant to be
  // absolute, unless that name really exists here.
  if (is_owner || rel < 2 || ctx.opt.tlds.empty()) return false;
  auto last = name.label(rel - 1);
  std::string tld;
  for (uint8_t c : last) tld += static_cast<char>(ascii_lower(c));
  if (!ctx.opt.tlds.count(tld)) return false;
  return ctx.view.set.resolve(name).kind == Resolution::kNxDomain;
}

void check_mx_to_cname(const CheckContext& ctx, std::vector<Finding>& out) {
  to_cname(ctx, out, RRType::MX, "mx-to-cname",
           ctx.opt.mx_srv_cname_is_error ? Severity::kError : Severity::kWarning,
           "an MX must name a host with addresses, not an alias (RFC 2181 §10.3)");
}

void check_srv_to_cname(const CheckContext& ctx, std::vector<Finding>& out) {
  to_cname(ctx, out, RRType::SRV, "srv-to-cname",
           ctx.opt.mx_srv_cname_is_error ? Severity::kError : Severity::kWarning,
           "an SRV target must not be an alias (RFC 2782)");
}

void check_ns_to_cname(const CheckContext& ctx, std::vector<Finding>& out) {
  to_cname(ctx, out, RRType::NS, "ns-to-cname", Severity::kError,
           "an NS must name a host with addresses, not an alias (RFC 2181 §10.3)");
}

void check_svcb_alias_to_cname(const CheckContext& ctx, std::vector<Finding>& out) {
  for (RRType t : {RRType::SVCB, RRType::HTTPS}) {
    to_cname(ctx, out, t, "svcb-alias-to-cname", Severity::kWarning,
             "an AliasMode target should not be a CNAME (RFC 9460 §2.4.2)");
  }
}

void check_missing_glue(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if (!(n.flags & kCut)) continue;
    for (const auto& r : ctx.zone.rrset(n, RRType::NS)) {
      auto t = rdata_target(RRType::NS, ctx.zone.rdata(r));
      if (!t || !t->is_subdomain_of(n.name)) continue;
      const LintNode* g = ctx.zone.find(*t);
      if (g && ctx.zone.has_address(*g)) continue;
      out.push_back(finding_at(
          ctx.zone, n, r, "missing-glue", Severity::kError,
          "the delegation " + n.name.to_string() + " names the server " + t->to_string() +
              ", which lies inside the delegated zone, but there is no A or AAAA glue for it; "
              "resolvers cannot reach the child (RFC 1034 §4.2.1)",
          "add A and/or AAAA records for " + t->to_string() + " in this zone"));
    }
  }
}

void check_dangling_target(const CheckContext& ctx, std::vector<Finding>& out) {
  for (RRType type :
       {RRType::CNAME, RRType::DNAME, RRType::ALIAS, RRType::MX, RRType::SRV, RRType::NS}) {
    for_each_target(ctx.zone, type, [&](const LintNode& n, const LintRecord& r, const Name& t) {
      if (looks_like_missing_dot(ctx, t, false)) return;  // that finding explains it better
      if (type == RRType::NS && (n.flags & kCut) && t.is_subdomain_of(n.name)) return;
      auto p = dangling_problem(ctx.view.set, type, t);
      if (!p) return;
      out.push_back(finding_at(ctx.zone, n, r, "dangling-target", p->severity,
                               "the " + to_string(type) + " at " + n.name.to_string() +
                                   " points nowhere useful: " + p->what,
                               "create the target's records, or point the " + to_string(type) +
                                   " at a name that has them"));
    });
  }
}

void check_missing_trailing_dot(const CheckContext& ctx, std::vector<Finding>& out) {
  const Name& o = ctx.zone.origin();
  for (const auto& n : ctx.zone.nodes()) {
    if (n.count > 0 && looks_like_missing_dot(ctx, n.name, true)) {
      std::string rel = relative_text(n.name, o);
      out.push_back(finding_at(
          ctx.zone, n, ctx.zone.records(n).front(), "missing-trailing-dot", Severity::kWarning,
          "the owner " + n.name.to_string() + " looks like \"" + rel +
              "\" written without its trailing dot, so the origin was appended",
          "write \"" + rel + ".\" with a final dot, or just the labels before the origin"));
    }
    if (!n.authoritative()) continue;
    for (const auto& r : ctx.zone.records(n)) {
      if (!has_checked_target(r.type)) continue;
      auto t = rdata_target(r.type, ctx.zone.rdata(r));
      if (!t || !looks_like_missing_dot(ctx, *t, false)) continue;
      std::string rel = relative_text(*t, o);
      out.push_back(
          finding_at(ctx.zone, n, r, "missing-trailing-dot", Severity::kWarning,
                     "the " + to_string(r.type) + " target " + t->to_string() + " looks like \"" +
                         rel + "\" written without its trailing dot, so the origin was appended",
                     "write \"" + rel + ".\" with a final dot"));
    }
  }
}

void check_takeover_risk(const CheckContext& ctx, std::vector<Finding>& out) {
  if (ctx.opt.takeover.empty()) return;
  for (RRType type : {RRType::CNAME, RRType::ALIAS, RRType::DNAME}) {
    for_each_target(ctx.zone, type, [&](const LintNode& n, const LintRecord& r, const Name& t) {
      if (ctx.view.set.zone_for(t)) return;  // our own data: not a third party's
      const TakeoverProvider* p = match_takeover(ctx.opt.takeover, t);
      if (!p || p->status == "not-vulnerable") return;
      bool sure = p->status == "vulnerable";
      out.push_back(finding_at(
          ctx.zone, n, r, "takeover-risk", sure ? Severity::kWarning : Severity::kInfo,
          n.name.to_string() + " points at " + t.to_string() + ", a " + p->provider +
              " name; if that resource is deleted while this record stays, " +
              (sure ? "anyone" : "possibly someone else") +
              " can claim it and serve content under your name (a dangling one shows " + p->signal +
              ": " + p->fingerprint + ")",
          "delete this record whenever the " + p->provider +
              " resource is removed, and check that it still exists (" + p->source + ")"));
    });
  }
}

}  // namespace canon::lint
