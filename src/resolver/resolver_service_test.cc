// Views end to end, from query packet to reply packet: view choice by client address,
// private data kept inside its view, recursion ACL, malformed packets, the thread pool.
#include "resolver/resolver_service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <future>

#include "resolver/resolver_test_util.h"

namespace canon::resolver {
namespace {

using namespace testing;

sockaddr_storage ip4(const char* text) {
  sockaddr_storage ss{};
  auto* s = reinterpret_cast<sockaddr_in*>(&ss);
  s->sin_family = AF_INET;
  ::inet_pton(AF_INET, text, &s->sin_addr);
  return ss;
}

// An upstream answer of twelve 60-octet TXT records at big.example.: about 900 octets, over
// 512 and under 1232.
Message big_txt(const Message& q) {
  Lines txt;
  for (int i = 0; i < 12; ++i)
    txt.push_back("big.example. 300 IN TXT \"" + std::string(60, static_cast<char>('a' + i)) +
                  "\"");
  return reply_with(q, Rcode::NOERROR, txt);
}

bool in_ten(const sockaddr_storage& a) {
  auto* s = reinterpret_cast<const sockaddr_in*>(&a);
  return a.ss_family == AF_INET && (ntohl(s->sin_addr.s_addr) >> 24) == 10;
}

// The public tree in one root zone: the alias, and the delegation of the internal zone to an
// address nobody outside can reach.
const char* kPublicRoot =
    ". SOA a.root. nstld.root. 1 1800 900 604800 86400\n"
    ". NS a.root.\n"
    "a.root. A 10.0.0.1\n"
    "service1.acmeltd.co.uk. 300 CNAME service1.region.prod.acmeltd.co.uk.\n"
    "www.acmeltd.co.uk. 300 A 192.0.2.10\n"
    "alias.example. 600 CNAME www.acmeltd.co.uk.\n"
    "region.prod.acmeltd.co.uk. NS ns.internal.\n"
    "ns.internal. A 10.9.9.9\n";

const char* kPrivate =
    "@ 300 SOA ns hostmaster 1 3600 600 86400 60\n@ 300 NS ns\nns 300 A 10.0.0.53\n"
    "service1 300 A 10.1.2.3\n";

struct Service : ::testing::Test {
  ManualClock clock;
  FakeNetwork net{clock};
  std::unique_ptr<ResolverService> svc;

  void SetUp() override {
    net.serve("10.0.0.1", make_catalog({{".", kPublicRoot}}));
    // The cloud resolver chases, cannot reach the internal server, and fails.
    net.handle("192.0.2.4", [](const Message& q) {
      if (q.questions[0].type == RRType::CNAME &&
          q.questions[0].name == n("service1.acmeltd.co.uk."))
        return reply_with(q, Rcode::NOERROR,
                          {"service1.acmeltd.co.uk. 300 IN CNAME "
                           "service1.region.prod.acmeltd.co.uk."});
      if (q.questions[0].name == n("www.acmeltd.co.uk."))
        return reply_with(q, Rcode::NOERROR, {"www.acmeltd.co.uk. 300 IN A 192.0.2.10"});
      return reply_with(q, Rcode::SERVFAIL, {});
    });
    ViewSpec vpc{
        "vpc",
        in_ten,
        in_ten,
        std::make_shared<Catalog>(make_catalog({{"region.prod.acmeltd.co.uk.", kPrivate}})),
        {ForwardRule{n("."), {addr("192.0.2.4")}, false}},
        true};
    auto any = [](const sockaddr_storage&) { return true; };
    auto not_203 = [](const sockaddr_storage& a) {
      auto* s = reinterpret_cast<const sockaddr_in*>(&a);
      return (ntohl(s->sin_addr.s_addr) >> 24) != 203;
    };
    ViewSpec pub{"public", any, not_203, nullptr, {}, true};
    ServiceOptions opt;
    opt.hints = *parse_root_hints(". NS a.root.\na.root. A 10.0.0.1\n", "hints");
    opt.threads = 1;
    svc = std::make_unique<ResolverService>(std::vector<ViewSpec>{vpc, pub}, opt, net, clock);
  }

  Message ask(const char* client, const std::string& name, RRType type = RRType::A) {
    auto out = svc->answer(make_query(n(name), type).encode(), ip4(client), Transport::kTcp);
    auto m = Message::decode(out);
    EXPECT_TRUE(m);
    return m ? *m : Message{};
  }
};

// answer_cached(): the reply from the view's cache alone, on the caller's thread, or 0.
struct Cached : Service {
  std::vector<uint8_t> buf = std::vector<uint8_t>(4096);

