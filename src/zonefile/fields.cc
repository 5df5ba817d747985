#include "zonefile/fields.h"

#include <cstdint>

namespace canon::zonefile {
namespace {

// Packs up to 5 characters, upper-cased, into one integer for a switch.
constexpr uint64_t pack(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) v = (v << 8) | static_cast<uint8_t>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return v;
}

}  // namespace

std::optional<RRType> field_type(std::string_view text) {
  if (text.size() <= 5) {
    switch (pack(text)) {
      case pack("A"):
        return RRType::A;
      case pack("NS"):
        return RRType::NS;
      case pack("MX"):
        return RRType::MX;
      case pack("TXT"):
        return RRType::TXT;
      case pack("AAAA"):
        return RRType::AAAA;
      case pack("CNAME"):
        return RRType::CNAME;
      case pack("SOA"):
        return RRType::SOA;
      case pack("PTR"):
        return RRType::PTR;
      case pack("SRV"):
        return RRType::SRV;
      case pack("DS"):
        return RRType::DS;
      default:
        break;
    }
  }
  return rrtype_from_string(text);
}

std::optional<RRClass> field_class(std::string_view text) {
  if (text.size() == 2) {
    switch (pack(text)) {
      case pack("IN"):
        return RRClass::IN;
      case pack("CH"):
        return RRClass::CH;
      case pack("HS"):
        return RRClass::HS;
      default:
        return std::nullopt;
    }
  }
  // CLASSnnn (RFC 3597 §5); NONE and ANY only appear in queries and updates, never in zones.
  if (text.size() > 5 && (text[0] | 0x20) == 'c') return rrclass_from_string(text);
  return std::nullopt;
}

}  // namespace canon::zonefile
