// The strict-load screen: strict_load_checks(Zone) must give exactly the findings of the full
// checks on LintZone::from_snapshot for every zone (the lint test zones, hand-written cases and
// generated ones), and must let clean zones through without building a LintZone.
#include "lint/strict_screen.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "lint/lint.h"
#include "zone/zone.h"

namespace canon::lint {
namespace {

namespace fs = std::filesystem;

const std::string kLintZones = std::string(CANON_SOURCE_DIR) + "/tests/lint_zones";

Name N(std::string_view s) {
  return *Name::parse(s);
}

// The zone built from `text` (origin example.com.), or nullptr when it does not build.
std::shared_ptr<const Zone> build(std::string_view text) {
  ZoneBuilder b(N("example.com."), "t.zone");
  ParseSummary s = parse_zone_text(text, "t.zone", {.origin = N("example.com.")},
                                   [&b](const ParsedRecord& r) { b.add(r); });
  if (!s.ok()) return nullptr;
  std::vector<Diagnostic> diags;
  auto z = b.build(&diags);
  return z ? *z : nullptr;
}

std::string dump(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += f.to_text(false) + "\n";
  return out;
}

// The screened checks against the full ones, finding by finding.
void expect_same_findings(const Zone& z, const std::string& file, const std::string& what) {
  for (bool strict_mx : {false, true}) {
    auto full = strict_load_checks(LintZone::from_snapshot(z, file), strict_mx);
    auto screened = strict_load_checks(z, file, strict_mx);
    ASSERT_EQ(dump(screened), dump(full)) << what;
    for (size_t i = 0; i < full.size(); ++i) {
      EXPECT_EQ(screened[i].to_json(), full[i].to_json()) << what;
    }
    if (!full.empty()) {
      EXPECT_TRUE(strict_findings_possible(z)) << what;
    }
  }
}

constexpr std::string_view kHead =
    "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\n@ NS ns2.example.net.\nns1 A 192.0.2.1\n";

TEST(StrictScreen, SameFindingsOnTheLintZones) {
  size_t zones = 0;
  for (const auto& e : fs::directory_iterator(kLintZones)) {
    if (e.path().extension() != ".zone") continue;
    std::vector<Diagnostic> diags;
    auto z = load_zone(e.path().string(), N("example.com."), &diags);
    if (!z) continue;  // missing-soa: the builder refuses it before any check
    expect_same_findings(**z, e.path().string(), e.path().filename().string());
    ++zones;
  }
  EXPECT_GT(zones, 20u);
}

// The point of the screen: a zone with nothing to report is never copied into a LintZone.
TEST(StrictScreen, CleanZonesPass) {
  std::vector<Diagnostic> diags;
  auto clean = load_zone(kLintZones + "/clean.zone", N("example.com."), &diags);
  ASSERT_TRUE(clean);
  EXPECT_FALSE(strict_findings_possible(**clean));
  // The shape of bench/auth's and bench/zone-load's zones.
  std::string text(kHead);
  text +=
      "h1 A 10.0.0.1\nh1 AAAA 2001:db8::1\nh1 MX 10 mail.h1\nmail.h1 A 10.0.0.2\n"
      "a1 CNAME h1\nb1 CNAME a1\nwww.h1 CNAME h1\nalias-1.web CNAME www.h1\n"
      "h1 TXT \"v=spf1 -all\"\n"
      "customer-1 NS ns1.customer-1\ncustomer-1 NS ns2.customer-1\n"
      "ns1.customer-1 A 198.51.100.1\nns2.customer-1 AAAA 2001:db8::53\n"
      "_sip._tcp SRV 0 5 5060 h1\n*.w A 192.0.2.9\nmx MX 10 x.w\n";
  auto z = build(text);
  ASSERT_TRUE(z);
  EXPECT_FALSE(strict_findings_possible(*z));
  EXPECT_TRUE(strict_load_checks(*z, "t.zone").empty());
}

// Zones the screen must pass on to the full checks, each with the finding expected.
TEST(StrictScreen, EachStrictDefectIsCaught) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"x CNAME h\nx TXT \"t\"\nh A 192.0.2.2\n", "cname-and-other-data"},
      {"x CNAME h\nx CNAME k\nh A 192.0.2.2\nk A 192.0.2.3\n", "multiple-cname"},
      {"x CNAME h\nx DNAME k\nh A 192.0.2.2\nk A 192.0.2.3\n", "cname-and-dname"},
      {"d DNAME example.net.\nw.d A 192.0.2.2\n", "dname-has-descendants"},
      {"@ MX 10 m\nm CNAME h\nh A 192.0.2.2\n", "mx-to-cname"},
      {"@ MX 10 m.w\n*.w CNAME h\nh A 192.0.2.2\n", "mx-to-cname"},
      {"@ MX 10 m.d\nd DNAME example.net.\n", "mx-to-cname"},
      {"_s._tcp SRV 0 0 1 t\nt CNAME h\nh A 192.0.2.2\n", "srv-to-cname"},
      {"s NS n\nn CNAME ns1\n", "ns-to-cname"},
      {"s NS ns.s\ns NS ns2.example.net.\n", "missing-glue"},
      {"s NS ns.s\nns.s TXT \"no address\"\n", "missing-glue"},
  };
  for (const auto& [body, code] : cases) {
    auto z = build(std::string(kHead) + body);
    ASSERT_TRUE(z) << body;
    EXPECT_TRUE(strict_findings_possible(*z)) << body;
    auto found = strict_load_checks(*z, "t.zone");
    ASSERT_FALSE(found.empty()) << body;
    EXPECT_EQ(found[0].code, code) << body << dump(found);
    expect_same_findings(*z, "t.zone", body);
  }
}

