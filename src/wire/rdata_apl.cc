// APL (RFC 3123): items "[!]family:address/prefix" with family 1 (IPv4) or 2 (IPv6). On the
// wire each item is family, prefix, N-bit|length and the address without trailing zero octets.
#include <fmt/format.h>

#include "wire/rdata_internal.h"

namespace canon::rdata_internal {

namespace {

size_t max_address(uint16_t family) {
  return family == 1 ? 4 : family == 2 ? 16 : 0;
}

Status parse_item(TextIn& in, std::string_view t) {
  auto bad = [&] { return in.fail(in.i, fmt::format("bad APL item '{}'", t)); };
  std::string_view s = t;
  bool negate = !s.empty() && s[0] == '!';
  if (negate) s.remove_prefix(1);
  size_t colon = s.find(':'), slash = s.rfind('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon)
    return bad();
  auto family = parse_uint(s.substr(0, colon), 65535);
  if (!family || (*family != 1 && *family != 2)) return bad();
  size_t max = max_address(static_cast<uint16_t>(*family));
  auto prefix = parse_uint(s.substr(slash + 1), max * 8);
  if (!prefix) return bad();
  uint8_t addr[16];
  std::string_view a = s.substr(colon + 1, slash - colon - 1);
  if (max == 4 ? !parse_ipv4(a, addr) : !parse_ipv6(a, addr)) return bad();
  size_t len = max;
  while (len > 0 && addr[len - 1] == 0) --len;  // RFC 3123 §4: trailing zeros are left out
  in.put16(static_cast<uint16_t>(*family));
  in.put8(static_cast<uint8_t>(*prefix));
  in.put8(static_cast<uint8_t>((negate ? 0x80 : 0) | len));
  in.out.insert(in.out.end(), addr, addr + len);
  return {};
}

}  // namespace

Status parse_apl(TextIn& in) {
  for (; !in.done(); ++in.i)
    if (Status s = parse_item(in, in.toks[in.i].text); !s) return s;
  return {};
}

size_t apl_size(std::span<const uint8_t> d, size_t pos) {
  size_t p = pos;
  while (p < d.size()) {
    if (p + 4 > d.size()) return kBad;
    uint16_t family = static_cast<uint16_t>(d[p] << 8 | d[p + 1]);
    size_t max = max_address(family), len = d[p + 3] & 0x7f;
    if (max == 0 || d[p + 2] > max * 8 || len > max || p + 4 + len > d.size()) return kBad;
    if (len > 0 && d[p + 3 + len] == 0) return kBad;
    p += 4 + len;
  }
  return p - pos;
}

void print_apl(std::span<const uint8_t> d, std::string& out) {
  for (size_t p = 0; p < d.size();) {
    uint16_t family = static_cast<uint16_t>(d[p] << 8 | d[p + 1]);
    size_t len = d[p + 3] & 0x7f;
    uint8_t addr[16] = {};
    std::copy(d.begin() + p + 4, d.begin() + p + 4 + len, addr);
    if (p) out += ' ';
    fmt::format_to(std::back_inserter(out), "{}{}:", d[p + 3] & 0x80 ? "!" : "", family);
    if (family == 1)
      append_ipv4(addr, out);
    else
      append_ipv6(addr, out);
    fmt::format_to(std::back_inserter(out), "/{}", d[p + 2]);
    p += 4 + len;
  }
}

}  // namespace canon::rdata_internal
