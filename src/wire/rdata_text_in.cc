// Text → wire for each field kind (the zone-file side of the schema in rdata_schema.cc).
#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "wire/rdata_codec.h"
#include "wire/rdata_internal.h"
#include "wire/rrtype.h"

namespace canon::rdata_internal {

namespace {

// Algorithm mnemonics of RFC 4034 Appendix A.1 and later registrations.
struct Mnemonic {
  std::string_view name;
  uint16_t value;
};
constexpr Mnemonic kAlgorithms[] = {
    {"RSAMD5", 1},
    {"DH", 2},
    {"DSA", 3},
    {"RSASHA1", 5},
    {"DSA-NSEC3-SHA1", 6},
    {"RSASHA1-NSEC3-SHA1", 7},
    {"RSASHA256", 8},
    {"RSASHA512", 10},
    {"ECC-GOST", 12},
    {"ECDSAP256SHA256", 13},
    {"ECDSAP384SHA384", 14},
    {"ED25519", 15},
    {"ED448", 16},
    {"INDIRECT", 252},
    {"PRIVATEDNS", 253},
    {"PRIVATEOID", 254},
};
// CERT types (RFC 4398 §2.1).
constexpr Mnemonic kCertTypes[] = {
    {"PKIX", 1}, {"SPKI", 2},   {"PGP", 3},     {"IPKIX", 4}, {"ISPKI", 5},
    {"IPGP", 6}, {"ACPKIX", 7}, {"IACPKIX", 8}, {"URI", 253}, {"OID", 254},
};

// DSYNC schemes (RFC 9859 §2.1; 0 is the null scheme, which has no mnemonic).
constexpr Mnemonic kDsyncSchemes[] = {{"NOTIFY", 1}};

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<uint8_t>(a[i])) != ascii_lower(static_cast<uint8_t>(b[i])))
      return false;
  return true;
}

template <size_t N>
std::optional<uint64_t> number_or_mnemonic(std::string_view s, const Mnemonic (&table)[N],
                                           uint64_t max) {
  if (auto v = parse_uint(s, max)) return v;
  for (const auto& m : table)
    if (iequal(s, m.name)) return m.value;
  return std::nullopt;
}

// TTL-style duration: plain seconds or units such as "1h30m" (BIND's syntax for SOA timers).
std::optional<uint64_t> parse_period(std::string_view s) {
  if (auto v = parse_uint(s, 0xffffffffu)) return v;
  uint64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i || j == s.size()) return std::nullopt;
    auto n = parse_uint(s.substr(i, j - i), 0xffffffffu);
    if (!n) return std::nullopt;
    uint64_t mult = 0;
    switch (ascii_lower(static_cast<uint8_t>(s[j]))) {
      case 's':
        mult = 1;
        break;
      case 'm':
        mult = 60;
        break;
      case 'h':
        mult = 3600;
        break;
      case 'd':
        mult = 86400;
        break;
      case 'w':
        mult = 604800;
        break;
      default:
        return std::nullopt;
    }
    total += *n * mult;
    if (total > 0xffffffffu) return std::nullopt;
    i = j + 1;
  }
  return total;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// RRSIG times (RFC 4034 §3.2): YYYYMMDDHHmmSS in UTC, kept modulo 2^32 (serial arithmetic),
// or a plain decimal number of seconds.
std::optional<uint32_t> parse_time(std::string_view s) {
  if (s.size() != 14) {
    auto v = parse_uint(s, 0xffffffffu);
    if (!v) return std::nullopt;
    return static_cast<uint32_t>(*v);
  }
  auto part = [&](size_t at, size_t n) { return parse_uint(s.substr(at, n), 9999); };
  auto y = part(0, 4), mo = part(4, 2), d = part(6, 2), h = part(8, 2), mi = part(10, 2),
       se = part(12, 2);
  if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
  if (*y < 1970 || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 || *se > 59)
    return std::nullopt;
  int64_t days = days_from_civil(static_cast<int64_t>(*y), static_cast<unsigned>(*mo),
                                 static_cast<unsigned>(*d));
  int64_t t = days * 86400 + static_cast<int64_t>(*h * 3600 + *mi * 60 + *se);
  return static_cast<uint32_t>(static_cast<uint64_t>(t));
}

