// Iteration from root hints over a fake hierarchy whose servers are real authoritative
// catalogs (FakeNetwork::serve runs canon::respond()).
#include "resolver/iterator.h"

#include <gtest/gtest.h>

#include "resolver/resolver_test_util.h"
#include "resolver/router.h"

namespace canon::resolver {
namespace {

using namespace testing;

const char* kRoot =
    ". SOA a.root. nstld.root. 1 1800 900 604800 86400\n"
    ". NS a.root.\n"
    "a.root. A 10.0.0.1\n"
    "uk. NS ns1.nic.uk.\n"
    "ns1.nic.uk. A 10.0.1.1\n"
    "net. NS ns.net.\n"
    "ns.net. A 10.0.3.1\n"
    "example. NS ns.hosting.net.\n"  // no glue: the NS address is looked up
    "loopa. NS ns.loopb.\n"
    "loopb. NS ns.loopa.\n";

const char* kUk =
    "@ SOA ns1.nic hostmaster.nic 1 1800 900 604800 300\n"
    "@ NS ns1.nic\n"
    "ns1.nic A 10.0.1.1\n"
    "acmeltd.co NS ns.acmeltd.co\n"
    "ns.acmeltd.co A 10.0.2.1\n";

const char* kAcme =
    "@ SOA ns hostmaster 1 1800 900 604800 300\n"
    "@ NS ns\n"
    "ns A 10.0.2.1\n"
    "www 600 A 192.0.2.10\n"
    "service1 300 CNAME service1.region.prod\n"
    "region.prod NS ns.region.prod\n"
    "ns.region.prod A 10.9.9.9\n";  // internal: unreachable from here

const char* kNet =
    "@ SOA ns hm 1 2 3 4 300\n@ NS ns\nns A 10.0.3.1\n"
    "hosting NS ns.hosting\nns.hosting A 10.0.4.1\n";
const char* kHosting = "@ SOA ns hm 1 2 3 4 300\n@ NS ns\nns A 10.0.4.1\n";
const char* kExample =
    "@ SOA ns.hosting.net. hm 1 2 3 4 300\n@ NS ns.hosting.net.\nwww A 192.0.2.20\n";

const char* kPrivate =
    "@ 300 SOA ns hostmaster 1 3600 600 86400 60\n@ 300 NS ns\nns 300 A 10.0.0.53\n"
    "service1 300 A 10.1.2.3\n";

struct Hierarchy : ::testing::Test {
  ManualClock clock;
  FakeNetwork net{clock};
  Cache cache{clock};
  RootHints hints =
      *parse_root_hints(". 3600000 NS a.root.\na.root. 3600000 A 10.0.0.1\n", "hints");

