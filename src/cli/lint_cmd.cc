// canon lint: the checks of src/lint over one or more zones, linted together so that chains
// and loops across zones are seen. See `canon lint --help`.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/lint_inputs.h"
#include "cli/lint_online.h"
#include "cli/terminal.h"
#include "lint/lint.h"

namespace canon::cli {
namespace {

constexpr const char* kPsl = "/usr/share/publicsuffix/public_suffix_list.dat";

struct LintOpts {
  std::vector<std::string> zones;
  std::string config;
  bool json = false;
  bool online = false;
  std::string resolver;
  int timeout_ms = 2000;
  bool strict_mx = false;
  std::string providers;
  std::string psl = kPsl;
};

constexpr const char* kDescription = R"(Check zone files for the mistakes that break aliasing

Reports what named-checkzone reports about CNAME, NS and MX records, and also alias loops
(through CNAME, DNAME, ALIAS and wildcards), long chains, targets that do not exist, relative
names that lost their trailing dot, and CNAMEs left pointing at cloud resources that someone
else could claim. Zones given together are linted together: chains and loops that cross them
are followed, and a target in one of them is not "external".

Each finding has a stable code, a severity, the owner and type, file, line and column (where
the record starts: its owner, or its first field when the owner is blank), a message and a
hint. Text output is `file:line:col: severity: code: message (owner TYPE)` and a hint line,
coloured on a terminal (NO_COLOR turns colour off); --json prints an array of objects with
keys code, severity, owner, type, file, line and column (null for findings that span zones),
message, hint and view.

With --config, every zone the server holds is linted, view by view: without [[view]]s its
[[zone]]s form one set (view null); with them, each view's own [[view.zone]]s are linted
together with the top-level [[zone]]s that view serves (a view zone shadows a top-level zone
of the same origin), exactly the zones its clients see. Chains and loops are followed within
each view, and findings name their view (`[view NAME]` in text, "view" in JSON); a top-level
zone served by several views is reported once per view, as named-checkconf -z does.

The origin of `canon lint FILE` is the file's first $ORIGIN, else its SOA owner when written in
full; otherwise name it: `canon lint example.com=FILE`.

Examples:
  canon lint db.example.com
  canon lint example.com=db.example.com example.net=db.example.net
  canon lint --json example.com=db.example.com | jq '.[] | select(.severity=="error")'
  canon lint --config /etc/canond.toml
  canon lint --online --resolver 192.0.2.53 db.example.com

Exit codes: 0 clean or info only; 1 warnings; 2 errors; 64 usage error (bad arguments, a file
that cannot be read).)";

// The footer: every code with its severity, straight from the check table.
std::string codes_footer() {
  std::string out =
      "Codes (severity, code, what; (*): also checked by canond when it loads a zone,\n"
      "which refuses the zone on an error and logs a warning):\n";
  for (const auto& c : lint::check_table()) {
    std::string sev(c.severity);
    out += "  " + sev + std::string(sev.size() < 20 ? 20 - sev.size() : 1, ' ') +
           std::string(c.code) + "\n      " + std::string(c.summary) + (c.strict ? " (*)" : "") +
           "\n";
  }
  out +=
      "  error|warning       syntax\n      a zone-file syntax error (warnings: suspicious "
      "syntax); unreadable records are left out\n";
  out +=
      "\ncname-chain-long: info beyond 1 hop, warning beyond 4, error beyond 8 (resolvers that "
      "stop after 8 fail).\ntakeover-risk: warning for providers marked vulnerable, info for "
      "edge cases; the list is\ndata/takeover-providers.json (--providers). TLDs for "
      "missing-trailing-dot come from\n" +
      std::string(kPsl) + " (package publicsuffix).\n";
  return out;
}

// data/takeover-providers.json from the environment, beside the source tree the binary was
// built in (build*/bin/canon), or an installed share/canon.
std::string find_providers() {
  if (const char* d = std::getenv("CANON_DATA_DIR"))
    return std::string(d) + "/takeover-providers.json";
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto bin = exe.parent_path();
  for (auto p : {bin / "../../data/takeover-providers.json",
                 bin / "../share/canon/takeover-providers.json"}) {
    if (std::filesystem::exists(p, ec)) return p.lexically_normal().string();
  }
  return {};
}

Result<lint::LintOptions> make_options(const LintOpts& o) {
  lint::LintOptions opt;
  opt.mx_srv_cname_is_error = o.strict_mx;
  std::string providers = o.providers.empty() ? find_providers() : o.providers;
  if (providers.empty()) {
    std::fprintf(stderr,
                 "canon: takeover provider list not found; takeover-risk is not checked "
                 "(give --providers FILE)\n");
  } else {
    auto list = lint::load_takeover_providers(providers);
    if (!list) return list.error();
    opt.takeover = std::move(*list);
  }
  opt.tlds = lint::load_tlds(o.psl);
  if (opt.tlds.empty()) {
    std::fprintf(stderr,
                 "canon: cannot read %s; missing-trailing-dot only checks names that "
                 "repeat the origin\n",
                 o.psl.c_str());
  }
  return opt;
}

Result<std::vector<LintInput>> gather_inputs(const LintOpts& o) {
  std::vector<LintInput> inputs;
  if (!o.config.empty()) {
    auto c = inputs_from_config(o.config);
    if (!c) return c.error();
    inputs = std::move(*c);
  }
  for (const auto& arg : o.zones) {
    auto in = parse_lint_arg(arg);
    if (!in) return in.error();
    inputs.push_back(std::move(*in));
  }
  if (inputs.empty()) return Error("no zones: give ORIGIN=FILE, FILE or --config FILE");
  for (const auto& in : inputs) {
    if (::access(in.file.c_str(), R_OK) != 0) {
      return Error("cannot read " + in.file + ": " + std::strerror(errno));
    }
  }
  return inputs;
}

// `zones` counts a zone once per view that serves it.
void print_text(const std::vector<lint::Finding>& fs, size_t zones, size_t views) {
  Style st = Style::for_stream(stdout);
  size_t count[3] = {0, 0, 0};
  for (const auto& f : fs) {
    ++count[static_cast<int>(f.severity)];
    const char* colour = f.severity == lint::Severity::kError     ? st.red()
                         : f.severity == lint::Severity::kWarning ? st.yellow()
                                                                  : st.cyan();
    std::string where = f.where();
    std::string what =
        f.owner.empty() ? "" : " (" + f.owner + (f.type.empty() ? "" : " " + f.type) + ")";
    if (!f.view.empty()) what += " [view " + f.view + "]";
    std::printf("%s: %s%s%s%s: %s%s%s: %s%s\n", where.c_str(), st.bold(), colour,
                std::string(lint::to_string(f.severity)).c_str(), st.reset(), st.bold(),
                f.code.c_str(), st.reset(), f.message.c_str(), what.c_str());
    if (!f.hint.empty()) std::printf("  %shint:%s %s\n", st.dim(), st.reset(), f.hint.c_str());
  }
  std::string in_views =
      views ? " in " + std::to_string(views) + " view" + (views == 1 ? "" : "s") : std::string();
  std::printf("%zu zone%s%s: %zu error%s, %zu warning%s, %zu info\n", zones, zones == 1 ? "" : "s",
              in_views.c_str(), count[2], count[2] == 1 ? "" : "s", count[1],
              count[1] == 1 ? "" : "s", count[0]);
}

int run_lint(const LintOpts& o) {
  auto inputs = gather_inputs(o);
  if (!inputs) {
    std::fprintf(stderr, "canon lint: %s\n", inputs.error().message.c_str());
    return kExitUsage;
  }
  auto opt = make_options(o);
  if (!opt) {
    std::fprintf(stderr, "canon lint: %s\n", opt.error().message.c_str());
    return kExitUsage;
  }
  std::optional<ListenAddress> resolver;
  if (o.online) {
    auto r = o.resolver.empty() ? default_resolver() : parse_resolver(o.resolver);
    if (!r) {
      std::fprintf(stderr, "canon lint: %s\n", r.error().message.c_str());
      return kExitUsage;
    }
    resolver = *r;
  }
  std::vector<lint::LintZone> zones;
  for (const auto& in : *inputs) zones.push_back(lint::load_lint_zone(in.file, in.origin, in.view));
  auto findings = lint::lint_zones(zones, *opt);
  if (resolver) {
    OnlineReport rep = check_external_targets(zones, *resolver, o.timeout_ms);
    for (const auto& u : rep.unresolved) {
      std::fprintf(stderr, "canon lint: could not check %s\n", u.c_str());
    }
    findings.insert(findings.end(), rep.findings.begin(), rep.findings.end());
    lint::sort_findings(findings);
  }
  if (o.json) {
    std::string s = lint::findings_to_json(findings) + "\n";
    std::fwrite(s.data(), 1, s.size(), stdout);
  } else {
    std::set<std::string> views;
    for (const auto& z : zones) {
      if (!z.view().empty()) views.insert(z.view());
    }
    print_text(findings, zones.size(), views.size());
  }
  return lint::exit_code_for(findings);
}

}  // namespace

