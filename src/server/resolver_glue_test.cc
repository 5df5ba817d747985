// ViewTable::respond(): the workers' choice between the view's zones and the resolver;
// respond_or_cached(): when they ask the resolver's cache; DeferralSplit: who gets what.
#include "server/resolver_glue.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "auth/auth_test_util.h"
#include "server/alias_resolver.h"

namespace canon::server {
namespace {

using auth_testing::make_catalog;
using auth_testing::make_query;

sockaddr_storage v4(const char* text) {
  sockaddr_storage ss{};
  auto* s = reinterpret_cast<sockaddr_in*>(&ss);
  s->sin_family = AF_INET;
  ::inet_pton(AF_INET, text, &s->sin_addr);
  return ss;
}

constexpr const char* kPrivate =
    "@ 300 SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 10.0.0.53\nservice1 300 A 10.1.2.3\n"
    "out CNAME www.example.com.\n";

struct Fixture {
  ViewTable table;
  AuthOptions opt;
  std::vector<uint8_t> out = std::vector<uint8_t>(4096);

  Fixture() {
    ViewConfig vpc;
    vpc.name = "vpc";
    vpc.match_clients = {*parse_cidr("10.0.0.0/8")};
    vpc.recursion = true;
    vpc.allow_recursion = std::vector<Cidr>{*parse_cidr("10.0.0.0/16")};
    auto cat = std::make_shared<Catalog>(make_catalog({{"region.prod.acme.", kPrivate}}));
    table.views.push_back({vpc, cat});
    ViewConfig pub;
    pub.name = "public";
    pub.match_clients = {*parse_cidr("192.0.2.0/24")};
    pub.recursion = true;
    table.views.push_back({pub, nullptr});
  }
  // Returns the reply (empty when deferred) and fills `d`.
  auth_testing::Reply ask(const char* client, const char* qname, bool rd, Deferral* d) {
    auto q = make_query({.qname = qname, .rd = rd});
    size_t n = table.respond(opt, v4(client), Transport::kUdp, q, out, d);
    return auth_testing::decode_reply({out.data(), n});
  }
};

TEST(ResolverGlue, ViewZoneAnsweredByTheWorkerWithRa) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "service1.region.prod.acme.", true, &d);
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.answer, auth_testing::Lines{"service1.region.prod.acme. 300 IN A 10.1.2.3"});
  EXPECT_TRUE(r.msg.header.aa);
  EXPECT_TRUE(r.msg.header.ra);
}

TEST(ResolverGlue, RecursiveQueryOutsideTheZonesIsDeferred) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "www.example.com.", true, &d);
  EXPECT_EQ(r.size, 0u);
  EXPECT_TRUE(d.needed);
  EXPECT_EQ(d.target.to_string(), "www.example.com.");
}

TEST(ResolverGlue, ChainLeavingTheZonesIsDeferred) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "out.region.prod.acme.", true, &d);
  EXPECT_EQ(r.size, 0u);
  ASSERT_TRUE(d.needed);
  EXPECT_EQ(d.target.to_string(), "www.example.com.");
}

TEST(ResolverGlue, NoRecursionWithoutRdOrOutsideAllowRecursion) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "www.example.com.", false, &d);  // RD clear
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  r = f.ask("10.9.1.1", "www.example.com.", true, &d);  // in the view, not in allow-recursion
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  EXPECT_FALSE(r.msg.header.ra);
  r = f.ask("10.9.1.1", "service1.region.prod.acme.", true, &d);  // but its zones answer
  EXPECT_EQ(r.answer, auth_testing::Lines{"service1.region.prod.acme. 300 IN A 10.1.2.3"});
}

TEST(ResolverGlue, PrivateZoneNotServedToAnotherView) {
  Fixture f;
  Deferral d;
  auto r = f.ask("192.0.2.7", "service1.region.prod.acme.", false, &d);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  EXPECT_TRUE(r.answer.empty());
  f.ask("192.0.2.7", "service1.region.prod.acme.", true, &d);  // to the resolver's public view
  EXPECT_TRUE(d.needed);
}

TEST(ResolverGlue, ClientOfNoViewIsRefused) {
  Fixture f;
  Deferral d;
  auto r = f.ask("198.51.100.1", "service1.region.prod.acme.", true, &d);
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
}

// A sink whose answer_now() gives `hit` octets (0: a miss), counting what it is asked.
struct ScriptedSink final : DeferredSink {
  size_t hit = 0;
  int asked = 0, submitted = 0;
  std::optional<resolver::ViewChoice> chosen;  // the last asking's
  void reset(size_t h) {
    hit = h;
    asked = submitted = 0;
    chosen.reset();
  }
  bool submit(DeferredQuery&&) override {
    ++submitted;
    return true;
  }
  size_t answer_now(std::span<const uint8_t>, const sockaddr_storage&, Transport,
                    std::span<uint8_t> out, const resolver::ViewChoice* c) override {
    ++asked;
    chosen = c ? std::optional(*c) : std::nullopt;
    std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(hit), uint8_t{0xAB});
    return hit;
  }
};

