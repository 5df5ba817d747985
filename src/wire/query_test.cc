#include "wire/query.h"

#include <gtest/gtest.h>

#include "wire/message_test_util.h"

namespace canon {
namespace {

using testing::Packet;
using testing::wire_code;

TEST(ParseQueryTest, PlainQuery) {
  Packet p;
  p.header(0xabcd, 0x0100, 1, 0, 0, 0).name("WwW.Example.").u16(28).u16(1);
  auto q = parse_query(p.b);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->header.id, 0xabcd);
  EXPECT_TRUE(q->header.rd);
  EXPECT_FALSE(q->header.qr);
  EXPECT_EQ(q->qdcount, 1);
  EXPECT_EQ(q->qname.to_string(), "WwW.Example.");  // case as the client wrote it
  EXPECT_EQ(q->qtype, RRType::AAAA);
  EXPECT_EQ(q->qclass, RRClass::IN);
  EXPECT_FALSE(q->has_edns);
  EXPECT_EQ(q->udp_size, 512);
}

TEST(ParseQueryTest, EdnsWithSubnetAndCookie) {
  Packet p = Packet::query(0, 0, 1);
  // ECS 198.51.100.0/24 (3 address octets), then a client-only cookie.
  p.opt(4096, 0x00008000, 4 + 7 + 4 + 8);
  p.u16(8).u16(7).u16(1).u8(24).u8(0).bytes({198, 51, 100});
  p.u16(10).u16(8).bytes({1, 2, 3, 4, 5, 6, 7, 8});
  auto q = parse_query(p.b);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_TRUE(q->has_edns);
  EXPECT_EQ(q->udp_size, 4096);
  EXPECT_TRUE(q->dnssec_ok);
  EXPECT_EQ(q->edns_version, 0);
  EXPECT_TRUE(q->has_cookie);
  ASSERT_TRUE(q->client_subnet);
  EXPECT_EQ(q->client_subnet->source_prefix, 24);
  EXPECT_EQ(q->client_subnet->address[2], 100);
}

TEST(ParseQueryTest, EdnsVersionIsReported) {
  Packet p = Packet::query(0, 0, 1);
  p.opt(1232, 0x00010000, 0);  // version 1: the responder answers BADVERS
  auto q = parse_query(p.b);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->edns_version, 1);
  EXPECT_FALSE(q->dnssec_ok);
}

TEST(ParseQueryTest, QuestionCountIsReportedNotJudged) {
  Packet none;
  none.header(7, 0, 0, 0, 0, 0);
  auto q = parse_query(none.b);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->qdcount, 0);
  Packet two;
  two.header(7, 0, 2, 0, 0, 0).name("a.").u16(1).u16(1).name("b.").u16(2).u16(1);
  q = parse_query(two.b);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->qdcount, 2);
  EXPECT_EQ(q->qname.to_string(), "a.");
}

TEST(ParseQueryTest, SkipsAnswerAndAuthorityStrictly) {
  Packet p = Packet::query(1, 1, 0);
  p.bytes({0xc0, 12}).u16(1).u16(1).u32(1).u16(4).bytes({1, 2, 3, 4});
  p.bytes({0xc0, 16}).u16(2).u16(1).u32(1).u16(2).bytes({0xc0, 12});
  ASSERT_TRUE(parse_query(p.b));
  Packet bad = Packet::query(1, 0, 0);
  bad.bytes({0xc0, 40}).u16(1).u16(1).u32(1).u16(4).bytes({1, 2, 3, 4});
  auto q = parse_query(bad.b);
  ASSERT_FALSE(q);
  EXPECT_EQ(wire_code(q.error()), WireError::kBadPointer);
}

TEST(ParseQueryTest, Rejections) {
  struct Case {
    const char* what;
    Packet p;
    WireError want;
  };
  std::vector<Case> cases;
  {
    Packet p;
    p.bytes({1, 2, 3});
    cases.push_back({"short", p, WireError::kTruncated});
  }
  cases.push_back({"counts", Packet::query(0, 0, 2), WireError::kCountMismatch});
  {
    Packet p = Packet::query(1);
    p.opt(1232, 0, 0);
    cases.push_back({"OPT in answer", p, WireError::kBadOpt});
  }
  {
    Packet p = Packet::query(0, 0, 2);
    p.opt(1232, 0, 0).opt(1232, 0, 0);
    cases.push_back({"two OPT", p, WireError::kBadOpt});
  }
  {
    Packet p = Packet::query(0, 0, 1);
    p.opt(1232, 0, 4 + 7).u16(8).u16(7).u16(1).u8(23).u8(0).bytes({198, 51, 101});
    cases.push_back({"ECS bits past prefix", p, WireError::kBadOpt});
  }
  {
    Packet p = Packet::query(0, 0, 1);
    p.opt(1232, 0, 4 + 9).u16(10).u16(9).bytes({1, 2, 3, 4, 5, 6, 7, 8, 9});
    cases.push_back({"cookie of 9", p, WireError::kBadOpt});
  }
  {
    Packet p = Packet::query();
    p.u8(0);
    cases.push_back({"trailing", p, WireError::kTrailingData});
  }
  {
    Packet p;
    p.header(1, 0, 1, 0, 0, 0).bytes({1, 'a', 0xc0, 12}).u16(1).u16(1);
    cases.push_back({"loop", p, WireError::kCompressionLoop});
  }
  {
    Packet p;
    p.header(1, 0, 1, 0, 0, 0).bytes({0x40, 0}).u16(1).u16(1).u8(0);
    cases.push_back({"label type", p, WireError::kBadLabelType});
  }
  for (const auto& c : cases) {
    auto q = parse_query(c.p.b);
    ASSERT_FALSE(q) << c.what;
    EXPECT_EQ(wire_code(q.error()), c.want) << c.what << ": " << q.error().message;
  }
}

TEST(ParseQueryTest, HeaderOutFilledEvenOnFailure) {
  Packet p = Packet::query(0, 0, 1);
  p.b[2] = 0x90;  // QR set, opcode 2
  p.opt(1232, 0, 4).u16(10).u16(3);
  Header h;
  auto q = parse_query(p.b, &h);
  ASSERT_FALSE(q);
  EXPECT_EQ(h.id, 0x1234);
  EXPECT_TRUE(h.qr);
  EXPECT_EQ(h.opcode, Opcode::STATUS);
}

}  // namespace
}  // namespace canon
