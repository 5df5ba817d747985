// Name: a domain name held in uncompressed wire form with precomputed label offsets.
//
//   Name www = *Name::parse("www.example.com.");
//   Name rel = *Name::parse("mail", &origin);      // relative to origin
//   www.to_string();                               // "www.example.com."
//   www == *Name::parse("WWW.Example.COM.");       // true: comparison ignores case
//
// There is no empty state: a default-constructed Name is the root. Case is preserved as written
// (RFC 4343 §4.1); equality and hashing ignore ASCII case; <=> is the canonical order of
// RFC 4034 §6.1.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace canon {

enum class WireError : int;  // wire/message.h

class Name {
 public:
  static constexpr size_t kMaxWire = 255;    // RFC 1035 §2.3.4
  static constexpr size_t kMaxLabel = 63;    // RFC 1035 §2.3.4
  static constexpr size_t kMaxLabels = 127;  // 255 octets / 2, plus the root

  Name() { wire_[0] = 0; }  // the root

  static const Name& root();

  // Parses presentation form (RFC 1035 §5.1): `\DDD` and `\X` escapes, `@` for the origin, a
  // trailing dot for absolute names. A relative name is completed with `origin`; with no origin
  // it is an error. Rejects empty labels, labels over 63 and names over 255 octets.
  static Result<Name> parse(std::string_view text, const Name* origin = nullptr);

  // Reads one uncompressed name from the start of `wire`. On success `*used` (if given) is the
  // number of octets the name took.
  // parse() in place for the usual text: plain labels (no escapes, no '@'), valid, and short
  // enough not to overflow. False for anything else, leaving *this unspecified: call parse(),
  // which reads it octet by octet and says what is wrong. Saves the copies of a Result<Name>
  // where a name is parsed per record (zone-file owners).
  bool parse_plain(std::string_view text, const Name* origin);
  static Result<Name> from_wire(std::span<const uint8_t> wire, size_t* used = nullptr);

  // Builds a name from labels given leftmost first, without the root. Used by decoders that
  // have already validated lengths; returns an error past the limits all the same.
  static Result<Name> from_labels(std::span<const std::string_view> labels);

  // Presentation form with the trailing dot, escaped per RFC 1035 §5.1 and RFC 4343 §2.1.
  std::string to_string() const;
  void append_text(std::string& out) const;

  std::span<const uint8_t> wire() const { return {wire_.data(), size_}; }
  size_t wire_size() const { return size_; }
  size_t label_count() const { return labels_; }  // the root label is not counted
  bool is_root() const { return labels_ == 0; }
  // The i-th label's octets, leftmost first, without its length octet.
  std::span<const uint8_t> label(size_t i) const {
    return {wire_.data() + offs_[i] + 1, wire_[offs_[i]]};
  }
  // Offset of the i-th label's length octet in wire(); offset(label_count()) is the root.
  size_t label_offset(size_t i) const { return i < labels_ ? offs_[i] : size_ - 1; }
  bool is_wildcard() const { return labels_ > 0 && wire_[0] == 1 && wire_[1] == '*'; }

  // The name with its first label removed. The root's parent is the root.
  Name parent() const { return suffix(labels_ == 0 ? 0 : labels_ - 1); }
  // The last `n` labels (n <= label_count()).
  Name suffix(size_t n) const;
  // True when this name equals `other` or lies below it.
  bool is_subdomain_of(const Name& other) const;
  // Number of trailing labels the two names share, compared without case.
  size_t common_suffix_labels(const Name& other) const;
  // `label` + this name; fails past 255 octets or with a label over 63.
  Result<Name> prepend(std::span<const uint8_t> label) const;
  Result<Name> prepend(std::string_view label) const;
  // `*.` + this name (RFC 4592 §2.1.1).
  Result<Name> wildcard() const { return prepend(std::string_view("*")); }
  // DNAME substitution (RFC 6672 §2.2): replaces the suffix `from` with `to`. The caller
  // guarantees is_subdomain_of(from). Fails when the result passes 255 octets; that is the
  // YXDOMAIN case of RFC 6672 §2.2.
  Result<Name> replace_suffix(const Name& from, const Name& to) const;

  Name lowered() const;
  size_t hash() const;

  bool operator==(const Name& o) const;
  // Canonical DNS order (RFC 4034 §6.1).
  std::strong_ordering operator<=>(const Name& o) const;
  // Compares octets exactly, case included: used where the case written must be kept.
  bool identical(const Name& o) const;

 private:
  // message.h: fills wire_, offs_ and labels_ in the one walk that validates the message's name.
  friend bool read_name(std::span<const uint8_t> msg, size_t& pos, Name* out, WireError* err);

  void index();  // fills offs_ and labels_ from wire_ and size_

  std::array<uint8_t, kMaxWire> wire_;
  uint8_t size_ = 1;
  uint8_t labels_ = 0;
  std::array<uint8_t, kMaxLabels> offs_;
};

inline uint8_t ascii_lower(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// Eight octets folded to lower case at once (RFC 4343): each octet in 'A'..'Z' gains 0x20
// (length octets, at most 63, stay as they are).
inline uint64_t ascii_lower8(uint64_t x) {
  constexpr uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  uint64_t low7 = x & k7f;
  uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;      // high bit set where octet >= 'A'
  uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit set where octet > 'Z'
  uint64_t upper = ge_a & ~gt_z & ~x & k80;
  return x | (upper >> 2);
}

// True when the `n` octets at `a` and `b` are equal without ASCII case.
inline bool same_octets_nocase(const uint8_t* a, const uint8_t* b, size_t n) {
  // Whole words, then the last (up to) eight octets as one word that may overlap the previous
  // one: no per-octet loop for the names of a query path.
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y && ascii_lower8(x) != ascii_lower8(y)) return false;
    }
    if (i == n) return true;
    uint64_t x, y;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y || ascii_lower8(x) == ascii_lower8(y);
  }
  for (size_t i = 0; i < n; ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Canonical comparison of two uncompressed wire names (RFC 4034 §6.1), for code that keeps
// names as bytes (the zone's arena) rather than as Name values.
std::strong_ordering canonical_compare(std::span<const uint8_t> a, std::span<const uint8_t> b);

struct NameHash {
  size_t operator()(const Name& n) const { return n.hash(); }
};

}  // namespace canon
