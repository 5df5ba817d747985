// Lint checks, each against a zone in tests/lint_zones/ that holds exactly one defect (the way
// Knot tests its semantic checks), the clean zone, loops across zones, chain thresholds, the
// takeover provider list and the strict-load subset.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lint/lint.h"
#include "lint/lint_zone.h"
#include "wire/rdata.h"
#include "zone/zone.h"

namespace canon::lint {
namespace {

namespace fs = std::filesystem;

const std::string kZones = std::string(CANON_SOURCE_DIR) + "/tests/lint_zones";
const std::string kProviders = std::string(CANON_SOURCE_DIR) + "/data/takeover-providers.json";
const std::string kPsl = "/usr/share/publicsuffix/public_suffix_list.dat";

Name N(std::string_view s) {
  return *Name::parse(s);
}

const LintOptions& options() {
  static const LintOptions opt = [] {
    LintOptions o;
    o.takeover = load_takeover_providers(kProviders).value();
    o.tlds = load_tlds(kPsl);
    return o;
  }();
  return opt;
}

std::vector<Finding> lint_file(const std::string& path, const LintOptions& opt = options()) {
  std::vector<LintZone> zones;
  zones.push_back(load_lint_zone(path, N("example.com.")));
  return lint_zones(zones, opt);
}

std::vector<Finding> lint_text(std::string_view body, const LintOptions& opt = options()) {
  std::string text =
      "$ORIGIN example.com.\n$TTL 3600\n"
      "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "  NS ns1\n  NS ns2.example.net.\nns1 A 192.0.2.1\n";
  text += body;
  std::vector<LintZone> zones;
  zones.push_back(load_lint_zone_text(text, "test.zone", N("example.com.")));
  return lint_zones(zones, opt);
}

std::vector<Finding> at_least(const std::vector<Finding>& all, Severity s) {
  std::vector<Finding> out;
  for (const auto& f : all) {
    if (f.severity >= s) out.push_back(f);
  }
  return out;
}

std::vector<Finding> with_code(const std::vector<Finding>& all, std::string_view code) {
  std::vector<Finding> out;
  for (const auto& f : all) {
    if (f.code == code) out.push_back(f);
  }
  return out;
}

std::string dump(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += f.to_text(false) + "\n";
  return out;
}

// "; expect: CODE SEVERITY" from a zone's header, or {"none", ""}.
std::pair<std::string, std::string> expectation(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto at = line.find("; expect: ");
    if (at == std::string::npos) continue;
    std::istringstream ss(line.substr(at + 10));
    std::string code, sev;
    ss >> code >> sev;
    return {code, sev};
  }
  return {"none", ""};
}

std::vector<std::string> one_defect_zones() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kZones)) {
    if (e.path().extension() == ".zone" && e.path().filename() != "clean.zone") {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Codes of the issue's severity table, so that a zone cannot drift from it unnoticed.
const std::map<std::string, std::set<std::string>> kTableSeverity = {
    {"cname-at-apex", {"error"}},
    {"cname-and-other-data", {"error"}},
    {"multiple-cname", {"error"}},
    {"cname-and-dname", {"error"}},
    {"dname-has-descendants", {"error", "warning"}},
    {"ns-to-cname", {"error"}},
    {"missing-soa", {"error"}},
    {"missing-ns", {"error"}},
    {"missing-glue", {"error"}},
    {"cname-loop", {"error"}},
    {"dangling-target", {"error", "warning"}},
    {"dangling-external", {"error"}},
    {"alias-with-address", {"error"}},
    {"mx-to-cname", {"warning"}},
    {"srv-to-cname", {"warning"}},
    {"missing-trailing-dot", {"warning"}},
    {"takeover-risk", {"warning"}},
    {"out-of-zone", {"warning"}},
    {"ttl-mismatch", {"warning"}},
    {"svcb-alias-to-cname", {"warning"}},
    {"cname-chain-long", {"info", "warning", "error"}},
};

class OneDefect : public ::testing::TestWithParam<std::string> {};

TEST_P(OneDefect, YieldsExactlyItsCode) {
  std::string path = kZones + "/" + GetParam();
  auto [code, sev] = expectation(path);
  ASSERT_NE(code, "none") << path << " has no '; expect:' line";
  ASSERT_TRUE(kTableSeverity.count(code)) << code;
  EXPECT_TRUE(kTableSeverity.at(code).count(sev)) << code << " cannot be " << sev;

  auto all = lint_file(path);
  auto serious = at_least(all, Severity::kWarning);
  if (sev == "info") {
    EXPECT_TRUE(serious.empty()) << dump(all);
    auto mine = with_code(all, code);
    ASSERT_EQ(mine.size(), 1u) << dump(all);
    EXPECT_EQ(mine[0].severity, Severity::kInfo);
    return;
  }
  ASSERT_EQ(serious.size(), 1u) << dump(all);
  EXPECT_EQ(serious[0].code, code) << dump(all);
  EXPECT_EQ(to_string(serious[0].severity), sev) << dump(all);
  EXPECT_EQ(serious[0].owner.back(), '.');
  EXPECT_FALSE(serious[0].message.empty());
  EXPECT_FALSE(serious[0].hint.empty());
  if (code != "missing-soa" && code != "missing-ns") {
    EXPECT_TRUE(serious[0].line.has_value()) << dump(all);
  }
}

INSTANTIATE_TEST_SUITE_P(LintZones, OneDefect, ::testing::ValuesIn(one_defect_zones()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

TEST(Lint, EveryCodeOfTheTableHasAZone) {
  std::set<std::string> have;
  for (const auto& z : one_defect_zones()) have.insert(expectation(kZones + "/" + z).first);
  for (const auto& c : check_table()) {
    if (c.code == "dangling-external") continue;  // needs the network: tests/test_lint.py
    EXPECT_TRUE(have.count(std::string(c.code))) << "no one-defect zone for " << c.code;
  }
}

TEST(Lint, CleanZoneHasNoErrorOrWarning) {
  auto all = lint_file(kZones + "/clean.zone");
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
}

TEST(Lint, CleanZoneHoldsWhatTheIssueLists) {
  auto z = load_lint_zone(kZones + "/clean.zone", N("example.com."));
  bool cname = false, cdn = false, wildcard = false, glue_cut = false;
  for (const auto& n : z.nodes()) {
    if (z.has(n, RRType::CNAME)) {
      auto t = *rdata_target(RRType::CNAME, z.rdata(z.rrset(n, RRType::CNAME).front()));
      (z.contains(t) ? cname : cdn) = true;
    }
    wildcard = wildcard || n.name.is_wildcard();
    glue_cut = glue_cut || (n.flags & kCut);
  }
  EXPECT_TRUE(cname && cdn && wildcard && glue_cut);
}

TEST(Lint, LoopAcrossZonesIsReportedOnceWithoutLine) {
  std::vector<LintZone> zones;
  zones.push_back(load_lint_zone(kZones + "/cross/example.com.zone", N("example.com.")));
  zones.push_back(load_lint_zone(kZones + "/cross/example.net.zone", N("example.net.")));
  auto all = lint_zones(zones, options());
  auto loops = with_code(all, "cname-loop");
  ASSERT_EQ(loops.size(), 1u) << dump(all);
  EXPECT_EQ(loops[0].severity, Severity::kError);
  // www.example.com. sorts before www.example.net. in canonical order (RFC 4034 §6.1).
  EXPECT_EQ(loops[0].owner, "www.example.com.");
  EXPECT_FALSE(loops[0].line.has_value());
  EXPECT_NE(loops[0].message.find("www.example.net."), std::string::npos);
  EXPECT_EQ(at_least(all, Severity::kWarning).size(), 1u) << dump(all);
  EXPECT_NE(findings_to_json(loops).find("\"line\": null"), std::string::npos);
}

TEST(Lint, EachZoneAloneSeesNoLoopButAnExternalTarget) {
  auto all = lint_file(kZones + "/cross/example.com.zone");
  EXPECT_TRUE(with_code(all, "cname-loop").empty()) << dump(all);
}

TEST(Lint, LoopReportedOnceAtCanonicallyFirstOwner) {
  auto all = lint_text("c CNAME a\nb CNAME c\na CNAME b\n");
  auto loops = with_code(all, "cname-loop");
  ASSERT_EQ(loops.size(), 1u) << dump(all);
  EXPECT_EQ(loops[0].owner, "a.example.com.");
  for (const char* n : {"a.example.com.", "b.example.com.", "c.example.com."}) {
    EXPECT_NE(loops[0].message.find(n), std::string::npos) << loops[0].message;
  }
  EXPECT_EQ(loops[0].line, 9u);
}

TEST(Lint, TailIntoLoopReportsOnlyTheLoop) {
  auto all = lint_text("x CNAME a\na CNAME b\nb CNAME a\n");
  auto loops = with_code(all, "cname-loop");
  ASSERT_EQ(loops.size(), 1u) << dump(all);
  EXPECT_EQ(loops[0].owner, "a.example.com.");
  EXPECT_EQ(loops[0].message.find("x.example.com."), std::string::npos) << loops[0].message;
}

TEST(Lint, SelfLoop) {
  auto all = lint_text("a CNAME a\n");
  EXPECT_EQ(with_code(all, "cname-loop").size(), 1u) << dump(all);
}

// A chain of `hops` CNAMEs h1 -> h2 -> ... -> h(hops+1), which has an address.
std::string chain(int hops) {
  std::string s;
  for (int i = 1; i <= hops; ++i) {
    s += "h" + std::to_string(i) + " CNAME h" + std::to_string(i + 1) + "\n";
  }
  return s + "h" + std::to_string(hops + 1) + " A 192.0.2.7\n";
}

TEST(Lint, ChainLengthThresholds) {
  for (int hops = 1; hops <= 10; ++hops) {
    auto all = lint_text(chain(hops));
    auto found = with_code(all, "cname-chain-long");
    if (hops == 1) {
      EXPECT_TRUE(found.empty()) << dump(all);
      continue;
    }
    ASSERT_EQ(found.size(), 1u) << hops << "\n" << dump(all);
    Severity want = hops > 8 ? Severity::kError : hops > 4 ? Severity::kWarning : Severity::kInfo;
    EXPECT_EQ(found[0].severity, want) << hops;
    EXPECT_EQ(found[0].owner, "h1.example.com.");  // the first name of the chain only
    EXPECT_NE(found[0].message.find(std::to_string(hops) + " hops"), std::string::npos);
  }
}

TEST(Lint, ChainAcrossAWildcardAndADname) {
  auto all = lint_text(
      "a CNAME x.w\n*.w CNAME y.d\nd DNAME e\nz.e A 192.0.2.9\n"
      "y.e A 192.0.2.9\n");
  auto found = with_code(all, "cname-chain-long");
  ASSERT_EQ(found.size(), 1u) << dump(all);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
}

TEST(Lint, TldsComeFromThePublicSuffixList) {
  auto tlds = load_tlds(kPsl);
  ASSERT_GT(tlds.size(), 1000u);
  for (const char* t : {"com", "net", "org", "uk", "de", "arpa"}) EXPECT_TRUE(tlds.count(t)) << t;
  EXPECT_FALSE(tlds.count("co.uk"));
  EXPECT_TRUE(load_tlds("/nonexistent").empty());
}

TEST(Lint, MissingTrailingDotNeedsTheTldList) {
  LintOptions no_tlds = options();
  no_tlds.tlds.clear();
  auto all = lint_file(kZones + "/missing-trailing-dot-tld.zone", no_tlds);
  EXPECT_TRUE(with_code(all, "missing-trailing-dot").empty()) << dump(all);
  // Without the list, the expansion simply dangles.
  EXPECT_EQ(with_code(all, "dangling-target").size(), 1u) << dump(all);
}

TEST(Lint, RelativeNameEndingInATldThatExistsIsFine) {
  auto all = lint_text("www CNAME host.net\nhost.net A 192.0.2.2\n");
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
}

TEST(Lint, OwnerRepeatingTheOrigin) {
  auto all = lint_text("www.example.com A 192.0.2.2\n");
  auto found = with_code(all, "missing-trailing-dot");
  ASSERT_EQ(found.size(), 1u) << dump(all);
  EXPECT_EQ(found[0].owner, "www.example.com.example.com.");
}

TEST(Lint, KeyBesideCnameIsAnError) {
  auto all = lint_text("www CNAME host\nwww KEY 256 3 8 AwEAAc==\nhost A 192.0.2.2\n");
  auto found = with_code(all, "cname-and-other-data");
  ASSERT_EQ(found.size(), 1u) << dump(all);
  EXPECT_NE(found[0].message.find("KEY"), std::string::npos);
}

TEST(Lint, RrsigAndNsecBesideCnameAreAllowed) {
  auto all = lint_text(
      "www CNAME host\n"
      "www NSEC host.example.com. CNAME RRSIG NSEC\n"
      "www RRSIG CNAME 8 3 3600 20300101000000 20200101000000 1 example.com. AAAA\n"
      "host A 192.0.2.2\n");
  EXPECT_TRUE(with_code(all, "cname-and-other-data").empty()) << dump(all);
}

TEST(Lint, DuplicateCnameIsNotMultiple) {
  auto all = lint_text("www CNAME host\nwww CNAME host\nhost A 192.0.2.2\n");
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
}

TEST(Lint, MxToCnameCanBeAnError) {
  LintOptions strict = options();
  strict.mx_srv_cname_is_error = true;
  for (const char* z : {"/mx-to-cname.zone", "/srv-to-cname.zone"}) {
    auto all = lint_file(kZones + z, strict);
    auto serious = at_least(all, Severity::kWarning);
    ASSERT_EQ(serious.size(), 1u) << dump(all);
    EXPECT_EQ(serious[0].severity, Severity::kError);
  }
}

TEST(Lint, OccludedCutBelowDnameIsSkipped) {
  // BIND loads good-occulted-ns-by-dname.db: the cut below the DNAME is never served, so
  // its missing glue is not an error (only a warning for occluded data).
  auto all = lint_text("old DNAME example.net.\nsub.old NS ns.sub.old\n");
  EXPECT_TRUE(with_code(all, "missing-glue").empty()) << dump(all);
  EXPECT_TRUE(at_least(all, Severity::kError).empty()) << dump(all);
}

TEST(Lint, CutBelowCutIsSkipped) {
  auto all = lint_text("sub NS ns.example.net.\ndeep.sub NS ns.deep.sub\n");
  EXPECT_TRUE(with_code(all, "missing-glue").empty()) << dump(all);
}

TEST(Lint, WildcardTargetsResolve) {
  auto all = lint_text("*.apps A 192.0.2.9\n@ MX 10 mx.apps\nwww CNAME a.apps\n");
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
}

TEST(Lint, TakeoverNotVulnerableIsSilentAndEdgeCaseIsInfo) {
  auto all = lint_text("a CNAME d1.cloudfront.net.\nb CNAME shop.myshopify.com.\n");
  EXPECT_TRUE(at_least(all, Severity::kWarning).empty()) << dump(all);
  auto found = with_code(all, "takeover-risk");
  ASSERT_EQ(found.size(), 1u) << dump(all);
  EXPECT_EQ(found[0].owner, "b.example.com.");
  EXPECT_EQ(found[0].severity, Severity::kInfo);
}

TEST(Lint, TakeoverSuffixItselfIsNotARisk) {
  auto all = lint_text("a CNAME herokuapp.com.\n");
  EXPECT_TRUE(with_code(all, "takeover-risk").empty()) << dump(all);
}

TEST(Lint, FindingJsonShape) {
  auto all = lint_file(kZones + "/cname-at-apex.zone");
  auto j = findings_to_json(all);
  for (const char* key : {"\"code\"", "\"severity\"", "\"owner\"", "\"type\"", "\"file\"",
                          "\"line\"", "\"message\"", "\"hint\""}) {
    EXPECT_NE(j.find(key), std::string::npos) << key;
  }
  EXPECT_EQ(exit_code_for(all), 2);
  EXPECT_EQ(exit_code_for({}), 0);
}

TEST(Lint, ParseErrorsBecomeSyntaxFindings) {
  auto all = lint_text("www A 999.1.1.1\n");
  auto found = with_code(all, "syntax");
  ASSERT_EQ(found.size(), 1u) << dump(all);
  EXPECT_EQ(found[0].line, 7u);
}

// Findings point at the column where the record starts: its owner, or its first field when
// the owner is left blank (lines 1-6 are lint_text's header).
TEST(Lint, FindingsCarryTheRecordsColumn) {
  auto all = lint_text("www TXT \"x\"\n    CNAME ns1\nmail  MX 10 www\n");
  auto cname = with_code(all, "cname-and-other-data");
  ASSERT_EQ(cname.size(), 1u) << dump(all);
  EXPECT_EQ(cname[0].line, 8u);
  EXPECT_EQ(cname[0].col, 5u);
  EXPECT_EQ(cname[0].where(), "test.zone:8:5");
  EXPECT_TRUE(cname[0].to_text(false).starts_with("test.zone:8:5: error: cname-and-other-data:"));
  EXPECT_NE(findings_to_json(cname).find("\"column\": 5"), std::string::npos);
  auto mx = with_code(all, "mx-to-cname");
  ASSERT_EQ(mx.size(), 1u) << dump(all);
  EXPECT_EQ(mx[0].line, 9u);
  EXPECT_EQ(mx[0].col, 1u);
  auto syntax = with_code(lint_text("www A  999.1.1.1\n"), "syntax");
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].col, 8u);  // the parser's own column: the bad address
  EXPECT_EQ(syntax[0].message.find("column"), std::string::npos);
}

TEST(Lint, JsonSurvivesBytesThatAreNotUtf8) {
  Finding f;
  f.code = "syntax";
  f.message = "bad \xff byte";
  EXPECT_NE(findings_to_json({f}).find("bad \xef\xbf\xbd byte"), std::string::npos);
  EXPECT_NE(f.to_json().find("syntax"), std::string::npos);
}

TEST(TakeoverProviders, EveryEntryHasTheIssuesFields) {
  std::ifstream in(kProviders);
  std::stringstream ss;
  ss << in.rdbuf();
  auto list = parse_takeover_providers(ss.str());
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_GE(list->size(), 10u);
  std::set<std::string> providers;
  for (const auto& p : *list) {
    EXPECT_TRUE(providers.insert(p.provider).second) << "duplicate " << p.provider;
    EXPECT_FALSE(p.suffixes.empty());
    EXPECT_FALSE(p.fingerprint.empty()) << p.provider;
    EXPECT_TRUE(p.source.starts_with("https://")) << p.provider;
    for (const auto& s : p.suffixes) EXPECT_GE(s.label_count(), 2u) << p.provider;
  }
  // The issue's examples.
  for (const char* t : {"x.herokuapp.com.", "x.s3.amazonaws.com.", "x.azurewebsites.net.",
                        "x.cloudapp.net.", "x.github.io."}) {
    EXPECT_NE(match_takeover(*list, N(t)), nullptr) << t;
  }
  EXPECT_EQ(match_takeover(*list, N("www.example.com.")), nullptr);
}

TEST(TakeoverProviders, BadEntriesAreRejected) {
  EXPECT_FALSE(parse_takeover_providers("{}"));
  EXPECT_FALSE(parse_takeover_providers("[{\"provider\": \"x\"}]"));
  EXPECT_FALSE(parse_takeover_providers(
      R"([{"provider":"x","suffixes":["a.b"],"signal":"smoke","fingerprint":"f",
           "status":"vulnerable","source":"https://x"}])"));
  EXPECT_TRUE(parse_takeover_providers(
      R"([{"provider":"x","suffixes":["a.b"],"signal":"body","fingerprint":"f",
           "status":"edge-case","source":"https://x"}])"));
}

