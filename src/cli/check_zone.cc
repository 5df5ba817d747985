#include "cli/check_zone.h"

#include <map>

#include "cli/check_json.h"
#include "wire/rdata.h"
#include "zonefile/zonefile.h"

namespace canon::cli::check {

bool ZoneTarget::ok() const {
  if (!problems.empty()) return false;
  for (const auto& k : takeover) {
    if (k.rating != "unlikely") return false;
  }
  return true;
}

namespace {

bool followed(RRType t) {
  return t == RRType::CNAME || t == RRType::ALIAS || t == RRType::MX || t == RRType::NS ||
         t == RRType::SRV;
}

void judge(ZoneTarget& z, const trace::Trace& t, const CheckOptions& opt) {
  z.outcome = trace::to_string(t.outcome);
  z.addresses = t.addresses;
  bool alias_type = z.type == "CNAME" || z.type == "ALIAS";
  if (t.has_flag("loop")) z.problems.push_back("the target's alias chain loops");
  if (t.addresses.empty() && !t.has_flag("loop")) {
    z.problems.push_back("the target " + z.target + " dangles: " + z.outcome);
  }
  if (!alias_type && t.chain.size() > 1) {
    // RFC 2181 §10.3: MX, NS and SRV must name a host, never an alias.
    z.problems.push_back(z.type + " target " + z.target + " is an alias (RFC 2181 §10.3)");
  }
  if (opt.providers) {
    // Rate the record's own target as the first hop of a chain that starts at the owner.
    trace::Trace chained = t;
    chained.chain.insert(chained.chain.begin(), z.owner);
    trace::Branch start;
    start.qname = z.owner;
    chained.branches.insert(chained.branches.begin(), start);
    chained.branches[1].from = z.owner;
    z.takeover = rate_takeover(chained, {}, *opt.providers);
  }
}

}  // namespace

Result<std::vector<ZoneTarget>> check_zone(const std::string& origin_text, const std::string& file,
                                           const CheckOptions& opt) {
  auto origin = Name::parse(origin_text.empty() || origin_text.back() != '.' ? origin_text + "."
                                                                             : origin_text);
  if (!origin) return Error("bad origin '" + origin_text + "': " + origin.error().message);
  std::vector<ZoneTarget> out;
  ParseOptions po;
  po.origin = *origin;
  auto summary = parse_zone_file(file, po, [&](const ParsedRecord& r) {
    if (!followed(r.type)) return;
    auto target = rdata_target(r.type, r.rdata);
    if (!target || target->is_root()) return;  // null MX / SRV (RFC 7505, RFC 2782)
    out.push_back({r.owner.to_string(), to_string(r.type), target->to_string(), r.line});
  });
  if (!summary.ok()) {
    std::string msg = "cannot load " + file;
    for (const auto& d : summary.diagnostics) msg += "\n" + d.to_string();
    return Error(msg);
  }
  std::map<std::string, trace::Trace> seen;
  for (auto& z : out) {
    auto it = seen.find(z.target);
    if (it == seen.end()) {
      auto n = Name::parse(z.target);
      trace::Trace t = trace::run(opt.source, *n, RRType::A);
      if (t.addresses.empty() && t.outcome == trace::Kind::kNodata) {
        trace::Trace v6 = trace::run(opt.source, *n, RRType::AAAA);
        if (!v6.addresses.empty()) t = std::move(v6);
      }
      it = seen.emplace(z.target, std::move(t)).first;
    }
    judge(z, it->second, opt);
  }
  return out;
}

nlohmann::json zone_json(const std::string& origin, const std::vector<ZoneTarget>& targets) {
  nlohmann::json list = nlohmann::json::array();
  bool ok = true;
  for (const auto& z : targets) {
    nlohmann::json tk = nlohmann::json::array();
    for (const auto& k : z.takeover) tk.push_back(to_json(k));
    list.push_back({{"owner", z.owner},
                    {"type", z.type},
                    {"target", z.target},
                    {"line", z.line},
                    {"outcome", z.outcome},
                    {"addresses", z.addresses},
                    {"ok", z.ok()},
                    {"problems", z.problems},
                    {"takeover", tk}});
    ok = ok && z.ok();
  }
  return {{"schema", "canon.check-zone/1"}, {"origin", origin}, {"ok", ok}, {"targets", list}};
}

std::string zone_text(const std::vector<ZoneTarget>& targets) {
  std::string out;
  for (const auto& z : targets) {
    out += z.owner + " " + z.type + " " + z.target + " → " + z.outcome;
    for (const auto& a : z.addresses) out += " " + a;
    out += z.ok() ? "  ok\n" : "  PROBLEM\n";
    for (const auto& p : z.problems) out += "    " + p + "\n";
    for (const auto& k : z.takeover) out += "    takeover " + k.rating + ": " + k.reason + "\n";
  }
  return out;
}

}  // namespace canon::cli::check
