#include "wire/name.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace canon {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Characters that must be escaped in presentation form (RFC 1035 §5.1): those with meaning to
// the zone-file syntax, so that to_string() output parses back to the same name.
bool needs_escape(uint8_t c) {
  switch (c) {
    case '.':
    case '\\':
    case '"':
    case '(':
    case ')':
    case ';':
    case '@':
    case '$':
      return true;
    default:
      return false;
  }
}

}  // namespace

const Name& Name::root() {
  static const Name r;
  return r;
}

void Name::index() {
  labels_ = 0;
  size_t pos = 0;
  while (wire_[pos] != 0) {
    offs_[labels_++] = static_cast<uint8_t>(pos);
    pos += wire_[pos] + 1;
  }
}

// Owners and rdata names are mostly plain labels: each is copied as it is scanned and its
// offset noted, with no per-octet escape or bounds checks and no index() walk afterwards.
bool Name::parse_plain(std::string_view text, const Name* origin) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  const size_t n = text.size();
  if (n == 0 || text == "@") return false;
  bool absolute = text.back() == '.';
  // Every character yields at most one octet, and the first label adds a length octet: with
  // the tail (origin or root) that bounds the wire size, so nothing below can overflow.
  size_t tail = absolute ? 1 : (origin ? origin->size_ : kMaxWire);
  if (n + 1 + tail > kMaxWire) return false;
  const char* t = text.data();
  size_t end = absolute ? n - 1 : n;
  size_t out = 0, i = 0, labels = 0;
  for (;;) {
    size_t start = i, at = out++;
    // Eight characters a step while they last: copied whole, then cut at the first dot or
    // backslash (a zero octet after XOR; the lowest flagged octet is always a true one).
    while (i + 8 <= end && out + 8 <= kMaxWire) {
      uint64_t w;
      std::memcpy(&w, t + i, 8);
      std::memcpy(&wire_[out], &w, 8);
      // The first character in the lowest octet, so that a borrow only runs towards later ones.
      if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
      uint64_t d = w ^ (kOnes * '.'), b = w ^ (kOnes * '\\');
      uint64_t hit = ((d - kOnes) & ~d) | ((b - kOnes) & ~b);
      hit &= kOnes * 0x80;
      if (hit == 0) {
        i += 8;
        out += 8;
        continue;
      }
      size_t k = static_cast<size_t>(std::countr_zero(hit)) / 8;
      i += k;
      out += k;
      break;
    }
    for (; i < end && t[i] != '.'; ++i) {
      if (t[i] == '\\') return false;
      wire_[out++] = static_cast<uint8_t>(t[i]);
    }
    size_t len = i - start;
    if (len == 0 || len > kMaxLabel) return false;
    wire_[at] = static_cast<uint8_t>(len);
    offs_[labels++] = static_cast<uint8_t>(at);
    if (i == end) break;
    ++i;  // the dot
  }
  if (absolute) {
    wire_[out++] = 0;
  } else {
    std::memcpy(&wire_[out], origin->wire_.data(), origin->size_);
    for (size_t k = 0; k < origin->labels_; ++k)
      offs_[labels++] = static_cast<uint8_t>(out + origin->offs_[k]);
    out += origin->size_;
  }
  size_ = static_cast<uint8_t>(out);
  labels_ = static_cast<uint8_t>(labels);
  return true;
}

