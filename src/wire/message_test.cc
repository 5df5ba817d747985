#include "wire/message.h"

#include <gtest/gtest.h>

#include "wire/edns.h"
#include "wire/message_test_util.h"

namespace canon {
namespace {

using testing::Packet;
using testing::test_rr;
using testing::wire_code;

Message sample() {
  Message m;
  m.header.id = 0xbeef;
  m.header.qr = m.header.aa = m.header.rd = true;
  m.questions.push_back({*Name::parse("www.example."), RRType::A, RRClass::IN});
  m.answer.push_back(test_rr("www.example. 300 IN CNAME mail.example."));
  m.answer.push_back(test_rr("mail.example. 300 IN A 192.0.2.1"));
  m.answer.push_back(test_rr("mail.example. 300 IN A 192.0.2.2"));
  m.authority.push_back(test_rr("example. 3600 IN NS ns1.example."));
  m.authority.push_back(test_rr("example. 3600 IN SOA ns1.example. host.example. 1 2 3 4 5"));
  m.additional.push_back(test_rr("ns1.example. 3600 IN AAAA 2001:db8::1"));
  m.additional.push_back(test_rr("example. 60 IN MX 10 mail.example."));
  m.additional.push_back(test_rr("example. 60 IN TXT hello"));
  return m;
}

std::vector<std::string> texts(const std::vector<ResourceRecord>& rrs) {
  std::vector<std::string> out;
  for (const auto& rr : rrs) out.push_back(rr.to_text());
  return out;
}

TEST(MessageTest, RoundTripKeepsEveryRecord) {
  Message m = sample();
  auto wire = m.encode();
  auto d = Message::decode(wire);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->header.id, 0xbeef);
  EXPECT_TRUE(d->header.qr && d->header.aa && d->header.rd);
  EXPECT_FALSE(d->header.tc || d->header.ra);
  ASSERT_EQ(d->questions.size(), 1u);
  EXPECT_EQ(d->questions[0].name.to_string(), "www.example.");
  EXPECT_EQ(texts(d->answer),
            (std::vector<std::string>{"www.example.\t300\tIN\tCNAME\tmail.example.",
                                      "mail.example.\t300\tIN\tA\t192.0.2.1",
                                      "mail.example.\t300\tIN\tA\t192.0.2.2"}));
  EXPECT_EQ(
      texts(d->authority),
      (std::vector<std::string>{"example.\t3600\tIN\tNS\tns1.example.",
                                "example.\t3600\tIN\tSOA\tns1.example. host.example. 1 2 3 4 5"}));
  EXPECT_EQ(texts(d->additional),
            (std::vector<std::string>{"ns1.example.\t3600\tIN\tAAAA\t2001:db8::1",
                                      "example.\t60\tIN\tMX\t10 mail.example.",
                                      "example.\t60\tIN\tTXT\t\"hello\""}));
  EXPECT_FALSE(d->edns);
  EXPECT_EQ(d->encode(), wire);  // a fixed point
}

TEST(MessageTest, CompressionPointersByteByByte) {
  Message m;
  m.header.id = 1;
  m.questions.push_back({*Name::parse("www.example."), RRType::A, RRClass::IN});
  m.answer.push_back(test_rr("www.example. 300 IN CNAME mail.example."));
  m.answer.push_back(test_rr("mail.example. 300 IN A 192.0.2.1"));
  std::vector<uint8_t> want = {
      0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,  // header
      3,    'w',  'w',  'w',  7,    'e',  'x',  'a',  'm',  'p',  'l',  'e',
      0,    0,    1,    0,    1,                                            // @12 question
      0xc0, 0x0c, 0,    5,    0,    1,    0,    0,    1,    0x2c, 0,    7,  // @29 CNAME
      4,    'm',  'a',  'i',  'l',  0xc0, 0x10,                             // @41 mail.->@16
      0xc0, 0x29, 0,    1,    0,    1,    0,    0,    1,    0x2c, 0,    4,
      192,  0,    2,    1,  // @48 owner->@41
  };
  EXPECT_EQ(m.encode(), want);
}

TEST(MessageTest, CompressionKeepsCase) {
  // A name differing only in case is not compressed onto another: case survives the trip.
  Message m;
  m.questions.push_back({*Name::parse("WWW.Example."), RRType::A, RRClass::IN});
  m.answer.push_back(test_rr("www.example. 300 IN A 192.0.2.1"));
  auto d = Message::decode(m.encode());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->questions[0].name.to_string(), "WWW.Example.");
  EXPECT_EQ(d->answer[0].to_text(), "www.example.\t300\tIN\tA\t192.0.2.1");
}

