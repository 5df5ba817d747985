#include "resolver/cache.h"

#include <gtest/gtest.h>

#include "resolver/resolver_test_util.h"

namespace canon::resolver {
namespace {

using namespace testing;
using std::chrono::seconds;

RRset a_rrset(const std::string& owner, uint32_t ttl, uint8_t last = 1) {
  return RRset{n(owner), RRType::A, RRClass::IN, ttl, {{192, 0, 2, last}}};
}

RRset soa(const std::string& zone, uint32_t ttl, uint32_t minimum) {
  auto rrs = records({zone + " " + std::to_string(ttl) + " IN SOA ns." + zone + " h." + zone +
                      " 1 2 3 4 " + std::to_string(minimum)});
  return group_rrsets(rrs).at(0);
}

TEST(Cache, TtlCountsDownAndExpires) {
  ManualClock clock;
  Cache c(clock);
  c.put(a_rrset("www.example.", 300), Trust::kAnswer);
  clock.advance(seconds(100));
  auto hit = c.get(n("WWW.example."), RRType::A);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->rrset.ttl, 200u);
  EXPECT_EQ(hit->rrset.owner.to_string(), "WWW.example.");  // the case asked
  clock.advance(seconds(200));
  EXPECT_FALSE(c.get(n("www.example."), RRType::A));
  EXPECT_EQ(c.entry_count(), 0u);  // removed when found expired
}

TEST(Cache, VisitShowsTheStoredEntryWithoutACopy) {
  ManualClock clock;
  Cache c(clock);
  c.put(a_rrset("Www.Example.", 300), Trust::kAnswer);
  c.put_negative(n("gone.example."), RRType::A, true, nullptr);  // no SOA: not stored
  c.put_negative(n("gone.example."), RRType::A, true,
                 &group_rrsets(records({"example. 600 IN SOA ns h 1 2 3 4 60"})).at(0));
  clock.advance(seconds(100));
  const RRset* seen = nullptr;
  uint32_t ttl = 0;
  EXPECT_TRUE(c.visit(n("www.example."), RRType::A, false, [&](const CacheView& v) {
    seen = v.rrset;
    ttl = v.ttl;
    EXPECT_EQ(v.kind, CacheKind::kRRset);
    EXPECT_EQ(v.trust, Trust::kAnswer);
  }));
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen->owner.to_string(), "Www.Example.");  // as stored: the caller writes its own
  EXPECT_EQ(ttl, 200u);
  EXPECT_EQ(c.get(n("www.example."), RRType::A)->rrset.ttl, 200u);  // get() agrees
  bool called = false;
  EXPECT_FALSE(
      c.visit(n("www.example."), RRType::AAAA, false, [&](const CacheView&) { called = true; }));
  EXPECT_FALSE(called);
  EXPECT_FALSE(c.visit(n("gone.example."), RRType::TXT, false, [](const CacheView&) {}));
  EXPECT_TRUE(c.visit(n("gone.example."), RRType::TXT, true, [&](const CacheView&) {}) ==
              c.options().serve_stale);  // expired after min(600, MINIMUM 60) seconds
  c.put_negative(n("gone.example."), RRType::A, true,
                 &group_rrsets(records({"example. 600 IN SOA ns h 1 2 3 4 60"})).at(0));
  clock.advance(seconds(15));
  EXPECT_TRUE(c.visit(n("gone.example."), RRType::TXT, false, [&](const CacheView& v) {
    EXPECT_EQ(v.kind, CacheKind::kNxDomain);  // NXDOMAIN covers every type
    ASSERT_NE(v.soa, nullptr);
    EXPECT_EQ(v.rrset, nullptr);
    EXPECT_EQ(v.ttl, 45u);
  }));
}

