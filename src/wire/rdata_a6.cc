// A6 (RFC 2874 §3.1, obsoleted by RFC 6563 but still in zone files): a prefix length 0..128,
// the address suffix in the fewest octets that hold its 128 - prefix-length bits, then the
// prefix name, present only when the prefix length is not 0. Text (§3.1.3):
// "prefix-len [address-suffix] [prefix-name]", the suffix written as a whole IPv6 address.
#include <cstring>

#include <fmt/format.h>

#include "wire/rdata_internal.h"

namespace canon::rdata_internal {

namespace {

constexpr uint64_t kMaxPrefix = 128;

size_t suffix_octets(uint8_t prefix_len) {
  return (kMaxPrefix - prefix_len + 7) / 8;
}

// The bits of the suffix's first octet that belong to the prefix (§3.1.1: they are zero).
uint8_t pad_mask(uint8_t prefix_len) {
  return static_cast<uint8_t>(0xff00 >> (prefix_len % 8));
}

}  // namespace

Status parse_a6(TextIn& in) {
  if (in.done()) return in.missing("A6 prefix length");
  auto len = parse_uint(in.toks[in.i].text, kMaxPrefix);
  if (!len)
    return in.fail(in.i, fmt::format("bad A6 prefix length '{}' (0..128)", in.toks[in.i].text));
  ++in.i;
  auto plen = static_cast<uint8_t>(*len);
  in.put8(plen);
  if (plen < kMaxPrefix) {
    if (in.done()) return in.missing("A6 address suffix");
    uint8_t a[16];
    if (!parse_ipv6(in.toks[in.i].text, a))
      return in.fail(in.i, fmt::format("bad A6 address suffix '{}'", in.toks[in.i].text));
    ++in.i;
    size_t n = suffix_octets(plen);
    // The prefix's bits are dropped, as BIND does: the suffix carries only its own bits.
    a[16 - n] &= static_cast<uint8_t>(~pad_mask(plen));
    in.out.insert(in.out.end(), a + 16 - n, a + 16);
  }
  if (plen == 0) return {};
  if (in.done()) return in.missing("A6 prefix name");
  return parse_field(Field::Name, in);
}

size_t a6_size(std::span<const uint8_t> d, size_t pos) {
  if (pos >= d.size() || d[pos] > kMaxPrefix) return kBad;
  uint8_t plen = d[pos];
  size_t n = suffix_octets(plen);
  if (d.size() - pos - 1 < n) return kBad;
  if (n > 0 && (d[pos + 1] & pad_mask(plen)) != 0) return kBad;
  size_t used = 1 + n;
  if (plen == 0) return used;
  size_t name_len = 0;
  if (!Name::from_wire(d.subspan(pos + used), &name_len)) return kBad;
  return used + name_len;
}

void print_a6(std::span<const uint8_t> d, std::string& out) {
  uint8_t plen = d[0];
  size_t n = suffix_octets(plen);
  fmt::format_to(std::back_inserter(out), "{}", plen);
  if (n > 0) {
    uint8_t a[16] = {};
    std::memcpy(a + 16 - n, d.data() + 1, n);
    out += ' ';
    append_ipv6(a, out);
  }
  if (plen == 0) return;
  out += ' ';
  if (auto name = Name::from_wire(d.subspan(1 + n))) name->append_text(out);
}

}  // namespace canon::rdata_internal
