// Routing of every name and every chain target through the view: private zones, forward
// rules, recursion, chain limits (issue 5 §1).
#include "resolver/router.h"

#include <gtest/gtest.h>

#include "resolver/resolver_test_util.h"

namespace canon::resolver {
namespace {

using namespace testing;

const char* kPrivate =
    "@ 300 SOA ns hostmaster 1 3600 600 86400 60\n"
    "@ 300 NS ns\n"
    "ns 300 A 10.0.0.53\n"
    "service1 300 A 10.1.2.3\n"
    "loop1 300 CNAME service1.acmeltd.co.uk.\n";

// A forwarder that chases chains itself, as the cloud's resolver does: it cannot reach the
// internal server, so every name under region.prod fails, and so does a chain into it.
std::optional<Message> cloud_resolver(const Message& q) {
  const Question& qq = q.questions.at(0);
  std::string name = qq.name.lowered().to_string();
  if (name == "service1.acmeltd.co.uk.") {
    if (qq.type == RRType::CNAME)
      return reply_with(
          q, Rcode::NOERROR,
          {"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk."});
    return reply_with(q, Rcode::SERVFAIL, {});
  }
  if (name == "www.example.com." && qq.type == RRType::A)
    return reply_with(q, Rcode::NOERROR, {"www.example.com. 600 IN A 192.0.2.80"});
  if (name == "alias.example.com." && qq.type == RRType::A)  // a full chain, chased by it
    return reply_with(q, Rcode::NOERROR,
                      {"alias.example.com. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                       "service1.region.prod.acmeltd.co.uk. 300 IN A 203.0.113.66"});
  if (name == "back.example.com." && qq.type == RRType::A)
    return reply_with(q, Rcode::NOERROR,
                      {"back.example.com. 300 IN CNAME loop1.region.prod.acmeltd.co.uk."});
  return reply_with(q, Rcode::NXDOMAIN, {},
                    {"example.com. 300 IN SOA ns.example.com. h.example.com. 1 2 3 4 120"});
}

struct Fixture : ::testing::Test {
  ManualClock clock;
  FakeNetwork net{clock};
  Cache cache{clock};
  std::shared_ptr<const Catalog> zones =
      std::make_shared<Catalog>(make_catalog({{"region.prod.acmeltd.co.uk.", kPrivate}}));

  std::unique_ptr<Router> vpc(AnswerSource* recursion = nullptr, size_t max_chain = 12) {
    net.handle("192.0.2.4", cloud_resolver);
    ForwardRule all{n("."), {addr("192.0.2.4")}, false};
    return std::make_unique<Router>(zones, std::vector<ForwardRule>{all}, &net, &cache, recursion,
                                    RouterOptions{max_chain, recursion != nullptr});
  }
};

TEST_F(Fixture, VpcStoryForwarderServfailThenOwnRouting) {
  auto r = vpc();
  Resolved res = r->resolve(n("service1.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer),
            (Lines{"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  EXPECT_EQ(res.stages, (std::vector<Stage>{Stage::kForward, Stage::kLocal}));
  // The A query failed; the CNAME query found the first hop; nothing else was asked.
  EXPECT_EQ(net.asked(), (Lines{"service1.acmeltd.co.uk. A", "service1.acmeltd.co.uk. CNAME"}));
}

TEST_F(Fixture, ForwarderChaseIsNotTrusted) {
  auto r = vpc();
  Resolved res = r->resolve(n("alias.example.com."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer),
            (Lines{"alias.example.com. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  // The forwarder's address for the target was not cached either.
  EXPECT_FALSE(cache.get(n("service1.region.prod.acmeltd.co.uk."), RRType::A));
}

TEST_F(Fixture, PrivateZoneShadowsWithNxdomain) {
  auto r = vpc();
  Resolved res = r->resolve(n("missing.region.prod.acmeltd.co.uk."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NXDOMAIN);
  EXPECT_TRUE(res.aa);
  EXPECT_EQ(lines(res.authority),
            (Lines{"region.prod.acmeltd.co.uk. 60 IN SOA ns.region.prod.acmeltd.co.uk. "
                   "hostmaster.region.prod.acmeltd.co.uk. 1 3600 600 86400 60"}));
  EXPECT_TRUE(net.sent.empty());  // never a public lookup
}

TEST_F(Fixture, ChainLeavesForwarderAndComesBackThroughPrivateZone) {
  auto r = vpc();
  // back.example.com -> (forwarder) loop1.region.prod (private) -> service1.acmeltd.co.uk
  // (forwarder, SERVFAIL, CNAME retry) -> service1.region.prod (private).
  Resolved res = r->resolve(n("back.example.com."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer),
            (Lines{"back.example.com. 300 IN CNAME loop1.region.prod.acmeltd.co.uk.",
                   "loop1.region.prod.acmeltd.co.uk. 300 IN CNAME service1.acmeltd.co.uk.",
                   "service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  EXPECT_EQ(res.stages,
            (std::vector<Stage>{Stage::kForward, Stage::kLocal, Stage::kForward, Stage::kLocal}));
}

TEST_F(Fixture, MostSpecificForwardRuleWins) {
  for (std::string s : {"192.0.2.10", "192.0.2.11", "192.0.2.12"})
    net.handle(s, [](const Message& q) {
      return reply_with(q, Rcode::NOERROR,
                        {q.questions[0].name.to_string() + " 60 IN A 192.0.2.1"});
    });
  Router r(nullptr,
           {ForwardRule{n("."), {addr("192.0.2.10")}, false},
            ForwardRule{n("a.corp.example."), {addr("192.0.2.12")}, false},
            ForwardRule{n("corp.example."), {addr("192.0.2.11")}, false}},
           &net, &cache, nullptr, {});
  ASSERT_EQ(r.resolve(n("x.corp.example."), RRType::A, true).rcode, Rcode::NOERROR);
  ASSERT_EQ(r.resolve(n("y.a.corp.example."), RRType::A, true).rcode, Rcode::NOERROR);
  ASSERT_EQ(r.resolve(n("www.other."), RRType::A, true).rcode, Rcode::NOERROR);
  ASSERT_EQ(r.resolve(n("corpx.example."), RRType::A, true).rcode, Rcode::NOERROR);
  EXPECT_EQ(net.asked("192.0.2.11"), (Lines{"x.corp.example. A"}));
  EXPECT_EQ(net.asked("192.0.2.12"), (Lines{"y.a.corp.example. A"}));
  EXPECT_EQ(net.asked("192.0.2.10"), (Lines{"www.other. A", "corpx.example. A"}));
}

// A recursion stand-in that answers every address query with one fixed address.
struct FixedRecursion final : AnswerSource {
  SourceAnswer lookup(const Name& name, RRType type) override {
    ++calls;
    SourceAnswer a;
    a.kind = AnswerKind::kAnswer;
    a.records.push_back({name, type, RRClass::IN, 60, {{192, 0, 2, 99}}});
    return a;
  }
  int calls = 0;
};

TEST_F(Fixture, ForwardFirstFallsBackToRecursion) {
  FixedRecursion rec;
  Router first(nullptr, {ForwardRule{n("dead.example."), {addr("192.0.2.77")}, true}}, &net, &cache,
               &rec, {12, true});
  Resolved res = first.resolve(n("www.dead.example."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer), (Lines{"www.dead.example. 60 IN A 192.0.2.99"}));
  EXPECT_EQ(res.stages, (std::vector<Stage>{Stage::kRecursion}));

  Router only(nullptr, {ForwardRule{n("dead.example."), {addr("192.0.2.77")}, false}}, &net, &cache,
              &rec, {12, true});
  res = only.resolve(n("www.dead.example."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(res.ede);
  EXPECT_EQ(res.ede->info_code, 22);
  EXPECT_EQ(res.ede->extra_text, "forwarders failed: 192.0.2.77:53: timed out");
  EXPECT_EQ(rec.calls, 1);
}

// Found by the testbound replay (iter_scrub_ns_fwd): a forwarder's NOERROR with no answer,
// no SOA and an NS set is a referral (RFC 2308 §2.2), so the forwarder failed.
TEST_F(Fixture, ReferralFromForwarderIsAFailure) {
  net.handle("192.0.2.9", [](const Message& q) {
    Message m = reply_with(q, Rcode::NOERROR, {}, {"com. 300 IN NS ns.example.com."});
    return std::optional<Message>(m);
  });
  Router r(nullptr, {ForwardRule{n("."), {addr("192.0.2.9")}, false}}, &net, &cache, nullptr, {});
  Resolved res = r.resolve(n("mail.example.com."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(res.ede);
  EXPECT_EQ(res.ede->extra_text, "forwarders failed: referral to com. instead of an answer");
  EXPECT_FALSE(cache.get(n("mail.example.com."), RRType::A));  // nothing cached
}

TEST_F(Fixture, RecursionOnlyForAllowedClients) {
  FixedRecursion rec;
  auto r = vpc(&rec);
  EXPECT_EQ(r->resolve(n("www.example.com."), RRType::A, false).rcode, Rcode::REFUSED);
  // Local data still answers a client that may not recurse.
  EXPECT_EQ(r->resolve(n("service1.region.prod.acmeltd.co.uk."), RRType::A, false).rcode,
            Rcode::NOERROR);
  EXPECT_TRUE(net.sent.empty());
  EXPECT_EQ(rec.calls, 0);
}

TEST_F(Fixture, LoopAcrossSourcesIsServfailWithEde) {
  net.handle("192.0.2.5", [](const Message& q) {
    return reply_with(q, Rcode::NOERROR, {"a.fwd. 300 IN CNAME b.local."});
  });
  auto local = std::make_shared<Catalog>(
      make_catalog({{"local.", "@ SOA ns hm 1 2 3 4 60\nb CNAME a.fwd."}}));
  Router r(local, {ForwardRule{n("fwd."), {addr("192.0.2.5")}, false}}, &net, &cache, nullptr, {});
  Resolved res = r.resolve(n("a.fwd."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(res.ede);
  EXPECT_EQ(res.ede->info_code, 0);
  EXPECT_EQ(res.ede->extra_text, "CNAME loop at a.fwd.");
  EXPECT_EQ(lines(res.answer),
            (Lines{"a.fwd. 300 IN CNAME b.local.", "b.local. 3600 IN CNAME a.fwd."}));
}

// c0 -> c1 -> ... -> cN, cN has an address: N hops.
std::shared_ptr<Catalog> chain_zone(int hops) {
  std::string text = "@ SOA ns hm 1 2 3 4 60\n";
  for (int i = 0; i < hops; ++i)
    text += "c" + std::to_string(i) + " CNAME c" + std::to_string(i + 1) + "\n";
  text += "c" + std::to_string(hops) + " A 192.0.2.1\n";
  return std::make_shared<Catalog>(make_catalog({{"chain.", text}}));
}

TEST_F(Fixture, ChainLimitTwelveHopsFollowedThirteenthFails) {
  Router ok(chain_zone(12), {}, &net, &cache, nullptr, {12, false});
  Resolved res = ok.resolve(n("c0.chain."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(res.answer.size(), 13u);

  Router bad(chain_zone(13), {}, &net, &cache, nullptr, {12, false});
  res = bad.resolve(n("c0.chain."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::SERVFAIL);
  ASSERT_TRUE(res.ede);
  EXPECT_EQ(res.ede->info_code, 0);
  EXPECT_EQ(res.ede->extra_text, "CNAME chain longer than 12");
  EXPECT_EQ(res.answer.size(), 13u);  // the failing hop stays in the chain, as in src/auth
}

TEST_F(Fixture, ForwardedDnameIsSynthesizedAndTargetRoutedAgain) {
  net.handle("192.0.2.6", [](const Message& q) {
    // The forwarder's own synthesis and chase point to a public address: not trusted.
    return reply_with(q, Rcode::NOERROR,
                      {"old.example. 300 IN DNAME region.prod.acmeltd.co.uk.",
                       "service1.old.example. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                       "service1.region.prod.acmeltd.co.uk. 300 IN A 203.0.113.66"});
  });
  Router r(zones, {ForwardRule{n("old.example."), {addr("192.0.2.6")}, false}}, &net, &cache,
           nullptr, {});
  Resolved res = r.resolve(n("service1.old.example."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer),
            (Lines{"old.example. 300 IN DNAME region.prod.acmeltd.co.uk.",
                   "service1.old.example. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  // The DNAME is cached and answers a sibling without a query.
  size_t before = net.sent.size();
  res = r.resolve(n("ns.old.example."), RRType::A, true);
  EXPECT_EQ(lines(res.answer).back(), "ns.region.prod.acmeltd.co.uk. 300 IN A 10.0.0.53");
  EXPECT_EQ(net.sent.size(), before);
}

TEST_F(Fixture, ChainRebuiltFromCacheAndExpires) {
  auto r = vpc();
  ASSERT_EQ(r->resolve(n("back.example.com."), RRType::A, true).rcode, Rcode::NOERROR);
  size_t before = net.sent.size();
  clock.advance(std::chrono::seconds(100));
  Resolved res = r->resolve(n("back.example.com."), RRType::A, true);
  EXPECT_EQ(net.sent.size(), before);  // every hop from the cache or the private zone
  // Cached 20 ms before the first resolution ended (two more 10 ms queries followed): 100.02 s
  // of its 300 are gone, and TTLs count whole seconds down.
  EXPECT_EQ(lines(res.answer).front(),
            "back.example.com. 199 IN CNAME loop1.region.prod.acmeltd.co.uk.");
  clock.advance(std::chrono::seconds(201));
  r->resolve(n("back.example.com."), RRType::A, true);
  EXPECT_GT(net.sent.size(), before);  // expired: asked again
}

TEST_F(Fixture, NegativeAnswerCachedWithSoaMinimum) {
  auto r = vpc();
  Resolved res = r->resolve(n("nope.example.com."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NXDOMAIN);
  size_t before = net.sent.size();
  clock.advance(std::chrono::seconds(119));
  res = r->resolve(n("nope.example.com."), RRType::AAAA, true);  // NXDOMAIN covers every type
  EXPECT_EQ(res.rcode, Rcode::NXDOMAIN);
  EXPECT_EQ(net.sent.size(), before);
  EXPECT_EQ(lines(res.authority),
            (Lines{"example.com. 1 IN SOA ns.example.com. h.example.com. 1 2 3 4 120"}));
  clock.advance(std::chrono::seconds(2));
  r->resolve(n("nope.example.com."), RRType::A, true);
  EXPECT_EQ(net.sent.size(), before + 1);
}

TEST_F(Fixture, ServeStaleWhenTheForwarderFails) {
  Cache stale_cache(clock, {.serve_stale = true, .stale_ttl = 3600});
  bool up = true;
  net.handle("192.0.2.8", [&up](const Message& q) -> std::optional<Message> {
    if (!up) return std::nullopt;
    return reply_with(q, Rcode::NOERROR, {"www.example.net. 60 IN A 192.0.2.8"});
  });
  Router r(nullptr, {ForwardRule{n("."), {addr("192.0.2.8")}, false}}, &net, &stale_cache, nullptr,
           {});
  ASSERT_EQ(r.resolve(n("www.example.net."), RRType::A, true).rcode, Rcode::NOERROR);
  up = false;
  clock.advance(std::chrono::seconds(600));
  Resolved res = r.resolve(n("www.example.net."), RRType::A, true);
  EXPECT_EQ(res.rcode, Rcode::NOERROR);
  EXPECT_EQ(lines(res.answer), (Lines{"www.example.net. 30 IN A 192.0.2.8"}));  // RFC 8767 §4
  ASSERT_TRUE(res.ede);
  EXPECT_EQ(res.ede->info_code, 3);  // Stale Answer
  // Without serve-stale the same failure is SERVFAIL.
  Cache plain(clock);
  Router p(nullptr, {ForwardRule{n("."), {addr("192.0.2.8")}, false}}, &net, &plain, nullptr, {});
  EXPECT_EQ(p.resolve(n("www.example.net."), RRType::A, true).rcode, Rcode::SERVFAIL);
}

TEST_F(Fixture, ReplyCarriesEde) {
  Router bad(chain_zone(13), {}, &net, &cache, nullptr, {12, false});
  Message q = make_query(n("c0.chain."), RRType::A);
  q.header.id = 4242;
  Message m = make_reply(q, bad.resolve(n("c0.chain."), RRType::A, true));
  EXPECT_EQ(m.header.id, 4242);
  EXPECT_EQ(m.rcode(), Rcode::SERVFAIL);
  ASSERT_TRUE(m.edns);
  ASSERT_EQ(m.edns->errors.size(), 1u);
  EXPECT_EQ(m.edns->errors[0].extra_text, "CNAME chain longer than 12");
  auto again = Message::decode(m.encode());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->answer.size(), 13u);
}

}  // namespace
}  // namespace canon::resolver
