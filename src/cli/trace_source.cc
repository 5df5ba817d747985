#include "cli/trace_source.h"

#include <CLI/CLI.hpp>

namespace canon::cli::trace {

void DnsSource::add_flags(CLI::App& app) {
  app.add_option("--root", roots,
                 "start the walk at this server instead of the root servers (ADDR[:PORT], "
                 "repeatable); for test networks")
      ->type_name("ADDR[:PORT]");
  app.add_option("--hints", hints,
                 "root hints in zone-file format (NS records at the root and their A/AAAA), as "
                 "BIND's named.root")
      ->check(CLI::ExistingFile);
  app.add_option("--resolver", resolver,
                 "ask this recursive resolver (RD=1) instead of walking from the root")
      ->type_name("ADDR[:PORT]");
  app.add_option("--timeout", timeout_ms, "milliseconds to wait for each server (default 1500)")
      ->check(CLI::Range(50, 60000));
  app.add_flag("-4", ipv4_only, "use IPv4 only (ignore AAAA glue and IPv6 root addresses)");
}

Result<Source> make_source(const DnsSource& s) {
  Source out;
  out.walk.timeout_ms = s.timeout_ms;
  out.walk.ipv6 = !s.ipv4_only;
  if (!s.resolver.empty()) {
    auto a = parse_listen_address(s.resolver);
    if (!a) return Error("--resolver: " + a.error().message);
    out.recursive = true;
    out.resolver = *a;
    return out;
  }
  if (!s.roots.empty()) {
    for (const auto& r : s.roots) {
      auto a = parse_listen_address(r);
      if (!a) return Error("--root: " + a.error().message);
      out.walk.roots.push_back({"", *a});
    }
  } else if (!s.hints.empty()) {
    auto h = load_hints(s.hints);
    if (!h) return h.error();
    out.walk.roots = std::move(*h);
  } else {
    out.walk.roots = builtin_roots();
  }
  if (s.ipv4_only) {
    std::erase_if(out.walk.roots,
                  [](const ServerAddress& a) { return a.address.family() != AF_INET; });
  }
  return out;
}

Trace run(const Source& s, const Name& qname, RRType qtype) {
  if (s.recursive) return resolve_via(qname, qtype, s.resolver, s.walk.timeout_ms);
  return walk(qname, qtype, s.walk);
}

}  // namespace canon::cli::trace