TEST(ResolverGlue, OnlyRecursiveQueriesToViewsWithoutZonesAskTheCacheFirst) {
  Fixture f;
  f.table.views[1].config.allow_recursion = std::vector<Cidr>{*parse_cidr("192.0.2.0/25")};
  auto q = [](bool rd) { return make_query({.qname = "www.example.com.", .rd = rd}); };
  f.table.generation = 77;
  resolver::ViewChoice chosen;
  EXPECT_TRUE(f.table.cache_first(v4("192.0.2.7"), q(true), &chosen));  // public: no zones
  EXPECT_EQ(chosen.generation, 77u);
  EXPECT_EQ(chosen.index, 1u);
  EXPECT_FALSE(f.table.cache_first(v4("192.0.2.7"), q(false)));    // RD clear
  EXPECT_FALSE(f.table.cache_first(v4("192.0.2.200"), q(true)));   // outside allow-recursion
  EXPECT_FALSE(f.table.cache_first(v4("10.0.1.1"), q(true)));      // the VPC has a zone
  EXPECT_FALSE(f.table.cache_first(v4("198.51.100.1"), q(true)));  // no view
  std::vector<uint8_t> runt = {1, 2, 3};
  EXPECT_FALSE(f.table.cache_first(v4("192.0.2.7"), runt));
}

TEST(ResolverGlue, RespondOrCachedAsksTheSinkOnceAtMost) {
  Fixture f;
  Snapshot snap;
  snap.views = std::make_shared<ViewTable>(f.table);
  ScriptedSink sink;
  auto run = [&](const char* client, const char* qname, Deferral* d) {
    auto q = make_query({.qname = qname, .rd = true});
    return respond_or_cached(snap, &sink, v4(client), Transport::kUdp, q, f.out, d);
  };
  // A view without zones: a hit skips respond(), so nothing is deferred.
  sink.hit = 30;
  Deferral d;
  EXPECT_EQ(run("192.0.2.7", "www.example.com.", &d), 30u);
  EXPECT_EQ(sink.asked, 1);
  EXPECT_FALSE(d.needed);
  ASSERT_TRUE(sink.chosen);  // the view the table picked goes with the question
  EXPECT_EQ(sink.chosen->index, 1u);
  // A miss there is deferred, the sink asked once.
  sink.reset(0);
  d = {};
  EXPECT_EQ(run("192.0.2.7", "www.example.com.", &d), 0u);
  EXPECT_EQ(sink.asked, 1);
  EXPECT_TRUE(d.needed);
  // A view with zones: respond() first; the sink only for what it defers.
  sink.reset(0);
  d = {};
  EXPECT_GT(run("10.0.1.1", "service1.region.prod.acme.", &d), 0u);
  EXPECT_EQ(sink.asked, 0);
  sink.hit = 30;
  EXPECT_EQ(run("10.0.1.1", "www.example.com.", &d), 30u);
  EXPECT_EQ(sink.asked, 1);
  EXPECT_FALSE(sink.chosen);     // after respond() deferred: the service picks the view
  EXPECT_EQ(sink.submitted, 0);  // submitting is the caller's business
  // Without a sink: respond() alone.
  d = {};
  auto q = make_query({.qname = "www.example.com.", .rd = true});
  EXPECT_EQ(respond_or_cached(snap, nullptr, v4("192.0.2.7"), Transport::kUdp, q, f.out, &d), 0u);
  EXPECT_TRUE(d.needed);
}

TEST(DeferralSplit, CacheHitsAreTheResolversAndAliasMissesTheAliasResolvers) {
  ScriptedSink alias, resolver;
  resolver.hit = 12;
  DeferralSplit split(&alias, &resolver);
  std::vector<uint8_t> out(512);
  auto q = make_query({.qname = "www.example.com.", .rd = true});
  EXPECT_EQ(split.answer_now(q, v4("192.0.2.7"), Transport::kUdp, out, nullptr), 12u);
  EXPECT_EQ(resolver.asked, 1);
  EXPECT_EQ(alias.asked, 0);
  DeferredQuery to_alias;
  to_alias.need.alias = true;
  EXPECT_TRUE(split.submit(std::move(to_alias)));
  EXPECT_TRUE(split.submit(DeferredQuery{}));
  EXPECT_EQ(alias.submitted, 1);
  EXPECT_EQ(resolver.submitted, 1);
}

}  // namespace
}  // namespace canon::server