Status parse_name(TextIn& in, const Token& t) {
  // BIND refuses a quoted string where a domain name belongs ("unexpected token").
  if (t.quoted)
    return in.fail(in.i - 1,
                   fmt::format("quoted string \"{}\" where a domain name is expected", t.text));
  auto n = Name::parse(t.text, &in.origin);
  if (!n)
    return in.fail(in.i - 1, fmt::format("bad domain name '{}': {}", t.text, n.error().message));
  auto w = n->wire();
  in.out.insert(in.out.end(), w.begin(), w.end());
  return {};
}

Status parse_str(TextIn& in, const Token& t, bool with_length) {
  size_t at = in.out.size();
  if (with_length) in.out.push_back(0);
  if (!unescape(t.text, in.out))
    return in.fail(in.i - 1, fmt::format("bad escape in '{}'", t.text));
  size_t len = in.out.size() - at - (with_length ? 1 : 0);
  if (with_length && len > 255)
    return in.fail(in.i - 1, fmt::format("character-string longer than 255 octets ({})", len));
  if (with_length) in.out[at] = static_cast<uint8_t>(len);
  return {};
}

// The rest of the tokens joined, for base64 and hex that zone files split over whitespace.
std::string join_rest(TextIn& in) {
  std::string s;
  for (; !in.done(); ++in.i) s += in.toks[in.i].text;
  return s;
}

Status parse_base64(TextIn& in) {
  if (in.done()) return in.missing("base64 data");
  size_t first = in.i;
  std::string s = join_rest(in);
  if (!base64_decode(s, in.out)) return in.fail(first, fmt::format("bad base64 '{}'", s));
  return {};
}

Status parse_hex(TextIn& in) {
  if (in.done()) return in.missing("hex data");
  size_t first = in.i;
  std::string s = join_rest(in);
  if (!hex_decode(s, in.out)) return in.fail(first, fmt::format("bad hex '{}'", s));
  return {};
}

// Appends the NSEC type bitmap (RFC 4034 §4.1.2) for the given types: one window per 256 types,
// each trimmed of trailing zero octets, empty windows left out.
void put_bitmap(std::vector<uint16_t>& types, std::vector<uint8_t>& out) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  size_t i = 0;
  while (i < types.size()) {
    uint8_t window = static_cast<uint8_t>(types[i] >> 8);
    uint8_t bits[32] = {};
    size_t len = 0;
    for (; i < types.size() && (types[i] >> 8) == window; ++i) {
      uint8_t low = static_cast<uint8_t>(types[i]);
      bits[low / 8] |= static_cast<uint8_t>(0x80 >> (low % 8));
      len = low / 8 + 1;
    }
    out.push_back(window);
    out.push_back(static_cast<uint8_t>(len));
    out.insert(out.end(), bits, bits + len);
  }
}

Status parse_bitmap(TextIn& in, bool nxt) {
  std::vector<uint16_t> types;
  for (; !in.done(); ++in.i) {
    auto t = rrtype_from_string(in.toks[in.i].text);
    if (!t) return in.fail(in.i, fmt::format("bad type '{}'", in.toks[in.i].text));
    types.push_back(static_cast<uint16_t>(*t));
  }
  if (!nxt) {
    put_bitmap(types, in.out);
    return {};
  }
  // RFC 2535 §5.2: one flat bitmap for types 1..127, without trailing zero octets.
  uint8_t bits[16] = {};
  size_t len = 0;
  for (size_t k = 0; k < types.size(); ++k) {
    if (types[k] > 127) return in.fail(in.i - types.size() + k, "NXT cannot list types above 127");
    bits[types[k] / 8] |= static_cast<uint8_t>(0x80 >> (types[k] % 8));
    len = std::max<size_t>(len, types[k] / 8 + 1);
  }
  in.out.insert(in.out.end(), bits, bits + len);
  return {};
}