Result<Name> Name::parse(std::string_view text, const Name* origin) {
  if (text.empty()) return Error("empty name");
  if (text == "@") {
    if (!origin) return Error("'@' used with no origin");
    return *origin;
  }
  Name n;
  if (text == ".") return n;
  if (n.parse_plain(text, origin)) return n;
  size_t out = 0;       // write position in n.wire_
  size_t label_at = 0;  // where the current label's length octet goes
  size_t label_len = 0;
  bool absolute = false;
  out = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (label_len == 0) return Error(fmt::format("empty label in '{}'", text));
      n.wire_[label_at] = static_cast<uint8_t>(label_len);
      if (i + 1 == text.size()) {
        absolute = true;
        break;
      }
      label_at = out++;
      label_len = 0;
      if (out > kMaxWire) return Error(fmt::format("name '{}' is longer than 255 octets", text));
      continue;
    }
    uint8_t byte = static_cast<uint8_t>(c);
    if (c == '\\') {
      if (i + 1 >= text.size()) return Error(fmt::format("dangling '\\' in '{}'", text));
      if (is_digit(text[i + 1])) {
        if (i + 3 >= text.size() || !is_digit(text[i + 2]) || !is_digit(text[i + 3]))
          return Error(fmt::format("bad \\DDD escape in '{}'", text));
        int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (v > 255) return Error(fmt::format("\\DDD escape over 255 in '{}'", text));
        byte = static_cast<uint8_t>(v);
        i += 3;
      } else {
        byte = static_cast<uint8_t>(text[++i]);
      }
    }
    if (++label_len > kMaxLabel)
      return Error(fmt::format("label longer than 63 octets in '{}'", text));
    if (out >= kMaxWire) return Error(fmt::format("name '{}' is longer than 255 octets", text));
    n.wire_[out++] = byte;
  }
  if (!absolute) n.wire_[label_at] = static_cast<uint8_t>(label_len);
  // out now points just past the last label; close with the root or append the origin.
  if (absolute) {
    if (out >= kMaxWire) return Error(fmt::format("name '{}' is longer than 255 octets", text));
    n.wire_[out++] = 0;
  } else {
    if (!origin) return Error(fmt::format("relative name '{}' with no origin", text));
    if (out + origin->size_ > kMaxWire)
      return Error(fmt::format("name '{}' with origin '{}' is longer than 255 octets", text,
                               origin->to_string()));
    std::memcpy(&n.wire_[out], origin->wire_.data(), origin->size_);
    out += origin->size_;
  }
  n.size_ = static_cast<uint8_t>(out);
  n.index();
  return n;
}

Result<Name> Name::from_wire(std::span<const uint8_t> wire, size_t* used) {
  // One walk validates and notes the label offsets; one copy then takes the octets.
  Name n;
  size_t pos = 0, labels = 0;
  for (;;) {
    if (pos >= wire.size()) return Error("name runs past the end of its data");
    uint8_t len = wire[pos];
    if (len == 0) break;
    if (len > kMaxLabel) return Error("label longer than 63 octets or compressed in wire name");
    if (pos + 1 + len + 1 > kMaxWire) return Error("wire name longer than 255 octets");
    if (pos + 1 + len >= wire.size()) return Error("name runs past the end of its data");
    n.offs_[labels++] = static_cast<uint8_t>(pos);
    pos += len + 1;
  }
  std::memcpy(n.wire_.data(), wire.data(), pos + 1);
  n.size_ = static_cast<uint8_t>(pos + 1);
  n.labels_ = static_cast<uint8_t>(labels);
  if (used) *used = pos + 1;
  return n;
}

Result<Name> Name::from_labels(std::span<const std::string_view> labels) {
  Name n;
  size_t out = 0;
  for (auto l : labels) {
    if (l.empty() || l.size() > kMaxLabel) return Error("label of bad length");
    if (out + 1 + l.size() + 1 > kMaxWire) return Error("name longer than 255 octets");
    n.wire_[out++] = static_cast<uint8_t>(l.size());
    std::memcpy(&n.wire_[out], l.data(), l.size());
    out += l.size();
  }
  n.wire_[out++] = 0;
  n.size_ = static_cast<uint8_t>(out);
  n.index();
  return n;
}

void Name::append_text(std::string& out) const {
  if (labels_ == 0) {
    out.push_back('.');
    return;
  }
  for (size_t i = 0; i < labels_; ++i) {
    for (uint8_t c : label(i)) {
      if (c < 0x21 || c > 0x7e) {
        char buf[5] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10), char('0' + c % 10), 0};
        out.append(buf, 4);
      } else {
        if (needs_escape(c)) out.push_back('\\');
        out.push_back(static_cast<char>(c));
      }
    }
    out.push_back('.');
  }
}

std::string Name::to_string() const {
  std::string s;
  s.reserve(size_ + 8);
  append_text(s);
  return s;
}

Name Name::suffix(size_t n) const {
  Name r;
  if (n >= labels_) return *this;
  size_t from = label_offset(labels_ - n);
  r.size_ = static_cast<uint8_t>(size_ - from);
  std::memcpy(r.wire_.data(), wire_.data() + from, r.size_);
  r.labels_ = static_cast<uint8_t>(n);
  for (size_t i = 0; i < n; ++i) r.offs_[i] = static_cast<uint8_t>(offs_[labels_ - n + i] - from);
  return r;
}