TEST(Cache, TtlCaps) {
  ManualClock clock;
  Cache c(clock, {.max_ttl = 3600, .min_ttl = 30});
  c.put(a_rrset("long.example.", 604800), Trust::kAnswer);
  c.put(a_rrset("short.example.", 1), Trust::kAnswer);
  EXPECT_EQ(c.get(n("long.example."), RRType::A)->rrset.ttl, 3600u);
  EXPECT_EQ(c.get(n("short.example."), RRType::A)->rrset.ttl, 30u);
}

TEST(Cache, NegativeEntriesUseSoaMinimum) {
  ManualClock clock;
  Cache c(clock);
  RRset s = soa("example.", 3600, 60);
  c.put_negative(n("gone.example."), RRType::A, /*nxdomain=*/true, &s);
  c.put_negative(n("www.example."), RRType::AAAA, /*nxdomain=*/false, &s);
  auto nx = c.get(n("gone.example."), RRType::MX);  // NXDOMAIN: every type
  ASSERT_TRUE(nx);
  EXPECT_EQ(nx->kind, CacheKind::kNxDomain);
  EXPECT_EQ(nx->soa->ttl, 60u);
  auto nodata = c.get(n("www.example."), RRType::AAAA);
  ASSERT_TRUE(nodata);
  EXPECT_EQ(nodata->kind, CacheKind::kNoData);
  EXPECT_FALSE(c.get(n("www.example."), RRType::A));  // NODATA is for one type
  clock.advance(seconds(61));
  EXPECT_FALSE(c.get(n("gone.example."), RRType::A));
  // Without an SOA nothing is stored (RFC 2308 §5).
  c.put_negative(n("x.example."), RRType::A, true, nullptr);
  EXPECT_FALSE(c.get(n("x.example."), RRType::A));
}

TEST(Cache, DataReplacesNameError) {
  ManualClock clock;
  Cache c(clock);
  RRset s = soa("example.", 3600, 600);
  c.put_negative(n("new.example."), RRType::A, true, &s);
  c.put(a_rrset("new.example.", 300), Trust::kAnswer);
  auto hit = c.get(n("new.example."), RRType::A);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, CacheKind::kRRset);
  EXPECT_FALSE(c.get(n("new.example."), RRType::TXT));
}

TEST(Cache, GlueDoesNotReplaceAnswers) {
  ManualClock clock;
  Cache c(clock);
  c.put(a_rrset("ns.example.", 300, 1), Trust::kAnswer);
  c.put(a_rrset("ns.example.", 300, 66), Trust::kGlue);
  EXPECT_EQ(c.get(n("ns.example."), RRType::A)->rrset.rdatas[0][3], 1);
  c.put(a_rrset("ns.example.", 300, 2), Trust::kAnswer);
  EXPECT_EQ(c.get(n("ns.example."), RRType::A)->rrset.rdatas[0][3], 2);
}

TEST(Cache, SizeBoundEvictsLeastRecentlyUsed) {
  ManualClock clock;
  Cache c(clock, {.max_bytes = 64 * 1024, .shards = 1});
  for (int i = 0; i < 5000; ++i)
    c.put(a_rrset("h" + std::to_string(i) + ".example.", 300), Trust::kAnswer);
  EXPECT_LE(c.memory_bytes(), 64u * 1024);
  EXPECT_LT(c.entry_count(), 5000u);
  EXPECT_TRUE(c.get(n("h4999.example."), RRType::A));
  EXPECT_FALSE(c.get(n("h0.example."), RRType::A));
}

