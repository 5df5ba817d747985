// Views and the resolver's settings in canond.toml (issue 5 §3). The shape is a contract:
//
//   [resolver]
//   root-hints = "hints.zone"      # optional; built-in root hints otherwise
//   cache-size = "256MiB"
//   cache-max-ttl = 86400          # seconds; also cache-min-ttl, cache-max-negative-ttl
//   serve-stale = false            # RFC 8767
//   qname-minimisation = true      # RFC 9156
//   upstream-timeout = 800         # milliseconds per upstream try
//   threads = 8                    # threads for upstream I/O (1-1024); default
//                                  # max(8, 2 × [server] workers). Cache hits are answered
//                                  # on the UDP workers and need none of them.
//
//   [[view]]
//   name = "vpc"
//   match-clients = ["192.0.2.20/32", "10.0.0.0/8"]   # or ["any"]; the first match wins
//   recursion = true
//   allow-recursion = ["10.0.0.0/8"]                  # default: match-clients
//     [[view.zone]]                                   # served to this view only; shadows a
//     origin = "region.prod.acmeltd.co.uk"            # top-level [[zone]] of the same origin
//     file = "private.zone"
//     [[view.forward]]
//     suffix = "."
//     servers = ["192.0.2.4:53"]
//     first = false                                   # true: fall back to recursion
//
// A view that can never match because earlier views already match all its clients (a catch-all
// view placed before others) is an error reported at the hidden view's file:line.
#pragma once

#include <sys/socket.h>

#include <toml++/impl/forward_declarations.h>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/responder.h"
#include "base/address.h"
#include "base/result.h"
#include "resolver/resolver_service.h"
#include "wire/name.h"
#include "zonefile/zonefile.h"

namespace canon::server {

// An address block: "10.0.0.0/8", "2001:db8::/32", a bare address (a host), or "any".
struct Cidr {
  int family = AF_INET;
  std::array<uint8_t, 16> bytes{};
  uint8_t prefix = 0;
  bool any = false;  // every address of both families

  bool contains(const sockaddr_storage& addr) const;
  bool covers(const Cidr& other) const;  // every address of `other` is in this block
  std::string to_string() const;
};
Result<Cidr> parse_cidr(std::string_view text);

struct ViewForward {
  Name suffix;
  std::vector<ListenAddress> servers;
  bool first = false;
};

struct ViewZone {
  Name origin;
  std::string file;  // resolved against the config file's directory
};

struct ViewConfig {
  std::string name;
  std::vector<Cidr> match_clients;
  bool recursion = false;
  std::optional<std::vector<Cidr>> allow_recursion;  // nullopt: match_clients
  std::vector<ViewZone> zones;
  std::vector<ViewForward> forwards;
  uint32_t line = 0;  // of the [[view]] header, for messages

  bool matches(const sockaddr_storage& client) const;
  bool recursion_allowed(const sockaddr_storage& client) const;
};

struct ResolverConfig {
  std::string root_hints;  // empty: built in
  size_t cache_size = 256u << 20;
  uint32_t cache_max_ttl = 86400;
  uint32_t cache_min_ttl = 0;
  uint32_t cache_max_negative_ttl = 3600;
  bool serve_stale = false;
  bool qname_minimisation = true;
  uint32_t upstream_timeout_ms = 800;
  size_t threads = 0;  // resolver threads; 0: max(8, 2 × [server] workers)
};

struct ResolverSettings {
  ResolverConfig resolver;
  std::vector<ViewConfig> views;  // empty: no views, authoritative service only
};

// The first view whose match-clients holds the client, or nullptr.
const ViewConfig* choose_view(const std::vector<ViewConfig>& views, const sockaddr_storage& client);

// The resolver's views: each view's catalog holds the top-level zones (`top`, may be null) and
// then its own [[view.zone]]s, loaded here, which shadow a top-level zone of the same origin.
// Zone-file problems are added to `diagnostics` (file:line:col); the Result fails on any error.
Result<std::vector<resolver::ViewSpec>> build_views(const ResolverSettings& s, const Catalog* top,
                                                    std::vector<Diagnostic>* diagnostics);
// The service's options from [resolver] (root hints loaded) and [server] max-cname-chain.
Result<resolver::ServiceOptions> service_options(const ResolverSettings& s, size_t max_cname_chain);

// Readers for config.cc: `node` is the value of the top-level key `resolver` or `view`. Every
// problem goes to `error` with the node where it was found; relative paths are resolved with
// `resolve_path`.
using ConfigErrorFn = std::function<void(const toml::source_region&, std::string)>;
using ResolvePathFn = std::function<std::string(const std::string&)>;
void read_resolver_table(const toml::node& node, ResolverSettings& out,
                         const ResolvePathFn& resolve, const ConfigErrorFn& error);
void read_view_array(const toml::node& node, ResolverSettings& out, const ResolvePathFn& resolve,
                     const ConfigErrorFn& error);

}  // namespace canon::server