size_t Name::common_suffix_labels(const Name& o) const {
  size_t n = 0;
  while (n < labels_ && n < o.labels_) {
    auto a = label(labels_ - 1 - n);
    auto b = o.label(o.labels_ - 1 - n);
    if (a.size() != b.size()) break;
    bool same = true;
    for (size_t k = 0; k < a.size(); ++k) {
      if (ascii_lower(a[k]) != ascii_lower(b[k])) {
        same = false;
        break;
      }
    }
    if (!same) break;
    ++n;
  }
  return n;
}

bool Name::is_subdomain_of(const Name& o) const {
  if (o.labels_ > labels_) return false;
  size_t from = label_offset(labels_ - o.labels_);
  if (size_ - from != o.size_) return false;
  return same_octets_nocase(wire_.data() + from, o.wire_.data(), o.size_);
}

Result<Name> Name::prepend(std::span<const uint8_t> l) const {
  if (l.empty() || l.size() > kMaxLabel) return Error("label of bad length");
  if (l.size() + 1 + size_ > kMaxWire) return Error("name longer than 255 octets");
  Name r;
  r.wire_[0] = static_cast<uint8_t>(l.size());
  std::memcpy(&r.wire_[1], l.data(), l.size());
  std::memcpy(&r.wire_[1 + l.size()], wire_.data(), size_);
  r.size_ = static_cast<uint8_t>(1 + l.size() + size_);
  r.index();
  return r;
}

Result<Name> Name::prepend(std::string_view l) const {
  return prepend(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(l.data()), l.size()));
}

Result<Name> Name::replace_suffix(const Name& from, const Name& to) const {
  size_t keep = label_offset(labels_ - from.labels_);  // octets of the prefix to keep
  if (keep + to.size_ > kMaxWire)
    return Error(fmt::format("substituting {} for {} in {} gives a name longer than 255 octets",
                             to.to_string(), from.to_string(), to_string()));
  Name r;
  std::memcpy(r.wire_.data(), wire_.data(), keep);
  std::memcpy(r.wire_.data() + keep, to.wire_.data(), to.size_);
  r.size_ = static_cast<uint8_t>(keep + to.size_);
  r.index();
  return r;
}

Name Name::lowered() const {
  Name r = *this;
  for (size_t i = 0; i < size_; ++i) r.wire_[i] = ascii_lower(wire_[i]);
  return r;
}

size_t Name::hash() const {
  // FNV-1a over the lowercased octets: cheap, and equal names hash equal whatever their case.
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size_; ++i) {
    h ^= ascii_lower(wire_[i]);
    h *= 1099511628211ull;
  }
  return static_cast<size_t>(h);
}

bool Name::operator==(const Name& o) const {
  if (size_ != o.size_ || labels_ != o.labels_) return false;
  return same_octets_nocase(wire_.data(), o.wire_.data(), size_);
}

bool Name::identical(const Name& o) const {
  return size_ == o.size_ && std::memcmp(wire_.data(), o.wire_.data(), size_) == 0;
}

namespace {

// RFC 4034 §6.1: labels are compared from the root down, each as a left-justified octet string
// with uppercase folded to lowercase; an absent octet sorts before a zero octet.
std::strong_ordering compare_label(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t k = 0; k < n; ++k) {
    uint8_t x = ascii_lower(a[k]), y = ascii_lower(b[k]);
    if (x != y) return x <=> y;
  }
  return a.size() <=> b.size();
}

}  // namespace

std::strong_ordering Name::operator<=>(const Name& o) const {
  size_t common = std::min<size_t>(labels_, o.labels_);
  for (size_t k = 1; k <= common; ++k) {
    auto c = compare_label(label(labels_ - k), o.label(o.labels_ - k));
    if (c != 0) return c;
  }
  return labels_ <=> o.labels_;
}

std::strong_ordering canonical_compare(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  // Index both names' labels, then compare from the root as Name::operator<=> does.
  uint8_t oa[Name::kMaxLabels], ob[Name::kMaxLabels];
  size_t na = 0, nb = 0;
  for (size_t p = 0; p < a.size() && a[p] != 0; p += a[p] + 1) oa[na++] = static_cast<uint8_t>(p);
  for (size_t p = 0; p < b.size() && b[p] != 0; p += b[p] + 1) ob[nb++] = static_cast<uint8_t>(p);
  size_t common = std::min(na, nb);
  for (size_t k = 1; k <= common; ++k) {
    size_t pa = oa[na - k], pb = ob[nb - k];
    auto c = compare_label(a.subspan(pa + 1, a[pa]), b.subspan(pb + 1, b[pb]));
    if (c != 0) return c;
  }
  return na <=> nb;
}

}  // namespace canon
