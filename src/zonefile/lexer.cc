#include "zonefile/lexer.h"

#include <array>

namespace canon::zonefile {
namespace {

// Where read_word() must stop and look: the characters that end an unquoted field (RFC 1035
// §5.1), and the backslash that starts an escape. Octets, not bools, so that four lookups are
// OR-ed without branches.
constexpr std::array<uint8_t, 256> make_word_stops() {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : std::string_view(" \t\r\n;()\"\\")) t[c] = 1;
  return t;
}
constexpr auto kWordStop = make_word_stops();

}  // namespace

void Lexer::newline() {
  ++p_;
  ++line_;
  line_start_ = p_;
}

void Lexer::skip_comment() {
  while (p_ < end_ && *p_ != '\n') ++p_;
}

void Lexer::grow(Entry& e) {
  e.slots.resize(e.slots.size() * 2);
}

void Lexer::set_error(Entry& e, const char* msg, uint32_t line, uint32_t col) {
  if (e.error) return;  // the first error of an entry is the one worth reading
  e.error = msg;
  e.error_line = line;
  e.error_col = col;
}

void Lexer::read_quoted(Entry& e) {
  uint32_t line = line_, col = this->col();
  const char* start = ++p_;
  while (p_ < end_ && *p_ != '"') {
    if (*p_ == '\n') {
      // The newline stays unread so that the entry ends (or its parentheses go on) normally.
      set_error(e, "unterminated quoted string", line, col);
      push(e, std::string_view(start, p_ - start), true, line, col);
      return;
    }
    if (*p_ == '\\' && p_ + 1 < end_) {
      if (p_[1] == '\n') {
        ++p_;
        newline();
        continue;
      }
      ++p_;
    }
    ++p_;
  }
  if (p_ >= end_) set_error(e, "unterminated quoted string", line, col);
  push(e, std::string_view(start, p_ - start), true, line, col);
  if (p_ < end_) ++p_;  // the closing quote
  e.end_line = line_;
  e.end_col = this->col();
}

void Lexer::read_word(Entry& e) {
  uint32_t line = line_, col = this->col();
  const char* start = p_;
  for (;;) {
    // The hot loop: one table lookup a character until a delimiter or a backslash, four
    // characters to one bounds check while they last.
    while (end_ - p_ >= 4 && !(kWordStop[static_cast<unsigned char>(p_[0])] |
                               kWordStop[static_cast<unsigned char>(p_[1])] |
                               kWordStop[static_cast<unsigned char>(p_[2])] |
                               kWordStop[static_cast<unsigned char>(p_[3])]))
      p_ += 4;
    while (p_ < end_ && !kWordStop[static_cast<unsigned char>(*p_)]) ++p_;
    if (p_ >= end_ || *p_ != '\\') break;
    if (p_ + 1 >= end_) {
      ++p_;  // a backslash ending the text is kept as it is
    } else if (p_[1] == '\n') {
      ++p_;
      newline();
    } else {
      p_ += 2;  // an escaped character never ends the word
    }
  }
  push(e, std::string_view(start, p_ - start), false, line, col);
  e.end_line = line_;
  e.end_col = this->col();
}

bool Lexer::next(Entry& e) {
  while (p_ < end_) {
    const char* entry_start = p_;  // always at the start of a line
    uint32_t entry_line = line_;
    e.count = 0;
    e.error = nullptr;
    e.blank_owner = (*p_ == ' ' || *p_ == '\t');
    e.line = line_;
    e.end_line = line_;
    e.end_col = 1;
    int depth = 0;
    uint32_t open_line = 0, open_col = 0;
    bool line_done = false;
    while (p_ < end_ && !line_done) {
      switch (*p_) {
        case ' ':
        case '\t':
        case '\r':
          ++p_;
          break;
        case ';':
          skip_comment();
          break;
        case '\n':
          line_done = depth == 0;
          newline();
          break;
        case '(':
          if (depth++ == 0) open_line = line_, open_col = col();
          ++p_;
          break;
        case ')':
          if (depth == 0) {
            set_error(e, "unbalanced parenthesis: ')' without '('", line_, col());
          } else {
            --depth;
          }
          ++p_;
          break;
        case '"':
          read_quoted(e);
          break;
        default:
          read_word(e);
          break;
      }
    }
    if (more_ && !line_done) {
      // The piece ends inside this entry: it is read again, whole, from the next piece.
      carry_ = entry_start;
      carry_line_ = entry_line;
      p_ = end_;
      return false;
    }
    if (depth > 0) set_error(e, "unbalanced parenthesis: '(' is never closed", open_line, open_col);
    if (e.count > 0 || e.error) return true;
  }
  if (carry_ == end_) carry_line_ = line_;
  return false;
}

}  // namespace canon::zonefile
