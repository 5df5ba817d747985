#include "zonefile/fast_rdata.h"

#include <cstring>

namespace canon::zonefile {
namespace {

bool plain(const Token& t) {
  return !t.quoted && !t.text.empty();
}

// A decimal field without sign or leading zero, up to `max`.
bool fast_uint(std::string_view s, uint32_t max, uint32_t& v) {
  if (s.empty() || s.size() > 5 || (s[0] == '0' && s.size() > 1)) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v <= max;
}

bool fast_ipv4(std::string_view s, std::vector<uint8_t>& out) {
  uint8_t b[4];
  size_t part = 0, i = 0;
  while (part < 4) {
    size_t start = i;
    while (i < s.size() && s[i] != '.') ++i;
    uint32_t v;
    if (i - start > 3 || !fast_uint(s.substr(start, i - start), 255, v)) return false;
    b[part++] = static_cast<uint8_t>(v);
    if (part < 4) {
      if (i >= s.size()) return false;
      ++i;  // the dot
    }
  }
  if (i != s.size()) return false;
  out.insert(out.end(), b, b + 4);
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Hex groups with at most one "::" (RFC 4291 §2.2 forms 1 and 2). Anything else, the dotted
// IPv4 tail of form 3 included, is left to the schema's parser.
bool fast_ipv6(std::string_view s, std::vector<uint8_t>& out) {
  uint16_t head[8], tail[8];
  size_t nh = 0, nt = 0, i = 0;
  bool gap = false;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    gap = true;
    i = 2;
  }
  while (i < s.size()) {
    uint32_t v = 0;
    size_t start = i;
    for (int d; i < s.size() && i - start < 5 && (d = hex_value(s[i])) >= 0; ++i) v = v * 16 + d;
    if (i == start || i - start > 4) return false;
    if (nh + nt == 8) return false;
    (gap ? tail[nt++] : head[nh++]) = static_cast<uint16_t>(v);
    if (i == s.size()) break;
    if (s[i] != ':' || i + 1 == s.size()) return false;
    ++i;
    if (s[i] == ':') {
      if (gap) return false;
      gap = true;
      if (++i == s.size()) break;
    }
  }
  if (gap ? nh + nt > 7 : nh != 8) return false;
  uint8_t b[16] = {};
  for (size_t k = 0; k < nh; ++k) b[2 * k] = head[k] >> 8, b[2 * k + 1] = head[k] & 0xff;
  for (size_t k = 0; k < nt; ++k) {
    size_t at = 16 - 2 * (nt - k);
    b[at] = tail[k] >> 8;
    b[at + 1] = tail[k] & 0xff;
  }
  out.insert(out.end(), b, b + 16);
  return true;
}

bool fast_txt(std::span<const Token> toks, std::vector<uint8_t>& out) {
  size_t mark = out.size();
  for (const Token& t : toks) {
    // Unquoted strings may hold characters the schema treats specially; leave them to it.
    if (t.text.size() > 255 || t.text.find('\\') != std::string_view::npos ||
        (!t.quoted && t.text.empty())) {
      out.resize(mark);
      return false;
    }
    out.push_back(static_cast<uint8_t>(t.text.size()));
    out.insert(out.end(), t.text.begin(), t.text.end());
  }
  return !toks.empty();
}

}  // namespace

bool fast_name(std::string_view text, const Name& origin, std::vector<uint8_t>& out) {
  if (text.empty() || text == "@" || text == ".") return false;
  bool absolute = text.back() == '.';
  size_t body = text.size() - (absolute ? 1 : 0);  // the labels, without a trailing dot
  // Each dot becomes a length octet and one more leads: the wire size is known up front.
  size_t total = body + 1 + (absolute ? 1 : origin.wire_size());
  if (total > Name::kMaxWire) return false;
  // Whole-text memchr and memcpy (vectorised by libc), then one memchr per label for the
  // dots that become length octets.
  const char* p = text.data();
  const char* end = p + body;
  if (std::memchr(p, '\\', body) != nullptr) return false;
  uint8_t buf[Name::kMaxWire];
  std::memcpy(buf + 1, p, body);
  size_t len_at = 0;
  for (;;) {
    const auto* dot = static_cast<const char*>(std::memchr(p, '.', static_cast<size_t>(end - p)));
    size_t label = static_cast<size_t>((dot ? dot : end) - p);
    if (label == 0 || label > Name::kMaxLabel) return false;
    buf[len_at] = static_cast<uint8_t>(label);
    if (!dot) break;
    len_at = static_cast<size_t>(dot - text.data()) + 1;
    p = dot + 1;
  }
  if (absolute) {
    buf[body + 1] = 0;
  } else {
    std::memcpy(buf + body + 1, origin.wire().data(), origin.wire_size());
  }
  out.insert(out.end(), buf, buf + total);
  return true;
}

bool fast_rdata(RRType type, std::span<const Token> toks, const Name& origin,
                std::vector<uint8_t>& out) {
  switch (type) {
    case RRType::A:
      return toks.size() == 1 && plain(toks[0]) && fast_ipv4(toks[0].text, out);
    case RRType::AAAA:
      return toks.size() == 1 && plain(toks[0]) && fast_ipv6(toks[0].text, out);
    case RRType::NS:
    case RRType::CNAME:
    case RRType::PTR:
    case RRType::DNAME:
      return toks.size() == 1 && plain(toks[0]) && fast_name(toks[0].text, origin, out);
    case RRType::MX: {
      uint32_t pref;
      if (toks.size() != 2 || !plain(toks[0]) || !plain(toks[1]) ||
          !fast_uint(toks[0].text, 65535, pref))
        return false;
      out.push_back(static_cast<uint8_t>(pref >> 8));
      out.push_back(static_cast<uint8_t>(pref));
      if (fast_name(toks[1].text, origin, out)) return true;
      out.resize(out.size() - 2);
      return false;
    }
    case RRType::TXT:
      return fast_txt(toks, out);
    default:
      return false;
  }
}

}  // namespace canon::zonefile