bool hex_group(std::string_view s, size_t digits_min, size_t digits_max, uint16_t& v) {
  if (s.size() < digits_min || s.size() > digits_max) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return ec == std::errc() && p == s.data() + s.size();
}

// EUI48/EUI64 (RFC 7043 §3.2, §4.2): exactly `n` pairs of hex digits joined by '-'.
Status parse_eui(TextIn& in, const Token& t, size_t n) {
  std::string_view s = t.text;
  if (s.size() != n * 3 - 1)
    return in.fail(in.i - 1, fmt::format("bad EUI{} address '{}'", n * 8, s));
  for (size_t k = 0; k < n; ++k) {
    uint16_t v;
    if ((k > 0 && s[k * 3 - 1] != '-') || !hex_group(s.substr(k * 3, 2), 2, 2, v))
      return in.fail(in.i - 1, fmt::format("bad EUI{} address '{}'", n * 8, s));
    in.put8(static_cast<uint8_t>(v));
  }
  return {};
}

// ILNP 64-bit locators and node IDs (RFC 6742 §2.3): four groups of 1-4 hex digits.
Status parse_ilnp64(TextIn& in, const Token& t) {
  std::string_view s = t.text;
  for (int k = 0; k < 4; ++k) {
    size_t colon = k < 3 ? s.find(':') : s.size();
    uint16_t v;
    if (colon == std::string_view::npos || !hex_group(s.substr(0, colon), 1, 4, v))
      return in.fail(in.i - 1, fmt::format("bad 64-bit locator '{}'", t.text));
    in.put16(v);
    s = k < 3 ? s.substr(colon + 1) : std::string_view();
  }
  return {};
}

// NSAP (RFC 1706 §5): "0x" then hex digits, with '.' allowed anywhere for readability.
Status parse_nsap(TextIn& in, const Token& t) {
  std::string_view s = t.text;
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    return in.fail(in.i - 1, fmt::format("bad NSAP address '{}'", s));
  std::string digits;
  for (char c : s.substr(2))
    if (c != '.') digits += c;
  if (digits.empty() || !hex_decode(digits, in.out))
    return in.fail(in.i - 1, fmt::format("bad NSAP address '{}'", s));
  return {};
}

Status parse_address(TextIn& in, const Token& t, bool v6) {
  uint8_t a[16];
  if (v6 ? !parse_ipv6(t.text, a) : !parse_ipv4(t.text, a))
    return in.fail(in.i - 1, fmt::format("bad {} address '{}'", v6 ? "IPv6" : "IPv4", t.text));
  in.out.insert(in.out.end(), a, a + (v6 ? 16 : 4));
  return {};
}

// IPSECKEY gateway (RFC 4025 §2.3) and AMTRELAY relay (RFC 8777 §4.2.3): the form depends on
// a type given by an earlier field: 0 none ("."), 1 IPv4, 2 IPv6, 3 an uncompressed name.
Status parse_gateway(TextIn& in, const Token& t, uint8_t kind) {
  switch (kind) {
    case 0:
      if (t.text != ".")
        return in.fail(in.i - 1, fmt::format("expected '.' for no gateway, got '{}'", t.text));
      return {};
    case 1:
      return parse_address(in, t, false);
    case 2:
      return parse_address(in, t, true);
    case 3:
      return parse_name(in, t);
    default:
      return in.fail(in.i - 1, fmt::format("gateway type {} is not defined", kind));
  }
}

