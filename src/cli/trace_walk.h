// The iterative walk behind `canon trace`: from the root servers down to the zone that answers,
// asking every server of each zone in parallel, then again from the root for every CNAME or
// DNAME target, so the user sees every zone and operator the chain crosses.
//
//   WalkOptions opt;  opt.roots = builtin_roots();
//   Trace t = walk(*Name::parse("www.example.com."), RRType::A, opt);
//
// resolve_via(): the same Trace from one recursive resolver's answer (RD=1), for --resolver.
#pragma once

#include <string>
#include <vector>

#include "base/address.h"
#include "base/result.h"
#include "cli/trace_model.h"
#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon::cli::trace {

struct ServerAddress {
  std::string name;  // the server's name, "" when unknown
  ListenAddress address;
};

struct WalkOptions {
  std::vector<ServerAddress> roots;
  int timeout_ms = 1500;
  int tries = 1;
  int max_aliases = 16;  // the walk stops after this many CNAME/DNAME hops
  int max_steps = 24;    // referrals per branch
  bool ipv6 = true;      // use AAAA glue as well as A
};

// The 13 root servers (IANA root hints), IPv4 and IPv6.
std::vector<ServerAddress> builtin_roots();
// Root servers from a hints file in zone-file format (NS at the root, A/AAAA for their names).
Result<std::vector<ServerAddress>> load_hints(const std::string& path);

Trace walk(const Name& qname, RRType qtype, const WalkOptions& opt);
Trace resolve_via(const Name& qname, RRType qtype, const ListenAddress& resolver, int timeout_ms);

// "192.0.2.1", with ":PORT" ("[..]:PORT" for IPv6) when the port is not 53.
std::string show_address(const ListenAddress& a);
// RFC 1918, RFC 6598 shared space, loopback, link-local, ULA (RFC 4193) and unspecified.
bool is_private_address(const ListenAddress& a);

}  // namespace canon::cli::trace
