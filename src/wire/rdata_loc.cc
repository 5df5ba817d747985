// LOC (RFC 1876): text "d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]" and the
// 16-octet wire form with sizes as mantissa/exponent pairs.
#include <fmt/format.h>

#include "wire/rdata_internal.h"

namespace canon::rdata_internal {

namespace {

constexpr uint32_t kEquator = 1u << 31;      // RFC 1876 §2: latitude/longitude origin
constexpr int64_t kAltitudeBase = 10000000;  // 100 000 m below the WGS 84 spheroid, in cm
constexpr uint32_t kMsPerDegree = 3600000;

// A decimal with at most `decimals` fractional digits, scaled to an integer: "54.5" with 3
// decimals gives 54500. A leading '-' only when `sign` is allowed.
std::optional<int64_t> parse_fixed(std::string_view s, int decimals, bool sign) {
  bool neg = sign && !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 10 || frac.size() > static_cast<size_t>(decimals))
    return std::nullopt;
  if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
  auto w = parse_uint(whole, 9999999999ull);
  if (!w) return std::nullopt;
  int64_t v = static_cast<int64_t>(*w);
  for (int i = 0; i < decimals; ++i) {
    v *= 10;
    if (static_cast<size_t>(i) < frac.size()) {
      char c = frac[i];
      if (c < '0' || c > '9') return std::nullopt;
      v += c - '0';
    }
  }
  return neg ? -v : v;
}

std::string_view strip_m(std::string_view s) {
  if (!s.empty() && (s.back() == 'm' || s.back() == 'M')) s.remove_suffix(1);
  return s;
}

// One coordinate: degrees, optional minutes and seconds, then a hemisphere letter.
Status parse_coord(TextIn& in, bool latitude, uint32_t& out) {
  const char* hemis = latitude ? "NS" : "EW";
  uint32_t max_deg = latitude ? 90 : 180;
  int64_t parts[3] = {0, 0, 0};  // degrees, minutes, milliseconds
  size_t n = 0;
  while (!in.done()) {
    std::string_view t = in.toks[in.i].text;
    if (t.size() == 1 && (ascii_lower(t[0]) == ascii_lower(hemis[0]) ||
                          ascii_lower(t[0]) == ascii_lower(hemis[1]))) {
      if (n == 0) return in.fail(in.i, fmt::format("missing degrees before '{}'", t));
      bool positive = ascii_lower(t[0]) == ascii_lower(hemis[0]);
      int64_t ms = parts[0] * kMsPerDegree + parts[1] * 60000 + parts[2];
      if (ms > static_cast<int64_t>(max_deg) * kMsPerDegree)
        return in.fail(in.i - 1,
                       fmt::format("{} out of range", latitude ? "latitude" : "longitude"));
      out = static_cast<uint32_t>(positive ? kEquator + ms : kEquator - ms);
      ++in.i;
      return {};
    }
    if (n == 3)
      return in.fail(in.i, fmt::format("expected {} or {}, got '{}'", hemis[0], hemis[1], t));
    std::optional<int64_t> v = n == 2 ? parse_fixed(t, 3, false) : parse_fixed(t, 0, false);
    int64_t limit = n == 0 ? max_deg : n == 1 ? 59 : 59999;
    if (!v || *v > limit)
      return in.fail(in.i, fmt::format("bad LOC {} '{}'",
                                       n == 0   ? "degrees"
                                       : n == 1 ? "minutes"
                                                : "seconds",
                                       t));
    parts[n++] = *v;
    ++in.i;
  }
  return in.missing(latitude ? "latitude hemisphere (N or S)" : "longitude hemisphere (E or W)");
}

// Size and precisions: metres with up to two decimals, kept as mantissa·10^exponent cm
// (RFC 1876 §2), the value truncated to one significant digit as the RFC's code does.
std::optional<uint8_t> parse_precision(std::string_view s) {
  auto cm = parse_fixed(strip_m(s), 2, false);
  if (!cm || *cm > 9000000000ll) return std::nullopt;
  int exp = 0;
  int64_t v = *cm;
  while (v >= 10) {
    v /= 10;
    ++exp;
  }
  return static_cast<uint8_t>(v << 4 | exp);
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}

uint32_t get32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

bool valid_precision(uint8_t v) {
  uint8_t m = v >> 4, e = v & 15;
  return m <= 9 && e <= 9 && (m != 0 || e == 0);
}

void print_coord(uint32_t v, bool latitude, std::string& out) {
  bool positive = v >= kEquator;
  uint32_t ms = positive ? v - kEquator : kEquator - v;
  char hemi = latitude ? (positive ? 'N' : 'S') : (positive ? 'E' : 'W');
  fmt::format_to(std::back_inserter(out), "{} {:02} {:02}.{:03} {}", ms / kMsPerDegree,
                 ms / 60000 % 60, ms / 1000 % 60, ms % 1000, hemi);
}

void print_precision(uint8_t v, std::string& out) {
  uint64_t cm = v >> 4;
  for (int i = 0; i < (v & 15); ++i) cm *= 10;
  if (cm % 100 == 0)
    fmt::format_to(std::back_inserter(out), "{}m", cm / 100);
  else
    fmt::format_to(std::back_inserter(out), "{}.{:02}m", cm / 100, cm % 100);
}

}  // namespace