// Well-known service names accepted in WKS, as in a stock /etc/services; fixed here so that
// a zone reads the same on every host.
constexpr Mnemonic kServices[] = {
    {"tcpmux", 1},        {"echo", 7},           {"discard", 9},      {"systat", 11},
    {"daytime", 13},      {"netstat", 15},       {"qotd", 17},        {"chargen", 19},
    {"ftp-data", 20},     {"ftp", 21},           {"ssh", 22},         {"telnet", 23},
    {"smtp", 25},         {"time", 37},          {"whois", 43},       {"tacacs", 49},
    {"domain", 53},       {"bootps", 67},        {"bootpc", 68},      {"tftp", 69},
    {"gopher", 70},       {"finger", 79},        {"http", 80},        {"www", 80},
    {"kerberos", 88},     {"pop3", 110},         {"sunrpc", 111},     {"auth", 113},
    {"nntp", 119},        {"ntp", 123},          {"netbios-ns", 137}, {"netbios-dgm", 138},
    {"netbios-ssn", 139}, {"imap", 143},         {"imap2", 143},      {"snmp", 161},
    {"snmp-trap", 162},   {"bgp", 179},          {"irc", 194},        {"ldap", 389},
    {"https", 443},       {"microsoft-ds", 445}, {"submission", 587}, {"ldaps", 636},
    {"domain-s", 853},    {"imaps", 993},        {"pop3s", 995},
};

// WKS (RFC 1035 §3.4.2): a bitmap with bit N set for port N, trimmed after the last port.
Status parse_wks_bitmap(TextIn& in) {
  std::vector<uint8_t> bits;
  for (; !in.done(); ++in.i) {
    auto port = number_or_mnemonic(in.toks[in.i].text, kServices, 65535);
    if (!port) return in.fail(in.i, fmt::format("bad port '{}'", in.toks[in.i].text));
    if (bits.size() <= *port / 8) bits.resize(*port / 8 + 1);
    bits[*port / 8] |= static_cast<uint8_t>(0x80 >> (*port % 8));
  }
  in.out.insert(in.out.end(), bits.begin(), bits.end());
  return {};
}

// HIP (RFC 8005 §5): "pk-algorithm HIT public-key [rendezvous-server ...]" in text, but
// HIT length, algorithm, key length, HIT, key, servers on the wire.
Status parse_hip(TextIn& in) {
  if (in.left() < 3) return in.missing("HIP algorithm, HIT and public key");
  auto alg = parse_uint(in.toks[in.i].text, 255);
  if (!alg) return in.fail(in.i, fmt::format("bad HIP algorithm '{}'", in.toks[in.i].text));
  std::vector<uint8_t> hit, key;
  if (!hex_decode(in.toks[in.i + 1].text, hit) || hit.empty() || hit.size() > 255)
    return in.fail(in.i + 1, fmt::format("bad HIT '{}'", in.toks[in.i + 1].text));
  if (!base64_decode(in.toks[in.i + 2].text, key) || key.empty() || key.size() > 65535)
    return in.fail(in.i + 2, fmt::format("bad base64 '{}'", in.toks[in.i + 2].text));
  in.i += 3;
  in.put8(static_cast<uint8_t>(hit.size()));
  in.put8(static_cast<uint8_t>(*alg));
  in.put16(static_cast<uint16_t>(key.size()));
  in.out.insert(in.out.end(), hit.begin(), hit.end());
  in.out.insert(in.out.end(), key.begin(), key.end());
  while (!in.done()) {
    const Token& t = in.toks[in.i++];
    if (auto s = parse_name(in, t); !s) return s;
  }
  return {};
}

