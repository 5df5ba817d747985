// AnswerCache: a finished reply comes back as the octets write_from_cache() would write at that
// moment (TTLs counted down), and never outlives the RRsets it was built from.
#include "resolver/answer_cache.h"

#include <gtest/gtest.h>

#include "resolver/cached_answer.h"
#include "resolver/resolver_test_util.h"
#include "wire/edns.h"

namespace canon::resolver {
namespace {

using namespace testing;

struct NoUpstream final : AnswerSource {
  SourceAnswer lookup(const Name&, RRType) override { return {}; }
};

RRset rrset(const std::string& owner, RRType type, uint32_t ttl, const std::string& rdata) {
  auto rrs = records({owner + " " + std::to_string(ttl) + " IN " + to_string(type) + " " + rdata});
  return group_rrsets(rrs).at(0);
}

struct AnswerCacheTest : ::testing::Test {
  ManualClock clock;
  // Small enough for a test to fill (HitsKeepTheirRRsetsInTheCache); the others stay far below.
  Cache cache{clock, CacheOptions{.max_bytes = 1 << 20, .shards = 1}};
  NoUpstream upstream;
  Router router{nullptr, {}, nullptr, &cache, &upstream, RouterOptions{12, true, Millis(1500)}};
  AnswerCache answers{1 << 20};
  std::vector<uint8_t> out = std::vector<uint8_t>(65535);

  void SetUp() override {
    cache.put(rrset("a.example.", RRType::CNAME, 600, "b.example."), Trust::kAnswer);
    cache.put(rrset("b.example.", RRType::A, 300, "192.0.2.1"), Trust::kAnswer);
  }

