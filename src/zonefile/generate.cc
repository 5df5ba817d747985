#include "zonefile/generate.h"

#include <fmt/format.h>

#include <charconv>

namespace canon::zonefile {
namespace {

constexpr int64_t kMaxValue = INT32_MAX;

bool parse_number(std::string_view s, int64_t& v) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Reversed nibbles, each followed by a dot except the last, as ip6.arpa labels are written.
// `width` counts output characters, dots included; the value is padded with zero nibbles until
// the width is reached (BIND's ${0,width,n} behaviour).
void append_nibbles(uint64_t value, unsigned width, bool upper, std::string& out) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (;;) {
    out += digits[value & 0xf];
    value >>= 4;
    if (width > 0) --width;
    if (value == 0 && width == 0) break;
    out += '.';
    if (width > 0) --width;
  }
}

struct Modifier {
  int64_t offset = 0;
  unsigned width = 0;
  char base = 'd';
};

// Parses the inside of `${...}`: offset[,width[,base]].
Result<Modifier> parse_modifier(std::string_view body) {
  Modifier m;
  auto bad = [&] { return Error(fmt::format("bad $GENERATE modifier '${{{}}}'", body)); };
  size_t c1 = body.find(',');
  if (!parse_number(body.substr(0, c1), m.offset)) return bad();
  if (c1 == std::string_view::npos) return m;
  std::string_view rest = body.substr(c1 + 1);
  size_t c2 = rest.find(',');
  int64_t width = 0;
  if (!parse_number(rest.substr(0, c2), width) || width < 0 || width > 255) return bad();
  m.width = static_cast<unsigned>(width);
  if (c2 == std::string_view::npos) return m;
  std::string_view base = rest.substr(c2 + 1);
  if (base.size() != 1 || std::string_view("doxXnN").find(base[0]) == std::string_view::npos)
    return bad();
  m.base = base[0];
  return m;
}

Status append_value(const Modifier& m, int64_t it, std::string& out) {
  int64_t v = it + m.offset;
  // A negative value in an unsigned base wraps to 32 bits, as in BIND (the iterator and the
  // offset are 32-bit there): ${-2000,0,n} at 1024 gives the nibbles of 0xfffffc30.
  uint64_t u = v < 0 ? static_cast<uint32_t>(v) : static_cast<uint64_t>(v);
  switch (m.base) {
    case 'o':
      fmt::format_to(std::back_inserter(out), "{:0{}o}", u, m.width);
      break;
    case 'x':
      fmt::format_to(std::back_inserter(out), "{:0{}x}", u, m.width);
      break;
    case 'X':
      fmt::format_to(std::back_inserter(out), "{:0{}X}", u, m.width);
      break;
    case 'n':
    case 'N':
      append_nibbles(u, m.width, m.base == 'N', out);
      break;
    default:
      fmt::format_to(std::back_inserter(out), "{:0{}d}", v, m.width);
      break;
  }
  return {};
}

}  // namespace

Result<GenerateRange> parse_generate_range(std::string_view text) {
  GenerateRange r;
  auto bad = [&] { return Error(fmt::format("bad $GENERATE range '{}'", text)); };
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return bad();
  size_t slash = text.find('/', dash);
  std::string_view stop = text.substr(
      dash + 1, slash == std::string_view::npos ? std::string_view::npos : slash - dash - 1);
  if (!parse_number(text.substr(0, dash), r.start) || !parse_number(stop, r.stop)) return bad();
  if (slash != std::string_view::npos && !parse_number(text.substr(slash + 1), r.step))
    return bad();
  if (r.start < 0 || r.stop > kMaxValue || r.start > r.stop || r.step < 1 || r.step > kMaxValue)
    return bad();
  return r;
}

Status expand_generate(std::string_view tmpl, int64_t it, std::string& out) {
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c == '\\' && i + 1 < tmpl.size()) {
      // The escape stays for the name or rdata parser, which reads `\$` as `$`.
      out += c;
      out += tmpl[++i];
      continue;
    }
    if (c != '$') {
      out += c;
      continue;
    }
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    Modifier m;
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos)
        return Error(fmt::format("unterminated $GENERATE modifier in '{}'", tmpl));
      auto mod = parse_modifier(tmpl.substr(i + 2, close - i - 2));
      if (!mod) return mod.error();
      m = *mod;
      i = close;
    }
    auto st = append_value(m, it, out);
    if (!st) return st;
  }
  return {};
}

}  // namespace canon::zonefile