// ATMA (ATM Forum AF-DANS-0152.000): "+" and E.164 digits (format 1), or hex NSAP (format 0).
Status parse_atma(TextIn& in, const Token& t) {
  // Dots only group digits for readability, in both forms.
  std::string digits;
  for (char c : t.text)
    if (c != '.') digits += c;
  std::string_view s = digits;
  if (!s.empty() && s[0] == '+') {
    if (s.size() < 2 ||
        !std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return in.fail(in.i - 1, fmt::format("bad E.164 ATM address '{}'", t.text));
    in.put8(1);
    in.out.insert(in.out.end(), s.begin() + 1, s.end());
    return {};
  }
  in.put8(0);
  if (s.empty() || !hex_decode(s, in.out))
    return in.fail(in.i - 1, fmt::format("bad ATM address '{}'", t.text));
  return {};
}

Status parse_caa_tag(TextIn& in, const Token& t) {
  bool ok = !t.text.empty() && t.text.size() <= 255 &&
            std::all_of(t.text.begin(), t.text.end(), [](char c) {
              return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            });
  if (!ok) return in.fail(in.i - 1, fmt::format("bad CAA tag '{}'", t.text));
  in.put8(static_cast<uint8_t>(t.text.size()));
  in.out.insert(in.out.end(), t.text.begin(), t.text.end());
  return {};
}

Status parse_uint_field(TextIn& in, const Token& t, uint64_t max, std::string_view what) {
  auto v = parse_uint(t.text, max);
  if (!v) return in.fail(in.i - 1, fmt::format("bad {} '{}' (0..{})", what, t.text, max));
  if (max == 255)
    in.put8(static_cast<uint8_t>(*v));
  else if (max == 65535)
    in.put16(static_cast<uint16_t>(*v));
  else
    in.put32(static_cast<uint32_t>(*v));
  return {};
}

// Kinds that read exactly one token.
Status parse_one(Field f, TextIn& in, const Token& t) {
  switch (f) {
    case Field::NameC:
    case Field::NameD:
    case Field::Name:
      return parse_name(in, t);
    case Field::U8:
      return parse_uint_field(in, t, 255, "8-bit integer");
    case Field::U16:
      return parse_uint_field(in, t, 65535, "16-bit integer");
    case Field::U32:
      return parse_uint_field(in, t, 0xffffffffu, "32-bit integer");
    case Field::Period: {
      auto v = parse_period(t.text);
      if (!v) return in.fail(in.i - 1, fmt::format("bad time value '{}'", t.text));
      in.put32(static_cast<uint32_t>(*v));
      return {};
    }
    case Field::Type: {
      auto v = rrtype_from_string(t.text);
      if (!v) return in.fail(in.i - 1, fmt::format("bad type '{}'", t.text));
      in.put16(static_cast<uint16_t>(*v));
      return {};
    }
    case Field::Algorithm: {
      auto v = number_or_mnemonic(t.text, kAlgorithms, 255);
      if (!v) return in.fail(in.i - 1, fmt::format("bad algorithm '{}'", t.text));
      in.put8(static_cast<uint8_t>(*v));
      return {};
    }
    case Field::DsyncScheme: {
      auto v = number_or_mnemonic(t.text, kDsyncSchemes, 255);
      if (!v) return in.fail(in.i - 1, fmt::format("bad DSYNC scheme '{}'", t.text));
      in.put8(static_cast<uint8_t>(*v));
      return {};
    }
    case Field::CertType: {
      auto v = number_or_mnemonic(t.text, kCertTypes, 65535);
      if (!v) return in.fail(in.i - 1, fmt::format("bad certificate type '{}'", t.text));
      in.put16(static_cast<uint16_t>(*v));
      return {};
    }
    case Field::Time: {
      auto v = parse_time(t.text);
      if (!v) return in.fail(in.i - 1, fmt::format("bad time '{}' (YYYYMMDDHHmmSS)", t.text));
      in.put32(*v);
      return {};
    }
    case Field::IPv4:
      return parse_address(in, t, false);
    case Field::IPv6:
      return parse_address(in, t, true);
    case Field::Str:
    case Field::StrOpt:
      return parse_str(in, t, true);
    case Field::CaaTag:
      return parse_caa_tag(in, t);
    case Field::Raw:
      return parse_str(in, t, false);
    case Field::Nsap:
      return parse_nsap(in, t);
    case Field::Eui48:
      return parse_eui(in, t, 6);
    case Field::Eui64:
      return parse_eui(in, t, 8);
    case Field::Ilnp64:
      return parse_ilnp64(in, t);
    case Field::Atma:
      return parse_atma(in, t);
    case Field::Salt: {
      if (t.text == "-") {
        in.put8(0);
        return {};
      }
      size_t at = in.out.size();
      in.put8(0);
      if (!hex_decode(t.text, in.out) || in.out.size() - at - 1 > 255)
        return in.fail(in.i - 1, fmt::format("bad salt '{}'", t.text));
      in.out[at] = static_cast<uint8_t>(in.out.size() - at - 1);
      return {};
    }
    case Field::Hash32: {
      size_t at = in.out.size();
      in.put8(0);
      if (!base32hex_decode(t.text, in.out) || in.out.size() - at - 1 > 255 ||
          in.out.size() == at + 1)
        return in.fail(in.i - 1, fmt::format("bad base32hex hash '{}'", t.text));
      in.out[at] = static_cast<uint8_t>(in.out.size() - at - 1);
      return {};
    }
    case Field::WksProto: {
      uint64_t v = iequal(t.text, "tcp") ? 6 : iequal(t.text, "udp") ? 17 : 256;
      if (v == 256) {
        auto n = parse_uint(t.text, 255);
        if (!n) return in.fail(in.i - 1, fmt::format("bad protocol '{}'", t.text));
        v = *n;
      }
      in.put8(static_cast<uint8_t>(v));
      return {};
    }
    case Field::Gateway:
      return parse_gateway(in, t, in.out[in.start + 1]);
    case Field::AmtRelay:
      return parse_gateway(in, t, in.out[in.start + 1] & 0x7f);
    default:
      return in.fail(in.i - 1, "internal error: field kind is not a single token");
  }
}

}  // namespace

