#include "wire/rrtype.h"

#include <charconv>

#include "wire/rdata_schema.h"

namespace canon {

namespace {

bool iequal_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

// The number after a TYPE or CLASS prefix (RFC 3597 §5): decimal digits only, up to 65535.
std::optional<uint16_t> parse_suffix(std::string_view s, std::string_view prefix) {
  if (!iequal_prefix(s, prefix) || s.size() == prefix.size()) return std::nullopt;
  std::string_view digits = s.substr(prefix.size());
  if (digits.size() > 5) return std::nullopt;
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || v > 65535) return std::nullopt;
  return static_cast<uint16_t>(v);
}

}  // namespace

std::string to_string(RRType t) {
  if (const TypeInfo* info = find_type(t)) return std::string(info->mnemonic);
  return "TYPE" + std::to_string(static_cast<uint16_t>(t));
}

std::optional<RRType> rrtype_from_string(std::string_view s) {
  if (const TypeInfo* info = find_type(s)) return static_cast<RRType>(info->code);
  if (auto v = parse_suffix(s, "TYPE")) return static_cast<RRType>(*v);
  return std::nullopt;
}

std::string to_string(RRClass c) {
  switch (c) {
    case RRClass::IN:
      return "IN";
    case RRClass::CH:
      return "CH";
    case RRClass::HS:
      return "HS";
    case RRClass::NONE:
      return "NONE";
    case RRClass::ANY:
      return "ANY";
  }
  return "CLASS" + std::to_string(static_cast<uint16_t>(c));
}

std::optional<RRClass> rrclass_from_string(std::string_view s) {
  if (auto v = parse_suffix(s, "CLASS")) return static_cast<RRClass>(*v);
  char buf[8];
  if (s.size() > sizeof buf) return std::nullopt;
  for (size_t i = 0; i < s.size(); ++i)
    buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? static_cast<char>(s[i] - 32) : s[i];
  std::string_view u(buf, s.size());
  if (u == "IN") return RRClass::IN;
  if (u == "CH" || u == "CHAOS") return RRClass::CH;
  if (u == "HS" || u == "HESIOD") return RRClass::HS;
  if (u == "NONE") return RRClass::NONE;
  if (u == "ANY") return RRClass::ANY;
  return std::nullopt;
}

}  // namespace canon
