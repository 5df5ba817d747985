// Root hints, hints files, and what counts as a private address.
#include <arpa/inet.h>

#include <cstring>

#include "cli/trace_walk.h"
#include "wire/rdata.h"
#include "zonefile/zonefile.h"

namespace canon::cli::trace {

std::vector<ServerAddress> builtin_roots() {
  // IANA root hints (https://www.internic.net/domain/named.root), B's 2023 renumbering included.
  static const char* const kRoots[][3] = {
      {"a", "198.41.0.4", "2001:503:ba3e::2:30"}, {"b", "170.247.170.2", "2801:1b8:10::b"},
      {"c", "192.33.4.12", "2001:500:2::c"},      {"d", "199.7.91.13", "2001:500:2d::d"},
      {"e", "192.203.230.10", "2001:500:a8::e"},  {"f", "192.5.5.241", "2001:500:2f::f"},
      {"g", "192.112.36.4", "2001:500:12::d0d"},  {"h", "198.97.190.53", "2001:500:1::53"},
      {"i", "192.36.148.17", "2001:7fe::53"},     {"j", "192.58.128.30", "2001:503:c27::2:30"},
      {"k", "193.0.14.129", "2001:7fd::1"},       {"l", "199.7.83.42", "2001:500:9f::42"},
      {"m", "202.12.27.33", "2001:dc3::35"},
  };
  std::vector<ServerAddress> out;
  for (const auto& r : kRoots) {
    std::string name = std::string(r[0]) + ".root-servers.net.";
    for (int i = 1; i <= 2; ++i) {
      if (auto a = parse_listen_address(r[i])) out.push_back({name, *a});
    }
  }
  return out;
}

Result<std::vector<ServerAddress>> load_hints(const std::string& path) {
  std::vector<Name> ns;
  std::vector<std::pair<Name, std::string>> addrs;
  ParseOptions po;
  po.origin = Name::root();
  po.default_ttl = 3600000;
  auto summary = parse_zone_file(path, po, [&](const ParsedRecord& r) {
    if (r.type == RRType::NS && r.owner.is_root()) {
      if (auto t = rdata_target(RRType::NS, r.rdata)) ns.push_back(*t);
    } else if (r.type == RRType::A || r.type == RRType::AAAA) {
      addrs.emplace_back(r.owner, rdata_to_text(r.type, r.rdata));
    }
  });
  if (!summary.ok()) {
    std::string msg = "cannot read hints";
    for (const auto& d : summary.diagnostics) msg += "\n" + d.to_string();
    return Error(msg);
  }
  std::vector<ServerAddress> out;
  for (const auto& n : ns) {
    for (const auto& [owner, text] : addrs) {
      if (!(owner == n)) continue;
      if (auto a = parse_listen_address(text)) out.push_back({n.to_string(), *a});
    }
  }
  if (out.empty()) return Error(path + ": no root NS record with an address");
  return out;
}

std::string show_address(const ListenAddress& a) {
  if (a.port() != 53) return a.to_string();
  std::string s = a.to_string();
  s.resize(s.rfind(':'));
  if (a.family() == AF_INET6) s = s.substr(1, s.size() - 2);
  return s;
}

bool is_private_address(const ListenAddress& a) {
  if (a.family() == AF_INET) {
    uint32_t v = ntohl(reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr.s_addr);
    auto in = [v](uint32_t net, int bits) { return (v >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||  // RFC 1918
           in(0x64400000, 10) ||                                             // RFC 6598
           in(0x7F000000, 8) || in(0xA9FE0000, 16) || v == 0;
  }
  const uint8_t* b = reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr.s6_addr;
  static const uint8_t kLoop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const uint8_t kAny[16] = {};
  return (b[0] & 0xfe) == 0xfc ||                    // ULA, RFC 4193
         (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||  // link-local
         std::memcmp(b, kLoop, 16) == 0 || std::memcmp(b, kAny, 16) == 0;
}

}  // namespace canon::cli::trace
