#include "wire/name.h"

#include <algorithm>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace canon {
namespace {

Name N(std::string_view s) {
  auto r = Name::parse(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Name();
}

TEST(Name, ParsesAbsoluteAndPrintsBack) {
  EXPECT_EQ(N("www.example.com.").to_string(), "www.example.com.");
  EXPECT_EQ(N(".").to_string(), ".");
  EXPECT_EQ(N("www.example.com.").label_count(), 3u);
  EXPECT_EQ(N("www.example.com.").wire_size(), 17u);
}

TEST(Name, RelativeNamesTakeTheOrigin) {
  Name origin = N("example.com.");
  EXPECT_EQ(Name::parse("www", &origin)->to_string(), "www.example.com.");
  EXPECT_EQ(Name::parse("@", &origin)->to_string(), "example.com.");
  EXPECT_EQ(Name::parse("a.b", &origin)->to_string(), "a.b.example.com.");
  EXPECT_FALSE(Name::parse("www").ok());
  EXPECT_FALSE(Name::parse("@").ok());
}

TEST(Name, Escapes) {
  Name n = N("a\\.b.c\\032d.\\065.");
  EXPECT_EQ(n.label_count(), 3u);
  EXPECT_EQ(n.label(0).size(), 3u);
  EXPECT_EQ(n.to_string(), "a\\.b.c\\032d.A.");
  EXPECT_EQ(N("\\000.x.").to_string(), "\\000.x.");
  EXPECT_EQ(N("\\@\\$\\;\\(\\)\\\".x.").to_string(), "\\@\\$\\;\\(\\)\\\".x.");
  EXPECT_FALSE(Name::parse("a\\25.").ok());
  EXPECT_FALSE(Name::parse("a\\256.").ok());
  EXPECT_FALSE(Name::parse("a\\").ok());
}

TEST(Name, Limits) {
  std::string l63(63, 'a'), l64(64, 'a');
  EXPECT_TRUE(Name::parse(l63 + ".").ok());
  EXPECT_FALSE(Name::parse(l64 + ".").ok());
  EXPECT_FALSE(Name::parse("a..b.").ok());
  EXPECT_FALSE(Name::parse(".a.").ok());
  // 4 labels of 63 plus lengths = 4*64 + 1 = 257 > 255
  std::string big = l63 + "." + l63 + "." + l63 + "." + l63 + ".";
  EXPECT_FALSE(Name::parse(big).ok());
  // 3*64 + 62 + 1 = 255 exactly
  std::string max = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  auto r = Name::parse(max);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->wire_size(), 255u);
  EXPECT_FALSE(Name::parse(l63 + "." + l63 + "." + l63 + "." + std::string(62, 'b') + ".").ok());
}

// Plain text takes a fast path and escaped text the octet-by-octet loop: both must give the
// same octets, labels and offsets, and the same limits.
TEST(Name, PlainAndEscapedTextAgree) {
  Name origin = N("Example.COM.");
  auto plain = Name::parse("Www.a-b.c9", &origin);
  auto escaped = Name::parse("W\\119w.a\\-b.c\\057", &origin);
  ASSERT_TRUE(plain.ok() && escaped.ok());
  EXPECT_TRUE(plain->identical(*escaped));
  EXPECT_EQ(plain->label_count(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(plain->label_offset(i), escaped->label_offset(i)) << i;
    EXPECT_TRUE(std::ranges::equal(plain->label(i), escaped->label(i))) << i;
  }
  EXPECT_EQ(plain->to_string(), "Www.a-b.c9.Example.COM.");
  // Labels around eight characters, where the scan goes a word at a time; escapes past them.
  for (std::string_view text : {"abcdefgh.ijklmnopqrstuvw.x", "abcdefg.hijklmnop", "a.bcdefghi."}) {
    std::string esc;
    for (char c : text) esc += c == '.' ? std::string(".") : fmt::format("\\{:03d}", c);
    auto a = Name::parse(text, &origin), b = Name::parse(esc, &origin);
    ASSERT_TRUE(a.ok() && b.ok()) << text;
    EXPECT_TRUE(a->identical(*b)) << text;
    EXPECT_EQ(a->label_count(), b->label_count()) << text;
    EXPECT_EQ(a->to_string(), b->to_string()) << text;
  }
  EXPECT_EQ(Name::parse("abcdefghij\\046k", &origin)->label_count(),
            3u);  // one label "abcdefghij.k"
  EXPECT_FALSE(Name::parse("abcdefgh..x", &origin).ok());
  // Relative names up to exactly 255 octets with the origin, not one more.
  std::string l63(63, 'a');
  std::string rel = l63 + "." + l63 + "." + l63 + "." + std::string(49, 'b');  // + 13 octets
  auto at_max = Name::parse(rel, &origin);
  ASSERT_TRUE(at_max.ok()) << at_max.error().message;
  EXPECT_EQ(at_max->wire_size(), 255u);
  EXPECT_EQ(at_max->label_count(), 6u);
  EXPECT_FALSE(Name::parse(rel + "b", &origin).ok());
  EXPECT_FALSE(Name::parse("a..b", &origin).ok());
  EXPECT_FALSE(Name::parse("a.b..", &origin).ok());
  EXPECT_FALSE(Name::parse(std::string(64, 'a'), &origin).ok());
  EXPECT_EQ(Name::parse("a" + l63, &origin).error().message.find("label longer than 63"), 0u);
}

TEST(Name, EqualityIgnoresCaseButKeepsIt) {
  EXPECT_EQ(N("WWW.Example.COM."), N("www.example.com."));
  EXPECT_EQ(N("WWW.Example.COM.").hash(), N("www.example.com.").hash());
  EXPECT_EQ(N("WWW.Example.COM.").to_string(), "WWW.Example.COM.");
  EXPECT_FALSE(N("WWW.Example.COM.").identical(N("www.example.com.")));
}

TEST(Name, CanonicalOrderRfc4034Section6_1) {
  // The example list of RFC 4034 §6.1, in order.
  const char* ordered[] = {"example.",         "a.example.",      "yljkjljk.a.example.",
                           "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
                           "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(N(ordered[i]), N(ordered[i + 1])) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_EQ(canonical_compare(N(ordered[i]).wire(), N(ordered[i + 1]).wire()),
              std::strong_ordering::less);
  }
}

TEST(Name, Relations) {
  Name www = N("www.Example.com.");
  EXPECT_TRUE(www.is_subdomain_of(N("example.COM.")));
  EXPECT_TRUE(www.is_subdomain_of(www));
  EXPECT_TRUE(www.is_subdomain_of(Name::root()));
  EXPECT_FALSE(N("example.com.").is_subdomain_of(www));
  EXPECT_FALSE(N("xexample.com.").is_subdomain_of(N("example.com.")));
  EXPECT_EQ(www.parent().to_string(), "Example.com.");
  EXPECT_EQ(www.suffix(1).to_string(), "com.");
  EXPECT_EQ(Name::root().parent(), Name::root());
  EXPECT_EQ(www.common_suffix_labels(N("mail.example.com.")), 2u);
  EXPECT_EQ(N("example.com.").wildcard()->to_string(), "*.example.com.");
  EXPECT_TRUE(N("*.example.com.").is_wildcard());
  EXPECT_FALSE(N("a*.example.com.").is_wildcard());
}

TEST(Name, DnameSubstitutionRfc6672) {
  auto r = N("a.b.example.").replace_suffix(N("example."), N("example.net."));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->to_string(), "a.b.example.net.");
  std::string l63(63, 'a');
  Name longq = N(l63 + "." + l63 + "." + l63 + ".bbbbbbbbbb.x.");
  auto bad = longq.replace_suffix(N("x."), N(std::string(60, 'y') + "."));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("longer than 255"), std::string::npos);
}

TEST(Name, FromWire) {
  const uint8_t w[] = {3, 'w', 'w', 'w', 0, 0xff};
  size_t used = 0;
  auto n = Name::from_wire(w, &used);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(used, 5u);
  EXPECT_EQ(n->to_string(), "www.");
  const uint8_t ptr[] = {0xc0, 0x0c};
  EXPECT_FALSE(Name::from_wire(ptr).ok());
  const uint8_t trunc[] = {3, 'w', 'w'};
  EXPECT_FALSE(Name::from_wire(trunc).ok());
}

}  // namespace
}  // namespace canon
