// canond: the Canon authoritative DNS server. See `canond --help`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "server/config.h"
#include "server/log.h"
#include "server/server.h"

namespace {

using canon::server::LogFormat;
using canon::server::Overrides;
using canon::server::ServerConfig;

constexpr const char* kDescription = R"(canond - the Canon authoritative DNS server

Serves the zones named in a TOML config file (and/or on the command line) over UDP and TCP,
IPv4 and IPv6. Runs in the foreground and logs to stderr.

Signals:
  SIGHUP           reload every zone; a zone that fails to load keeps its old version
                   and its errors are logged as file:line:col; a changed [alias] applies
                   (logged; a new upstream list drops the cached ALIAS answers)
  SIGTERM, SIGINT  stop gracefully (exit 0)

Config file (canond.toml), with the defaults:
  [server]
  listen = ["127.0.0.1:53", "[::1]:53"]   # ADDR:PORT, IPv6 in brackets
  workers = <cores>                       # UDP threads per listen address
  max-cname-chain = 12                    # CNAME/DNAME hops followed
  minimal-responses = false               # leave the additional section empty
  strict-mx-cname = false                 # refuse zones whose MX/SRV targets are CNAMEs
  udp-max-size = 1232                     # cap on the EDNS UDP size
  udp-coalesce-usecs = 0                  # 0-1000: after answering fewer queries than a
                                          # full batch, wait this long so that the next
                                          # read takes several (less CPU per query under
                                          # load, up to this much added latency); 0: off
  tcp-max-connections = 100               # past it a new connection is closed at once
  tcp-idle-timeout = 10                   # seconds a connection may neither send a query
                                          # nor take an answer (none in flight): closed
  [log]
  format = "text"                         # or "json"
  queries = false                         # one log line per query
  [alias]
  upstream = []                           # ADDR:PORT servers asked for ALIAS targets
                                          # outside the zones (a resolver, or the target's
                                          # authoritative server); none: SERVFAIL there
  serve-stale = false                     # RFC 8767: old addresses (EDE 3) when it fails
  [[zone]]
  origin = "example.com."
  file = "db.example.com"                 # relative to the config file
  [resolver]                              # recursion (issue 5); keys in view_config.h
  root-hints = "hints.zone"               # default: built in
  threads = 8                             # upstream I/O threads; default max(8, 2*workers)
  [[view]]                                # the first view matching the client's address
  name = "vpc"
  match-clients = ["10.0.0.0/8"]          # or ["any"]
  recursion = true
  allow-recursion = ["10.0.0.0/8"]        # default: match-clients; others get REFUSED
    [[view.zone]]                         # this view only; shadows a [[zone]] of the origin
    origin = "region.prod.example.com."
    file = "private.zone"
    [[view.forward]]                      # most specific suffix wins
    suffix = "."
    servers = ["192.0.2.4:53"]
    first = false                         # true: recurse when the forwarders fail

With [[view]]s, canond is also a resolver: a name in the client's view's zones is answered
from them; anything else, from a client in allow-recursion asking with RD, is resolved
through the view's zones, forward rules and recursion, every CNAME/DNAME target included.
A config with views needs no [[zone]]. SIGHUP rebuilds the views (caches start empty).

ALIAS (TYPE65401) at a name answers A and AAAA with the target's addresses under the
owner's name, TTL min(ALIAS TTL, target TTL). Local targets are read from the zones; others
are asked of the upstream, cached for their TTL, and a failed upstream gives SERVFAIL with
EDE 22 within 5 s. SIGHUP applies a changed [alias] upstream or serve-stale. With [[view]]s,
the [alias] upstream and its cache serve every view's clients alike; without one, a view's
resolver flattens ALIAS for its recursive clients only (others: SERVFAIL, EDE 0).

Examples:
  canond --config /etc/canond.toml
  canond --zone example.com=db.example.com --listen 127.0.0.1:5353
  canond --config canond.toml --listen [::1]:5353 --workers 1 --query-log
  canond --config canond.toml --check     # load everything, report errors, exit 0 or 1
  canond --zone example.com=db.example.com --alias-upstream 127.0.0.1:53

Exit codes: 0 stopped cleanly or --check passed; 1 bad config, zone or socket; 64 usage.)";

struct Flags {
  std::string config;
  Overrides overrides;
  bool check = false;
  bool foreground = true;
  std::string log_format;
  bool query_log = false;
  unsigned workers = 0;
};

void add_flags(CLI::App& app, Flags& f) {
  app.add_option("-c,--config", f.config, "TOML config file")->check(CLI::ExistingFile);
  app.add_option("-l,--listen", f.overrides.listen,
                 "ADDR:PORT to listen on (repeatable; replaces [server] listen)")
      ->type_name("ADDR:PORT");
  app.add_option("-z,--zone", f.overrides.zones, "serve a zone (repeatable; adds a [[zone]])")
      ->type_name("ORIGIN=FILE");
  app.add_option("-w,--workers", f.workers, "UDP worker threads per listen address")
      ->check(CLI::Range(1, 1024));
  app.add_option("--alias-upstream", f.overrides.alias_upstream,
                 "server asked for ALIAS targets outside the zones (repeatable; replaces "
                 "[alias] upstream)")
      ->type_name("ADDR:PORT");
  app.add_flag("--check", f.check, "load config and zones, print every error, exit 0 or 1");
  app.add_flag("--foreground", f.foreground, "run in the foreground (the default; no daemon)");
  app.add_option("--log-format", f.log_format, "log lines as text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--query-log", f.query_log, "log one line per query");
}

// The config from the file (if any) with the flags applied; errors go to stderr.
std::optional<ServerConfig> build_config(const Flags& f) {
  ServerConfig config = canon::server::default_config();
  if (!f.config.empty()) {
    std::vector<canon::Diagnostic> errors;
    auto c = canon::server::load_config(f.config, &errors);
    if (!c) {
      for (const auto& d : errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
      return std::nullopt;
    }
    config = std::move(*c);
  }
  Overrides o = f.overrides;
  if (f.workers) o.workers = f.workers;
  if (!f.log_format.empty()) o.log_format = *canon::server::parse_log_format(f.log_format);
  if (f.query_log) o.query_log = true;
  if (auto st = canon::server::apply_overrides(config, o); !st) {
    std::fprintf(stderr, "canond: %s\n", st.error().message.c_str());
    return std::nullopt;
  }
  if (config.zones.empty() && config.resolution.views.empty()) {
    std::fprintf(stderr, "canond: no zones to serve: give --config FILE or --zone ORIGIN=FILE\n");
    return std::nullopt;
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "canond");
  app.get_formatter()->column_width(30);
  app.set_version_flag("--version", "canond " CANON_VERSION);
  Flags flags;
  add_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 64;
  }
  auto config = build_config(flags);
  if (!config) return 1;
  if (flags.check) return canon::server::check_config(*config, 2) ? 0 : 1;

  canon::server::Logger log(config->log_format);
  canon::server::Server server(*config, flags.overrides, log);
  if (auto st = server.start(); !st) {
    log.error(st.error().message);
    return 1;
  }
  return server.run();
}
