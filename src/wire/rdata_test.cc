#include "wire/rdata.h"

#include <gtest/gtest.h>

#include "wire/rdata_test_util.h"

namespace canon {
namespace {

using testing::hex_of;
using testing::text_round_trip;
using testing::to_wire;

Name origin() {
  return *Name::parse("example.com.");
}

TEST(Rdata, BasicTypesRoundTrip) {
  EXPECT_EQ(text_round_trip(RRType::A, "192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(text_round_trip(RRType::AAAA, "2001:DB8::0:1"), "2001:db8::1");
  EXPECT_EQ(text_round_trip(RRType::NS, "ns1", origin()), "ns1.example.com.");
  EXPECT_EQ(text_round_trip(RRType::CNAME, "@", origin()), "example.com.");
  EXPECT_EQ(text_round_trip(RRType::PTR, "host.example."), "host.example.");
  EXPECT_EQ(text_round_trip(RRType::MX, "10 mail", origin()), "10 mail.example.com.");
  EXPECT_EQ(text_round_trip(RRType::SOA, "ns hostmaster 2024010101 1h 15m 1w 300", origin()),
            "ns.example.com. hostmaster.example.com. 2024010101 3600 900 604800 300");
  EXPECT_EQ(text_round_trip(RRType::SRV, "0 5 5060 sip.example."), "0 5 5060 sip.example.");
  EXPECT_EQ(text_round_trip(RRType::DNAME, "target.example."), "target.example.");
  EXPECT_EQ(text_round_trip(RRType::ALIAS, "lb", origin()), "lb.example.com.");
}

TEST(Rdata, TxtEscapes) {
  EXPECT_EQ(text_round_trip(RRType::TXT, "\"a \\\"b\\\" \\\\ c\" plain"),
            "\"a \\\"b\\\" \\\\ c\" \"plain\"");
  EXPECT_EQ(text_round_trip(RRType::TXT, "\"\\007\\255x\""), "\"\\007\\255x\"");
  EXPECT_EQ(text_round_trip(RRType::TXT, "\"\""), "\"\"");
  auto w = to_wire(RRType::TXT, "\"ab\" c");
  ASSERT_TRUE(w);
  EXPECT_EQ(hex_of(*w), "0261620163");
}

TEST(Rdata, TxtOver255Rejected) {
  std::string s = "\"" + std::string(256, 'x') + "\"";
  auto w = to_wire(RRType::TXT, "ok " + s);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, 1);
  EXPECT_TRUE(to_wire(RRType::TXT, "\"" + std::string(255, 'x') + "\""));
}

TEST(Rdata, ErrorsPointAtTheToken) {
  auto bad6 = to_wire(RRType::AAAA, "2001:db8::g");
  ASSERT_FALSE(bad6);
  EXPECT_EQ(bad6.error().code, 0);
  EXPECT_EQ(bad6.error().message, "bad IPv6 address '2001:db8::g'");
  auto missing = to_wire(RRType::MX, "10");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, 1);
  auto extra = to_wire(RRType::A, "192.0.2.1 192.0.2.2");
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().code, 1);
  auto range = to_wire(RRType::MX, "65536 mail.");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().code, 0);
  EXPECT_FALSE(to_wire(RRType::A, "192.0.2"));
  EXPECT_FALSE(to_wire(RRType::A, "192.0.2.256"));
}

// RFC 2874 §3.1: the suffix takes ceil((128 - prefix length) / 8) octets; the prefix name is
// there only when the prefix length is not 0. BIND drops the prefix's bits from the suffix.
TEST(Rdata, A6) {
  EXPECT_EQ(text_round_trip(RRType::A6, "0 2001:db8::1"), "0 2001:db8::1");
  EXPECT_EQ(text_round_trip(RRType::A6, "64 ::1:2:3:4 pfx", origin()),
            "64 ::1:2:3:4 pfx.example.com.");
  EXPECT_EQ(text_round_trip(RRType::A6, "128 pfx.example."), "128 pfx.example.");
  EXPECT_EQ(text_round_trip(RRType::A6, "65 ::ffff:1:2:3:4 pfx.example."),
            "65 ::1:2:3:4 pfx.example.");
  auto w = to_wire(RRType::A6, "120 ::1ff pfx.");
  ASSERT_TRUE(w);
  EXPECT_EQ(hex_of(*w),
            "78"
            "ff"
            "03706678"
            "00");  // 8 suffix bits, prefix bit dropped
  auto big = to_wire(RRType::A6, "129 ::1 pfx.");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message, "bad A6 prefix length '129' (0..128)");
  EXPECT_FALSE(to_wire(RRType::A6, "64 ::1"));  // the prefix name is missing
  EXPECT_FALSE(to_wire(RRType::A6, "0 ::1 extra."));
  std::vector<uint8_t> pad_bits_set = {65, 0x80, 0, 0, 0, 0, 0, 0, 1, 0};
  EXPECT_FALSE(rdata_validate(RRType::A6, pad_bits_set));
}

