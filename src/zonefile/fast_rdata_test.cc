// fast_rdata against the schema's rdata_from_text: the fast path must give the same octets for
// what it accepts and leave everything else to the schema (never accept what it would refuse).
#include "zonefile/fast_rdata.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace canon::zonefile {
namespace {

std::vector<uint8_t> pton6(const std::string& s, bool& ok) {
  uint8_t b[16];
  ok = inet_pton(AF_INET6, s.c_str(), b) == 1;
  return {b, b + 16};
}

bool fast6(const std::string& s, std::vector<uint8_t>& out) {
  Token t{s, false, 1, 1};
  return fast_rdata(RRType::AAAA, std::span<const Token>(&t, 1), Name::root(), out);
}

TEST(FastRdata, AaaaMatchesInetPton) {
  std::mt19937 rng(7);
  char text[INET6_ADDRSTRLEN];
  for (int i = 0; i < 20000; ++i) {
    uint8_t b[16];
    for (auto& x : b) x = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : 0);
    inet_ntop(AF_INET6, b, text, sizeof text);
    std::string s = text;
    if (i % 2) {
      for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::vector<uint8_t> out;
    bool ok;
    auto want = pton6(s, ok);
    ASSERT_TRUE(ok) << s;
    // inet_ntop writes an IPv4 tail for some prefixes; the fast path leaves those alone.
    if (fast6(s, out)) {
      EXPECT_EQ(out, want) << s;
    } else {
      EXPECT_NE(s.find('.'), std::string::npos) << s;
    }
  }
}

TEST(FastRdata, AaaaNeverAcceptsWhatInetPtonRefuses) {
  for (std::string s : {"", ":", ":::", "1:", ":1", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "00001::", "g::", "1:::2",
                        "::ffff:1.2.3.4", "1::2:", " ::1", "::1 "}) {
    std::vector<uint8_t> out;
    bool ok;
    auto want = pton6(s, ok);
    bool fast = fast6(s, out);
    if (!ok) {
      EXPECT_FALSE(fast) << s;
    }
    if (fast) {
      EXPECT_EQ(out, want) << s;
    }
  }
  for (std::string s : {"::", "1::", "::1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "0:0:0:0:0:0:0:0",
                        "ffff:FFFF:0:0:0:0:0:1", "2001:db8::1"}) {
    std::vector<uint8_t> out;
    bool ok;
    auto want = pton6(s, ok);
    ASSERT_TRUE(ok) << s;
    ASSERT_TRUE(fast6(s, out)) << s;
    EXPECT_EQ(out, want) << s;
  }
}

TEST(FastRdata, NameMatchesNameParse) {
  Name origin = *Name::parse("Example.COM.");
  std::string long_label(63, 'x'), too_long(64, 'x');
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "abc.";
  std::vector<std::string> cases = {"www",
                                    "www.",
                                    "a.b.c",
                                    "A.b.C.",
                                    "a..b",
                                    ".a",
                                    "a.",
                                    "a.b.",
                                    "..",
                                    "@",
                                    ".",
                                    "a\\.b",
                                    "a\\065",
                                    "*.w",
                                    "_srv._tcp",
                                    long_label,
                                    too_long,
                                    long_label + "." + long_label,
                                    long_name,
                                    long_name + "x",
                                    long_name.substr(0, 240),
                                    "a b",
                                    "-.-."};
  for (const std::string& s : cases) {
    std::vector<uint8_t> out = {9};
    bool fast = fast_name(s, origin, out);
    auto want = Name::parse(s, &origin);
    if (!fast) {
      EXPECT_EQ(out.size(), 1u) << s;  // unchanged
      continue;
    }
    ASSERT_TRUE(want.ok()) << s;
    auto w = want->wire();
    ASSERT_EQ(out.size(), 1 + w.size()) << s;
    EXPECT_EQ(std::memcmp(out.data() + 1, w.data(), w.size()), 0) << s;
  }
}

}  // namespace
}  // namespace canon::zonefile
