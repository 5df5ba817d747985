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
  net.handle("192.0.2.4", [](const Message& q) {
    Lines txt;
    for (int i = 0; i < 12; ++i)  // about 900 octets: over 512, under 1232
      txt.push_back("big.example. 300 IN TXT \"" + std::string(60, static_cast<char>('a' + i)) +
                    "\"");
    return reply_with(q, Rcode::NOERROR, txt);
  });
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