TEST(CheckTable, CodesAreUniqueAndDocumented) {
  std::set<std::string> codes;
  for (const auto& c : check_table()) {
    EXPECT_TRUE(codes.insert(std::string(c.code)).second) << c.code;
    EXPECT_FALSE(c.summary.empty());
  }
  for (const auto& [code, sev] : kTableSeverity) {
    EXPECT_TRUE(codes.count(code)) << code;
  }
}

// The strict-load subset: what canond refuses. Every strict zone's code comes back from
// strict_load_checks, and the clean zone has no error.
TEST(StrictLoad, FindsTheStrictCodes) {
  std::set<std::string> strict;
  for (const auto& c : check_table()) {
    if (c.strict) strict.insert(std::string(c.code));
  }
  for (const auto& z : one_defect_zones()) {
    auto [code, sev] = expectation(kZones + "/" + z);
    auto lz = load_lint_zone(kZones + "/" + z, N("example.com."));
    auto found = strict_load_checks(lz);
    if (strict.count(code)) {
      ASSERT_EQ(found.size(), 1u) << z << "\n" << dump(found);
      EXPECT_EQ(found[0].code, code) << z;
      EXPECT_EQ(to_string(found[0].severity), sev) << z;
    } else {
      EXPECT_TRUE(found.empty()) << z << "\n" << dump(found);
    }
  }
  auto clean = load_lint_zone(kZones + "/clean.zone", N("example.com."));
  EXPECT_TRUE(strict_load_checks(clean).empty());
}