TEST(MessageTest, EdnsRoundTrip) {
  Message m;
  m.questions.push_back({*Name::parse("example."), RRType::SOA, RRClass::IN});
  Edns e;
  e.udp_size = 4096;
  e.dnssec_ok = true;
  e.client_subnet = ClientSubnet{1, 24, 0, {192, 0, 2}};
  e.cookie = Cookie{{1, 2, 3, 4, 5, 6, 7, 8}, {9, 9, 9, 9, 9, 9, 9, 9}};
  e.errors.push_back({0, "CNAME loop at a.example."});
  e.errors.push_back({18, ""});
  e.other_options.push_back({65001, {0xab, 0xcd}});
  m.edns = e;
  m.set_rcode(Rcode::BADVERS);
  EXPECT_EQ(m.header.rcode, 0);
  EXPECT_EQ(m.edns->extended_rcode, 1);
  auto d = Message::decode(m.encode());
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_TRUE(d->edns);
  EXPECT_EQ(d->rcode(), Rcode::BADVERS);
  EXPECT_EQ(d->edns->udp_size, 4096);
  EXPECT_TRUE(d->edns->dnssec_ok);
  ASSERT_TRUE(d->edns->client_subnet);
  EXPECT_EQ(to_string(*d->edns->client_subnet), "192.0.2.0/24/0");
  ASSERT_TRUE(d->edns->cookie);
  EXPECT_EQ(d->edns->cookie->server.size(), 8u);
  ASSERT_EQ(d->edns->errors.size(), 2u);
  EXPECT_EQ(d->edns->errors[0].extra_text, "CNAME loop at a.example.");
  EXPECT_EQ(d->edns->errors[1].info_code, 18);
  ASSERT_EQ(d->edns->other_options.size(), 1u);
  EXPECT_EQ(d->edns->other_options[0].code, 65001);
  EXPECT_EQ(d->edns->other_options[0].data, (std::vector<uint8_t>{0xab, 0xcd}));
  std::string text = d->to_text();
  EXPECT_NE(text.find("status: BADVERS"), std::string::npos) << text;
  EXPECT_NE(text.find("; EDNS: version: 0, flags: do; udp: 4096"), std::string::npos) << text;
  EXPECT_NE(text.find("; EDE: 0 (Other Error): (CNAME loop at a.example.)"), std::string::npos);
  EXPECT_NE(text.find("; EDE: 18 (Prohibited)"), std::string::npos);
  EXPECT_NE(text.find("; CLIENT-SUBNET: 192.0.2.0/24/0"), std::string::npos);
}

TEST(MessageTest, SetRcodeSplitsAndJoins) {
  Message m;
  m.set_rcode(Rcode::NXDOMAIN);
  EXPECT_EQ(m.header.rcode, 3);
  EXPECT_FALSE(m.edns);           // no OPT needed for a 4-bit rcode
  m.set_rcode(Rcode::BADCOOKIE);  // 23 = 0x17
  EXPECT_EQ(m.header.rcode, 7);
  ASSERT_TRUE(m.edns);
  EXPECT_EQ(m.edns->extended_rcode, 1);
  EXPECT_EQ(m.rcode(), Rcode::BADCOOKIE);
  EXPECT_EQ(to_string(Rcode::BADCOOKIE), "BADCOOKIE");
  EXPECT_EQ(to_string(static_cast<Rcode>(42)), "RCODE42");
}

TEST(MessageTest, TruncationSetsTcOnlyForAnswerAndAuthority) {
  Message m;
  m.header.qr = true;
  m.questions.push_back({*Name::parse("big.example."), RRType::TXT, RRClass::IN});
  std::string chunk(200, 'x');
  for (int i = 0; i < 5; ++i)
    m.answer.push_back(test_rr("big.example. 60 IN TXT " + chunk + std::to_string(i)));
  m.edns = Edns{};
  // Whole RRset does not fit in 512: nothing of it, TC set, OPT kept.
  auto w = m.encode(512);
  EXPECT_LE(w.size(), 512u);
  auto d = Message::decode(w);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->header.tc);
  EXPECT_TRUE(d->answer.empty());
  EXPECT_TRUE(d->edns);
  // In 65535 it fits entirely.
  d = Message::decode(m.encode());
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->header.tc);
  EXPECT_EQ(d->answer.size(), 5u);
  // The same records in the additional section are dropped without TC (RFC 2181 §9).
  m.additional = m.answer;
  m.answer.clear();
  m.answer.push_back(test_rr("big.example. 60 IN A 192.0.2.1"));
  d = Message::decode(m.encode(512));
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->header.tc);
  EXPECT_EQ(d->answer.size(), 1u);
  EXPECT_TRUE(d->additional.empty());
}