void register_lint(CLI::App& parent, int& exit_code) {
  auto o = std::make_shared<LintOpts>();
  auto* sub = parent.add_subcommand("lint", kDescription);
  sub->add_option("ZONES", o->zones, "zones to lint together, as ORIGIN=FILE or FILE")
      ->type_name("ORIGIN=FILE|FILE");
  sub->add_option("-c,--config", o->config,
                  "lint every zone of a canond config, view by view (ZONES given too join "
                  "the zones without a view)")
      ->type_name("FILE");
  sub->add_flag("--json", o->json, "print a JSON array of findings instead of text");
  sub->add_flag("--online", o->online,
                "resolve targets outside the linted zones; NXDOMAIN is a dangling-external error");
  sub->add_option("--resolver", o->resolver,
                  "recursive resolver for --online (default: first nameserver in "
                  "/etc/resolv.conf)")
      ->type_name("ADDR[:PORT]");
  sub->add_option("--timeout", o->timeout_ms, "per-query timeout for --online, in ms")
      ->check(CLI::Range(100, 60000))
      ->type_name("MS");
  sub->add_flag("--strict-mx", o->strict_mx,
                "an MX or SRV target that is an alias is an error (RFC 2181 §10.3), not a "
                "warning");
  sub->add_option("--providers", o->providers,
                  "takeover provider list (default: data/takeover-providers.json)")
      ->type_name("FILE");
  sub->add_option("--psl", o->psl, "public suffix list for TLDs")->type_name("FILE");
  sub->footer(codes_footer());
  sub->callback([o, &exit_code] { exit_code = run_lint(*o); });
}

}  // namespace canon::cli
