// Internals shared by the rdata codecs (rdata_text_in.cc, rdata_text_out.cc, rdata_wire.cc and
// the special-type files). Not part of the public API: use wire/rdata.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/rdata_schema.h"
#include "wire/token.h"

namespace canon::rdata_internal {

// Cursor over the rdata tokens of one record while it is converted to wire form.
struct TextIn {
  std::span<const Token> toks;
  const Name& origin;
  std::vector<uint8_t>& out;
  size_t start = 0;  // offset in `out` where this record's rdata begins
  size_t i = 0;      // next token

  bool done() const { return i >= toks.size(); }
  size_t left() const { return toks.size() - i; }
  // An Error whose code is the index of the token at fault (tokens.size() when missing).
  Error fail(size_t idx, std::string msg) const {
    return Error(std::move(msg), static_cast<int>(idx));
  }
  Error missing(std::string_view what) const;
  void put8(uint8_t v) { out.push_back(v); }
  void put16(uint16_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
  }
  void put32(uint32_t v) {
    put16(static_cast<uint16_t>(v >> 16));
    put16(static_cast<uint16_t>(v));
  }
};

// Parses the next field of kind `f`, appending its wire form.
Status parse_field(Field f, TextIn& in);

// Decimal integer no greater than `max`; nullopt on anything else.
std::optional<uint64_t> parse_uint(std::string_view s, uint64_t max);
// IPv4/IPv6 text to 4/16 octets.
bool parse_ipv4(std::string_view s, uint8_t out[4]);
bool parse_ipv6(std::string_view s, uint8_t out[16]);
void append_ipv4(const uint8_t* p, std::string& out);
void append_ipv6(const uint8_t* p, std::string& out);

// Returned by field_size when the wire data does not fit the field.
inline constexpr size_t kBad = static_cast<size_t>(-1);

// The number of octets field `f` takes at `pos` of `rdata`, after checking that they are well
// formed and in the canonical form that text output can reproduce; kBad otherwise.
size_t field_size(Field f, std::span<const uint8_t> rdata, size_t pos);

// Appends the text of field `f` (already checked by field_size) at `pos`, `len` octets.
void print_field(Field f, std::span<const uint8_t> rdata, size_t pos, size_t len, std::string& out);

// Special types, each in its own file.
Status parse_loc(TextIn& in);
size_t loc_size(std::span<const uint8_t> rdata, size_t pos);
void print_loc(std::span<const uint8_t> d, std::string& out);

Status parse_apl(TextIn& in);
size_t apl_size(std::span<const uint8_t> rdata, size_t pos);
void print_apl(std::span<const uint8_t> d, std::string& out);

Status parse_a6(TextIn& in);
size_t a6_size(std::span<const uint8_t> rdata, size_t pos);
void print_a6(std::span<const uint8_t> d, std::string& out);

Status parse_svc_params(TextIn& in);
size_t svc_params_size(std::span<const uint8_t> rdata, size_t pos);
void print_svc_params(std::span<const uint8_t> d, std::string& out);

}  // namespace canon::rdata_internal