TEST(MessageTest, ToTextLooksLikeDig) {
  Message m = sample();
  std::string t = m.to_text();
  EXPECT_EQ(t.substr(0, t.find("\n\n")),
            ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 48879\n"
            ";; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 2, ADDITIONAL: 3");
  EXPECT_NE(t.find(";; QUESTION SECTION:\n;www.example.\t\tIN\tA\n"), std::string::npos);
  EXPECT_NE(t.find(";; ANSWER SECTION:\nwww.example.\t300\tIN\tCNAME\tmail.example.\n"),
            std::string::npos);
}

// ---- strict decoding: every WireError from a hand-built packet ----

WireError decode_error(const Packet& p) {
  auto r = Message::decode(p.b);
  EXPECT_FALSE(r) << "decoded a bad packet";
  return r ? WireError{} : wire_code(r.error());
}

TEST(MessageDecodeTest, GoodHandBuiltPacket) {
  Packet p = Packet::query(1);
  p.bytes({0xc0, 0x0c}).u16(1).u16(1).u32(60).u16(4).bytes({192, 0, 2, 7});
  auto m = Message::decode(p.b);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->answer[0].to_text(), "www.example.\t60\tIN\tA\t192.0.2.7");
}

TEST(MessageDecodeTest, Truncated) {
  Packet p;
  p.header(1, 0, 0, 0, 0, 0);
  p.b.pop_back();
  EXPECT_EQ(decode_error(p), WireError::kTruncated);
  Packet q = Packet::query();
  q.b.resize(q.b.size() - 1);  // QCLASS cut
  EXPECT_EQ(decode_error(q), WireError::kTruncated);
  Packet r = Packet::query(1);  // rdata length past the end
  r.bytes({0xc0, 0x0c}).u16(1).u16(1).u32(60).u16(4).bytes({192, 0});
  EXPECT_EQ(decode_error(r), WireError::kTruncated);
  Packet s;  // pointer whose second octet is missing, with enough octets for the counts
  s.header(1, 0, 1, 0, 0, 0).bytes({1, 'a', 1, 'b', 0xc0});
  EXPECT_EQ(decode_error(s), WireError::kTruncated);
}

TEST(MessageDecodeTest, CountsPastTheEnd) {
  Packet p = Packet::query(3);  // three answers announced, none present
  EXPECT_EQ(decode_error(p), WireError::kCountMismatch);
  Packet q;
  q.header(1, 0, 0xffff, 0xffff, 0xffff, 0xffff);
  EXPECT_EQ(decode_error(q), WireError::kCountMismatch);
}

TEST(MessageDecodeTest, PointerForwardToItselfOrOutOfRange) {
  Packet fwd;  // qname at 12 points forward to 14
  fwd.header(1, 0, 1, 0, 0, 0).bytes({0xc0, 14, 0}).u16(1).u16(1);
  EXPECT_EQ(decode_error(fwd), WireError::kBadPointer);
  Packet self;
  self.header(1, 0, 1, 0, 0, 0).bytes({0xc0, 12}).u16(1).u16(1).u8(0);
  EXPECT_EQ(decode_error(self), WireError::kBadPointer);
  Packet out;
  out.header(1, 0, 1, 0, 0, 0).bytes({0xff, 0xff}).u16(1).u16(1).u8(0);
  EXPECT_EQ(decode_error(out), WireError::kBadPointer);
}

TEST(MessageDecodeTest, CompressionLoop) {
  // "a" then a pointer back to the "a": backwards, but it would read the same octets forever.
  Packet p;
  p.header(1, 0, 1, 0, 0, 0).bytes({1, 'a', 0xc0, 12}).u16(1).u16(1);
  EXPECT_EQ(decode_error(p), WireError::kCompressionLoop);
  // Two names each pointing into the other: the second pointer lands inside what was read.
  Packet q;
  q.header(1, 0, 2, 0, 0, 0).bytes({1, 'a', 0xc0, 18}).u16(1).u16(1);  // @12, points at @18
  q.bytes({1, 'b', 0xc0, 12}).u16(1).u16(1);                           // @18 (read first)
  EXPECT_EQ(decode_error(q), WireError::kBadPointer);                  // @12 -> @18 is forward
}

