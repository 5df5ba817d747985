// Test helpers for the rdata codecs: split presentation text into Tokens the way the zone-file
// scanner does (white space, double quotes, escapes kept), and round trip text → wire → text.
//
//   auto t = TestTokens("10 \"a b\" mail");   // 3 tokens, the second quoted
//   std::string s = text_round_trip(RRType::MX, "10 mail.example.");   // "10 mail.example."
#pragma once

#include <string>
#include <vector>

#include "wire/rdata.h"

namespace canon::testing {

class TestTokens {
 public:
  explicit TestTokens(std::string text) : text_(std::move(text)) {
    size_t i = 0;
    while (i < text_.size()) {
      if (text_[i] == ' ' || text_[i] == '\t') {
        ++i;
        continue;
      }
      Token t;
      t.col = static_cast<uint32_t>(i + 1);
      if (text_[i] == '"') {
        size_t j = ++i;
        while (j < text_.size() && text_[j] != '"') j += text_[j] == '\\' ? 2 : 1;
        t.text = std::string_view(text_).substr(i, j - i);
        t.quoted = true;
        i = j + 1;
      } else {
        size_t j = i;
        while (j < text_.size() && text_[j] != ' ' && text_[j] != '\t')
          j += text_[j] == '\\' ? 2 : 1;
        t.text = std::string_view(text_).substr(i, std::min(j, text_.size()) - i);
        i = j;
      }
      toks_.push_back(t);
    }
  }
  std::span<const Token> span() const { return toks_; }

 private:
  std::string text_;
  std::vector<Token> toks_;
};

inline Result<std::vector<uint8_t>> to_wire(RRType type, const std::string& text,
                                            const Name& origin = Name::root()) {
  TestTokens t(text);
  std::vector<uint8_t> out;
  Status s = rdata_from_text(type, t.span(), origin, out);
  if (!s) return s.error();
  return out;
}

// text → wire → text; on a parse error, "ERROR@<token>: <message>".
inline std::string text_round_trip(RRType type, const std::string& text,
                                   const Name& origin = Name::root()) {
  auto w = to_wire(type, text, origin);
  if (!w) return "ERROR@" + std::to_string(w.error().code) + ": " + w.error().message;
  return rdata_to_text(type, *w);
}

inline std::string hex_of(std::span<const uint8_t> d) {
  static const char* k = "0123456789abcdef";
  std::string s;
  for (uint8_t b : d) {
    s += k[b >> 4];
    s += k[b & 15];
  }
  return s;
}

}  // namespace canon::testing