  std::optional<Message> cached(const char* client, const std::string& name,
                                RRType type = RRType::A, Transport t = Transport::kUdp) {
    Message q = make_query(n(name), type);
    q.header.id = 4242;
    size_t len = svc->answer_cached(q.encode(), ip4(client), t, buf);
    if (len == 0) return std::nullopt;
    auto m = Message::decode(std::span<const uint8_t>(buf.data(), len));
    EXPECT_TRUE(m);
    return m ? std::optional<Message>(*m) : std::nullopt;
  }
  // The reply answer() gives, and the one answer_cached() gives, must say the same.
  void expect_same(const Message& slow, const Message& fast) {
    EXPECT_EQ(fast.header.id, 4242);
    EXPECT_TRUE(fast.header.qr && fast.header.ra && fast.header.rd);
    EXPECT_FALSE(fast.header.aa);
    EXPECT_EQ(fast.rcode(), slow.rcode());
    EXPECT_EQ(fast.to_text().substr(fast.to_text().find("QUESTION")),
              slow.to_text().substr(slow.to_text().find("QUESTION")));
  }
};

TEST_F(Cached, MissThenHitWithTheTtlCountedDown) {
  EXPECT_FALSE(cached("192.0.2.50", "www.acmeltd.co.uk."));  // nothing cached yet
  Message slow = ask("192.0.2.50", "www.acmeltd.co.uk.");
  size_t sent = net.sent.size();
  auto fast = cached("192.0.2.50", "WWW.acmeltd.co.uk.");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->questions.at(0).name.to_string(), "WWW.acmeltd.co.uk.");  // case kept
  EXPECT_EQ(lines(group_rrsets(fast->answer)), (Lines{"WWW.acmeltd.co.uk. 300 IN A 192.0.2.10"}));
  clock.advance(Millis(120'500));
  fast = cached("192.0.2.50", "www.acmeltd.co.uk.");
  ASSERT_TRUE(fast);
  expect_same(ask("192.0.2.50", "www.acmeltd.co.uk."), *fast);
  EXPECT_EQ(lines(group_rrsets(fast->answer)), (Lines{"www.acmeltd.co.uk. 179 IN A 192.0.2.10"}));
  EXPECT_EQ(net.sent.size(), sent);  // answered from memory
  clock.advance(Millis(180'000));
  EXPECT_FALSE(cached("192.0.2.50", "www.acmeltd.co.uk."));  // expired: the slow path asks
  (void)slow;
}

TEST_F(Cached, ChainRebuiltFromPerRRsetEntries) {
  Message slow = ask("192.0.2.50", "alias.example.");
  ASSERT_EQ(slow.answer.size(), 2u);
  clock.advance(Millis(50'000));
  auto fast = cached("192.0.2.50", "alias.example.");
  ASSERT_TRUE(fast);
  expect_same(ask("192.0.2.50", "alias.example."), *fast);
  // The fake network's round trips took under a second after the CNAME was stored.
  EXPECT_EQ(lines(group_rrsets(fast->answer)),
            (Lines{"alias.example. 549 IN CNAME www.acmeltd.co.uk.",
                   "www.acmeltd.co.uk. 250 IN A 192.0.2.10"}));
  // A name whose CNAME is cached but whose target is not: the slow path finishes it.
  Message q = make_query(n("www.acmeltd.co.uk."), RRType::AAAA);
  svc->answer(q.encode(), ip4("192.0.2.50"), Transport::kUdp);
  EXPECT_TRUE(cached("192.0.2.50", "www.acmeltd.co.uk.", RRType::AAAA));  // NODATA now cached
  EXPECT_TRUE(cached("192.0.2.50", "alias.example.", RRType::AAAA));
  EXPECT_FALSE(cached("192.0.2.50", "alias.example.", RRType::TXT));
}

TEST_F(Cached, NegativeAnswersCarryTheSoa) {
  Message slow = ask("192.0.2.50", "nothere.example.");
  ASSERT_EQ(slow.rcode(), Rcode::NXDOMAIN);
  clock.advance(Millis(10'000));
  auto fast = cached("192.0.2.50", "nothere.example.");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->rcode(), Rcode::NXDOMAIN);
  EXPECT_TRUE(fast->answer.empty());
  ASSERT_EQ(fast->authority.size(), 1u);
  EXPECT_EQ(fast->authority[0].to_text().substr(0, 13),
            ".\t3590\tIN\tSOA");  // max-negative-ttl 3600
  expect_same(ask("192.0.2.50", "nothere.example."), *fast);
}

TEST_F(Cached, ViewsAndTheRecursionAclAreKept) {
  ask("10.20.30.40", "service1.acmeltd.co.uk.");  // the VPC view learns the chain's first hop
  ask("10.20.30.40", "www.acmeltd.co.uk.");
  // The target is in the VPC's private zone: not a cache answer, the slow path answers it.
  EXPECT_FALSE(cached("10.20.30.40", "service1.acmeltd.co.uk."));
  EXPECT_TRUE(cached("10.20.30.40", "www.acmeltd.co.uk."));
  // Another view has its own cache: nothing learnt by the VPC view answers its clients.
  EXPECT_FALSE(cached("192.0.2.50", "www.acmeltd.co.uk."));
  EXPECT_FALSE(cached("192.0.2.50", "service1.acmeltd.co.uk."));
  ask("192.0.2.50", "www.acmeltd.co.uk.");
  EXPECT_TRUE(cached("192.0.2.50", "www.acmeltd.co.uk."));
  EXPECT_FALSE(cached("203.0.113.9", "www.acmeltd.co.uk."));  // outside allow-recursion
  Message ch = make_query(n("www.acmeltd.co.uk."), RRType::A);
  ch.questions[0].cls = RRClass::CH;
  EXPECT_EQ(svc->answer_cached(ch.encode(), ip4("192.0.2.50"), Transport::kUdp, buf), 0u);
  std::vector<uint8_t> runt = {1, 2, 3};
  EXPECT_EQ(svc->answer_cached(runt, ip4("192.0.2.50"), Transport::kUdp, buf), 0u);
}

// A view chosen by the server (ViewChoice) is taken as it is, but only from this service's
// generation: a choice made against the views of a service since replaced is ignored.
TEST_F(Cached, AChosenViewIsTakenOnlyFromThisGeneration) {
  ask("10.20.30.40", "www.acmeltd.co.uk.");  // in the VPC view's cache only
  Message q = make_query(n("www.acmeltd.co.uk."), RRType::A);
  ViewChoice vpc{svc->generation(), 0};
  EXPECT_GT(svc->answer_cached(q.encode(), ip4("192.0.2.50"), Transport::kUdp, buf, &vpc), 0u);
  ViewChoice stale{svc->generation() + 1, 0};  // picked by address: the public view, a miss
  EXPECT_EQ(svc->answer_cached(q.encode(), ip4("192.0.2.50"), Transport::kUdp, buf, &stale), 0u);
  ViewChoice out_of_range{svc->generation(), 2};
  EXPECT_EQ(svc->answer_cached(q.encode(), ip4("192.0.2.50"), Transport::kUdp, buf, &out_of_range),
            0u);
  // Recursion is refused to 203/8 in the public view, unless the caller already checked it.
  ask("192.0.2.50", "www.acmeltd.co.uk.");
  EXPECT_EQ(svc->answer_cached(q.encode(), ip4("203.0.113.9"), Transport::kUdp, buf, &stale), 0u);
  ViewChoice pub{svc->generation(), 1};
  EXPECT_GT(svc->answer_cached(q.encode(), ip4("203.0.113.9"), Transport::kUdp, buf, &pub), 0u);
  // Every service has a generation of its own.
  ServiceOptions opt;
  opt.threads = 1;
  ResolverService other({}, opt, net, clock);
  EXPECT_NE(other.generation(), svc->generation());
}

TEST_F(Cached, TooBigForUdpTakesTheSlowPath) {
  net.handle("192.0.2.4", big_txt);
  Message q = make_query(n("big.example."), RRType::TXT);
  svc->answer(q.encode(), ip4("10.0.0.7"), Transport::kTcp);
  q.edns.reset();  // 512 octets: does not fit
  EXPECT_EQ(svc->answer_cached(q.encode(), ip4("10.0.0.7"), Transport::kUdp, buf), 0u);
  auto tcp = cached("10.0.0.7", "big.example.", RRType::TXT, Transport::kTcp);
  ASSERT_TRUE(tcp);
  EXPECT_EQ(tcp->answer.size(), 12u);
}

// The AnswerCache (answer_cache.h): a reply asked again is copied from the finished one. It
// must be, octet for octet, the reply rebuilt from the RRset cache at the same moment.
struct Finished : Cached {
  // answer_cached()'s reply to `packet`, as octets (empty for 0).
  std::vector<uint8_t> raw(const std::vector<uint8_t>& packet, const char* client = "192.0.2.50",
                           Transport t = Transport::kUdp) {
    size_t len = svc->answer_cached(packet, ip4(client), t, buf);
    return {buf.begin(), buf.begin() + static_cast<ptrdiff_t>(len)};
  }
  // Asks twice (the second from the AnswerCache), then once more with the finished replies
  // dropped; returns the reply after checking the three are the same octets.
  std::vector<uint8_t> same_as_rebuilt(const std::vector<uint8_t>& packet,
                                       const char* client = "192.0.2.50",
                                       Transport t = Transport::kUdp) {
    std::vector<uint8_t> first = raw(packet, client, t);
    std::vector<uint8_t> hit = raw(packet, client, t);
    svc->clear_answers();
    std::vector<uint8_t> rebuilt = raw(packet, client, t);
    EXPECT_FALSE(hit.empty());
    EXPECT_EQ(hit, first);
    EXPECT_EQ(hit, rebuilt);
    return hit;
  }
  static std::vector<uint8_t> query(const std::string& name, RRType type, bool edns = true,
                                    uint16_t id = 4242) {
    Message q = make_query(n(name), type);
    q.header.id = id;
    if (!edns) q.edns.reset();
    return q.encode();
  }
  static Message decoded(const std::vector<uint8_t>& wire) {
    auto m = Message::decode(wire);
    EXPECT_TRUE(m);
    return m ? *m : Message{};
  }
};

TEST_F(Finished, ChainsAndNegativeEndsAreTheRebuiltOctets) {
  ask("192.0.2.50", "alias.example.");                    // CNAME, then the A
  ask("192.0.2.50", "nothere.example.");                  // NXDOMAIN
  ask("192.0.2.50", "www.acmeltd.co.uk.", RRType::AAAA);  // NODATA
  clock.advance(Millis(2'000));
  for (bool edns : {true, false}) {
    for (Transport t : {Transport::kUdp, Transport::kTcp}) {
      Message chain =
          decoded(same_as_rebuilt(query("alias.example.", RRType::A, edns), "192.0.2.50", t));
      EXPECT_EQ(chain.answer.size(), 2u);
      EXPECT_EQ(chain.edns.has_value(), edns);
      Message nx =
          decoded(same_as_rebuilt(query("nothere.example.", RRType::A, edns), "192.0.2.50", t));
      EXPECT_EQ(nx.rcode(), Rcode::NXDOMAIN);
      EXPECT_EQ(nx.authority.size(), 1u);
      Message nodata = decoded(
          same_as_rebuilt(query("www.acmeltd.co.uk.", RRType::AAAA, edns), "192.0.2.50", t));
      EXPECT_EQ(nodata.rcode(), Rcode::NOERROR);
      EXPECT_TRUE(nodata.answer.empty());
      EXPECT_EQ(nodata.authority.size(), 1u);
      // A negative end after a CNAME hop: the chain, then the target's SOA.
      Message hop_nodata =
          decoded(same_as_rebuilt(query("alias.example.", RRType::AAAA, edns), "192.0.2.50", t));
      EXPECT_EQ(hop_nodata.answer.size(), 1u);
      EXPECT_EQ(hop_nodata.authority.size(), 1u);
    }
  }
  // And each says what answer() says.
  Message fast = decoded(raw(query("alias.example.", RRType::A)));
  expect_same(ask("192.0.2.50", "alias.example."), fast);
}

TEST_F(Finished, TtlsCountDownAndTheEntryEndsAtTheFirstExpiry) {
  ask("192.0.2.50", "alias.example.");  // CNAME 600, A 300
  std::vector<uint8_t> q = query("alias.example.", RRType::A);
  Message before = decoded(same_as_rebuilt(q));
  clock.advance(Millis(100'500));
  Message after = decoded(raw(q));  // from the AnswerCache, with the TTLs patched
  ASSERT_EQ(after.answer.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {  // 100.5 s less, in whole seconds rounded down
    EXPECT_GE(before.answer[i].ttl - after.answer[i].ttl, 100u);
    EXPECT_LE(before.answer[i].ttl - after.answer[i].ttl, 101u);
  }
  EXPECT_EQ(raw(q), same_as_rebuilt(q));
  clock.advance(Millis(200'000));  // past the A's expiry, not the CNAME's
  EXPECT_TRUE(raw(q).empty());
  EXPECT_TRUE(raw(q).empty());  // and the finished reply is not served either
}

TEST_F(Finished, TheQueryCaseIsKeptInTheQuestion) {
  ask("192.0.2.50", "alias.example.");
  std::vector<uint8_t> mixed = query("AliaS.ExamplE.", RRType::A);
  Message m = decoded(same_as_rebuilt(mixed));
  EXPECT_EQ(m.questions.at(0).name.to_string(), "AliaS.ExamplE.");
  EXPECT_EQ(m.answer.at(0).owner.to_string(), "AliaS.ExamplE.");
  // Another case is another layout (compression is case-sensitive): its own octets.
  std::vector<uint8_t> lower = query("alias.example.", RRType::A);
  std::vector<uint8_t> l1 = raw(lower), m1 = raw(mixed), l2 = raw(lower);
  EXPECT_EQ(l1, l2);
  EXPECT_EQ(decoded(l1).questions.at(0).name.to_string(), "alias.example.");
  EXPECT_EQ(decoded(m1).questions.at(0).name.to_string(), "AliaS.ExamplE.");
  EXPECT_EQ(l1, same_as_rebuilt(lower));
  EXPECT_EQ(m1, same_as_rebuilt(mixed));
}

TEST_F(Finished, HeaderBitsComeFromEachQuery) {
  ask("192.0.2.50", "www.acmeltd.co.uk.");
  Message q = make_query(n("www.acmeltd.co.uk."), RRType::A);
  q.header.id = 1;
  raw(q.encode());
  q.header.id = 2;
  q.header.cd = true;
  Message cd = decoded(same_as_rebuilt(q.encode()));
  EXPECT_EQ(cd.header.id, 2);
  EXPECT_TRUE(cd.header.cd);
  EXPECT_TRUE(cd.header.rd && cd.header.ra && cd.header.qr);
  q.header.id = 3;
  q.header.cd = false;
  q.header.rd = false;
  Message plain = decoded(same_as_rebuilt(q.encode()));
  EXPECT_EQ(plain.header.id, 3);
  EXPECT_FALSE(plain.header.cd || plain.header.rd);
}

TEST_F(Finished, SizeLimitsAreTheSlowPaths) {
  net.handle("192.0.2.4", big_txt);
  const char* vpc = "10.0.0.7";
  svc->answer(query("big.example.", RRType::TXT), ip4(vpc), Transport::kTcp);
  Message big = decoded(same_as_rebuilt(query("big.example.", RRType::TXT), vpc));
  EXPECT_EQ(big.answer.size(), 12u);
  // The finished reply exists now, but fits neither 512 octets nor an EDNS size of 512.
  EXPECT_TRUE(raw(query("big.example.", RRType::TXT, false), vpc).empty());
  Message small = make_query(n("big.example."), RRType::TXT, true, 512);
  small.header.id = 4242;
  EXPECT_TRUE(raw(small.encode(), vpc).empty());
  EXPECT_FALSE(raw(query("big.example.", RRType::TXT, false), vpc, Transport::kTcp).empty());
}

TEST_F(Finished, ViewsKeepTheirOwnFinishedReplies) {
  ask("10.20.30.40", "www.acmeltd.co.uk.");
  std::vector<uint8_t> q = query("www.acmeltd.co.uk.", RRType::A);
  EXPECT_FALSE(raw(q, "10.20.30.40").empty());
  EXPECT_FALSE(raw(q, "10.20.30.40").empty());
  EXPECT_TRUE(raw(q, "192.0.2.50").empty());   // the public view has learnt nothing
  EXPECT_TRUE(raw(q, "203.0.113.9").empty());  // outside allow-recursion
  Message meta = make_query(n("www.acmeltd.co.uk."), static_cast<RRType>(250));  // TSIG
  EXPECT_TRUE(raw(meta.encode(), "10.20.30.40").empty());  // respond()'s NOTIMP, not ours
}

TEST_F(Service, VpcClientGetsThePrivateAddressThroughTheForwarder) {
  Message m = ask("10.20.30.40", "service1.acmeltd.co.uk.");
  EXPECT_EQ(m.rcode(), Rcode::NOERROR);
  EXPECT_TRUE(m.header.ra);
  EXPECT_EQ(lines(group_rrsets(m.answer)),
            (Lines{"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
}

TEST_F(Service, OutsideClientNeverSeesPrivateData) {
  Message m = ask("192.0.2.50", "service1.region.prod.acmeltd.co.uk.");
  EXPECT_EQ(m.rcode(), Rcode::SERVFAIL);  // the internal server is unreachable from here
  EXPECT_TRUE(m.answer.empty());
  // Even after the VPC view resolved (and cached) the chain.
  ask("10.20.30.40", "service1.acmeltd.co.uk.");
  m = ask("192.0.2.50", "service1.acmeltd.co.uk.");
  for (const auto& rr : m.answer) EXPECT_NE(rr.type, RRType::A) << rr.to_text();
  EXPECT_EQ(svc->view_index(ip4("192.0.2.50")), 1);
  // Public names resolve in both views.
  EXPECT_EQ(lines(group_rrsets(ask("192.0.2.50", "www.acmeltd.co.uk.").answer)),
            (Lines{"www.acmeltd.co.uk. 300 IN A 192.0.2.10"}));
  EXPECT_EQ(lines(group_rrsets(ask("10.1.1.1", "www.acmeltd.co.uk.").answer)),
            (Lines{"www.acmeltd.co.uk. 300 IN A 192.0.2.10"}));
}

TEST_F(Service, RecursionRefusedOutsideTheAcl) {
  Message m = ask("203.0.113.9", "www.acmeltd.co.uk.");
  EXPECT_EQ(m.rcode(), Rcode::REFUSED);
  EXPECT_FALSE(m.header.ra);
  EXPECT_TRUE(net.sent.empty());
}

TEST_F(Service, MalformedAndOddPackets) {
  sockaddr_storage c = ip4("10.0.0.9");
  std::vector<uint8_t> runt = {1, 2, 3};
  EXPECT_TRUE(svc->answer(runt, c, Transport::kUdp).empty());
  std::vector<uint8_t> garbage = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x40};
  auto fe = svc->answer(garbage, c, Transport::kUdp);
  ASSERT_EQ(fe.size(), 12u);
  EXPECT_EQ(fe[0], 0x12);
  EXPECT_EQ(fe[3] & 0x0f, 1);  // FORMERR
  Message resp = make_query(n("x."), RRType::A);
  resp.header.qr = true;
  EXPECT_TRUE(svc->answer(resp.encode(), c, Transport::kUdp).empty());  // responses are dropped
  Message ch = make_query(n("version.bind."), RRType::TXT);
  ch.questions[0].cls = RRClass::CH;
  EXPECT_EQ(Message::decode(svc->answer(ch.encode(), c, Transport::kUdp))->rcode(), Rcode::REFUSED);
}

TEST_F(Service, UdpSizeLimitSetsTc) {
  net.handle("192.0.2.4", big_txt);
  Message q = make_query(n("big.example."), RRType::TXT);
  q.edns.reset();  // no EDNS: 512 octets (RFC 1035 §4.2.1)
  auto small = Message::decode(svc->answer(q.encode(), ip4("10.0.0.7"), Transport::kUdp));
  ASSERT_TRUE(small);
  EXPECT_TRUE(small->header.tc);
  EXPECT_TRUE(small->answer.empty());  // the RRset is written whole or not at all
  auto tcp = Message::decode(svc->answer(q.encode(), ip4("10.0.0.7"), Transport::kTcp));
  ASSERT_TRUE(tcp);
  EXPECT_FALSE(tcp->header.tc);
  EXPECT_EQ(tcp->answer.size(), 12u);
  q.edns = Edns{};
  q.edns->udp_size = 4096;  // honoured up to 1232
  auto big = Message::decode(svc->answer(q.encode(), ip4("10.0.0.7"), Transport::kUdp));
  ASSERT_TRUE(big);
  EXPECT_FALSE(big->header.tc);
  EXPECT_EQ(big->answer.size(), 12u);
}

TEST_F(Service, SubmitAnswersOnTheServiceThread) {
  std::promise<std::vector<uint8_t>> got;
  Message q = make_query(n("service1.acmeltd.co.uk."), RRType::A);
  q.header.id = 777;
  ASSERT_TRUE(
      svc->submit(q.encode(), ip4("10.1.1.1"), Transport::kUdp, [&](std::span<const uint8_t> r) {
        got.set_value({r.begin(), r.end()});
      }));
  auto fut = got.get_future();
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto m = Message::decode(fut.get());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header.id, 777);
  EXPECT_EQ(m->answer.size(), 2u);
}

}  // namespace
}  // namespace canon::resolver