TEST(MessageDecodeTest, LabelTypes) {
  Packet ext;
  ext.header(1, 0, 1, 0, 0, 0).bytes({0x41, 0, 0}).u16(1).u16(1);  // 0x40: extended label
  EXPECT_EQ(decode_error(ext), WireError::kBadLabelType);
  Packet res;
  res.header(1, 0, 1, 0, 0, 0).bytes({0x80, 0, 0}).u16(1).u16(1);  // 0x80: reserved
  EXPECT_EQ(decode_error(res), WireError::kBadLabelType);
}

TEST(MessageDecodeTest, NameTooLong) {
  Packet p;
  p.header(1, 0, 1, 0, 0, 0);
  for (int i = 0; i < 4; ++i) p.label(std::string(63, 'a'));  // 4 * 64 + 1 = 257 octets
  p.u8(0).u16(1).u16(1);
  EXPECT_EQ(decode_error(p), WireError::kNameTooLong);
  // 254 octets written once, then a name adding a label through a pointer: 256 in total.
  Packet q;
  q.header(1, 0, 2, 0, 0, 0);
  for (int i = 0; i < 3; ++i) q.label(std::string(63, 'a'));
  q.label(std::string(60, 'b')).u8(0).u16(1).u16(1);  // 3*64 + 61 + 1 = 254 octets at @12
  q.label("c").bytes({0xc0, 12}).u16(1).u16(1);
  EXPECT_EQ(decode_error(q), WireError::kNameTooLong);
}

TEST(MessageDecodeTest, RdataLengthMustMatchType) {
  Packet p = Packet::query(1);
  p.bytes({0xc0, 0x0c}).u16(1).u16(1).u32(60).u16(5).bytes({192, 0, 2, 1, 9});
  EXPECT_EQ(decode_error(p), WireError::kBadRdata);
  Packet q = Packet::query(1);  // AAAA of 4 octets
  q.bytes({0xc0, 0x0c}).u16(28).u16(1).u32(60).u16(4).bytes({192, 0, 2, 1});
  EXPECT_EQ(decode_error(q), WireError::kBadRdata);
}

TEST(MessageDecodeTest, OptRules) {
  Packet in_answer = Packet::query(1);
  in_answer.opt(1232, 0, 0);
  EXPECT_EQ(decode_error(in_answer), WireError::kBadOpt);
  Packet twice = Packet::query(0, 0, 2);
  twice.opt(1232, 0, 0).opt(1232, 0, 0);
  EXPECT_EQ(decode_error(twice), WireError::kBadOpt);
  Packet owner = Packet::query(0, 0, 1);
  owner.name("example.").u16(41).u16(1232).u32(0).u16(0);
  EXPECT_EQ(decode_error(owner), WireError::kBadOpt);
  Packet option_overrun = Packet::query(0, 0, 1);
  option_overrun.opt(1232, 0, 4).u16(10).u16(8);
  EXPECT_EQ(decode_error(option_overrun), WireError::kBadOpt);
  Packet good = Packet::query(0, 0, 1);
  good.opt(1232, 0x01008000, 0);  // extended rcode 1, version 0, DO
  auto m = Message::decode(good.b);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->edns->udp_size, 1232);
  EXPECT_TRUE(m->edns->dnssec_ok);
  EXPECT_EQ(m->rcode(), Rcode::BADVERS);
  EXPECT_TRUE(m->additional.empty());  // OPT is not kept as a record
}

TEST(MessageDecodeTest, TrailingData) {
  Packet p = Packet::query();
  p.u8(0);
  EXPECT_EQ(decode_error(p), WireError::kTrailingData);
}

TEST(MessageDecodeTest, ErrorsSayWhere) {
  Packet p = Packet::query(1);
  p.bytes({0xc0, 0x40}).u16(1).u16(1).u32(60).u16(4).bytes({192, 0, 2, 1});
  auto r = Message::decode(p.b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "bad pointer (answer at offset 29)");
}

TEST(ReadNameTest, AdvancesPastThePointer) {
  Packet p = Packet::query();
  p.bytes({3, 'f', 'o', 'o', 0xc0, 16});  // foo.example. at 29
  size_t pos = 29;
  auto n = read_name(p.b, pos);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->to_string(), "foo.example.");
  EXPECT_EQ(pos, 35u);
}

}  // namespace
}  // namespace canon
