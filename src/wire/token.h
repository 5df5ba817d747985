// Token: one field of a record's rdata as the zone-file scanner found it, handed to the rdata
// schema for conversion to wire form. The text keeps its escapes (\DDD, \X); a quoted token
// keeps them too, without the quotes. `col` is 1-based, for error messages.
#pragma once

#include <cstdint>
#include <string_view>

namespace canon {

struct Token {
  std::string_view text;
  bool quoted = false;
  uint32_t line = 0;
  uint32_t col = 0;
};

}  // namespace canon
