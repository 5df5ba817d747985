// The answer engine, table-driven: each row is a query and the whole response expected, in
// presentation form. The zones below are small on purpose; each name exists for one row.
#include "auth/auth_test_util.h"

namespace canon::auth_testing {
namespace {

// SOA TTL 3600 and MINIMUM 300: negative answers carry the SOA with TTL 300 (RFC 2308 §3).
const char* kExample = R"(
$TTL 3600
@        SOA   ns1 hostmaster 1 7200 900 1209600 300
@        NS    ns1
@        NS    ns.example.net.
ns1      A     192.0.2.53
www  300 A     192.0.2.1
www  300 AAAA  2001:db8::1
mail     MX    10 mx1
mail     MX    20 www.example.net.
mx1      A     192.0.2.25
_sip._tcp SRV  0 5 5060 www
alias    CNAME www
c1       CNAME c2
c2       CNAME www
cross    CNAME www.example.net.
roundtrip CNAME back.example.net.
ext      CNAME www.external.test.
dead     CNAME nowhere
self     CNAME self
loop1    CNAME loop2
loop2    CNAME loop1
xloop    CNAME xloop.example.net.
*.wild   TXT   "wild"
*.wild   A     192.0.2.77
*.wc     CNAME www
*.ent    A     192.0.2.88
a.b.ent  A     192.0.2.89
sub      NS    ns.sub
sub      NS    ns.example.net.
sub      DS    12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ns.sub   A     192.0.2.100
toref    CNAME host.sub
dn       DNAME example.net.
big      TXT   "a"
)";

const char* kExampleNet = R"(
$TTL 3600
@        SOA   ns hostmaster 1 7200 900 1209600 600
@        NS    ns
ns       A     198.51.100.53
www      A     198.51.100.1
back     CNAME www.example.
x        A     198.51.100.2
xloop    CNAME xloop.example.
)";

Catalog main_catalog() {
  return make_catalog({{"example.", kExample}, {"example.net.", kExampleNet}});
}

const std::string kSoa =
    "example. 300 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";
const std::string kSoaNet =
    "example.net. 600 IN SOA ns.example.net. hostmaster.example.net. 1 7200 900 1209600 600";

