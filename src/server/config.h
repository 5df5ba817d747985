// ServerConfig: everything canond needs to start, read from canond.toml and then overridden by
// command-line flags.
//
//   std::vector<Diagnostic> errors;
//   Result<ServerConfig> c = load_config("/etc/canond.toml", &errors);
//   // errors: "/etc/canond.toml:4:1: unknown key 'listn' in [server]"
//   apply_overrides(*c, overrides);   // --listen, --zone, --workers, ...
//
// The key names are a contract: later issues add tables and keys, never rename these.
//
//   [server]
//   listen = ["127.0.0.1:53", "[::1]:53"]
//   workers = 2                  # UDP worker threads per listen address; default: cores
//   max-cname-chain = 12
//   minimal-responses = false
//   udp-max-size = 1232
//   udp-coalesce-usecs = 0       # wait after a short UDP batch; 0: off (udp_worker.h)
//   tcp-max-connections = 100
//   tcp-idle-timeout = 10        # seconds
//   [log]
//   format = "text"              # or "json"
//   queries = false              # one line per query
//   [alias]
//   upstream = ["192.0.2.53:53"]  # asked for ALIAS targets outside the zones; default: none
//   serve-stale = false          # RFC 8767: expired ALIAS addresses when the upstream fails
//   [[zone]]
//   origin = "example.com."
//   file = "db.example.com"      # relative to the config file's directory
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/responder.h"
#include "base/address.h"
#include "base/result.h"
#include "server/view_config.h"
#include "wire/name.h"
#include "zonefile/zonefile.h"

namespace canon::server {

enum class LogFormat : uint8_t { kText, kJson };

struct ZoneConfig {
  Name origin;
  std::string file;  // resolved: relative paths are joined to the config file's directory
  // [server] strict-mx-cname: an MX or SRV target that is a CNAME refuses the zone instead of
  // a warning (RFC 2181 §10.3, RFC 2782).
  bool mx_srv_cname_is_error = false;
};

struct ServerConfig {
  std::vector<ListenAddress> listen;
  unsigned workers = 0;  // 0 until resolved: then the number of cores
  AuthOptions auth;
  bool strict_mx_cname = false;  // copied into every ZoneConfig
  size_t tcp_max_connections = 100;
  unsigned tcp_idle_timeout_ms = 10000;
  unsigned udp_coalesce_us = 0;  // [server] udp-coalesce-usecs: see UdpWorker
  LogFormat log_format = LogFormat::kText;
  bool query_log = false;
  std::vector<ZoneConfig> zones;
  std::string config_path;                    // empty when no file was given
  ResolverSettings resolution;                // [resolver] and [[view]] (view_config.h)
  std::vector<ListenAddress> alias_upstream;  // [alias] upstream
  bool alias_serve_stale = false;             // [alias] serve-stale
};

// The defaults of the table above (listen on 127.0.0.1:53 and [::1]:53, workers = cores).
ServerConfig default_config();

// Parses TOML text. `path` names the file in messages and anchors relative zone paths. Every
// problem found is added to `errors` as file:line:col; the Result fails when there was any.
Result<ServerConfig> parse_config(std::string_view text, const std::string& path,
                                  std::vector<Diagnostic>* errors);
// Reads and parses a file (an unreadable file is reported as "PATH: cannot read: REASON").
Result<ServerConfig> load_config(const std::string& path, std::vector<Diagnostic>* errors);

// Command-line flags that override the file.
struct Overrides {
  std::vector<std::string> listen;  // replaces [server] listen when not empty
  std::vector<std::string> zones;   // "ORIGIN=FILE", each added as a [[zone]]
  std::optional<unsigned> workers;
  std::optional<LogFormat> log_format;
  std::optional<bool> query_log;
  std::vector<std::string> alias_upstream;  // replaces [alias] upstream when not empty
};

// Applies flags; errors (bad address, "ORIGIN=FILE" without '=', ...) name the flag.
Status apply_overrides(ServerConfig& config, const Overrides& o);

Result<LogFormat> parse_log_format(std::string_view text);

}  // namespace canon::server
