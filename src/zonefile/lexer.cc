#include "zonefile/lexer.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

#if defined(__SSE2__)
// simple_line() reads 32 characters a step (two SSE2 registers): a zone-file line is about 50.
constexpr size_t kBlock = 32;
constexpr uint64_t kAll = (uint64_t{1} << kBlock) - 1;

// Bit i set when character i of the block is a blank (space, tab, CR), the line's end, or a
// character only the loop handles (quote, parenthesis, comment, escape).
struct Masks {
  uint64_t blank, nl, special;
};

uint64_t movemask(__m128i lo, __m128i hi) {
  return static_cast<uint32_t>(_mm_movemask_epi8(lo)) |
         (uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(hi))} << 16);
}

Masks classify(const char* b) {
  __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
  __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16));
  auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  auto blank = [&eq](__m128i v) {
    return _mm_or_si128(_mm_or_si128(eq(v, ' '), eq(v, '\t')), eq(v, '\r'));
  };
  auto special = [&eq](__m128i v) {
    return _mm_or_si128(
        _mm_or_si128(_mm_or_si128(eq(v, ';'), eq(v, '"')), _mm_or_si128(eq(v, '('), eq(v, ')'))),
        eq(v, '\\'));
  };
  return {movemask(blank(lo), blank(hi)), movemask(eq(lo, '\n'), eq(hi, '\n')),
          movemask(special(lo), special(hi))};
}
#endif

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

// The usual line holds only fields and blanks: no quote, parenthesis, comment or escape. Such a
// line is lexed here, 32 characters a step (classify()): the fields are the runs between
// blanks, found from the masks' bit transitions, where the loop below dispatched on every
// character. A line with any other character, or one reaching within a step of the text's end
// (where a step would read past it, and where a piece's unfinished entry is carried), is left
// to the loop: false, nothing read. True when the line was read whole: its fields are e's
// tokens, none when it was blank.
bool Lexer::simple_line(Entry& e) {
#if defined(__SSE2__)
  const char* ls = p_;  // at a line's start
  size_t count = 0;
  const char* word = nullptr;  // the start of a field that goes on past the block read
  const char* last_end = nullptr;
  for (const char* b = ls;; b += kBlock) {
    if (end_ - b < static_cast<ptrdiff_t>(kBlock)) return false;
    Masks m = classify(b);
    // Positions before the line's end, and the end itself (a field stops there).
    uint64_t in_line = m.nl ? (m.nl & (0 - m.nl)) - 1 : kAll;
    if (m.special & in_line) return false;
    uint64_t field = ~m.blank & in_line;
    uint64_t prev = (field << 1) | (word ? 1u : 0u);  // bit i: a field char at i - 1
    uint64_t starts = field & ~prev;
    // A field ends at its first blank or at the line's end.
    uint64_t ends = ~field & prev & (in_line | (in_line + 1)) & kAll;
    // At most kBlock / 2 fields end in a block: room for them, checked once a block.
    if (count + kBlock / 2 > e.slots.size()) [[unlikely]]
      grow(e);
    Token* slot = e.slots.data() + count;
    // Starts and ends alternate, a field's end after its start; a field open at the block's
    // start (`word`) ends first.
    if (word && ends) {
      const char* at = b + __builtin_ctzll(ends);
      *slot++ = Token{std::string_view(word, static_cast<size_t>(at - word)), false, line_,
                      static_cast<uint32_t>(word - ls) + 1};
      last_end = at;
      word = nullptr;
      ends &= ends - 1;
    }
    for (; starts != 0; starts &= starts - 1) {
      const char* from = b + __builtin_ctzll(starts);
      if (ends == 0) {
        word = from;  // goes on in the next block
        break;
      }
      const char* at = b + __builtin_ctzll(ends);
      *slot++ = Token{std::string_view(from, static_cast<size_t>(at - from)), false, line_,
                      static_cast<uint32_t>(from - ls) + 1};
      last_end = at;
      ends &= ends - 1;
    }
    count = static_cast<size_t>(slot - e.slots.data());
    if (m.nl == 0) continue;
    e.count = count;
    e.error = nullptr;
    e.blank_owner = *ls == ' ' || *ls == '\t';
    e.line = line_;
    e.end_line = line_;
    e.end_col = last_end ? static_cast<uint32_t>(last_end - ls) + 1 : 1;
    p_ = b + __builtin_ctzll(m.nl);
    newline();
    return true;
  }
#else
  (void)e;
  return false;
#endif
}

bool Lexer::next(Entry& e) {
  while (p_ < end_) {
    if (fast_lines_ && simple_line(e)) {
      if (e.count > 0) return true;
      continue;
    }
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
