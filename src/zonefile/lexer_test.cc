// The lexer's line fast path (32 characters a step) against its character loop: the same
// entries, token for token, on lines of every kind and length, around the 32-octet steps and
// the end of the text.
#include "zonefile/lexer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace canon::zonefile {
namespace {

std::string describe(const Entry& e) {
  std::string out = std::to_string(e.line) + (e.blank_owner ? " b " : " - ") +
                    std::to_string(e.end_line) + ":" + std::to_string(e.end_col);
  if (e.error) out += std::string(" E ") + e.error;
  for (const Token& t : e.tokens()) {
    out += " [" + std::string(t.text) + "|" + (t.quoted ? "q" : "w") + std::to_string(t.line) +
           ":" + std::to_string(t.col) + "]";
  }
  return out;
}

std::vector<std::string> lex(std::string_view text, bool fast, bool more = false) {
  std::vector<std::string> out;
  Entry e;
  Lexer lx(text, 1, more);
  lx.set_fast_lines(fast);
  while (lx.next(e)) out.push_back(describe(e));
  out.push_back("carry " + std::to_string(lx.carry_from() - text.data()) + " line " +
                std::to_string(lx.carry_line()));
  return out;
}

TEST(LexerFastLines, PlainLinesGiveTheirFields) {
  std::string text =
      "www  300 IN A 192.0.2.1\n"
      "txt TXT \"v=spf1 -all\" \"\"x\"a b\"y \"a string longer than thirty-two octets\" z\n"
      "\tIN AAAA 2001:db8::1   \r\n"
      "\n"
      "   \n"
      "a-name-longer-than-sixteen-octets.example. 86400 IN NS ns1.a-name-longer-than-sixteen.\n"
      "last line without a newline";
  EXPECT_EQ(lex(text, true), lex(text, false));
  std::vector<std::string> got = lex(text, true);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], "1 - 1:24 [www|w1:1] [300|w1:6] [IN|w1:10] [A|w1:13] [192.0.2.1|w1:15]");
  EXPECT_EQ(got[1],
            "2 - 2:75 [txt|w2:1] [TXT|w2:5] [v=spf1 -all|q2:9] [|q2:23] [x|w2:25] [a b|q2:26] "
            "[y|w2:31] [a string longer than thirty-two octets|q2:33] [z|w2:74]");
  EXPECT_EQ(got[2], "3 b 3:21 [IN|w3:2] [AAAA|w3:5] [2001:db8::1|w3:10]");
}

// Random text over the characters that matter to the lexer, in lines of up to 60: every entry
// the same from both paths, also when the text is a piece that goes on (`more`).
TEST(LexerFastLines, SameEntriesAsTheCharacterLoop) {
  static const char kChars[] = {'a', 'b', '.',  ' ',  ' ',    '\t', '\r', '\n', ';', '(',
                                ')', '"', '\\', '\0', '\xc3', '1',  'a',  'a',  'a', 'b'};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (size_t lines = 1 + rng() % 6; lines > 0; --lines) {
      size_t len = rng() % 61;
      // A third of the lines hold only fields and blanks, a third quoted strings too (both
      // kinds the fast path reads), the rest anything.
      int kind = static_cast<int>(rng() % 3);
      for (size_t i = 0; i < len; ++i) {
        char c = kChars[rng() % sizeof kChars];
        bool keep = c == ' ' || c == '\t' || c == '\r' || c == '\0' || (kind == 1 && c == '"');
        if (kind < 2 && !keep) c = "xyz.-"[rng() % 5];
        text.push_back(c);
      }
      if (rng() % 8) text.push_back('\n');
    }
    ASSERT_EQ(lex(text, true), lex(text, false)) << round;
    ASSERT_EQ(lex(text, true, true), lex(text, false, true)) << round;
  }
}

}  // namespace
}  // namespace canon::zonefile
