// canon trace NAME [TYPE]: where an answer comes from. See trace_walk.h for the walk and
// trace_model.h for what is recorded.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "cli/html_report.h"
#include "cli/terminal.h"
#include "cli/trace_json.h"
#include "cli/trace_source.h"
#include "cli/trace_svg.h"
#include "cli/trace_text.h"

namespace canon::cli {

namespace {

struct TraceOpts {
  std::string name;
  std::string type = "A";
  trace::DnsSource source;
  std::string compare;
  bool json = false;
  std::string svg, html;
};

const char* kTraceHelp =
    "Resolves NAME iteratively from the root (or --hints/--root), asking every name server of\n"
    "each zone in parallel, and shows each step: the server asked (name and address), the zone\n"
    "cut, the kind of response (referral, answer, CNAME, DNAME, NXDOMAIN, NODATA, SERVFAIL,\n"
    "REFUSED, lame, timeout), TTLs and time taken. Each CNAME or DNAME target starts a new\n"
    "branch from the root, so the zones and operators a chain crosses are all visible.\n\n"
    "Flags raised: loop, chain-length (against the alias limits of CoreDNS 8, PowerDNS 10,\n"
    "BIND/Unbound 11, canond 12), private-delegation (public servers delegating to RFC 1918,\n"
    "ULA or loopback addresses: the VPC smell), unreachable, lame, disagreement, dangling\n"
    "(an alias ending in NXDOMAIN, NODATA or SERVFAIL).\n\n"
    "Exit status: 0 no flags, 1 warnings, 2 errors, 64 usage error.\n"
    "--json schema: docs/ARCHITECTURE.md, section \"trace and check\".";

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) std::fprintf(stderr, "canon trace: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

int exit_for(const std::vector<trace::Flag>& flags) {
  int code = kExitOk;
  for (const auto& f : flags) {
    if (f.severity == "error") return kExitErrors;
    if (f.severity == "warning") code = kExitWarnings;
  }
  return code;
}

// "answer 192.0.2.1, 192.0.2.2" or "NXDOMAIN": what one resolver said, for the comparison.
std::string said(const trace::Trace& t) {
  std::string s = to_string(t.outcome);
  for (size_t i = 0; i < t.addresses.size(); ++i) s += (i ? ", " : " ") + t.addresses[i];
  return s;
}

int run_compare(const TraceOpts& o, const Name& name, RRType type) {
  std::vector<trace::Trace> ts;
  std::vector<std::string> addrs;
  for (size_t pos = 0; pos <= o.compare.size();) {
    size_t comma = std::min(o.compare.find(',', pos), o.compare.size());
    addrs.push_back(o.compare.substr(pos, comma - pos));
    pos = comma + 1;
  }
  if (addrs.size() < 2) {
    std::fprintf(stderr, "canon trace: --compare-resolvers needs two addresses, A,B\n");
    return kExitUsage;
  }
  for (const auto& a : addrs) {
    auto la = parse_listen_address(a);
    if (!la) {
      std::fprintf(stderr, "canon trace: --compare-resolvers: %s\n", la.error().message.c_str());
      return kExitUsage;
    }
    ts.push_back(trace::resolve_via(name, type, *la, o.source.timeout_ms));
  }
  std::vector<trace::Flag> flags;
  for (size_t i = 1; i < ts.size(); ++i) {
    if (ts[i].outcome != ts[0].outcome || ts[i].addresses != ts[0].addresses) {
      flags.push_back({"resolvers-disagree", "warning", name.to_string(),
                       ts[0].resolver + " says " + said(ts[0]) + ", " + ts[i].resolver + " says " +
                           said(ts[i]) +
                           ": they do not see the same data (views, private zones, "
                           "forwarding or reachability differ)."});
    }
  }
  if (o.json) {
    nlohmann::json j = {
        {"schema", "canon.trace-compare/1"}, {"name", name.to_string()}, {"type", to_string(type)}};
    for (const auto& t : ts) j["resolvers"].push_back(trace::to_json(t));
    j["flags"] = nlohmann::json::array();
    for (const auto& f : flags) j["flags"].push_back(trace::to_json(f));
    std::puts(j.dump(2).c_str());
  } else {
    Style st = Style::for_stream(stdout);
    std::fputs(trace::compare_text(ts, st).c_str(), stdout);
    for (const auto& f : flags)
      std::printf("%swarning %s%s: %s\n", st.yellow(), f.code.c_str(), st.reset(),
                  f.message.c_str());
  }
  for (const auto& t : ts) flags.insert(flags.end(), t.flags.begin(), t.flags.end());
  return exit_for(flags);
}

int run_trace(const TraceOpts& o) {
  auto name = Name::parse(o.name.empty() || o.name.back() != '.' ? o.name + "." : o.name);
  if (!name) {
    std::fprintf(stderr, "canon trace: bad name '%s': %s\n", o.name.c_str(),
                 name.error().message.c_str());
    return kExitUsage;
  }
  auto type = rrtype_from_string(o.type);
  if (!type) {
    std::fprintf(stderr, "canon trace: unknown type '%s'\n", o.type.c_str());
    return kExitUsage;
  }
  if (!o.compare.empty()) return run_compare(o, *name, *type);
  auto source = trace::make_source(o.source);
  if (!source) {
    std::fprintf(stderr, "canon trace: %s\n", source.error().message.c_str());
    return kExitUsage;
  }
  trace::Trace t = trace::run(*source, *name, *type);
  if (o.json) {
    std::puts(trace::to_json(t).dump(2).c_str());
  } else {
    std::fputs(trace::to_text(t, Style::for_stream(stdout)).c_str(), stdout);
  }
  if (!o.svg.empty() && !write_file(o.svg, trace::to_svg(t))) return kExitErrors;
  if (!o.html.empty() && !write_file(o.html, trace::html_report(t))) return kExitErrors;
  return exit_for(t.flags);
}

}  // namespace

void register_trace(CLI::App& parent, int& exit_code) {
  auto o = std::make_shared<TraceOpts>();
  auto* sub = parent.add_subcommand("trace", "show where an answer comes from, zone by zone");
  sub->footer(kTraceHelp);
  sub->add_option("name", o->name, "the domain name to trace")->required();
  sub->add_option("type", o->type, "record type (default A)");
  o->source.add_flags(*sub);
  sub->add_option("--compare-resolvers", o->compare,
                  "ask two recursive resolvers and show their answers side by side (A,B)")
      ->type_name("ADDR,ADDR");
  sub->add_flag("--json", o->json, "print JSON (schema canon.trace/1) instead of text");
  sub->add_option("--svg", o->svg, "write the path as an SVG graph to FILE")->type_name("FILE");
  sub->add_option("--html", o->html, "write a self-contained HTML report to FILE")
      ->type_name("FILE");
  sub->callback([o, &exit_code] { exit_code = run_trace(*o); });
}

}  // namespace canon::cli
