// Wire → text for each field kind, in the forms BIND's parser reads back to the same octets.
#include <arpa/inet.h>

#include <fmt/format.h>

#include "wire/octets.h"
#include "wire/rdata_codec.h"
#include "wire/rdata_internal.h"
#include "wire/rrtype.h"

namespace canon::rdata_internal {

namespace {

void print_name(std::span<const uint8_t> d, std::string& out) {
  auto n = Name::from_wire(d);
  if (n) n->append_text(out);
}

void print_str(std::span<const uint8_t> d, std::string& out) {
  out += '"';
  append_escaped(d, out);
  out += '"';
}

// Civil date from days since 1970-01-01 (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

// RRSIG time as YYYYMMDDHHmmSS (RFC 4034 §3.2), the 32-bit value read as 1970..2106.
void print_time(uint32_t t, std::string& out) {
  int64_t y;
  unsigned m, d;
  civil_from_days(t / 86400, y, m, d);
  uint32_t s = t % 86400;
  fmt::format_to(std::back_inserter(out), "{:04}{:02}{:02}{:02}{:02}{:02}", y, m, d, s / 3600,
                 s / 60 % 60, s % 60);
}

void print_types(std::vector<uint16_t>& types, std::string& out) {
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ' ';
    out += to_string(static_cast<RRType>(types[i]));
  }
}

void print_bitmap(std::span<const uint8_t> d, std::string& out) {
  std::vector<uint16_t> types;
  for (size_t p = 0; p < d.size(); p += 2 + d[p + 1])
    for (size_t i = 0; i < d[p + 1]; ++i)
      for (int b = 0; b < 8; ++b)
        if (d[p + 2 + i] & (0x80 >> b))
          types.push_back(static_cast<uint16_t>(d[p] << 8 | (i * 8 + b)));
  print_types(types, out);
}

void print_flat_bitmap(std::span<const uint8_t> d, bool as_types, std::string& out) {
  std::vector<uint16_t> values;
  for (size_t i = 0; i < d.size(); ++i)
    for (int b = 0; b < 8; ++b)
      if (d[i] & (0x80 >> b)) values.push_back(static_cast<uint16_t>(i * 8 + b));
  if (as_types) return print_types(values, out);
  for (size_t i = 0; i < values.size(); ++i)
    fmt::format_to(std::back_inserter(out), "{}{}", i ? " " : "", values[i]);
}

void print_gateway(std::span<const uint8_t> d, uint8_t kind, std::string& out) {
  switch (kind) {
    case 0:
      out += '.';
      break;
    case 1:
      append_ipv4(d.data(), out);
      break;
    case 2:
      append_ipv6(d.data(), out);
      break;
    default:
      print_name(d, out);
      break;
  }
}

void print_hip(std::span<const uint8_t> d, std::string& out) {
  size_t hit = d[0], key = load16(&d[2]);
  fmt::format_to(std::back_inserter(out), "{} ", d[1]);
  hex_encode(d.subspan(4, hit), out);
  out += ' ';
  base64_encode(d.subspan(4 + hit, key), out);
  for (size_t p = 4 + hit + key; p < d.size();) {
    size_t used = 0;
    auto n = Name::from_wire(d.subspan(p), &used);
    out += ' ';
    n->append_text(out);
    p += used;
  }
}

// EUI48/EUI64 (RFC 7043 §3.2): pairs of hex digits joined by '-'.
void print_eui(std::span<const uint8_t> d, std::string& out) {
  for (size_t i = 0; i < d.size(); ++i)
    fmt::format_to(std::back_inserter(out), "{}{:02x}", i ? "-" : "", d[i]);
}

}  // namespace

void append_ipv4(const uint8_t* p, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}.{}.{}.{}", p[0], p[1], p[2], p[3]);
}

void append_ipv6(const uint8_t* p, std::string& out) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, p, buf, sizeof buf);
  out += buf;
}

void print_field(Field f, std::span<const uint8_t> rdata, size_t pos, size_t len,
                 std::string& out) {
  auto d = rdata.subspan(pos, len);
  const uint8_t* p = d.data();
  switch (f) {
    case Field::End:
      break;
    case Field::NameC:
    case Field::NameD:
    case Field::Name:
      print_name(d, out);
      break;
    case Field::U8:
    case Field::Algorithm:
    case Field::WksProto:
      fmt::format_to(std::back_inserter(out), "{}", p[0]);
      break;
    case Field::U16:
    case Field::CertType:
      fmt::format_to(std::back_inserter(out), "{}", load16(p));
      break;
    case Field::U32:
    case Field::Period:
      fmt::format_to(std::back_inserter(out), "{}", load32(p));
      break;
    case Field::Type:
      out += to_string(static_cast<RRType>(load16(p)));
      break;
    case Field::Time:
      print_time(load32(p), out);
      break;
    case Field::IPv4:
      append_ipv4(p, out);
      break;
    case Field::IPv6:
      append_ipv6(p, out);
      break;
    case Field::Str:
    case Field::StrOpt:
      print_str(d.subspan(1), out);
      break;
    case Field::Strs:
      for (size_t i = 0; i < d.size(); i += 1 + d[i]) {
        if (i) out += ' ';
        print_str(d.subspan(i + 1, d[i]), out);
      }
      break;
    case Field::Base64:
      base64_encode(d, out);
      break;
    case Field::Hex:
      hex_encode(d, out);
      break;
    case Field::Salt:
      if (d[0] == 0)
        out += '-';
      else
        hex_encode(d.subspan(1), out);
      break;
    case Field::Hash32:
      base32hex_encode(d.subspan(1), out);
      break;
    case Field::Bitmap:
      print_bitmap(d, out);
      break;
    case Field::NxtBitmap:
      print_flat_bitmap(d, true, out);
      break;
    case Field::WksBitmap:
      print_flat_bitmap(d, false, out);
      break;
    case Field::CaaTag:
      out.append(reinterpret_cast<const char*>(p + 1), d.size() - 1);
      break;
    case Field::Raw:
      print_str(d, out);
      break;
    case Field::Nsap:
      out += "0x";
      hex_encode(d, out);
      break;
    case Field::Eui48:
    case Field::Eui64:
      print_eui(d, out);
      break;
    case Field::Ilnp64:
      fmt::format_to(std::back_inserter(out), "{:04x}:{:04x}:{:04x}:{:04x}", load16(p),
                     load16(p + 2), load16(p + 4), load16(p + 6));
      break;
    case Field::Gateway:
      print_gateway(d, rdata[1], out);
      break;
    case Field::AmtType:
      fmt::format_to(std::back_inserter(out), "{} {}", p[0] >> 7, p[0] & 0x7f);
      break;
    case Field::AmtRelay:
      print_gateway(d, rdata[1] & 0x7f, out);
      break;
    case Field::Hip:
      print_hip(d, out);
      break;
    case Field::Atma:
      if (p[0] == 1) {
        out += '+';
        out.append(reinterpret_cast<const char*>(p + 1), d.size() - 1);
      } else {
        hex_encode(d.subspan(1), out);
      }
      break;
    case Field::Loc:
      print_loc(d, out);
      break;
    case Field::A6:
      print_a6(d, out);
      break;
    case Field::DsyncScheme:
      if (p[0] == 1)
        out += "NOTIFY";
      else
        fmt::format_to(std::back_inserter(out), "{}", p[0]);
      break;
    case Field::Apl:
      print_apl(d, out);
      break;
    case Field::SvcParams:
      print_svc_params(d, out);
      break;
  }
}

}  // namespace canon::rdata_internal