Status parse_loc(TextIn& in) {
  uint32_t lat = 0, lon = 0;
  if (Status s = parse_coord(in, true, lat); !s) return s;
  if (Status s = parse_coord(in, false, lon); !s) return s;
  if (in.done()) return in.missing("LOC altitude");
  auto alt = parse_fixed(strip_m(in.toks[in.i].text), 2, true);
  if (!alt || *alt < -kAltitudeBase || *alt + kAltitudeBase > 0xffffffffll)
    return in.fail(in.i, fmt::format("bad LOC altitude '{}'", in.toks[in.i].text));
  ++in.i;
  uint8_t prec[3] = {0x12, 0x16, 0x13};  // defaults (RFC 1876 §3): 1m, 10000m, 10m
  for (int k = 0; k < 3 && !in.done(); ++k, ++in.i) {
    auto p = parse_precision(in.toks[in.i].text);
    if (!p) return in.fail(in.i, fmt::format("bad LOC size or precision '{}'", in.toks[in.i].text));
    prec[k] = *p;
  }
  in.put8(0);
  in.out.insert(in.out.end(), prec, prec + 3);
  put32(in.out, lat);
  put32(in.out, lon);
  put32(in.out, static_cast<uint32_t>(*alt + kAltitudeBase));
  return {};
}

size_t loc_size(std::span<const uint8_t> d, size_t pos) {
  if (d.size() - pos != 16 || d[pos] != 0) return kBad;
  for (int k = 1; k <= 3; ++k)
    if (!valid_precision(d[pos + k])) return kBad;
  uint32_t lat = get32(&d[pos + 4]), lon = get32(&d[pos + 8]);
  uint32_t lat_off = lat >= kEquator ? lat - kEquator : kEquator - lat;
  uint32_t lon_off = lon >= kEquator ? lon - kEquator : kEquator - lon;
  if (lat_off > 90 * kMsPerDegree || lon_off > 180 * kMsPerDegree) return kBad;
  return 16;
}

void print_loc(std::span<const uint8_t> d, std::string& out) {
  print_coord(get32(&d[4]), true, out);
  out += ' ';
  print_coord(get32(&d[8]), false, out);
  int64_t alt = static_cast<int64_t>(get32(&d[12])) - kAltitudeBase;
  const char* sign = alt < 0 ? "-" : "";
  int64_t a = alt < 0 ? -alt : alt;
  if (a % 100 == 0)
    fmt::format_to(std::back_inserter(out), " {}{}m", sign, a / 100);
  else
    fmt::format_to(std::back_inserter(out), " {}{}.{:02}m", sign, a / 100, a % 100);
  for (int k = 1; k <= 3; ++k) {
    out += ' ';
    print_precision(d[k], out);
  }
}

}  // namespace canon::rdata_internal