  Hierarchy() {
    net.serve("10.0.0.1", make_catalog({{".", kRoot}}));
    net.serve("10.0.1.1", make_catalog({{"uk.", kUk}}));
    net.serve("10.0.2.1", make_catalog({{"acmeltd.co.uk.", kAcme}}));
    net.serve("10.0.3.1", make_catalog({{"net.", kNet}}));
    net.serve("10.0.4.1", make_catalog({{"hosting.net.", kHosting}, {"example.", kExample}}));
  }
  Iterator iterator(IteratorOptions opt = {}) { return Iterator(net, cache, clock, hints, opt); }
};

TEST_F(Hierarchy, FollowsReferralsWithQnameMinimisation) {
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("www.acmeltd.co.uk."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kAnswer);
  EXPECT_EQ(lines(a.records), (Lines{"www.acmeltd.co.uk. 600 IN A 192.0.2.10"}));
  // RFC 8109 priming first; then RFC 9156: one label more at each step, QTYPE A until the
  // full name.
  EXPECT_EQ(net.asked(),
            (Lines{". NS", "uk. A", "co.uk. A", "acmeltd.co.uk. A", "www.acmeltd.co.uk. A"}));
  for (const auto& s : net.sent) EXPECT_FALSE(s.rd);
}

TEST_F(Hierarchy, WithoutMinimisationAsksTheFullName) {
  Iterator it = iterator({.qname_minimisation = false});
  ASSERT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked(), (Lines{". NS", "www.acmeltd.co.uk. A", "www.acmeltd.co.uk. A",
                                "www.acmeltd.co.uk. A"}));
}

TEST_F(Hierarchy, SecondLookupStartsAtCachedDelegation) {
  Iterator it = iterator();
  ASSERT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  net.sent.clear();
  ASSERT_EQ(it.lookup(n("ns.acmeltd.co.uk."), RRType::AAAA).kind, AnswerKind::kNoData);
  EXPECT_EQ(net.asked(), (Lines{"ns.acmeltd.co.uk. AAAA"}));
  EXPECT_EQ(net.sent[0].server, "10.0.2.1:53");
}

TEST_F(Hierarchy, VpcStoryWithRecursion) {
  Iterator it = iterator();
  auto priv = std::make_shared<Catalog>(make_catalog({{"region.prod.acmeltd.co.uk.", kPrivate}}));
  Router vpc(priv, {}, &net, &cache, &it, {12, true});
  Resolved r = vpc.resolve(n("service1.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(r.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(r.answer),
            (Lines{"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  EXPECT_EQ(net.asked("10.9.9.9"), Lines{});  // the internal server is never needed

  // A view without the private zone follows the public delegation and fails: the address is
  // unreachable, and the private address never leaks into it.
  Cache public_cache{clock};
  Iterator pub_it(net, public_cache, clock, hints, {});
  Router pub(nullptr, {}, &net, &public_cache, &pub_it, {12, true});
  r = pub.resolve(n("service1.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(r.rcode, Rcode::SERVFAIL);
  EXPECT_EQ(lines(r.answer),
            (Lines{"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk."}));
  EXPECT_FALSE(net.asked("10.9.9.9").empty());
}

TEST_F(Hierarchy, CnameTargetNeverTakenFromTheFirstServer) {
  // The acmeltd server adds an address for the target it is not authoritative for.
  auto acme = std::make_shared<Catalog>(make_catalog({{"acmeltd.co.uk.", kAcme}}));
  net.handle("10.0.2.1", [acme](const Message& q) -> std::optional<Message> {
    std::vector<uint8_t> out(65535);
    out.resize(respond(*acme, {}, canon::Transport::kUdp, q.encode(), out));
    Message m = *Message::decode(out);
    if (q.questions[0].name == n("service1.acmeltd.co.uk."))
      for (auto& rr : records({"service1.region.prod.acmeltd.co.uk. 300 IN A 203.0.113.66",
                               "www.bank.example. 300 IN A 203.0.113.67"}))
        m.answer.push_back(rr);
    for (auto& rr : records({"bank.example. 300 IN NS ns.evil.example.",
                             "ns.evil.example. 300 IN A 203.0.113.68"}))
      m.additional.push_back(rr);
    return m;
  });
  Iterator it = iterator();
  Router pub(nullptr, {}, &net, &cache, &it, {12, true});
  Resolved r = pub.resolve(n("service1.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(r.rcode, Rcode::SERVFAIL);  // the target was resolved on its own: unreachable
  for (const auto& l : lines(r.answer)) EXPECT_EQ(l.find("203.0.113"), std::string::npos) << l;
  // Out-of-bailiwick data was never cached.
  EXPECT_FALSE(cache.get(n("service1.region.prod.acmeltd.co.uk."), RRType::A));
  EXPECT_FALSE(cache.get(n("www.bank.example."), RRType::A));
  EXPECT_FALSE(cache.get(n("bank.example."), RRType::NS));
  EXPECT_FALSE(cache.get(n("ns.evil.example."), RRType::A));
}

TEST_F(Hierarchy, NsWithoutGlueIsLookedUp) {
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("www.example."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kAnswer) << a.why;
  EXPECT_EQ(lines(a.records), (Lines{"www.example. 3600 IN A 192.0.2.20"}));
  EXPECT_FALSE(net.asked("10.0.4.1").empty());
}

// Found by the testbound replay (iter_cname_cache): the servers whose glue is cached all fail,
// and the zone's other NS name (no glue; a CNAME, which RFC 2181 §10.3 forbids but which
// exists) is looked up and asked.
TEST_F(Hierarchy, OtherNsLookedUpWhenEveryServerWithAnAddressFails) {
  net.serve("10.0.0.1", make_catalog({{".", std::string(kRoot) + "broken. NS ns.broken.\n"
                                                                 "broken. NS alias.hosting.net.\n"
                                                                 "ns.broken. A 10.0.5.1\n"}}));
  net.serve("10.0.4.1", make_catalog({{"hosting.net.", std::string(kHosting) + "alias CNAME ns\n"},
                                      {"broken.",
                                       "@ SOA ns.hosting.net. hm 1 2 3 4 300\n"
                                       "@ NS alias.hosting.net.\nwww A 192.0.2.30\n"}}));
  net.handle("10.0.5.1", [](const Message& q) { return reply_with(q, Rcode::SERVFAIL, {}); });
  Iterator it = iterator({.qname_minimisation = false});
  SourceAnswer a = it.lookup(n("www.broken."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kAnswer) << a.why;
  EXPECT_EQ(lines(a.records), (Lines{"www.broken. 3600 IN A 192.0.2.30"}));
  EXPECT_EQ(net.asked("10.0.5.1"), (Lines{"www.broken. A"}));  // failed once, not retried
  EXPECT_EQ(net.asked("10.0.4.1"),
            (Lines{"alias.hosting.net. A", "ns.hosting.net. A", "www.broken. A"}));
}

// Found by the testbound replay (fetch_glue_cname): the parent delegates to a name inside the
// child and leaves the glue out. The child's servers are unreachable without it, so the NS
// name is asked of the parent, whole (not minimised: that would only bring the referral back),
// and its answer there, a CNAME to another name in the child, is followed the same way.
TEST_F(Hierarchy, GluelessNsInsideTheChildIsAskedOfTheParent) {
  net.serve("10.0.0.1", make_catalog({{".", std::string(kRoot) + "quirk. NS ns.quirk.\n"
                                                                 "ns.quirk. A 10.0.6.1\n"}}));
  net.handle("10.0.6.1", [](const Message& q) {
    const Name& qn = q.questions[0].name;
    if (qn == n("ns.glueless.quirk."))
      return reply_with(q, Rcode::NOERROR, {"ns.glueless.quirk. 300 IN CNAME ns2.glueless.quirk."});
    if (qn == n("ns2.glueless.quirk."))
      return reply_with(q, Rcode::NOERROR, {"ns2.glueless.quirk. 300 IN A 10.0.7.1"});
    Message m = reply_with(q, Rcode::NOERROR, {}, {"glueless.quirk. 300 IN NS ns.glueless.quirk."});
    m.header.ra = false;
    return m;  // a referral, glue left out
  });
  net.serve("10.0.7.1", make_catalog({{"glueless.quirk.",
                                       "@ SOA ns hm 1 2 3 4 300\n@ NS ns\nns CNAME ns2\n"
                                       "ns2 A 10.0.7.1\nwww A 192.0.2.77\n"}}));
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("www.glueless.quirk."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kAnswer) << a.why;
  EXPECT_EQ(lines(a.records), (Lines{"www.glueless.quirk. 3600 IN A 192.0.2.77"}));
  EXPECT_EQ(net.asked("10.0.6.1"),
            (Lines{"glueless.quirk. A", "ns.glueless.quirk. A", "ns2.glueless.quirk. A"}));
  EXPECT_EQ(net.asked("10.0.7.1"), (Lines{"www.glueless.quirk. A"}));
}

// Found by the testbound replay (iter_ds_locate_ns_cname): DS is asked of the parent's
// servers (RFC 4035 §3.1.4.1), even when the child's delegation is cached.
TEST_F(Hierarchy, DsIsAskedOfTheParentZone) {
  Iterator it = iterator();
  ASSERT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  net.sent.clear();
  SourceAnswer a = it.lookup(n("acmeltd.co.uk."), RRType::DS);
  EXPECT_EQ(a.kind, AnswerKind::kNoData) << a.why;
  EXPECT_EQ(net.asked("10.0.2.1"), Lines{});  // never the child
  // Minimised towards the parent (co.uk. has no cut of its own), then DS at uk.'s servers.
  EXPECT_EQ(net.asked("10.0.1.1"), (Lines{"co.uk. A", "acmeltd.co.uk. DS"}));
}

TEST_F(Hierarchy, NsAddressLoopEnds) {
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("www.loopa."), RRType::A);
  EXPECT_EQ(a.kind, AnswerKind::kFailed);
  EXPECT_LT(net.sent.size(), 40u);
  EXPECT_NE(a.why.find("no address for the name servers of"), std::string::npos) << a.why;
}

TEST_F(Hierarchy, NegativeAnswersAreCached) {
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("nothing.acmeltd.co.uk."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kNxDomain);
  ASSERT_EQ(a.authority.size(), 1u);
  EXPECT_EQ(a.authority[0].type, RRType::SOA);
  net.sent.clear();
  EXPECT_EQ(it.lookup(n("nothing.acmeltd.co.uk."), RRType::TXT).kind, AnswerKind::kNxDomain);
  EXPECT_TRUE(net.sent.empty());
  clock.advance(std::chrono::seconds(301));
  EXPECT_EQ(it.lookup(n("nothing.acmeltd.co.uk."), RRType::TXT).kind, AnswerKind::kNxDomain);
  EXPECT_FALSE(net.sent.empty());
}

TEST_F(Hierarchy, SmoothedRttPrefersTheFastServerAndRetriesOnTimeout) {
  // Two servers for acmeltd.co.uk: 10.0.2.1 slow, 10.0.2.2 fast.
  net.serve("10.0.1.1", make_catalog({{"uk.", std::string(kUk) + "acmeltd.co NS ns2.acmeltd.co\n"
                                                                 "ns2.acmeltd.co A 10.0.2.2\n"}}));
  net.serve("10.0.2.2", make_catalog({{"acmeltd.co.uk.", kAcme}}));
  net.set_rtt("10.0.2.1", Millis(200));
  net.set_rtt("10.0.2.2", Millis(5));
  Iterator it = iterator();
  for (int i = 0; i < 6; ++i)
    ASSERT_EQ(it.lookup(n("h" + std::to_string(i) + ".acmeltd.co.uk."), RRType::A).kind,
              AnswerKind::kNxDomain);
  EXPECT_EQ(it.selection().srtt(addr("10.0.2.2")), 5);
  net.sent.clear();
  (void)it.lookup(n("x.acmeltd.co.uk."), RRType::A);
  ASSERT_EQ(net.sent.size(), 1u);
  EXPECT_EQ(net.sent[0].server, "10.0.2.2:53");

  // The fast server dies: a timeout, then the other server answers.
  net.handle("10.0.2.2", [](const Message&) { return std::optional<Message>(); });
  net.sent.clear();
  EXPECT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked("10.0.2.2"), (Lines{"www.acmeltd.co.uk. A"}));
  EXPECT_EQ(net.asked("10.0.2.1"), (Lines{"www.acmeltd.co.uk. A"}));
  EXPECT_GE(it.selection().srtt(addr("10.0.2.2")), 800);
}

TEST_F(Hierarchy, MinimisedQueryRefusedFallsBackToTheFullName) {
  // A broken uk server that refuses every name it does not hold exactly (co.uk. is an empty
  // non-terminal there), but answers the full name with the referral.
  auto uk = std::make_shared<Catalog>(make_catalog({{"uk.", kUk}}));
  net.handle("10.0.1.1", [uk](const Message& q) -> std::optional<Message> {
    if (q.questions[0].name == n("co.uk.")) return reply_with(q, Rcode::REFUSED, {});
    std::vector<uint8_t> out(65535);
    out.resize(respond(*uk, {}, canon::Transport::kUdp, q.encode(), out));
    return *Message::decode(out);
  });
  Iterator it = iterator();
  SourceAnswer a = it.lookup(n("www.acmeltd.co.uk."), RRType::A);
  ASSERT_EQ(a.kind, AnswerKind::kAnswer) << a.why;
  EXPECT_EQ(net.asked(),
            (Lines{". NS", "uk. A", "co.uk. A", "www.acmeltd.co.uk. A", "www.acmeltd.co.uk. A"}));
}

// RFC 8109: the hints only say where to ask first. The root's NS RRset and its addresses come
// from a priming query to a hints server, and the lookups go to the servers it names.
TEST_F(Hierarchy, PrimingReplacesTheHintsWithTheRootsOwnServers) {
  net.serve("10.0.0.9", make_catalog({{".", kRoot}}));  // an old root server, still answering
  hints = *parse_root_hints(". 3600000 NS old.root.\nold.root. 3600000 A 10.0.0.9\n", "hints");
  Iterator it = iterator();
  ASSERT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked("10.0.0.9"), (Lines{". NS"}));
  EXPECT_EQ(net.asked("10.0.0.1"), (Lines{"uk. A"}));  // a.root., from the priming answer
  auto ns = cache.get(Name::root(), RRType::NS);
  ASSERT_TRUE(ns);
  EXPECT_EQ(ns->rrset.type, RRType::NS);
  EXPECT_EQ(ns->rrset.rdatas.size(), 1u);
  EXPECT_EQ(ns->trust, Trust::kAnswer);
  // Primed once: the next lookup from the root does not ask again.
  net.sent.clear();
  ASSERT_EQ(it.lookup(n("www.example."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked("10.0.0.9"), Lines{});
}

// A hints server that will not answer the priming query leaves the hints in use, and it is not
// asked again for a minute (RFC 8109 §3).
TEST_F(Hierarchy, FailedPrimingKeepsTheHintsAndWaitsBeforeTryingAgain) {
  auto root = std::make_shared<Catalog>(make_catalog({{".", kRoot}}));
  net.handle("10.0.0.1", [root](const Message& q) -> std::optional<Message> {
    if (q.questions[0].name.is_root()) return reply_with(q, Rcode::REFUSED, {});
    std::vector<uint8_t> out(65535);
    out.resize(respond(*root, {}, canon::Transport::kUdp, q.encode(), out));
    return *Message::decode(out);
  });
  Iterator it = iterator();
  ASSERT_EQ(it.lookup(n("www.acmeltd.co.uk."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked("10.0.0.1"), (Lines{". NS", "uk. A"}));
  net.sent.clear();
  clock.advance(Millis(30'000));
  ASSERT_EQ(it.lookup(n("www.example."), RRType::A).kind, AnswerKind::kAnswer);
  EXPECT_EQ(net.asked("10.0.0.1"), (Lines{"example. A", "net. A"}));  // no ". NS" yet
  net.sent.clear();
  clock.advance(Millis(31'000));
  ASSERT_EQ(it.lookup(n("nothere.hosting.net."), RRType::A).kind, AnswerKind::kNxDomain);
  EXPECT_EQ(net.asked("10.0.0.1"), (Lines{". NS"}));  // a minute on: tried again
}

TEST_F(Hierarchy, DnameFromAServerIsOneHopAndItsTargetIsResolvedAgain) {
  net.serve(
      "10.0.2.1",
      make_catalog({{"acmeltd.co.uk.", std::string(kAcme) + "old 300 DNAME acmeltd.co.uk.\n"}}));
  Iterator it = iterator();
  Router pub(nullptr, {}, &net, &cache, &it, {12, true});
  Resolved r = pub.resolve(n("www.old.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(r.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(r.answer), (Lines{"old.acmeltd.co.uk. 300 IN DNAME acmeltd.co.uk.",
                                    "www.old.acmeltd.co.uk. 300 IN CNAME www.acmeltd.co.uk.",
                                    "www.acmeltd.co.uk. 600 IN A 192.0.2.10"}));
  // The DNAME is cached on its own and answers a sibling without asking anyone.
  net.sent.clear();
  r = pub.resolve(n("ns.old.acmeltd.co.uk."), RRType::A, true);
  // ns.acmeltd.co.uk's address is in the cache only as glue: never an answer for a client, so
  // the target is asked for.
  EXPECT_EQ(lines(r.answer).back(), "ns.acmeltd.co.uk. 3600 IN A 10.0.2.1");
  EXPECT_EQ(net.asked(), (Lines{"ns.acmeltd.co.uk. A"}));
  net.sent.clear();
  r = pub.resolve(n("www.old.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(r.answer.size(), 3u);
  EXPECT_TRUE(net.sent.empty());  // the whole chain from the cache
}

TEST(RootHints, BuiltinAndFile) {
  const RootHints& b = builtin_root_hints();
  EXPECT_EQ(b.ns.rdatas.size(), 13u);
  EXPECT_EQ(b.servers.size(), 26u);
  auto bad = parse_root_hints(". NS a.root.\na.root. A 10.0.0.300\n", "hints.zone");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("hints.zone:2:", 0), 0u) << bad.error().message;
  auto none = parse_root_hints("a.root. A 10.0.0.1\n", "hints.zone");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "hints.zone: no NS records for the root");
}

}  // namespace
}  // namespace canon::resolver
