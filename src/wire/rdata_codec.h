// Encodings shared by the rdata field codecs: base64 (RFC 4648 §4), base32hex without padding
// (RFC 4648 §7, as NSEC3 uses it), hex, and the escapes of character-strings (RFC 1035 §5.1).
//
//   std::vector<uint8_t> out;
//   base64_decode("AQID", out);            // true; out = {1, 2, 3}
//   std::string s; base64_encode(out, s);  // "AQID"
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace canon {

// Each decoder appends to `out` and returns false on a bad character or bad length; `out` may
// then hold part of the value.
bool base64_decode(std::string_view text, std::vector<uint8_t>& out);
void base64_encode(std::span<const uint8_t> data, std::string& out);

// Hex digits in any case; an odd number of digits is an error.
bool hex_decode(std::string_view text, std::vector<uint8_t>& out);
void hex_encode(std::span<const uint8_t> data, std::string& out);  // upper case

// Base32hex, any case, no padding (RFC 5155 §3.3).
bool base32hex_decode(std::string_view text, std::vector<uint8_t>& out);
void base32hex_encode(std::span<const uint8_t> data, std::string& out);  // lower case

// Decodes the escapes of a zone-file token (\DDD and \X) into octets. False on a bad escape.
bool unescape(std::string_view text, std::vector<uint8_t>& out);

// Appends octets as the inside of a quoted string: `"` and `\` escaped with a backslash, bytes
// outside printable ASCII as \DDD (RFC 1035 §5.1), so that BIND reads back the same octets.
void append_escaped(std::span<const uint8_t> data, std::string& out);

}  // namespace canon