// DSYNC (RFC 9859 §2.1): type, scheme (1 = NOTIFY), port, uncompressed target.
TEST(Rdata, Dsync) {
  EXPECT_EQ(text_round_trip(RRType(66), "CDS NOTIFY 5359 scanner", origin()),
            "CDS NOTIFY 5359 scanner.example.com.");
  EXPECT_EQ(text_round_trip(RRType(66), "csync 1 53 x."), "CSYNC NOTIFY 53 x.");
  EXPECT_EQ(text_round_trip(RRType(66), "CDS 0 53 x."), "CDS 0 53 x.");
  auto w = to_wire(RRType(66), "CDS NOTIFY 5359 x.");
  ASSERT_TRUE(w);
  EXPECT_EQ(hex_of(*w),
            "003b"
            "01"
            "14ef"
            "017800");
  auto bad = to_wire(RRType(66), "CDS PUSH 53 x.");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "bad DSYNC scheme 'PUSH'");
  EXPECT_EQ(to_string(RRType(66)), "DSYNC");
}

TEST(Rdata, GenericSyntax) {
  EXPECT_EQ(text_round_trip(RRType::A, "\\# 4 C0000201"), "192.0.2.1");
  EXPECT_EQ(text_round_trip(static_cast<RRType>(65000), "\\# 3 01 02 03"), "\\# 3 010203");
  EXPECT_EQ(text_round_trip(static_cast<RRType>(65000), "\\# 0"), "\\# 0");
  auto wrong_len = to_wire(static_cast<RRType>(65000), "\\# 4 010203");
  ASSERT_FALSE(wrong_len);
  // Generic rdata of a known type must still be valid for that type.
  EXPECT_FALSE(to_wire(RRType::A, "\\# 3 C00002"));
  // A type with no schema has no native text form.
  EXPECT_FALSE(to_wire(static_cast<RRType>(65000), "01"));
}

TEST(Rdata, MalformedWirePrintsGeneric) {
  std::vector<uint8_t> three = {1, 2, 3};
  EXPECT_EQ(rdata_to_text(RRType::A, three), "\\# 3 010203");
  EXPECT_FALSE(rdata_validate(RRType::A, three));
  EXPECT_TRUE(rdata_validate(static_cast<RRType>(65000), three));
}

TEST(Rdata, TargetAndNames) {
  auto mx = to_wire(RRType::MX, "10 mail.example.");
  ASSERT_TRUE(mx);
  auto t = rdata_target(RRType::MX, *mx);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->to_string(), "mail.example.");
  std::vector<std::tuple<size_t, size_t, bool>> seen;
  rdata_for_each_name(RRType::MX, *mx,
                      [&](size_t o, size_t l, bool c) { seen.emplace_back(o, l, c); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], std::make_tuple(size_t{2}, size_t{14}, true));
  auto srv = to_wire(RRType::SRV, "0 0 1 t.example.");
  ASSERT_TRUE(srv);
  seen.clear();
  rdata_for_each_name(RRType::SRV, *srv,
                      [&](size_t o, size_t l, bool c) { seen.emplace_back(o, l, c); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_FALSE(std::get<2>(seen[0]));  // RFC 3597 §4: SRV targets are never compressed on write
  EXPECT_FALSE(rdata_target(RRType::A, std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(Rdata, FromMessageDecompresses) {
  // Header, then "example." at 12, then MX rdata "10 mail" + pointer to 12.
  std::vector<uint8_t> msg(12, 0);
  for (uint8_t b : std::initializer_list<uint8_t>{7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0})
    msg.push_back(b);
  size_t at = msg.size();
  for (uint8_t b : std::initializer_list<uint8_t>{0, 10, 4, 'm', 'a', 'i', 'l', 0xc0, 12})
    msg.push_back(b);
  std::vector<uint8_t> out;
  ASSERT_TRUE(rdata_from_message(RRType::MX, msg, at, 9, out));
  EXPECT_EQ(rdata_to_text(RRType::MX, out), "10 mail.example.");
  // The same pointer in an NSEC next name (never compressed, RFC 4034 §4.1.1) is an error.
  out.clear();
  EXPECT_FALSE(rdata_from_message(RRType::NSEC, msg, at + 2, 7, out));
  // An rdata length that is too long for the type.
  out.clear();
  EXPECT_FALSE(rdata_from_message(RRType::MX, msg, at - 1, 10, out));
}

}  // namespace
}  // namespace canon