// canond runs the strict checks on the zone it built, not on a second parse: the findings
// must be the same (out-of-zone aside: the builder drops and counts those itself).
TEST(StrictLoad, SnapshotGivesTheSameFindingsAsTheFile) {
  for (const auto& z : one_defect_zones()) {
    std::string path = kZones + "/" + z;
    std::vector<Diagnostic> diags;
    auto snap = load_zone(path, N("example.com."), &diags);
    if (!snap) continue;  // missing-soa: the builder refuses it already
    auto from_snap = strict_load_checks(lint_zone_from_snapshot(**snap, path));
    auto from_file = strict_load_checks(load_lint_zone(path, N("example.com.")));
    std::erase_if(from_file, [](const Finding& f) { return f.code == "out-of-zone"; });
    ASSERT_EQ(from_snap.size(), from_file.size()) << z << "\n"
                                                  << dump(from_snap) << dump(from_file);
    for (size_t i = 0; i < from_snap.size(); ++i) {
      EXPECT_EQ(from_snap[i].code, from_file[i].code) << z;
      EXPECT_EQ(from_snap[i].owner, from_file[i].owner) << z;
      EXPECT_EQ(from_snap[i].severity, from_file[i].severity) << z;
      EXPECT_EQ(from_snap[i].line.has_value(), from_file[i].line.has_value()) << z;
      EXPECT_EQ(from_snap[i].col.has_value(), from_file[i].col.has_value()) << z;
    }
  }
}

// The snapshot keeps each RRset's first line and column, so canond's strict-load messages
// point where `canon lint` does.
TEST(StrictLoad, SnapshotKeepsLineAndColumn) {
  std::string text =
      "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "  NS ns1\nns1 A 192.0.2.1\nwww TXT \"x\"\n      CNAME ns1\n";
  std::vector<Diagnostic> diags;
  std::string path = testing::TempDir() + "/col.zone";
  std::ofstream(path) << text;
  auto snap = load_zone(path, N("example.com."), &diags);
  ASSERT_TRUE(snap);
  for (const auto& found : {strict_load_checks(lint_zone_from_snapshot(**snap, path)),
                            strict_load_checks(load_lint_zone(path, N("example.com.")))}) {
    ASSERT_EQ(found.size(), 1u) << dump(found);
    EXPECT_EQ(found[0].code, "cname-and-other-data");
    EXPECT_EQ(found[0].where(), path + ":7:7");
  }
}

}  // namespace
}  // namespace canon::lint