TEST(Respond, PlainAnswers) {
  Catalog c = main_catalog();
  std::vector<Case> cases = {
      {"A",
       {"www.example."},
       Rcode::NOERROR,
       "aa",
       {"www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
      {"AAAA",
       {"www.example.", "AAAA"},
       Rcode::NOERROR,
       "aa",
       {"www.example. 300 IN AAAA 2001:db8::1"},
       {},
       {},
       {}},
      {"MX gets local addresses, both zones",
       {"mail.example.", "MX"},
       Rcode::NOERROR,
       "aa",
       {"mail.example. 3600 IN MX 10 mx1.example.", "mail.example. 3600 IN MX 20 www.example.net."},
       {},
       {"mx1.example. 3600 IN A 192.0.2.25", "www.example.net. 3600 IN A 198.51.100.1"},
       {}},
      {"SRV target addresses",
       {"_sip._tcp.example.", "SRV"},
       Rcode::NOERROR,
       "aa",
       {"_sip._tcp.example. 3600 IN SRV 0 5 5060 www.example."},
       {},
       {"www.example. 300 IN A 192.0.2.1", "www.example. 300 IN AAAA 2001:db8::1"},
       {}},
      {"NS at apex with additional",
       {"example.", "NS"},
       Rcode::NOERROR,
       "aa",
       {"example. 3600 IN NS ns1.example.", "example. 3600 IN NS ns.example.net."},
       {},
       {"ns1.example. 3600 IN A 192.0.2.53", "ns.example.net. 3600 IN A 198.51.100.53"},
       {}},
      {"NODATA", {"www.example.", "TXT"}, Rcode::NOERROR, "aa", {}, {kSoa}, {}, {}},
      {"NXDOMAIN", {"nope.example.", "A"}, Rcode::NXDOMAIN, "aa", {}, {kSoa}, {}, {}},
      {"ENT is NODATA", {"b.ent.example.", "A"}, Rcode::NOERROR, "aa", {}, {kSoa}, {}, {}},
      {"REFUSED outside", {"www.other.test.", "A"}, Rcode::REFUSED, "", {}, {}, {}, {}},
      {"CNAME query does not chase",
       {"alias.example.", "CNAME"},
       Rcode::NOERROR,
       "aa",
       {"alias.example. 3600 IN CNAME www.example."},
       {},
       {},
       {}},
      {"DNAME owner itself, type DNAME",
       {"dn.example.", "DNAME"},
       Rcode::NOERROR,
       "aa",
       {"dn.example. 3600 IN DNAME example.net."},
       {},
       {},
       {}},
      {"DNAME owner itself, type A is NODATA",
       {"dn.example.", "A"},
       Rcode::NOERROR,
       "aa",
       {},
       {kSoa},
       {},
       {}},
  };
  for (const auto& k : cases) check(c, k);
}

TEST(Respond, CnameChains) {
  Catalog c = main_catalog();
  std::vector<Case> cases = {
      {"one hop",
       {"alias.example."},
       Rcode::NOERROR,
       "aa",
       {"alias.example. 3600 IN CNAME www.example.", "www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
      {"two hops",
       {"c1.example."},
       Rcode::NOERROR,
       "aa",
       {"c1.example. 3600 IN CNAME c2.example.", "c2.example. 3600 IN CNAME www.example.",
        "www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
      {"across zones",
       {"cross.example."},
       Rcode::NOERROR,
       "aa",
       {"cross.example. 3600 IN CNAME www.example.net.", "www.example.net. 3600 IN A 198.51.100.1"},
       {},
       {},
       {}},
      {"across zones and back",
       {"roundtrip.example."},
       Rcode::NOERROR,
       "aa",
       {"roundtrip.example. 3600 IN CNAME back.example.net.",
        "back.example.net. 3600 IN CNAME www.example.", "www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
      {"to an external name: partial chain, NOERROR",
       {"ext.example."},
       Rcode::NOERROR,
       "aa",
       {"ext.example. 3600 IN CNAME www.external.test."},
       {},
       {},
       {}},
      {"ending at a missing name: NXDOMAIN (RFC 6604)",
       {"dead.example."},
       Rcode::NXDOMAIN,
       "aa",
       {"dead.example. 3600 IN CNAME nowhere.example."},
       {kSoa},
       {},
       {}},
      {"ending at NODATA in the other zone: its SOA",
       {"cross.example.", "TXT"},
       Rcode::NOERROR,
       "aa",
       {"cross.example. 3600 IN CNAME www.example.net."},
       {kSoaNet},
       {},
       {}},
      {"ending below a cut: referral after the chain",
       {"toref.example."},
       Rcode::NOERROR,
       "aa",
       {"toref.example. 3600 IN CNAME host.sub.example."},
       {"sub.example. 3600 IN NS ns.sub.example.", "sub.example. 3600 IN NS ns.example.net."},
       {"ns.sub.example. 3600 IN A 192.0.2.100", "ns.example.net. 3600 IN A 198.51.100.53"},
       {}},
      {"CNAME to itself",
       {"self.example.", "A", true},
       Rcode::SERVFAIL,
       "aa",
       {"self.example. 3600 IN CNAME self.example."},
       {},
       {},
       "CNAME loop at self.example."},
      {"two-name loop",
       {"loop1.example.", "A", true},
       Rcode::SERVFAIL,
       "aa",
       {"loop1.example. 3600 IN CNAME loop2.example.",
        "loop2.example. 3600 IN CNAME loop1.example."},
       {},
       {},
       "CNAME loop at loop1.example."},
      {"loop across zones",
       {"xloop.example.", "A", true},
       Rcode::SERVFAIL,
       "aa",
       {"xloop.example. 3600 IN CNAME xloop.example.net.",
        "xloop.example.net. 3600 IN CNAME xloop.example."},
       {},
       {},
       "CNAME loop at xloop.example."},
      {"loop without EDNS: no EDE",
       {"self.example."},
       Rcode::SERVFAIL,
       "aa",
       {"self.example. 3600 IN CNAME self.example."},
       {},
       {},
       {}},
  };
  for (const auto& k : cases) check(c, k);
}

// A chain c0 -> c1 -> ... -> cN, with an A at cN: N hops.
std::string chain_zone(int n) {
  std::string z = "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 192.0.2.1\n";
  for (int i = 0; i < n; ++i)
    z += "c" + std::to_string(i) + " CNAME c" + std::to_string(i + 1) + "\n";
  z += "c" + std::to_string(n) + " A 192.0.2.9\n";
  return z;
}

Lines chain_lines(int n) {
  Lines l;
  for (int i = 0; i < n; ++i)
    l.push_back("c" + std::to_string(i) + ".example. 60 IN CNAME c" + std::to_string(i + 1) +
                ".example.");
  return l;
}

TEST(Respond, ChainLimitTwelveHopsFollowedThirteenthFails) {
  Catalog ok = make_catalog({{"example.", chain_zone(12)}});
  Lines want = chain_lines(12);
  want.push_back("c12.example. 60 IN A 192.0.2.9");
  check(ok, {"12 hops", {"c0.example.", "A", true}, Rcode::NOERROR, "aa", want, {}, {}, {}});

  Catalog bad = make_catalog({{"example.", chain_zone(13)}});
  check(bad, {"13 hops",
              {"c0.example.", "A", true},
              Rcode::SERVFAIL,
              "aa",
              chain_lines(13),
              {},
              {},
              "CNAME chain longer than 12"});
}

TEST(Respond, ChainLimitIsConfigurable) {
  Catalog c = make_catalog({{"example.", chain_zone(4)}});
  AuthOptions opt;
  opt.max_cname_chain = 3;
  check(c,
        {"4 hops, limit 3",
         {"c0.example.", "A", true},
         Rcode::SERVFAIL,
         "aa",
         chain_lines(4),
         {},
         {},
         "CNAME chain longer than 3"},
        opt);
  opt.max_cname_chain = 4;
  Lines want = chain_lines(4);
  want.push_back("c4.example. 60 IN A 192.0.2.9");
  check(c, {"4 hops, limit 4", {"c0.example.", "A", true}, Rcode::NOERROR, "aa", want, {}, {}, {}},
        opt);
}

TEST(Respond, Wildcards) {
  Catalog c = main_catalog();
  std::vector<Case> cases = {
      {"synthesized, owner is the query name",
       {"Host.wild.example.", "TXT"},
       Rcode::NOERROR,
       "aa",
       {"Host.wild.example. 3600 IN TXT \"wild\""},
       {},
       {},
       {}},
      {"deeper names match too",
       {"a.b.wild.example."},
       Rcode::NOERROR,
       "aa",
       {"a.b.wild.example. 3600 IN A 192.0.2.77"},
       {},
       {},
       {}},
      {"wildcard without the type: NODATA",
       {"x.wild.example.", "MX"},
       Rcode::NOERROR,
       "aa",
       {},
       {kSoa},
       {},
       {}},
      {"wildcard CNAME is chased",
       {"any.wc.example."},
       Rcode::NOERROR,
       "aa",
       {"any.wc.example. 3600 IN CNAME www.example.", "www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
      {"ENT blocks the wildcard above it",
       {"x.b.ent.example."},
       Rcode::NXDOMAIN,
       "aa",
       {},
       {kSoa},
       {},
       {}},
      {"the wildcard of the closest encloser applies",
       {"x.ent.example."},
       Rcode::NOERROR,
       "aa",
       {"x.ent.example. 3600 IN A 192.0.2.88"},
       {},
       {},
       {}},
      {"no wildcard at the encloser: NXDOMAIN",
       {"x.www.example."},
       Rcode::NXDOMAIN,
       "aa",
       {},
       {kSoa},
       {},
       {}},
  };
  for (const auto& k : cases) check(c, k);
}

TEST(Respond, Dname) {
  Catalog c = main_catalog();
  std::vector<Case> cases = {
      {"into another served zone",
       {"x.dn.example."},
       Rcode::NOERROR,
       "aa",
       {"dn.example. 3600 IN DNAME example.net.", "x.dn.example. 3600 IN CNAME x.example.net.",
        "x.example.net. 3600 IN A 198.51.100.2"},
       {},
       {},
       {}},
      {"to a missing name: NXDOMAIN of the target zone",
       {"y.dn.example."},
       Rcode::NXDOMAIN,
       "aa",
       {"dn.example. 3600 IN DNAME example.net.", "y.dn.example. 3600 IN CNAME y.example.net."},
       {kSoaNet},
       {},
       {}},
      {"then a CNAME back",
       {"back.dn.example."},
       Rcode::NOERROR,
       "aa",
       {"dn.example. 3600 IN DNAME example.net.",
        "back.dn.example. 3600 IN CNAME back.example.net.",
        "back.example.net. 3600 IN CNAME www.example.", "www.example. 300 IN A 192.0.2.1"},
       {},
       {},
       {}},
  };
  for (const auto& k : cases) check(c, k);
}

TEST(Respond, DnameResultTooLongIsYxdomain) {
  // The query name is 255 octets: 244 before d.example. (11 octets). Putting longer.example.
  // (16 octets) in place of d.example. would give 260.
  std::string l60(60, 'a');
  Catalog c = make_catalog({{"example.",
                             "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 192.0.2.1\n"
                             "d DNAME longer.example.\n"}});
  std::string q = l60 + "." + l60 + "." + l60 + "." + std::string(60, 'b') + ".d.example.";
  ASSERT_EQ(Name::parse(q)->wire_size(), 255u);
  check(c, {"YXDOMAIN",
            {q, "A", true},
            Rcode::YXDOMAIN,
            "aa",
            {"d.example. 60 IN DNAME longer.example."},
            {},
            {},
            {}});
  // Five octets shorter, the result is exactly 255 octets: substituted, then NXDOMAIN.
  std::string fits = l60 + "." + l60 + "." + l60 + "." + std::string(55, 'b') + ".d.example.";
  Reply r = ask(c, {fits, "A", true});
  EXPECT_EQ(to_string(r.rcode), "NXDOMAIN");
  ASSERT_EQ(r.answer.size(), 2u);
  EXPECT_EQ(r.msg.answer[1].rdata.size(), 255u);
}

TEST(Respond, DnameLoopIsCaught) {
  Catalog c = make_catalog({{"example.",
                             "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 192.0.2.1\n"
                             "d DNAME d.example.\n"}});
  check(c, {"DNAME onto itself",
            {"x.d.example.", "A", true},
            Rcode::SERVFAIL,
            "aa",
            {"d.example. 60 IN DNAME d.example.", "x.d.example. 60 IN CNAME x.d.example."},
            {},
            {},
            "CNAME loop at x.d.example."});
}

// k CNAMEs c0 -> ... -> c(k-1) -> x.d.example., then the DNAME d.example. -> example.net.:
// k + 1 hops when a DNAME and its synthesized CNAME count as one.
std::string dname_chain_zone(int k) {
  std::string z =
      "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 192.0.2.1\nd DNAME example.net.\n";
  for (int i = 0; i + 1 < k; ++i)
    z += "c" + std::to_string(i) + " CNAME c" + std::to_string(i + 1) + "\n";
  z += "c" + std::to_string(k - 1) + " CNAME x.d\n";
  return z;
}

TEST(Respond, DnameAndItsCnameCountAsOneHop) {
  Catalog twelve =
      make_catalog({{"example.", dname_chain_zone(11)}, {"example.net.", kExampleNet}});
  Reply r = ask(twelve, {"c0.example.", "A", true});
  EXPECT_EQ(to_string(r.rcode), "NOERROR");
  ASSERT_EQ(r.answer.size(), 11u + 2u + 1u);  // 11 CNAMEs, DNAME + CNAME, the A
  EXPECT_EQ(r.answer.back(), "x.example.net. 3600 IN A 198.51.100.2");

  Catalog thirteen =
      make_catalog({{"example.", dname_chain_zone(12)}, {"example.net.", kExampleNet}});
  r = ask(thirteen, {"c0.example.", "A", true});
  EXPECT_EQ(to_string(r.rcode), "SERVFAIL");
  EXPECT_EQ(r.ede, "CNAME chain longer than 12");
  ASSERT_EQ(r.answer.size(), 12u + 2u);  // the failing hop's DNAME and CNAME stay
  EXPECT_EQ(r.answer.back(), "x.d.example. 60 IN CNAME x.example.net.");
}

TEST(Respond, Referrals) {
  Catalog c = main_catalog();
  Lines ns = {"sub.example. 3600 IN NS ns.sub.example.", "sub.example. 3600 IN NS ns.example.net."};
  Lines glue = {"ns.sub.example. 3600 IN A 192.0.2.100", "ns.example.net. 3600 IN A 198.51.100.53"};
  std::vector<Case> cases = {
      {"below the cut", {"host.sub.example."}, Rcode::NOERROR, "", {}, ns, glue, {}},
      {"glue name itself is not authoritative",
       {"ns.sub.example."},
       Rcode::NOERROR,
       "",
       {},
       ns,
       glue,
       {}},
      {"NS at the cut is a referral", {"sub.example.", "NS"}, Rcode::NOERROR, "", {}, ns, glue, {}},
      {"DS at the cut is the parent's",
       {"sub.example.", "DS"},
       Rcode::NOERROR,
       "aa",
       {"sub.example. 3600 IN DS 12345 8 2 "
        "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"},
       {},
       {},
       {}},
      {"DS below the cut is a referral",
       {"x.sub.example.", "DS"},
       Rcode::NOERROR,
       "",
       {},
       ns,
       glue,
       {}},
  };
  for (const auto& k : cases) check(c, k);
}

TEST(Respond, MinimalResponsesKeepOnlyRequiredGlue) {
  Catalog c = main_catalog();
  AuthOptions opt;
  opt.minimal_responses = true;
  check(
      c,
      {"MX, no additional",
       {"mail.example.", "MX"},
       Rcode::NOERROR,
       "aa",
       {"mail.example. 3600 IN MX 10 mx1.example.", "mail.example. 3600 IN MX 20 www.example.net."},
       {},
       {},
       {}},
      opt);
  check(c,
        {"referral keeps in-domain glue",
         {"host.sub.example."},
         Rcode::NOERROR,
         "",
         {},
         {"sub.example. 3600 IN NS ns.sub.example.", "sub.example. 3600 IN NS ns.example.net."},
         {"ns.sub.example. 3600 IN A 192.0.2.100"},
         {}},
        opt);
}

TEST(Respond, DsAtChildApexAnsweredByServedParent) {
  std::string child = "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns.sub.example.\n";
  Catalog c = make_catalog({{"example.", kExample}, {"sub.example.", child}});
  check(c, {"DS from the parent",
            {"sub.example.", "DS"},
            Rcode::NOERROR,
            "aa",
            {"sub.example. 3600 IN DS 12345 8 2 "
             "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"},
            {},
            {},
            {}});
  check(c, {"names below go to the child",
            {"host.sub.example."},
            Rcode::NXDOMAIN,
            "aa",
            {},
            {"sub.example. 60 IN SOA ns.sub.example. hm.sub.example. 1 2 3 4 60"},
            {},
            {}});
  Catalog alone = make_catalog({{"sub.example.", child}});
  check(alone, {"DS at an apex without parent: NODATA",
                {"sub.example.", "DS"},
                Rcode::NOERROR,
                "aa",
                {},
                {"sub.example. 60 IN SOA ns.sub.example. hm.sub.example. 1 2 3 4 60"},
                {},
                {}});
}

TEST(Respond, AnyIsMinimal) {
  Catalog c = main_catalog();
  // RFC 8482 §4.1: one RRset of the name; Canon gives the node's first RRset (lowest type).
  check(c, {"ANY at www",
            {"www.example.", "ANY"},
            Rcode::NOERROR,
            "aa",
            {"www.example. 300 IN A 192.0.2.1"},
            {},
            {},
            {}});
  check(c, {"ANY at a CNAME does not chase",
            {"alias.example.", "ANY"},
            Rcode::NOERROR,
            "aa",
            {"alias.example. 3600 IN CNAME www.example."},
            {},
            {},
            {}});
  check(c, {"ANY at an ENT", {"b.ent.example.", "ANY"}, Rcode::NOERROR, "aa", {}, {kSoa}, {}, {}});
  check(c, {"ANY at a missing name",
            {"none.example.", "ANY"},
            Rcode::NXDOMAIN,
            "aa",
            {},
            {kSoa},
            {},
            {}});
}

}  // namespace
}  // namespace canon::auth_testing
