// Checks that follow alias chains across every zone of a view: loops (through CNAME, DNAME,
// ALIAS and wildcards) and chains longer than resolvers like.
#include <algorithm>

#include "lint/checks.h"
#include "wire/rdata.h"

namespace canon::lint {

namespace {

// Label used to walk into a DNAME's subtree; any name below the owner behaves alike.
constexpr std::string_view kProbeLabel = "canon-lint-probe";

std::string describe_step(const ChainStep& s) {
  std::string out = s.from.to_string() + " (" + to_string(s.type);
  if (!(s.owner->name == s.from)) out += " at " + s.owner->name.to_string();
  return out + ")";
}

// "a. (CNAME) -> b. (CNAME) -> a.", starting from step `first` of the loop.
std::string describe_loop(std::span<const ChainStep> loop, size_t first) {
  std::string out;
  for (size_t i = 0; i < loop.size(); ++i) {
    out += describe_step(loop[(first + i) % loop.size()]) + " -> ";
  }
  return out + loop[first].from.to_string();
}

std::string describe_chain(const Chain& c) {
  std::string out;
  for (const auto& s : c.steps) out += describe_step(s) + " -> ";
  return out + c.final_name.to_string();
}

// Reports the loop once, at the owner that comes first in canonical order.
void report_loop(const CheckContext& ctx, std::span<const ChainStep> loop, bool overflow,
                 std::vector<Finding>& out) {
  std::vector<std::string> key;
  size_t first = 0;
  bool one_zone = true;
  for (size_t i = 0; i < loop.size(); ++i) {
    key.push_back(loop[i].owner->name.lowered().to_string() + "/" + to_string(loop[i].type));
    if ((loop[i].owner->name <=> loop[first].owner->name) < 0) first = i;
    one_zone = one_zone && loop[i].zone == loop[0].zone;
  }
  std::sort(key.begin(), key.end());
  std::string joined;
  for (const auto& k : key) joined += k + " ";
  if (!ctx.view.reported_loops.insert(joined).second) return;
  const ChainStep& at = loop[first];
  auto rs = at.zone->rrset(*at.owner, at.type);
  Finding f = finding_at(
      *at.zone, *at.owner, rs.front(), "cname-loop", Severity::kError,
      overflow ? "the DNAME chain " + describe_loop(loop, first) +
                     " keeps lengthening names until they pass 255 octets (RFC 6672 §2.2)"
               : "alias loop: " + describe_loop(loop, first) + "; resolvers give up with SERVFAIL",
      "break the loop: make one of these names hold the real data");
  if (!one_zone) {
    f.line.reset();
    f.col.reset();
  }
  out.push_back(std::move(f));
}

void loop_from(const CheckContext& ctx, const Name& start, std::vector<Finding>& out) {
  Chain c = ctx.view.set.follow(start, true);
  if (c.end == Chain::kLoop) {
    report_loop(ctx, std::span<const ChainStep>(c.steps).subspan(c.loop_start), false, out);
  } else if (c.end == Chain::kTooLong && !c.steps.empty()) {
    // Keep the DNAME steps that repeat: those that drive the expansion.
    std::vector<ChainStep> dnames;
    for (const auto& s : c.steps) {
      bool dup = std::any_of(dnames.begin(), dnames.end(),
                             [&](const ChainStep& d) { return d.owner == s.owner; });
      if (s.type == RRType::DNAME && !dup) dnames.push_back(s);
    }
    if (!dnames.empty()) report_loop(ctx, dnames, true, out);
  }
}

}  // namespace

void check_cname_loop(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if (!n.authoritative()) continue;
    if (ctx.zone.has(n, RRType::CNAME) || ctx.zone.has(n, RRType::ALIAS)) {
      loop_from(ctx, n.name, out);
    }
    if (ctx.zone.has(n, RRType::DNAME) && !(n.flags & kCut)) {
      if (auto probe = n.name.prepend(kProbeLabel)) loop_from(ctx, *probe, out);
    }
  }
}

// Reported at the chain's first name: a name that no chain in the view passes through.
void check_cname_chain_long(const CheckContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.zone.nodes()) {
    if (!n.authoritative() || ctx.view.chain_inner().count(n.name)) continue;
    bool cname = ctx.zone.has(n, RRType::CNAME);
    if (!cname && !ctx.zone.has(n, RRType::ALIAS)) continue;
    Chain c = ctx.view.set.follow(n.name, true);
    if (c.end != Chain::kStopped || c.steps.size() <= 1) continue;
    size_t hops = c.steps.size();
    Severity sev = hops > 8 ? Severity::kError : hops > 4 ? Severity::kWarning : Severity::kInfo;
    std::string why = hops > 8   ? "; resolvers that stop after 8 hops fail"
                      : hops > 4 ? "; every hop costs a lookup, and some resolvers stop early"
                                 : "; the usual advice is one hop at most";
    auto rs = ctx.zone.rrset(n, cname ? RRType::CNAME : RRType::ALIAS);
    Finding f =
        finding_at(ctx.zone, n, rs.front(), "cname-chain-long", sev,
                   "alias chain of " + std::to_string(hops) + " hops: " + describe_chain(c) + why,
                   "point " + n.name.to_string() + " straight at " + c.final_name.to_string());
    bool one_zone = std::all_of(c.steps.begin(), c.steps.end(),
                                [&](const ChainStep& s) { return s.zone == &ctx.zone; });
    if (!one_zone) {
      f.line.reset();
      f.col.reset();
    }
    out.push_back(std::move(f));
  }
}

}  // namespace canon::lint
