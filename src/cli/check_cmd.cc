// canon check NAME: DNS, then TLS, then HTTP, for one name, and a verdict in plain words.
// canon check --zone ORIGIN=FILE: every alias, MX, NS and SRV target of a zone.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/check_json.h"
#include "cli/check_run.h"
#include "cli/check_zone.h"
#include "cli/commands.h"
#include "cli/terminal.h"

namespace canon::cli {

namespace {

struct CheckOpts {
  std::string name;
  std::string zone;  // ORIGIN=FILE
  trace::DnsSource source;
  uint16_t port = 443;
  bool http = false;
  uint16_t http_port = 80;
  std::string ca;
  std::string providers;
  bool json = false;
  int tls_timeout_ms = 5000;
};

const char* kCheckHelp =
    "Checks one name layer by layer, the way a browser meets it:\n"
    "  DNS   the chain to the final addresses (iteratively from the root, or --resolver);\n"
    "  TLS   for every address, on --port: SNI = NAME, the chain verified against the system\n"
    "        trust store (or --ca), the name matched against the certificate (RFC 6125,\n"
    "        wildcards included); lists the names covered, the issuer and the expiry;\n"
    "  HTTP  GET / with Host: NAME, following redirects hop by hop, showing status and\n"
    "        Location, saying when a redirect leaves the name, reporting HSTS.\n"
    "Then one short paragraph per failing layer saying what to fix. Alias targets under a\n"
    "cloud provider's shared suffix (data/takeover-providers.json) are rated for takeover\n"
    "risk: confirmed, potential or unlikely.\n\n"
    "--zone ORIGIN=FILE checks every CNAME, ALIAS, MX, NS and SRV target of a zone instead.\n\n"
    "Exit status: 0 all layers pass, 1 a layer fails (or a zone target dangles), 64 usage error.";

// data/takeover-providers.json from CANON_DATA_DIR, the source tree beside build*/bin, or an
// installed share/canon.
std::string find_providers() {
  if (const char* d = std::getenv("CANON_DATA_DIR"))
    return std::string(d) + "/takeover-providers.json";
  std::error_code ec;
  auto bin = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  if (ec) return {};
  for (auto p : {bin / "../../data/takeover-providers.json",
                 bin / "../share/canon/takeover-providers.json"}) {
    if (std::filesystem::exists(p, ec)) return p.lexically_normal().string();
  }
  return {};
}

int run_zone(const CheckOpts& o, const check::CheckOptions& opt) {
  size_t eq = o.zone.find('=');
  if (eq == std::string::npos) {
    std::fprintf(stderr, "canon check: --zone wants ORIGIN=FILE\n");
    return kExitUsage;
  }
  std::string origin = o.zone.substr(0, eq);
  auto targets = check::check_zone(origin, o.zone.substr(eq + 1), opt);
  if (!targets) {
    std::fprintf(stderr, "canon check: %s\n", targets.error().message.c_str());
    return kExitErrors;
  }
  auto j = check::zone_json(origin, *targets);
  if (o.json)
    std::puts(j.dump(2).c_str());
  else
    std::fputs(check::zone_text(*targets).c_str(), stdout);
  return j["ok"].get<bool>() ? kExitOk : kExitWarnings;
}

int run(const CheckOpts& o) {
  if (o.name.empty() == o.zone.empty()) {
    std::fprintf(stderr, "canon check: give a NAME or --zone ORIGIN=FILE (one of them)\n");
    return kExitUsage;
  }
  auto source = trace::make_source(o.source);
  if (!source) {
    std::fprintf(stderr, "canon check: %s\n", source.error().message.c_str());
    return kExitUsage;
  }
  check::CheckOptions opt;
  opt.source = std::move(*source);
  opt.port = o.port;
  opt.http_plain = o.http;
  opt.http_port = o.http_port;
  opt.tls.ca_file = o.ca;
  opt.tls.timeout_ms = o.tls_timeout_ms;
  std::string path = o.providers.empty() ? find_providers() : o.providers;
  std::vector<lint::TakeoverProvider> providers;
  if (path.empty()) {
    std::fprintf(stderr,
                 "canon check: takeover provider list not found; takeover risk is not rated (give "
                 "--providers FILE)\n");
  } else {
    auto list = lint::load_takeover_providers(path);
    if (!list) {
      std::fprintf(stderr, "canon check: %s\n", list.error().message.c_str());
      return kExitUsage;
    }
    providers = std::move(*list);
    opt.providers = &providers;
  }
  if (!o.zone.empty()) return run_zone(o, opt);
  auto name = Name::parse(o.name.back() == '.' ? o.name : o.name + ".");
  if (!name) {
    std::fprintf(stderr, "canon check: bad name '%s': %s\n", o.name.c_str(),
                 name.error().message.c_str());
    return kExitUsage;
  }
  check::CheckResult r = check::run_check(*name, opt);
  if (o.json)
    std::puts(check::to_json(r).dump(2).c_str());
  else
    std::fputs(check::to_text(r, Style::for_stream(stdout)).c_str(), stdout);
  return r.ok() ? kExitOk : kExitWarnings;
}

}  // namespace

void register_check(CLI::App& parent, int& exit_code) {
  auto o = std::make_shared<CheckOpts>();
  auto* sub = parent.add_subcommand(
      "check", "check one name through DNS, TLS and HTTP, and say which layer fails");
  sub->footer(kCheckHelp);
  sub->add_option("name", o->name, "the host name to check");
  sub->add_option("--zone", o->zone, "check every CNAME, ALIAS, MX, NS and SRV target of a zone")
      ->type_name("ORIGIN=FILE");
  o->source.add_flags(*sub);
  sub->add_option("--port", o->port, "TLS port (default 443)");
  sub->add_flag("--http", o->http,
                "start the HTTP layer with plain http:// on --http-port instead of https");
  sub->add_option("--http-port", o->http_port, "port for --http (default 80)");
  sub->add_option("--ca", o->ca, "trust these CA certificates (PEM) instead of the system store")
      ->check(CLI::ExistingFile);
  sub->add_option("--tls-timeout", o->tls_timeout_ms,
                  "milliseconds for each TLS/HTTP connection (default 5000)");
  sub->add_option("--providers", o->providers,
                  "takeover provider list (default: data/takeover-providers.json)")
      ->check(CLI::ExistingFile);
  sub->add_flag("--json", o->json,
                "print JSON (schema canon.check/1, or canon.check-zone/1 with --zone)");
  sub->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace canon::cli
