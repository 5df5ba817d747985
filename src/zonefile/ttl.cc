#include "zonefile/ttl.h"

#include <fmt/format.h>

namespace canon::zonefile {
namespace {

uint64_t unit_seconds(char c) {
  switch (c | 0x20) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    case 'w':
      return 604800;
    default:
      return 0;
  }
}

}  // namespace

Result<uint32_t> parse_ttl(std::string_view text) {
  if (text.empty() || text[0] < '0' || text[0] > '9')
    return Error(fmt::format("TTL '{}' is not a number", text));
  uint64_t total = 0, value = 0;
  bool digits = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<uint64_t>(c - '0');
      digits = true;
      if (value > UINT32_MAX) return Error(fmt::format("TTL '{}' is out of range", text));
      continue;
    }
    uint64_t unit = unit_seconds(c);
    if (unit == 0 || !digits) return Error(fmt::format("TTL '{}' is not a number", text));
    total += value * unit;
    if (total > UINT32_MAX) return Error(fmt::format("TTL '{}' is out of range", text));
    value = 0;
    digits = false;
  }
  // BIND reads a trailing bare number after units as seconds ("1h30" = 3630).
  if (digits) total += value;
  if (total > UINT32_MAX) return Error(fmt::format("TTL '{}' is out of range", text));
  return static_cast<uint32_t>(total);
}

}  // namespace canon::zonefile
