// Zone-file parser tests, split by concern as simdzone does: syntax, TTL rules, directives,
// strict values, error reporting. Expected records are written in presentation form.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wire/rdata.h"
#include "zonefile/origin.h"
#include "zonefile/zonefile.h"

namespace canon {
namespace {

struct Parsed {
  std::vector<std::string> records;  // "owner ttl CLASS TYPE rdata"
  std::vector<std::string> errors;   // "file:line:col: message" (warnings too, prefixed)
  size_t error_count = 0;
};

std::string line_of(const ParsedRecord& r) {
  return r.owner.to_string() + " " + std::to_string(r.ttl) + " " + to_string(r.cls) + " " +
         to_string(r.type) + " " + rdata_to_text(r.type, r.rdata);
}

Parsed parse(std::string_view text, std::string_view origin = "example.",
             std::string_view file = "db.test") {
  Parsed p;
  ParseOptions opt;
  opt.origin = *Name::parse(origin, &Name::root());
  ParseSummary s = parse_zone_text(text, file, opt,
                                   [&](const ParsedRecord& r) { p.records.push_back(line_of(r)); });
  for (const auto& d : s.diagnostics) p.errors.push_back(d.to_string());
  p.error_count = s.errors;
  return p;
}

using Lines = std::vector<std::string>;

constexpr const char* kSoa = "$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n";

// --- syntax ---------------------------------------------------------------------------

TEST(ZoneSyntax, BlankOwnerMeansThePreviousOwner) {
  auto p = parse(std::string(kSoa) + "www A 192.0.2.1\n    AAAA 2001:db8::1\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[2], "www.example. 3600 IN AAAA 2001:db8::1");
}

TEST(ZoneSyntax, TtlAndClassInEitherOrderOrOmitted) {
  auto p =
      parse(std::string(kSoa) +
            "a 300 IN A 192.0.2.1\nb IN 301 A 192.0.2.2\nc 302 A 192.0.2.3\nd IN A 192.0.2.4\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(Lines(p.records.begin() + 1, p.records.end()),
            (Lines{"a.example. 300 IN A 192.0.2.1", "b.example. 301 IN A 192.0.2.2",
                   "c.example. 302 IN A 192.0.2.3", "d.example. 3600 IN A 192.0.2.4"}));
}

TEST(ZoneSyntax, ParenthesesSpanLinesAndCommentsAreDropped) {
  auto p = parse(
      "$TTL 60\n@ IN SOA ns.example. hostmaster.example. ( ; comment\n"
      "    2026112301 ; serial\n  7200 900\n  1209600 300 )\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[0],
            "example. 60 IN SOA ns.example. hostmaster.example. 2026112301 7200 900 1209600 300");
}

TEST(ZoneSyntax, QuotedStringsWithEscapes) {
  auto p = parse(std::string(kSoa) + "t TXT \"a \\\"quoted\\\" word; not a comment\" \\065bc\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[1],
            "t.example. 3600 IN TXT \"a \\\"quoted\\\" word; not a comment\" \"Abc\"");
}

TEST(ZoneSyntax, NameEscapesAtAndAbsoluteNames) {
  auto p = parse(std::string(kSoa) + "a\\.b CNAME @\n\\065\\ x CNAME other.test.\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[1], "a\\.b.example. 3600 IN CNAME example.");
  EXPECT_EQ(p.records[2], "A\\032x.example. 3600 IN CNAME other.test.");
}

TEST(ZoneSyntax, TtlUnits) {
  auto p =
      parse(std::string(kSoa) + "a 1h A 192.0.2.1\nb 2w A 192.0.2.2\nc 1d2h3m4s A 192.0.2.3\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[1], "a.example. 3600 IN A 192.0.2.1");
  EXPECT_EQ(p.records[2], "b.example. 1209600 IN A 192.0.2.2");
  EXPECT_EQ(p.records[3], "c.example. 93784 IN A 192.0.2.3");
}

TEST(ZoneSyntax, GenericRdataBothWays) {  // RFC 3597 §5
  auto p = parse(std::string(kSoa) + "g TYPE731 \\# 3 abcdef\nh A \\# 4 c0000201\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[1], "g.example. 3600 IN TYPE731 \\# 3 ABCDEF");  // as BIND prints it
  EXPECT_EQ(p.records[2], "h.example. 3600 IN A 192.0.2.1");
}

// --- TTL rules (RFC 2308 §4, RFC 1035 §5.1) ----------------------------------------------

TEST(ZoneTtl, SoaMinimumIsTheDefaultWithoutTtlDirective) {
  auto p = parse("@ SOA ns hostmaster 1 7200 900 1209600 300\nwww A 192.0.2.1\n");
  ASSERT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.records[0].substr(0, 16), "example. 300 IN ");
  EXPECT_EQ(p.records[1], "www.example. 300 IN A 192.0.2.1");
  ASSERT_FALSE(p.errors.empty());  // a warning says where the TTL came from
  EXPECT_NE(p.errors[0].find("SOA MINIMUM"), std::string::npos) << p.errors[0];
}

TEST(ZoneTtl, LastWrittenTtlAppliesWithoutTtlDirective) {  // RFC 1035 §5.1, as BIND does
  auto p = parse("@ 86400 SOA ns hostmaster 1 7200 900 1209600 300\nwww A 192.0.2.1\n");
  ASSERT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.records[1], "www.example. 86400 IN A 192.0.2.1");
  ASSERT_FALSE(p.errors.empty());
  EXPECT_NE(p.errors[0].find("RFC 1035"), std::string::npos) << p.errors[0];
}

TEST(ZoneTtl, NoTtlAnywhereIsAnError) {
  auto p = parse("www A 192.0.2.1\n");
  ASSERT_EQ(p.error_count, 1u);
  EXPECT_EQ(p.errors[0], "db.test:1:1: no TTL specified, and no $TTL or SOA before this record");
}

// --- directives ---------------------------------------------------------------------------

TEST(ZoneDirectives, OriginChangesRelativeNames) {
  auto p = parse(std::string(kSoa) + "$ORIGIN sub.example.\nwww A 192.0.2.1\n");
  ASSERT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.records[1], "www.sub.example. 3600 IN A 192.0.2.1");
}

TEST(ZoneDirectives, GenerateWithModifiers) {
  auto p = parse(std::string(kSoa) +
                 "$GENERATE 1-3 host-$ A 192.0.2.$\n"
                 "$GENERATE 10-11 ${0,3,d} CNAME r${-9,2,x}\n"
                 "$GENERATE 0-30/15 p$ PTR h${0,0,X}.\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(Lines(p.records.begin() + 1, p.records.end()),
            (Lines{"host-1.example. 3600 IN A 192.0.2.1", "host-2.example. 3600 IN A 192.0.2.2",
                   "host-3.example. 3600 IN A 192.0.2.3", "010.example. 3600 IN CNAME r01.example.",
                   "011.example. 3600 IN CNAME r02.example.", "p0.example. 3600 IN PTR h0.",
                   "p15.example. 3600 IN PTR hF.", "p30.example. 3600 IN PTR h1E."}));
}

TEST(ZoneDirectives, GenerateNegativeValuesWrapTo32BitsAsInBind) {
  auto p = parse(std::string(kSoa) + "$GENERATE 1024-1024 ${-2000,0,n} AAAA ::1\n" +
                 "$GENERATE 1-1 x${-2,0,x} A 192.0.2.1\n");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records[1], "0.3.c.f.f.f.f.f.example. 3600 IN AAAA ::1");
  EXPECT_EQ(p.records[2], "xffffffff.example. 3600 IN A 192.0.2.1");
}

TEST(ZoneDirectives, GenerateBadRangeIsAnError) {
  auto p = parse(std::string(kSoa) + "$GENERATE 5-1 h$ A 192.0.2.1\n");
  EXPECT_EQ(p.error_count, 1u);
  EXPECT_EQ(p.records.size(), 1u);
}

class ZoneInclude : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("canon-include-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "sub");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  Parsed parse_file(const std::string& name) {
    Parsed p;
    ParseOptions opt;
    opt.origin = *Name::parse("example.", &Name::root());
    ParseSummary s = parse_zone_file((dir_ / name).string(), opt, [&](const ParsedRecord& r) {
      p.records.push_back(line_of(r));
    });
    for (const auto& d : s.diagnostics) p.errors.push_back(d.to_string());
    p.error_count = s.errors;
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(ZoneInclude, RelativePathAndOriginArgument) {
  write("db", std::string(kSoa) + "$INCLUDE sub/part sub.example.\nafter A 192.0.2.9\n");
  write("sub/part", "www A 192.0.2.1\n");
  auto p = parse_file("db");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  // The origin given to $INCLUDE applies inside only (RFC 1035 §5.1).
  EXPECT_EQ(p.records[1], "www.sub.example. 3600 IN A 192.0.2.1");
  EXPECT_EQ(p.records[2], "after.example. 3600 IN A 192.0.2.9");
}

// A bad owner leaves the last good one in place: its blank-owner lines are skipped, and an
// $INCLUDE after it starts from the good owner, as before owners were parsed in place.
TEST_F(ZoneInclude, BadOwnerKeepsTheLastGoodOwner) {
  write("db", std::string(kSoa) +
                  "good A 192.0.2.1\n"
                  "bad..name A 192.0.2.2\n"
                  "  A 192.0.2.3\n"
                  "$INCLUDE part\n"
                  "e\\046x A 192.0.2.5\n"
                  "  A 192.0.2.6\n");
  write("part", "  A 192.0.2.4\n");
  auto p = parse_file("db");
  ASSERT_EQ(p.error_count, 1u);
  EXPECT_NE(p.errors[0].find(":4:1: bad owner name"), std::string::npos) << p.errors[0];
  ASSERT_EQ(p.records.size(), 5u);
  EXPECT_EQ(p.records[1], "good.example. 3600 IN A 192.0.2.1");
  EXPECT_EQ(p.records[2], "good.example. 3600 IN A 192.0.2.4");
  EXPECT_EQ(p.records[3], "e\\.x.example. 3600 IN A 192.0.2.5");
  EXPECT_EQ(p.records[4], "e\\.x.example. 3600 IN A 192.0.2.6");
}

TEST_F(ZoneInclude, LoopIsDetectedAndNamed) {
  write("db", std::string(kSoa) + "$INCLUDE a\n");
  write("a", "$INCLUDE b\n");
  write("b", "$INCLUDE a\n");
  auto p = parse_file("db");
  ASSERT_GE(p.error_count, 1u);
  EXPECT_NE(p.errors[0].find("loop"), std::string::npos) << p.errors[0];
  EXPECT_EQ(p.errors[0].rfind((dir_ / "b").string() + ":1:", 0), 0u) << p.errors[0];
}

TEST_F(ZoneInclude, MissingFileIsAnErrorAtTheDirective) {
  write("db", std::string(kSoa) + "$INCLUDE nowhere\n");
  auto p = parse_file("db");
  ASSERT_EQ(p.error_count, 1u);
  EXPECT_EQ(p.errors[0].rfind((dir_ / "db").string() + ":3:", 0), 0u) << p.errors[0];
}

// --- strict values -------------------------------------------------------------------------

TEST(ZoneStrict, RejectsWhatNsdKnotAndBindReject) {
  const std::string cases[] = {
      "t TXT \"" + std::string(256, 'x') + "\"",  // character-string over 255 octets
      "a AAAA 2001:db8::1::2",
      "a AAAA 2001:db8:1:2:3:4:5:6:7",
      "a A 192.0.2.256",
      "k DNSKEY 257 3 8 AwEAA=b=",                   // base64 with padding in the middle
      "s SSHFP 1 1 abcdefg",                         // odd, non-hex digits
      "m MX 10",                                     // missing field
      "l " + std::string(64, 'l') + " A 192.0.2.1",  // label over 63 octets
  };
  for (const std::string& c : cases) {
    auto p = parse(std::string(kSoa) + c + "\n");
    EXPECT_EQ(p.error_count, 1u) << c;
    EXPECT_EQ(p.records.size(), 1u) << c;
    ASSERT_FALSE(p.errors.empty()) << c;
    EXPECT_EQ(p.errors[0].rfind("db.test:3:", 0), 0u) << p.errors[0];
  }
}

// --- errors -----------------------------------------------------------------------------

TEST(ZoneErrors, EveryErrorOfAFileIsReportedWithLineAndColumn) {
  auto p = parse(std::string(kSoa) +
                 "good A 192.0.2.1\n"
                 "bad1 A 192.0.2.300\n"
                 "bad2 BOGUS x\n"
                 "bad3 MX ten mail\n"
                 "good2 A 192.0.2.2\n");
  ASSERT_EQ(p.error_count, 3u);
  EXPECT_EQ(p.errors[0].rfind("db.test:4:8: ", 0), 0u) << p.errors[0];
  EXPECT_EQ(p.errors[1], "db.test:5:6: unknown type 'BOGUS'");
  EXPECT_EQ(p.errors[2].rfind("db.test:6:9: ", 0), 0u) << p.errors[2];
  // The good records around the bad ones are all kept.
  EXPECT_EQ(p.records.back(), "good2.example. 3600 IN A 192.0.2.2");
  EXPECT_EQ(p.records.size(), 3u);
}

TEST(ZoneErrors, UnbalancedParenthesisAndQuote) {
  auto p = parse(std::string(kSoa) + "a TXT \"open\n");
  EXPECT_GE(p.error_count, 1u);
  auto q = parse(std::string(kSoa) + "a MX ( 10 mail\n");
  EXPECT_GE(q.error_count, 1u);
}

TEST(ZoneErrors, StopsAtTheErrorCap) {
  std::string text = kSoa;
  for (int i = 0; i < 500; ++i) text += "x A bad\n";
  auto p = parse(text);
  EXPECT_EQ(p.error_count, 100u);
  EXPECT_NE(p.errors.back().find("too many errors"), std::string::npos);
}

// --- origin discovery ---------------------------------------------------------------------

TEST(ZoneOrigin, FromOriginDirectiveOrSoaOwner) {
  EXPECT_EQ(find_origin("; c\n$ORIGIN Example.COM.\n@ SOA a b 1 2 3 4 5\n")->to_string(),
            "Example.COM.");
  EXPECT_EQ(find_origin("$TTL 1\nexample.net. SOA a b 1 2 3 4 5\n")->to_string(), "example.net.");
  EXPECT_FALSE(find_origin("$TTL 1\n@ SOA a b 1 2 3 4 5\n").has_value());
}

// --- RFC examples ---------------------------------------------------------------------------

// RFC 1035 §5.3, the example master file for ISI.EDU (TTLs added: the RFC relies on the
// SOA MINIMUM, which RFC 2308 later made the negative TTL).
TEST(ZoneRfc, Rfc1035Section53) {
  auto p = parse(
      "$TTL 86400\n"
      "@   IN  SOA     VENERA      Action\\.domains (\n"
      "                                 20     ; SERIAL\n"
      "                                 7200   ; REFRESH\n"
      "                                 600    ; RETRY\n"
      "                                 3600000; EXPIRE\n"
      "                                 60)    ; MINIMUM\n"
      "        NS      A.ISI.EDU.\n"
      "        NS      VENERA\n"
      "        NS      VAXA\n"
      "        MX      10      VENERA\n"
      "        MX      20      VAXA\n"
      "A       A       26.3.0.103\n"
      "VENERA  A       10.1.0.52\n"
      "        A       128.9.0.32\n"
      "VAXA    A       10.2.0.27\n"
      "        A       128.9.0.33\n",
      "ISI.EDU.");
  ASSERT_EQ(p.error_count, 0u) << p.errors[0];
  EXPECT_EQ(p.records,
            (Lines{"ISI.EDU. 86400 IN SOA VENERA.ISI.EDU. Action\\.domains.ISI.EDU. 20 7200 600 "
                   "3600000 60",
                   "ISI.EDU. 86400 IN NS A.ISI.EDU.", "ISI.EDU. 86400 IN NS VENERA.ISI.EDU.",
                   "ISI.EDU. 86400 IN NS VAXA.ISI.EDU.", "ISI.EDU. 86400 IN MX 10 VENERA.ISI.EDU.",
                   "ISI.EDU. 86400 IN MX 20 VAXA.ISI.EDU.", "A.ISI.EDU. 86400 IN A 26.3.0.103",
                   "VENERA.ISI.EDU. 86400 IN A 10.1.0.52", "VENERA.ISI.EDU. 86400 IN A 128.9.0.32",
                   "VAXA.ISI.EDU. 86400 IN A 10.2.0.27", "VAXA.ISI.EDU. 86400 IN A 128.9.0.33"}));
}

// RFC 4592 §2.2.1, the example zone used for the wildcard rules.
TEST(ZoneRfc, Rfc4592Section221) {
  auto p = parse(
      "$ORIGIN example.\n"
      "example.                 3600 IN  SOA   <SOA RDATA>\n",
      "example.");
  EXPECT_EQ(p.error_count, 1u);  // the RFC's placeholder is not rdata; the rest is below
  auto q = parse(
      "$ORIGIN example.\n"
      "example.                 3600 IN  SOA   ns.example.com. hostmaster 1 2 3 4 5\n"
      "example.                 3600     NS    ns.example.com.\n"
      "example.                 3600     NS    ns.example.net.\n"
      "*.example.               3600     TXT   \"this is a wildcard\"\n"
      "*.example.               3600     MX    10 host1.example.\n"
      "sub.*.example.           3600     TXT   \"this is not a wildcard\"\n"
      "host1.example.           3600     A     192.0.2.1\n"
      "_ssh._tcp.host1.example. 3600     SRV   0 0 22 host1.example.\n"
      "_ssh._tcp.host2.example. 3600     SRV   0 0 22 host2.example.\n"
      "subdel.example.          3600     NS    ns.example.com.\n"
      "subdel.example.          3600     NS    ns.example.net.\n",
      "example.");
  ASSERT_EQ(q.error_count, 0u) << q.errors[0];
  EXPECT_EQ(q.records.size(), 11u);
  EXPECT_EQ(q.records[3], "*.example. 3600 IN TXT \"this is a wildcard\"");
  EXPECT_EQ(q.records[5], "sub.*.example. 3600 IN TXT \"this is not a wildcard\"");
}

}  // namespace
}  // namespace canon
