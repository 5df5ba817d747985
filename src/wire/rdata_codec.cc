#include "wire/rdata_codec.h"

#include <array>

namespace canon {

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB32[] = "0123456789abcdefghijklmnopqrstuv";
constexpr char kHex[] = "0123456789ABCDEF";

constexpr std::array<int8_t, 256> make_b64_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kB64[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr auto kB64Val = make_b64_table();

int hex_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int b32_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'v') return c - 'a' + 10;
  if (c >= 'A' && c <= 'V') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

// Padding is required (RFC 4648 §3.2), as BIND requires it: the text length is a multiple of
// four, with at most two '=' at the end.
bool base64_decode(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 4 != 0) return false;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t acc = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=') {
        if (i + 4 != text.size() || j < 2) return false;
        ++pad;
        acc <<= 6;
        continue;
      }
      if (pad > 0) return false;
      int v = kB64Val[static_cast<uint8_t>(c)];
      if (v < 0) return false;
      acc = (acc << 6) | static_cast<uint32_t>(v);
    }
    out.push_back(static_cast<uint8_t>(acc >> 16));
    if (pad < 2) out.push_back(static_cast<uint8_t>(acc >> 8));
    if (pad < 1) out.push_back(static_cast<uint8_t>(acc));
  }
  return true;
}

void base64_encode(std::span<const uint8_t> data, std::string& out) {
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 0) return;
  uint32_t v = data[i] << 16;
  if (rest == 2) v |= data[i + 1] << 8;
  out += kB64[v >> 18];
  out += kB64[(v >> 12) & 63];
  out += rest == 2 ? kB64[(v >> 6) & 63] : '=';
  out += '=';
}

bool hex_decode(std::string_view text, std::vector<uint8_t>& out) {
  if (text.size() % 2 != 0) return false;
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = hex_val(text[i]), lo = hex_val(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

void hex_encode(std::span<const uint8_t> data, std::string& out) {
  for (uint8_t b : data) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
}

// Eight base32 characters carry five octets; a final partial group must use only the bit
// counts that whole octets give (2, 4, 5 or 7 characters) with zero padding bits.
bool base32hex_decode(std::string_view text, std::vector<uint8_t>& out) {
  uint64_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = b32_val(c);
    if (v < 0) return false;
    acc = (acc << 5) | static_cast<uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  size_t rem = text.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return false;
  return (acc & ((1u << bits) - 1)) == 0;
}

void base32hex_encode(std::span<const uint8_t> data, std::string& out) {
  uint64_t acc = 0;
  int bits = 0;
  for (uint8_t b : data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kB32[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += kB32[(acc << (5 - bits)) & 31];
}

bool unescape(std::string_view text, std::vector<uint8_t>& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\') {
      out.push_back(static_cast<uint8_t>(c));
      continue;
    }
    if (i + 1 >= text.size()) return false;
    if (!is_digit(text[i + 1])) {
      out.push_back(static_cast<uint8_t>(text[++i]));
      continue;
    }
    if (i + 3 >= text.size() || !is_digit(text[i + 2]) || !is_digit(text[i + 3])) return false;
    int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    if (v > 255) return false;
    out.push_back(static_cast<uint8_t>(v));
    i += 3;
  }
  return true;
}

void append_escaped(std::span<const uint8_t> data, std::string& out) {
  for (uint8_t b : data) {
    if (b == '"' || b == '\\') {
      out += '\\';
      out += static_cast<char>(b);
    } else if (b < 0x20 || b >= 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + b / 100);
      out += static_cast<char>('0' + b / 10 % 10);
      out += static_cast<char>('0' + b % 10);
    } else {
      out += static_cast<char>(b);
    }
  }
}

}  // namespace canon