// Small random zones over a few names and every type the checks look at, so that cuts,
// DNAMEs, wildcards and aliases meet in all the ways a hand-written list would miss.
std::string random_zone(std::mt19937& rng) {
  const std::vector<std::string> names = {"@",     "a",    "b",      "*", "x.a", "*.a",
                                          "y.x.a", "ns.b", "c.ns.b", "d", "e.d", "*.d"};
  const std::vector<std::string> targets = {"a",   "b",      "x.a",  "ns.b", "q.a",           "e.d",
                                            "z.d", "c.ns.b", "nope", "ns1",  "h.example.net."};
  auto pick = [&rng](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::string text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1 300\n";
  if (rng() % 8 != 0) text += "@ NS ns1\n";
  text += "ns1 A 192.0.2.1\n";
  size_t records = 3 + rng() % 10;
  for (size_t i = 0; i < records; ++i) {
    std::string owner = pick(names);
    switch (rng() % 9) {
      case 0:
        text += owner + " A 192.0.2.7\n";
        break;
      case 1:
        text += owner + " AAAA 2001:db8::7\n";
        break;
      case 2:
        text += owner + " CNAME " + pick(targets) + "\n";
        break;
      case 3:
        text += owner + " DNAME " + pick(targets) + "\n";
        break;
      case 4:
        text += owner + " NS " + pick(targets) + "\n";
        break;
      case 5:
        text += owner + " MX 10 " + pick(targets) + "\n";
        break;
      case 6:
        text += owner + " SRV 0 0 1 " + pick(targets) + "\n";
        break;
      case 7:
        text += owner + " TXT \"t\"\n";
        break;
      default:
        text += owner + " RRSIG A 8 2 3600 20300101000000 20200101000000 1 example.com. AAAA\n";
    }
  }
  return text;
}

TEST(StrictScreen, SameFindingsOnRandomZones) {
  std::mt19937 rng(20261203);
  size_t screened_out = 0, flagged = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = random_zone(rng);
    auto z = build(text);
    if (!z) continue;
    expect_same_findings(*z, "t.zone", text);
    if (strict_findings_possible(*z)) {
      ++flagged;
    } else {
      ++screened_out;
    }
  }
  // Both outcomes must be exercised for the comparison to mean anything.
  EXPECT_GT(screened_out, 100u);
  EXPECT_GT(flagged, 100u);
}

}  // namespace
}  // namespace canon::lint
