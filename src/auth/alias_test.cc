// ALIAS (apex flattening) in the answer engine: local targets, chains through it, TTL capping,
// NODATA, loops, and targets outside the zones looked up in an AliasSource.
#include <array>
#include <cstring>

#include "auth/alias_test_zones.h"
#include "auth/auth_test_util.h"

namespace canon::auth_testing {
namespace {

const std::string kSoa = "flat. 300 IN SOA ns1.other. hostmaster.flat. 1 7200 900 1209600 300";

TEST(Alias, LocalTargetCapsTtlAtAliasTtl) {
  check(alias_catalog(), {"apex A",
                          {.qname = "flat."},
                          Rcode::NOERROR,
                          "aa",
                          {"flat. 60 IN A 198.51.100.1", "flat. 60 IN A 198.51.100.2"},
                          {},
                          {},
                          {}});
}

TEST(Alias, LocalTargetCapsTtlAtTargetTtl) {
  check(alias_catalog(), {"long TTL",
                          {.qname = "long.flat.", .qtype = "AAAA"},
                          Rcode::NOERROR,
                          "aa",
                          {"long.flat. 300 IN AAAA 2001:db8::1"},
                          {},
                          {},
                          {}});
}

TEST(Alias, OwnerKeepsTheQueryCase) {
  check(alias_catalog(), {"case",
                          {.qname = "FLat."},
                          Rcode::NOERROR,
                          "aa",
                          {"FLat. 60 IN A 198.51.100.1", "FLat. 60 IN A 198.51.100.2"},
                          {},
                          {},
                          {}});
}

TEST(Alias, ApexKeepsItsOtherData) {
  Catalog c = alias_catalog();
  check(c, {"MX",
            {.qname = "flat.", .qtype = "MX"},
            Rcode::NOERROR,
            "aa",
            {"flat. 3600 IN MX 10 mail.other."},
            {},
            {},
            {}});
  check(c, {"TXT",
            {.qname = "flat.", .qtype = "TXT"},
            Rcode::NOERROR,
            "aa",
            {"flat. 3600 IN TXT \"apex text\""},
            {},
            {},
            {}});
  check(c, {"NS",
            {.qname = "flat.", .qtype = "NS"},
            Rcode::NOERROR,
            "aa",
            {"flat. 3600 IN NS ns1.other."},
            {},
            {"ns1.other. 3600 IN A 198.51.100.53"},
            {}});
  check(c, {"ALIAS itself",
            {.qname = "flat.", .qtype = "ALIAS"},
            Rcode::NOERROR,
            "aa",
            {"flat. 60 IN ALIAS www.other."},
            {},
            {},
            {}});
  Reply soa = ask(c, {.qname = "flat.", .qtype = "SOA"});
  EXPECT_EQ(soa.answer, Lines{"flat. 3600 IN SOA ns1.other. hostmaster.flat. 1 7200 900 "
                              "1209600 300"});
}

TEST(Alias, CnameToAnAliasOwner) {
  check(alias_catalog(), {"cname to apex",
                          {.qname = "www.flat."},
                          Rcode::NOERROR,
                          "aa",
                          {"www.flat. 3600 IN CNAME flat.", "flat. 60 IN A 198.51.100.1",
                           "flat. 60 IN A 198.51.100.2"},
                          {},
                          {},
                          {}});
}

TEST(Alias, TargetReachedThroughCnameIsFlattened) {
  check(alias_catalog(),
        {"alias, cname",
         {.qname = "viacname.flat."},
         Rcode::NOERROR,
         "aa",
         {"viacname.flat. 120 IN A 198.51.100.1", "viacname.flat. 120 IN A 198.51.100.2"},
         {},
         {},
         {}});
}

TEST(Alias, AliasToAliasIsFollowed) {
  check(alias_catalog(),
        {"alias, alias",
         {.qname = "chain.flat."},
         Rcode::NOERROR,
         "aa",
         {"chain.flat. 300 IN A 198.51.100.1", "chain.flat. 300 IN A 198.51.100.2"},
         {},
         {},
         {}});
}

TEST(Alias, WildcardAliasAnswersUnderTheQueryName) {
  check(alias_catalog(), {"wildcard",
                          {.qname = "x.wild.flat.", .qtype = "AAAA"},
                          Rcode::NOERROR,
                          "aa",
                          {"x.wild.flat. 300 IN AAAA 2001:db8::1"},
                          {},
                          {},
                          {}});
}

TEST(Alias, MissingFamilyIsNoDataAtTheOwner) {
  check(alias_catalog(), {"no AAAA",
                          {.qname = "nodata.flat.", .qtype = "AAAA"},
                          Rcode::NOERROR,
                          "aa",
                          {},
                          {kSoa},
                          {},
                          {}});
}

TEST(Alias, MissingTargetIsNoDataAtTheOwner) {
  check(alias_catalog(),
        {"NXDOMAIN target", {.qname = "missing.flat."}, Rcode::NOERROR, "aa", {}, {kSoa}, {}, {}});
}

TEST(Alias, LoopThroughCnameFails) {
  check(alias_catalog(), {"alias-cname loop",
                          {.qname = "loop.flat.", .edns = true},
                          Rcode::SERVFAIL,
                          "aa",
                          {},
                          {},
                          {},
                          "ALIAS loop at loop.flat."});
}

TEST(Alias, AliasToAliasLoopFails) {
  check(alias_catalog(), {"alias-alias loop",
                          {.qname = "aa1.flat.", .edns = true},
                          Rcode::SERVFAIL,
                          "aa",
                          {},
                          {},
                          {},
                          "ALIAS loop at aa1.flat."});
}

TEST(Alias, ExternalTargetWithoutUpstreamFails) {
  Reply r = ask(alias_catalog(), {.qname = "ext.flat.", .edns = true});
  EXPECT_EQ(r.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(r.msg.edns && !r.msg.edns->errors.empty());
  EXPECT_EQ(r.msg.edns->errors[0].info_code, 0);
  EXPECT_EQ(r.ede, "no ALIAS upstream configured");
  EXPECT_TRUE(r.answer.empty());
}

AliasAddresses addresses(uint32_t ttl, std::initializer_list<std::array<uint8_t, 4>> v4) {
  AliasAddresses a;
  a.status = AliasStatus::kAddresses;
  a.ttl = ttl;
  for (const auto& ip : v4) std::memcpy(a.rdata + 4 * a.count++, ip.data(), 4);
  return a;
}

TEST(Alias, ExternalTargetFromTheSource) {
  FakeSource src;
  src.reply = addresses(1000, {{203, 0, 113, 7}, {203, 0, 113, 8}});
  AuthOptions opt;
  opt.alias = &src;
  check(alias_catalog(),
        {"cached",
         {.qname = "ext.flat."},
         Rcode::NOERROR,
         "aa",
         {"ext.flat. 600 IN A 203.0.113.7", "ext.flat. 600 IN A 203.0.113.8"},
         {},
         {},
         {}},
        opt);
  EXPECT_EQ(src.last_target, *Name::parse("cdn.external.test."));
  src.reply = addresses(42, {{203, 0, 113, 9}});
  check(alias_catalog(),
        {"remaining TTL",
         {.qname = "ext.flat."},
         Rcode::NOERROR,
         "aa",
         {"ext.flat. 42 IN A 203.0.113.9"},
         {},
         {},
         {}},
        opt);
}

TEST(Alias, DelegatedTargetIsExternal) {
  FakeSource src;
  src.reply = addresses(30, {{203, 0, 113, 1}});
  AuthOptions opt;
  opt.alias = &src;
  check(alias_catalog(),
        {"below a cut",
         {.qname = "deleg.flat."},
         Rcode::NOERROR,
         "aa",
         {"deleg.flat. 30 IN A 203.0.113.1"},
         {},
         {},
         {}},
        opt);
  EXPECT_EQ(src.last_target, *Name::parse("host.sub.other."));
}

TEST(Alias, ExternalNoDataAndFailure) {
  FakeSource src;
  AuthOptions opt;
  opt.alias = &src;
  src.reply.status = AliasStatus::kNoData;
  check(alias_catalog(),
        {"negative",
         {.qname = "ext.flat.", .qtype = "AAAA"},
         Rcode::NOERROR,
         "aa",
         {},
         {kSoa},
         {},
         {}},
        opt);
  src.reply.status = AliasStatus::kFailed;
  Reply r = ask(alias_catalog(), {.qname = "ext.flat.", .edns = true}, opt);
  EXPECT_EQ(r.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(r.msg.edns && !r.msg.edns->errors.empty());
  EXPECT_EQ(r.msg.edns->errors[0].info_code, 22);
  EXPECT_EQ(r.ede, "no ALIAS upstream answered for cdn.external.test.");
}

TEST(Alias, StaleAnswerCarriesEde3) {
  FakeSource src;
  src.reply = addresses(30, {{203, 0, 113, 5}});
  src.reply.status = AliasStatus::kStale;
  AuthOptions opt;
  opt.alias = &src;
  Reply r = ask(alias_catalog(), {.qname = "ext.flat.", .edns = true}, opt);
  EXPECT_EQ(r.rcode, Rcode::NOERROR);
  EXPECT_EQ(r.answer, Lines{"ext.flat. 30 IN A 203.0.113.5"});
  ASSERT_TRUE(r.msg.edns && !r.msg.edns->errors.empty());
  EXPECT_EQ(r.msg.edns->errors[0].info_code, 3);
}

TEST(Alias, MissIsDeferred) {
  FakeSource src;  // kMiss
  AuthOptions opt;
  opt.alias = &src;
  auto q = make_query({.qname = "Ext.flat.", .qtype = "AAAA"});
  std::vector<uint8_t> out(4096);
  Deferral d;
  Catalog c = alias_catalog();
  EXPECT_EQ(respond(c, opt, Transport::kUdp, q, out, &d), 0u);
  EXPECT_TRUE(d.needed);
  EXPECT_EQ(d.target, *Name::parse("cdn.external.test."));
  EXPECT_EQ(d.type, RRType::AAAA);
  // Without a deferral slot the query cannot wait: SERVFAIL.
  Reply r = ask(c, {.qname = "ext.flat."}, opt);
  EXPECT_EQ(r.rcode, Rcode::SERVFAIL);
  // Static data never defers.
  Deferral none;
  auto mx = make_query({.qname = "flat.", .qtype = "MX"});
  EXPECT_GT(respond(c, opt, Transport::kUdp, mx, out, &none), 0u);
  EXPECT_FALSE(none.needed);
}

// The zone parses each ALIAS target once, at build time; the chase copies it from there.
TEST(Alias, TargetsAreParsedWhenTheZoneIsBuilt) {
  auto z = make_zone({"flat.", kAliasZone});
  auto at = [&](const char* owner, RRType t) -> const Name* {
    auto f = z->find(*Name::parse(owner));
    const RRsetRef* rs = f.exact == Zone::kNone ? nullptr : z->rrset(f.exact, t);
    return rs ? z->alias_target(*rs) : nullptr;
  };
  ASSERT_NE(at("flat.", RRType::ALIAS), nullptr);
  EXPECT_EQ(at("flat.", RRType::ALIAS)->to_string(), "www.other.");
  ASSERT_NE(at("ext.flat.", RRType::ALIAS), nullptr);
  EXPECT_EQ(at("ext.flat.", RRType::ALIAS)->to_string(), "cdn.external.test.");
  EXPECT_EQ(at("*.wild.flat.", RRType::ALIAS)->to_string(), "www.other.");
  EXPECT_EQ(at("www.flat.", RRType::CNAME), nullptr);  // only ALIAS targets are kept
  EXPECT_EQ(at("flat.", RRType::MX), nullptr);
}

}  // namespace
}  // namespace canon::auth_testing