  AnswerQuery ask(const Name& qname, RRType qtype, bool edns = true, size_t limit = 1232) {
    return AnswerQuery{4242, true, false, qname.wire(), qtype, edns, limit};
  }
  // The reply as ResolverService::answer_cached() builds it from the RRsets, kept in `answers`
  // when `keep`; empty when the RRset cache cannot give it.
  std::vector<uint8_t> rebuilt(const AnswerQuery& q, bool keep) {
    MessageWriter w(out, q.limit);
    Header h;
    h.id = q.id;
    h.qr = true;
    h.rd = q.rd;
    h.cd = q.cd;
    h.ra = true;
    Name qname = *Name::from_wire(q.qname);
    if (!w.start(h, q.qname, q.qtype, RRClass::IN)) return {};
    Edns edns;
    edns.udp_size = 1232;
    if (q.edns) w.reserve_opt(opt_rr_size(edns));
    std::vector<ReplySource> sources;
    auto rc = write_from_cache(cache, router, qname, q.qtype, 12, w, &sources);
    if (!rc) return {};
    w.set_rcode(*rc);
    if (q.edns && !w.write_opt(edns)) return {};
    size_t n = w.finish();
    if (keep) answers.store(q, {out.data(), n}, sources);
    return {out.begin(), out.begin() + static_cast<ptrdiff_t>(n)};
  }
  std::vector<uint8_t> finished(const AnswerQuery& q) {
    size_t n = answers.write(q, clock.now(), out);
    return {out.begin(), out.begin() + static_cast<ptrdiff_t>(n)};
  }
  static Message decoded(const std::vector<uint8_t>& wire) {
    auto m = Message::decode(wire);
    EXPECT_TRUE(m);
    return m ? *m : Message{};
  }
};

TEST_F(AnswerCacheTest, AChainComesBackWithItsTtlsCountedDown) {
  Name a = n("a.example.");
  EXPECT_TRUE(finished(ask(a, RRType::A)).empty());  // nothing stored yet
  ASSERT_FALSE(rebuilt(ask(a, RRType::A), true).empty());
  EXPECT_EQ(answers.entry_count(), 1u);
  clock.advance(Millis(100'500));
  std::vector<uint8_t> hit = finished(ask(a, RRType::A));
  EXPECT_EQ(hit, rebuilt(ask(a, RRType::A), false));
  EXPECT_EQ(lines(group_rrsets(decoded(hit).answer)),
            (Lines{"a.example. 499 IN CNAME b.example.", "b.example. 199 IN A 192.0.2.1"}));
  // Without EDNS, another ID, CD set: the same sections under the query's own header.
  AnswerQuery plain = ask(a, RRType::A, false, 512);
  plain.id = 7;
  plain.cd = true;
  hit = finished(plain);
  EXPECT_EQ(hit, rebuilt(plain, false));
  EXPECT_FALSE(decoded(hit).edns);
  EXPECT_EQ(decoded(hit).header.id, 7);
}

TEST_F(AnswerCacheTest, NeverPastTheFirstExpiry) {
  Name a = n("a.example.");
  rebuilt(ask(a, RRType::A), true);
  clock.advance(Millis(299'999));
  EXPECT_FALSE(finished(ask(a, RRType::A)).empty());  // TTL 0, as the RRset cache says
  EXPECT_EQ(decoded(finished(ask(a, RRType::A))).answer.at(1).ttl, 0u);
  clock.advance(Millis(1));  // the A has expired, the CNAME lives on
  EXPECT_TRUE(finished(ask(a, RRType::A)).empty());
  EXPECT_EQ(answers.entry_count(), 0u);  // dropped when found past it
}

TEST_F(AnswerCacheTest, ASourceReplacedOrEvictedEndsTheEntry) {
  Name a = n("a.example.");
  rebuilt(ask(a, RRType::A), true);
  clock.advance(Millis(10'000));
  cache.put(rrset("b.example.", RRType::A, 300, "192.0.2.99"), Trust::kAnswer);
  EXPECT_TRUE(finished(ask(a, RRType::A)).empty());  // the slow path has the new address
  std::vector<uint8_t> now = rebuilt(ask(a, RRType::A), true);
  EXPECT_EQ(lines(group_rrsets(decoded(now).answer)).at(1), "b.example. 300 IN A 192.0.2.99");
  EXPECT_EQ(finished(ask(a, RRType::A)), now);
  // Glue does not replace answer data (RFC 2181 §5.4.1): the entry stays.
  cache.put(rrset("b.example.", RRType::A, 300, "192.0.2.5"), Trust::kGlue);
  EXPECT_EQ(finished(ask(a, RRType::A)), now);
}

TEST_F(AnswerCacheTest, NegativeEndsCarryTheSoaTtl) {
  RRset soa = rrset("example.", RRType::SOA, 3600, "ns.example. h.example. 1 2 3 4 60");
  cache.put_negative(n("gone.example."), RRType::A, true, &soa);  // NXDOMAIN, 60 s
  cache.put_negative(n("b.example."), RRType::TXT, false, &soa);  // NODATA
  for (const char* name : {"gone.example.", "a.example."}) {
    RRType t = std::string(name) == "gone.example." ? RRType::A : RRType::TXT;
    Name qname = n(name);
    AnswerQuery q = ask(qname, t);
    rebuilt(q, true);
    clock.advance(Millis(5'000));
    std::vector<uint8_t> hit = finished(q);
    ASSERT_FALSE(hit.empty()) << name;
    EXPECT_EQ(hit, rebuilt(q, false));
    EXPECT_LT(decoded(hit).authority.at(0).ttl, 60u);
  }
  EXPECT_EQ(decoded(finished(ask(n("gone.example."), RRType::A))).rcode(), Rcode::NXDOMAIN);
  // Data stored at the name ends its NXDOMAIN (Cache::put drops the negative entry).
  cache.put(rrset("gone.example.", RRType::A, 300, "192.0.2.3"), Trust::kAnswer);
  EXPECT_TRUE(finished(ask(n("gone.example."), RRType::A)).empty());
}

TEST_F(AnswerCacheTest, OnlyTheOctetsItWasBuiltForAndOnlyWhatFits) {
  rebuilt(ask(n("a.example."), RRType::A), true);
  EXPECT_TRUE(finished(ask(n("A.example."), RRType::A)).empty());  // another case
  EXPECT_TRUE(finished(ask(n("a.example."), RRType::AAAA)).empty());
  size_t size = rebuilt(ask(n("a.example."), RRType::A), false).size();
  EXPECT_TRUE(finished(ask(n("a.example."), RRType::A, true, size - 1)).empty());
  EXPECT_EQ(finished(ask(n("a.example."), RRType::A, true, size)).size(), size);
  // Another case replaces the entry.
  rebuilt(ask(n("A.Example."), RRType::A), true);
  EXPECT_EQ(answers.entry_count(), 1u);
  EXPECT_FALSE(finished(ask(n("A.Example."), RRType::A)).empty());
  EXPECT_TRUE(finished(ask(n("a.example."), RRType::A)).empty());
  answers.clear();
  EXPECT_EQ(answers.entry_count(), 0u);
}

TEST_F(AnswerCacheTest, RepliesThatDoNotHoldTheirSourcesAreNotKept) {
  Name a = n("a.example.");
  AnswerQuery q = ask(a, RRType::A);
  std::vector<uint8_t> reply = rebuilt(q, false);
  std::vector<ReplySource> one = {{clock.now() + Millis(1000), 1, {}}};
  answers.store(q, reply, one);  // two records, one source of one
  answers.store(q, reply, {});
  std::vector<uint8_t> runt(reply.begin(), reply.begin() + 20);
  answers.store(q, runt, one);
  EXPECT_EQ(answers.entry_count(), 0u);
}

TEST_F(AnswerCacheTest, BoundedInBytesOldestOut) {
  AnswerCache small(2000, 1);
  std::vector<ReplySource> sources;
  for (int i = 0; i < 50; ++i) {
    std::string owner = "h" + std::to_string(i) + ".example.";
    cache.put(rrset(owner, RRType::A, 300, "192.0.2.1"), Trust::kAnswer);
    Name qname = n(owner);
    AnswerQuery q = ask(qname, RRType::A);
    std::vector<uint8_t> reply = rebuilt(q, false);
    MessageWriter w(out, 1232);  // sources again, for `small`
    Header h;
    w.start(h, q.qname, q.qtype, RRClass::IN);
    sources.clear();
    write_from_cache(cache, router, qname, RRType::A, 12, w, &sources);
    small.store(q, reply, sources);
  }
  EXPECT_GT(small.entry_count(), 0u);
  EXPECT_LT(small.entry_count(), 50u);
  EXPECT_NE(small.write(ask(n("h49.example."), RRType::A), clock.now(), out), 0u);
  EXPECT_EQ(small.write(ask(n("h0.example."), RRType::A), clock.now(), out), 0u);
}

// The RRset cache does not see hits served from here; they mark the RRsets used, so that a chain
// asked only through the AnswerCache is not evicted before data nobody asks for.
TEST_F(AnswerCacheTest, HitsKeepTheirRRsetsInTheCache) {
  cache.put(rrset("c.example.", RRType::CNAME, 600, "d.example."), Trust::kAnswer);
  cache.put(rrset("d.example.", RRType::A, 300, "192.0.2.4"), Trust::kAnswer);
  Name hot = n("a.example."), cold = n("c.example.");
  ASSERT_FALSE(rebuilt(ask(hot, RRType::A), true).empty());
  ASSERT_FALSE(rebuilt(ask(cold, RRType::A), true).empty());
  size_t filled = 0;
  for (int i = 0; i < 20000; ++i) {  // well past 1 MiB of entries
    cache.put(rrset("h" + std::to_string(i) + ".example.", RRType::A, 300, "192.0.2.9"),
              Trust::kAnswer);
    if (i % 100 == 0) {
      clock.advance(Millis(1000));
      EXPECT_FALSE(finished(ask(hot, RRType::A)).empty()) << "after " << i << " other names";
    }
    filled = std::max(filled, cache.entry_count());
  }
  EXPECT_LT(cache.entry_count(), 20000u);  // the bound evicted most of them
  EXPECT_FALSE(finished(ask(hot, RRType::A)).empty());
  EXPECT_TRUE(finished(ask(cold, RRType::A)).empty());  // never asked again: evicted as usual
  EXPECT_TRUE(cache.get(n("b.example."), RRType::A));
  EXPECT_FALSE(cache.get(n("d.example."), RRType::A));
}

}  // namespace
}  // namespace canon::resolver