// The second-chance rule: a touched entry at the end of the LRU order goes to the front once.
TEST(Cache, ATouchedEntryIsSparedByEvictionOnce) {
  ManualClock clock;
  Cache c(clock, {.max_bytes = 64 * 1024, .shards = 1});
  auto watch = [&](const std::string& name) {
    CacheWatch w;
    c.visit(n(name), RRType::A, false, [&](const CacheView& v) { w = v.watch(); });
    return w;
  };
  c.put(a_rrset("old.example.", 300), Trust::kAnswer);
  CacheWatch old = watch("old.example.");
  c.put(a_rrset("next.example.", 300), Trust::kAnswer);
  CacheWatch next = watch("next.example.");  // visited after `old`: newer in the LRU order
  old.touch();
  int i = 0;
  for (; next.live() && i < 100000; ++i)
    c.put(a_rrset("h" + std::to_string(i) + ".example.", 300), Trust::kAnswer);
  EXPECT_FALSE(next.live());
  EXPECT_TRUE(old.live());  // older, but touched
  for (; old.live() && i < 100000; ++i)
    c.put(a_rrset("h" + std::to_string(i) + ".example.", 300), Trust::kAnswer);
  EXPECT_FALSE(old.live());  // the mark was spent: not touched again, it goes in its turn
  EXPECT_LT(i, 100000);
  CacheWatch().touch();  // a watch on nothing: no effect, no crash
}

TEST(Cache, AWatchEndsWhenItsEntryIsReplacedEvictedOrDropped) {
  ManualClock clock;
  Cache c(clock, {.max_bytes = 64 * 1024, .shards = 1});
  auto watch = [&](const std::string& name) {
    CacheWatch w;
    Millis expires{0};
    c.visit(n(name), RRType::A, false, [&](const CacheView& v) {
      w = v.watch();
      expires = v.expires;
    });
    EXPECT_EQ(expires, clock.now() + Millis(300'000));
    return w;
  };
  c.put(a_rrset("a.example.", 300), Trust::kAnswer);
  CacheWatch replaced = watch("a.example.");
  EXPECT_TRUE(replaced.live());
  c.put(a_rrset("a.example.", 300, 2), Trust::kGlue);  // refused: the answer stays
  EXPECT_TRUE(replaced.live());
  c.put(a_rrset("a.example.", 300, 2), Trust::kAnswer);
  EXPECT_FALSE(replaced.live());
  CacheWatch dropped = watch("a.example.");
  clock.advance(std::chrono::seconds(300));
  EXPECT_TRUE(dropped.live());  // expired, but not yet seen so
  EXPECT_FALSE(c.get(n("a.example."), RRType::A));
  EXPECT_FALSE(dropped.live());
  c.put(a_rrset("h0.example.", 300), Trust::kAnswer);
  CacheWatch evicted = watch("h0.example.");
  for (int i = 1; i < 5000; ++i)
    c.put(a_rrset("h" + std::to_string(i) + ".example.", 300), Trust::kAnswer);
  EXPECT_FALSE(evicted.live());
  EXPECT_FALSE(CacheWatch().live());
}

TEST(Cache, ServeStaleOnlyWhenAskedAndEnabled) {
  ManualClock clock;
  Cache stale(clock, {.serve_stale = true, .stale_ttl = 3600});
  Cache plain(clock);
  for (Cache* c : {&stale, &plain}) c->put(a_rrset("www.example.", 60), Trust::kAnswer);
  clock.advance(seconds(120));
  EXPECT_FALSE(stale.get(n("www.example."), RRType::A));
  auto hit = stale.get(n("www.example."), RRType::A, /*allow_stale=*/true);
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->stale);
  EXPECT_EQ(hit->rrset.ttl, 30u);  // RFC 8767 §4
  EXPECT_FALSE(plain.get(n("www.example."), RRType::A, true));
  clock.advance(seconds(3600));
  EXPECT_FALSE(stale.get(n("www.example."), RRType::A, true));
}

TEST(Cache, ParseByteSize) {
  EXPECT_EQ(parse_byte_size("256MiB"), size_t{256} << 20);
  EXPECT_EQ(parse_byte_size("64m"), size_t{64} << 20);
  EXPECT_EQ(parse_byte_size("1G"), size_t{1} << 30);
  EXPECT_EQ(parse_byte_size("4096"), 4096u);
  EXPECT_FALSE(parse_byte_size("lots"));
  EXPECT_FALSE(parse_byte_size("12 parsecs"));
}

}  // namespace
}  // namespace canon::resolver
