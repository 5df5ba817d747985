#include "resolver/root_hints.h"

#include <arpa/inet.h>

#include <cstring>

#include "wire/rdata.h"
#include "zonefile/zonefile.h"

namespace canon::resolver {

namespace {

// IANA's root hints (named.root, 2023 edition): the letters with their IPv4 and IPv6 addresses.
constexpr const char* kBuiltin =
    ". 3600000 NS a.root-servers.net.\n"
    ". 3600000 NS b.root-servers.net.\n"
    ". 3600000 NS c.root-servers.net.\n"
    ". 3600000 NS d.root-servers.net.\n"
    ". 3600000 NS e.root-servers.net.\n"
    ". 3600000 NS f.root-servers.net.\n"
    ". 3600000 NS g.root-servers.net.\n"
    ". 3600000 NS h.root-servers.net.\n"
    ". 3600000 NS i.root-servers.net.\n"
    ". 3600000 NS j.root-servers.net.\n"
    ". 3600000 NS k.root-servers.net.\n"
    ". 3600000 NS l.root-servers.net.\n"
    ". 3600000 NS m.root-servers.net.\n"
    "a.root-servers.net. 3600000 A 198.41.0.4\n"
    "a.root-servers.net. 3600000 AAAA 2001:503:ba3e::2:30\n"
    "b.root-servers.net. 3600000 A 170.247.170.2\n"
    "b.root-servers.net. 3600000 AAAA 2801:1b8:10::b\n"
    "c.root-servers.net. 3600000 A 192.33.4.12\n"
    "c.root-servers.net. 3600000 AAAA 2001:500:2::c\n"
    "d.root-servers.net. 3600000 A 199.7.91.13\n"
    "d.root-servers.net. 3600000 AAAA 2001:500:2d::d\n"
    "e.root-servers.net. 3600000 A 192.203.230.10\n"
    "e.root-servers.net. 3600000 AAAA 2001:500:a8::e\n"
    "f.root-servers.net. 3600000 A 192.5.5.241\n"
    "f.root-servers.net. 3600000 AAAA 2001:500:2f::f\n"
    "g.root-servers.net. 3600000 A 192.112.36.4\n"
    "g.root-servers.net. 3600000 AAAA 2001:500:12::d0d\n"
    "h.root-servers.net. 3600000 A 198.97.190.53\n"
    "h.root-servers.net. 3600000 AAAA 2001:500:1::53\n"
    "i.root-servers.net. 3600000 A 192.36.148.17\n"
    "i.root-servers.net. 3600000 AAAA 2001:7fe::53\n"
    "j.root-servers.net. 3600000 A 192.58.128.30\n"
    "j.root-servers.net. 3600000 AAAA 2001:503:c27::2:30\n"
    "k.root-servers.net. 3600000 A 193.0.14.129\n"
    "k.root-servers.net. 3600000 AAAA 2001:7fd::1\n"
    "l.root-servers.net. 3600000 A 199.7.83.42\n"
    "l.root-servers.net. 3600000 AAAA 2001:500:9f::42\n"
    "m.root-servers.net. 3600000 A 202.12.27.33\n"
    "m.root-servers.net. 3600000 AAAA 2001:dc3::35\n";

Result<RootHints> from_summary(const ParseSummary& s, std::vector<ResourceRecord>& rrs,
                               std::string_view file) {
  if (!s.ok()) {
    std::string msg;
    for (const auto& d : s.diagnostics)
      if (!d.warning) msg += (msg.empty() ? "" : "\n") + d.to_string();
    return Error(msg);
  }
  RootHints h;
  for (auto& set : group_rrsets(rrs)) {
    if (set.type == RRType::NS && set.owner.is_root())
      h.ns = std::move(set);
    else if (set.type == RRType::A || set.type == RRType::AAAA)
      h.addresses.push_back(std::move(set));
  }
  if (h.ns.rdatas.empty()) return Error(std::string(file) + ": no NS records for the root");
  h.ns.owner = Name::root();
  h.ns.type = RRType::NS;
  for (const auto& a : h.addresses) {
    bool listed = false;
    for (const auto& rd : h.ns.rdatas) listed = listed || rdata_target(RRType::NS, rd) == a.owner;
    if (!listed) continue;
    for (const auto& rd : a.rdatas)
      if (auto addr = address_of(a.type, rd)) h.servers.push_back(*addr);
  }
  if (h.servers.empty()) return Error(std::string(file) + ": no address for any root server");
  return h;
}

}  // namespace

std::optional<ListenAddress> address_of(RRType type, std::span<const uint8_t> rdata,
                                        uint16_t port) {
  ListenAddress a;
  if (type == RRType::A && rdata.size() == 4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&a.storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    std::memcpy(&sin->sin_addr, rdata.data(), 4);
    a.length = sizeof(sockaddr_in);
    return a;
  }
  if (type == RRType::AAAA && rdata.size() == 16) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    std::memcpy(&sin6->sin6_addr, rdata.data(), 16);
    a.length = sizeof(sockaddr_in6);
    return a;
  }
  return std::nullopt;
}

Result<RootHints> parse_root_hints(std::string_view text, std::string_view file) {
  std::vector<ResourceRecord> rrs;
  ParseOptions po{.origin = Name::root(), .default_ttl = 3600000};
  ParseSummary s = parse_zone_text(text, file, po, [&](const ParsedRecord& r) {
    rrs.push_back({r.owner, r.type, r.cls, r.ttl, {r.rdata.begin(), r.rdata.end()}});
  });
  return from_summary(s, rrs, file);
}

Result<RootHints> load_root_hints(const std::string& path) {
  std::vector<ResourceRecord> rrs;
  ParseOptions po{.origin = Name::root(), .default_ttl = 3600000};
  ParseSummary s = parse_zone_file(path, po, [&](const ParsedRecord& r) {
    rrs.push_back({r.owner, r.type, r.cls, r.ttl, {r.rdata.begin(), r.rdata.end()}});
  });
  return from_summary(s, rrs, path);
}

const RootHints& builtin_root_hints() {
  static const RootHints hints = *parse_root_hints(kBuiltin, "built-in root hints");
  return hints;
}

}  // namespace canon::resolver
