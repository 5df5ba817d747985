// Lexer: splits zone-file text (RFC 1035 §5.1) into entries, one per record or directive. An
// entry is the fields of one logical line: parentheses let it span lines, comments (`;` to end
// of line) are dropped, quoted strings become one token without their quotes. Escapes (\X,
// \DDD) are kept in the token text for the field parsers.
//
//   Lexer lx(text);
//   Entry e;
//   while (lx.next(e)) { if (e.error) report(e.error_line, e.error_col, e.error); use(e[0]); }
//
// The lexer makes one pass over the buffer and never allocates per token: tokens are views
// into the buffer, collected in the entry's reused vector.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wire/token.h"

namespace canon::zonefile {

struct Entry {
  std::span<const Token> tokens() const { return {slots.data(), count}; }
  size_t size() const { return count; }
  const Token& operator[](size_t i) const { return slots[i]; }

  // Token slots, reused from entry to entry; only the first `count` are this entry's.
  std::vector<Token> slots = std::vector<Token>(16);
  size_t count = 0;
  bool blank_owner = false;  // the line began with white space: the previous owner applies
  uint32_t line = 0;         // line where the entry starts
  // Where the entry ends, for errors about a missing field: line and column past the last
  // character read.
  uint32_t end_line = 0;
  uint32_t end_col = 0;
  // A syntax error the lexer found (unbalanced parenthesis, unterminated quote). The entry's
  // tokens are incomplete then and it must be skipped.
  const char* error = nullptr;
  uint32_t error_line = 0;
  uint32_t error_col = 0;
};

class Lexer {
 public:
  // `more`: the text is a piece of a file (FileChunks) that goes on after it. An entry the
  // piece ends in the middle of is then not returned: next() returns false, and carry_from()
  // and carry_line() say where it began, for the next piece to start there.
  explicit Lexer(std::string_view text, uint32_t first_line = 1, bool more = false)
      : p_(text.data()),
        end_(text.data() + text.size()),
        line_start_(p_),
        line_(first_line),
        more_(more),
        carry_(end_) {}

  // Reads the next entry that has at least one token (or an error). False at the end.
  bool next(Entry& e);
  // Whether lines of plain fields are lexed 32 characters a step (the default). Off, every
  // line takes the character loop: the same entries, for tests to compare.
  void set_fast_lines(bool on) { fast_lines_ = on; }
  // Once next() has returned false: where the unread rest of the text begins (its end unless
  // `more` left an entry unfinished), and its line number.
  const char* carry_from() const { return carry_; }
  uint32_t carry_line() const { return carry_line_; }

 private:
  bool simple_line(Entry& e);
  void skip_comment();
  void newline();
  void read_quoted(Entry& e);
  // Inlined into next(): it runs for every field, and the call was a tenth of its cost.
  [[gnu::always_inline]] inline void read_word(Entry& e);
  // Called for every field: inline, with the rare growth of the slots out of line.
  void push(Entry& e, std::string_view text, bool quoted, uint32_t line, uint32_t col) {
    if (e.count == e.slots.size()) [[unlikely]]
      grow(e);
    e.slots[e.count++] = Token{text, quoted, line, col};
  }
  static void grow(Entry& e);
  void set_error(Entry& e, const char* msg, uint32_t line, uint32_t col);
  uint32_t col() const { return static_cast<uint32_t>(p_ - line_start_) + 1; }

  const char* p_;
  const char* end_;
  const char* line_start_;
  uint32_t line_;
  bool more_;
  bool fast_lines_ = true;
  const char* carry_;
  uint32_t carry_line_ = 0;
};

}  // namespace canon::zonefile
