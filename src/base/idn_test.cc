#include "base/idn.h"

#include <gtest/gtest.h>

namespace canon {
namespace {

std::string ascii(std::string_view s) {
  auto r = idn_to_ascii(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.error().message;
  return r.ok() ? *r : std::string();
}

TEST(Idn, AsciiNamesAreUntouched) {
  EXPECT_EQ(ascii("www.Example.COM."), "www.Example.COM.");
  EXPECT_EQ(ascii("_443._tcp.example"), "_443._tcp.example");
  EXPECT_EQ(ascii("a\\.b\\032c.example."), "a\\.b\\032c.example.");
  EXPECT_EQ(ascii("."), ".");
  EXPECT_EQ(ascii("@"), "@");
}

TEST(Idn, ULabelsBecomeALabels) {
  EXPECT_EQ(ascii("bücher.example"), "xn--bcher-kva.example");
  EXPECT_EQ(ascii("bücher.example."), "xn--bcher-kva.example.");
  EXPECT_EQ(ascii("www.münchen.de."), "www.xn--mnchen-3ya.de.");
  EXPECT_EQ(ascii("例え.テスト"), "xn--r8jz45g.xn--zckzah");
}

TEST(Idn, OnlyNonAsciiLabelsChange) {
  // ASCII labels keep case, underscores and escapes; only the U-label is converted.
  EXPECT_EQ(ascii("_dmarc.Bücher.EXAMPLE."), "_dmarc.xn--bcher-kva.EXAMPLE.");
  EXPECT_EQ(ascii("a\\.b.bücher.example"), "a\\.b.xn--bcher-kva.example");
}

TEST(Idn, Uts46MapsCaseAndFullStops) {
  EXPECT_EQ(ascii("BÜCHER.example"), "xn--bcher-kva.example");
  EXPECT_EQ(ascii("münchen\xE3\x80\x82"
                  "de"),
            "xn--mnchen-3ya.de");  // U+3002
  EXPECT_EQ(ascii("münchen\xEF\xBC\x8E"
                  "de."),
            "xn--mnchen-3ya.de.");  // U+FF0E
}

TEST(Idn, NonTransitionalKeepsEszett) {
  // IDNA2008 keeps ß (transitional processing would have turned it into "ss").
  EXPECT_EQ(ascii("faß.de"), "xn--fa-hia.de");
}

TEST(Idn, InvalidNamesGetClearErrors) {
  for (const char* bad : {"☃.net", "💩.la", "bü\\.cher.example", "\xff\xfe.example"}) {
    auto r = idn_to_ascii(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("is not a valid IDN"), std::string::npos) << bad;
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
  auto esc = idn_to_ascii("bü\\.cher.example");
  ASSERT_FALSE(esc.ok());
  EXPECT_NE(esc.error().message.find("escapes"), std::string::npos);
  // A U-label whose A-label passes 63 octets.
  auto longer = idn_to_ascii(std::string(70, 'x') + "ü.de");
  EXPECT_FALSE(longer.ok());
}

TEST(Idn, ALabelsShowAsULabels) {
  EXPECT_EQ(idn_to_unicode("xn--bcher-kva.example."), "bücher.example.");
  EXPECT_EQ(idn_to_unicode("www.xn--mnchen-3ya.de"), "www.münchen.de");
  EXPECT_EQ(idn_to_unicode("XN--BCHER-KVA.Example."), "bücher.Example.");
  EXPECT_EQ(idn_to_unicode("xn--r8jz45g.xn--zckzah."), "例え.テスト.");
}

TEST(Idn, NothingToShowForPlainOrInvalidALabels) {
  EXPECT_EQ(idn_to_unicode("www.example.com."), std::nullopt);
  EXPECT_EQ(idn_to_unicode("."), std::nullopt);
  EXPECT_EQ(idn_to_unicode("xn--zz.example."), std::nullopt);  // bad Punycode
  EXPECT_EQ(idn_to_unicode("xn--n3h.net."), std::nullopt);     // ☃: disallowed in IDNA2008
  EXPECT_EQ(idn_to_unicode("xn--abc-.com."), std::nullopt);
  EXPECT_EQ(idn_to_unicode("xn--bcher\\046kva.example."), std::nullopt);  // escapes: as is
}

TEST(Idn, InvalidALabelsStayBesideValidOnes) {
  EXPECT_EQ(idn_to_unicode("xn--zz.xn--bcher-kva.example."), "xn--zz.bücher.example.");
}

TEST(Idn, RoundTrip) {
  for (const char* u : {"bücher.example.", "例え.テスト.", "faß.de.", "ελλάδα.gr."}) {
    std::string a = ascii(u);
    EXPECT_TRUE(is_ascii(a)) << a;
    EXPECT_EQ(idn_to_unicode(a), u) << a;
  }
}

}  // namespace
}  // namespace canon
