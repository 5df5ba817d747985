#include "wire/edns.h"

#include <arpa/inet.h>

#include <cstring>

#include <fmt/format.h>

#include "wire/octets.h"

namespace canon {

namespace {

uint8_t* put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
  return p + 2;
}

size_t subnet_address_len(const ClientSubnet& cs) {
  return (cs.source_prefix + 7u) / 8u;
}

bool parse_cookie(std::span<const uint8_t> d, Cookie& c) {
  if (!valid_cookie_length(d.size())) return false;
  std::memcpy(c.client.data(), d.data(), 8);
  c.server.assign(d.begin() + 8, d.end());
  return true;
}

bool parse_one(uint16_t code, std::span<const uint8_t> d, Edns& e) {
  switch (static_cast<EdnsCode>(code)) {
    case EdnsCode::kClientSubnet: {
      if (e.client_subnet) return false;  // RFC 7871 §6: at most one
      ClientSubnet cs;
      if (!parse_client_subnet(d, cs)) return false;
      e.client_subnet = cs;
      return true;
    }
    case EdnsCode::kCookie: {
      if (e.cookie) return false;
      Cookie c;
      if (!parse_cookie(d, c)) return false;
      e.cookie = std::move(c);
      return true;
    }
    case EdnsCode::kExtendedError: {
      if (d.size() < 2) return false;  // RFC 8914 §2: INFO-CODE is mandatory
      e.errors.push_back({load16(d.data()), std::string(d.begin() + 2, d.end())});
      return true;
    }
    default:
      e.other_options.push_back({code, std::vector<uint8_t>(d.begin(), d.end())});
      return true;
  }
}

}  // namespace

bool parse_client_subnet(std::span<const uint8_t> d, ClientSubnet& cs) {
  if (d.size() < 4) return false;
  cs.family = load16(d.data());
  cs.source_prefix = d[2];
  cs.scope_prefix = d[3];
  // RFC 7871 §6: IPv4 and IPv6 only; prefixes within the address; the address exactly as long
  // as the source prefix needs, with the bits past the prefix zero (§7.1.1: else FORMERR).
  unsigned max_bits = cs.family == 1 ? 32 : cs.family == 2 ? 128 : 0;
  if (max_bits == 0 || cs.source_prefix > max_bits || cs.scope_prefix > max_bits) return false;
  size_t n = subnet_address_len(cs);
  if (d.size() != 4 + n) return false;
  cs.address.fill(0);
  std::memcpy(cs.address.data(), d.data() + 4, n);
  if (cs.source_prefix % 8 != 0) {
    uint8_t mask = static_cast<uint8_t>(0xff >> (cs.source_prefix % 8));
    if (cs.address[n - 1] & mask) return false;
  }
  return true;
}

bool parse_edns_options(std::span<const uint8_t> rdata, Edns& e, WireError& err) {
  size_t pos = 0;
  while (pos < rdata.size()) {
    if (rdata.size() - pos < 4) {
      err = WireError::kBadOpt;
      return false;
    }
    uint16_t code = load16(&rdata[pos]);
    uint16_t len = load16(&rdata[pos + 2]);
    pos += 4;
    if (rdata.size() - pos < len || !parse_one(code, rdata.subspan(pos, len), e)) {
      err = WireError::kBadOpt;
      return false;
    }
    pos += len;
  }
  return true;
}

size_t edns_options_size(const Edns& e) {
  size_t n = 0;
  if (e.client_subnet) n += 4 + 4 + subnet_address_len(*e.client_subnet);
  if (e.cookie) n += 4 + 8 + e.cookie->server.size();
  for (const auto& x : e.errors) n += 4 + 2 + x.extra_text.size();
  for (const auto& o : e.other_options) n += 4 + o.data.size();
  return n;
}

size_t write_edns_options(const Edns& e, uint8_t* out) {
  uint8_t* p = out;
  if (e.client_subnet) {
    const ClientSubnet& cs = *e.client_subnet;
    size_t n = subnet_address_len(cs);
    p = put16(p, static_cast<uint16_t>(EdnsCode::kClientSubnet));
    p = put16(p, static_cast<uint16_t>(4 + n));
    p = put16(p, cs.family);
    *p++ = cs.source_prefix;
    *p++ = cs.scope_prefix;
    std::memcpy(p, cs.address.data(), n);
    p += n;
  }
  if (e.cookie) {
    p = put16(p, static_cast<uint16_t>(EdnsCode::kCookie));
    p = put16(p, static_cast<uint16_t>(8 + e.cookie->server.size()));
    std::memcpy(p, e.cookie->client.data(), 8);
    p += 8;
    if (!e.cookie->server.empty()) std::memcpy(p, e.cookie->server.data(), e.cookie->server.size());
    p += e.cookie->server.size();
  }
  for (const auto& x : e.errors) {
    p = put16(p, static_cast<uint16_t>(EdnsCode::kExtendedError));
    p = put16(p, static_cast<uint16_t>(2 + x.extra_text.size()));
    p = put16(p, x.info_code);
    if (!x.extra_text.empty()) std::memcpy(p, x.extra_text.data(), x.extra_text.size());
    p += x.extra_text.size();
  }
  for (const auto& o : e.other_options) {
    p = put16(p, o.code);
    p = put16(p, static_cast<uint16_t>(o.data.size()));
    if (!o.data.empty()) std::memcpy(p, o.data.data(), o.data.size());
    p += o.data.size();
  }
  return static_cast<size_t>(p - out);
}

const char* ede_name(uint16_t code) {
  static const char* const kNames[] = {"Other Error",
                                       "Unsupported DNSKEY Algorithm",
                                       "Unsupported DS Digest Type",
                                       "Stale Answer",
                                       "Forged Answer",
                                       "DNSSEC Indeterminate",
                                       "DNSSEC Bogus",
                                       "Signature Expired",
                                       "Signature Not Yet Valid",
                                       "DNSKEY Missing",
                                       "RRSIGs Missing",
                                       "No Zone Key Bit Set",
                                       "NSEC Missing",
                                       "Cached Error",
                                       "Not Ready",
                                       "Blocked",
                                       "Censored",
                                       "Filtered",
                                       "Prohibited",
                                       "Stale NXDOMAIN Answer",
                                       "Not Authoritative",
                                       "Not Supported",
                                       "No Reachable Authority",
                                       "Network Error",
                                       "Invalid Data",
                                       "Signature Expired before Valid",
                                       "Too Early",
                                       "Unsupported NSEC3 Iterations Value",
                                       "Unable to conform to policy",
                                       "Synthesized",
                                       "Invalid Query Type"};
  return code < std::size(kNames) ? kNames[code] : "";
}

std::string to_string(const ClientSubnet& cs) {
  char addr[INET6_ADDRSTRLEN] = "?";
  inet_ntop(cs.family == 1 ? AF_INET : AF_INET6, cs.address.data(), addr, sizeof addr);
  return fmt::format("{}/{}/{}", addr, cs.source_prefix, cs.scope_prefix);
}

}  // namespace canon