Error TextIn::missing(std::string_view what) const {
  return Error(fmt::format("missing {}", what), static_cast<int>(toks.size()));
}

std::optional<uint64_t> parse_uint(std::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

bool parse_ipv4(std::string_view s, uint8_t out[4]) {
  char buf[INET_ADDRSTRLEN + 1];
  if (s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  return inet_pton(AF_INET, buf, out) == 1;
}

bool parse_ipv6(std::string_view s, uint8_t out[16]) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  return inet_pton(AF_INET6, buf, out) == 1;
}

Status parse_field(Field f, TextIn& in) {
  switch (f) {
    case Field::StrOpt:
      if (in.done()) return {};
      break;
    case Field::Strs: {
      if (in.done()) return in.missing("character-string");
      while (!in.done()) {
        const Token& t = in.toks[in.i++];
        if (auto s = parse_str(in, t, true); !s) return s;
      }
      return {};
    }
    case Field::Base64:
      return parse_base64(in);
    case Field::Hex:
      return parse_hex(in);
    case Field::Bitmap:
      return parse_bitmap(in, false);
    case Field::NxtBitmap:
      return parse_bitmap(in, true);
    case Field::WksBitmap:
      return parse_wks_bitmap(in);
    case Field::Hip:
      return parse_hip(in);
    case Field::Loc:
      return parse_loc(in);
    case Field::Apl:
      return parse_apl(in);
    case Field::SvcParams:
      return parse_svc_params(in);
    case Field::A6:
      return parse_a6(in);
    case Field::AmtType: {
      if (in.left() < 2) return in.missing("AMTRELAY discovery bit and type");
      auto d = parse_uint(in.toks[in.i].text, 1);
      if (!d)
        return in.fail(in.i,
                       fmt::format("bad discovery-optional bit '{}' (0 or 1)", in.toks[in.i].text));
      auto t = parse_uint(in.toks[in.i + 1].text, 127);
      if (!t)
        return in.fail(in.i + 1,
                       fmt::format("bad relay type '{}' (0..127)", in.toks[in.i + 1].text));
      in.put8(static_cast<uint8_t>(*d << 7 | *t));
      in.i += 2;
      return {};
    }
    default:
      break;
  }
  if (in.done()) return in.missing("rdata field");
  const Token& t = in.toks[in.i++];
  return parse_one(f, in, t);
}

}  // namespace canon::rdata_internal
