#include "wire/writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "wire/edns.h"
#include "wire/message_test_util.h"

namespace canon {
namespace {

using testing::test_rr;

struct WriterFixture : ::testing::Test {
  std::array<uint8_t, 65535> buf{};
  Header h;
  Name qname = *Name::parse("www.example.");

  WriterFixture() { h.qr = true; }

  Message decoded(size_t n) {
    auto m = Message::decode(std::span<const uint8_t>(buf.data(), n));
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : Message{};
  }
  bool add(MessageWriter& w, Section s, const std::string& text) {
    auto rr = test_rr(text);
    return w.add_rr(s, rr.owner, rr.type, rr.cls, rr.ttl, rr.rdata);
  }
};

TEST_F(WriterFixture, OwnerSameAsQuestionIsAPointer) {
  MessageWriter w(buf, 512);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  EXPECT_EQ(w.size(), 12u + 13 + 4);
  ASSERT_TRUE(add(w, Section::kAnswer, "www.example. 60 IN A 192.0.2.1"));
  EXPECT_EQ(w.size(), 29u + 2 + 10 + 4);
  EXPECT_EQ(buf[29], 0xc0);
  EXPECT_EQ(buf[30], 12);
  size_t n = w.finish();
  Message m = decoded(n);
  ASSERT_EQ(m.answer.size(), 1u);
  EXPECT_EQ(m.answer[0].to_text(), "www.example.\t60\tIN\tA\t192.0.2.1");
}

TEST_F(WriterFixture, SoaAndMxNamesCompressedSrvAndDnameNot) {
  MessageWriter w(buf, 65535);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::ANY, RRClass::IN));
  ASSERT_TRUE(add(w, Section::kAnswer, "example. 60 IN SOA ns.example. h.example. 1 2 3 4 5"));
  // SOA: owner ptr(2) + 10 + "ns"+ptr (3+2) + "h"+ptr (2+2) + 20
  EXPECT_EQ(w.size(), 29u + 2 + 10 + 5 + 4 + 20);
  size_t before = w.size();
  ASSERT_TRUE(add(w, Section::kAnswer, "example. 60 IN MX 10 www.example."));
  EXPECT_EQ(w.size() - before, 2u + 10 + 2 + 2);  // exchange is one pointer to the question
  before = w.size();
  ASSERT_TRUE(add(w, Section::kAnswer, "example. 60 IN SRV 0 0 53 www.example."));
  EXPECT_EQ(w.size() - before, 2u + 10 + 6 + 13);  // RFC 3597 §4: target written in full
  before = w.size();
  ASSERT_TRUE(add(w, Section::kAnswer, "example. 60 IN DNAME www.example."));
  EXPECT_EQ(w.size() - before, 2u + 10 + 13);
  Message m = decoded(w.finish());
  ASSERT_EQ(m.answer.size(), 4u);
  EXPECT_EQ(m.answer[0].to_text(), "example.\t60\tIN\tSOA\tns.example. h.example. 1 2 3 4 5");
  EXPECT_EQ(m.answer[1].to_text(), "example.\t60\tIN\tMX\t10 www.example.");
  EXPECT_EQ(m.answer[2].to_text(), "example.\t60\tIN\tSRV\t0 0 53 www.example.");
  EXPECT_EQ(m.answer[3].to_text(), "example.\t60\tIN\tDNAME\twww.example.");
}

TEST_F(WriterFixture, CompressesOnlyWhatTheSchemaAllows) {
  // The writer's fixed list of compressible types must agree with the rdata schema's.
  const char* records[] = {"a. 1 IN NS b.",    "a. 1 IN CNAME b.",     "a. 1 IN PTR b.",
                           "a. 1 IN MX 1 b.",  "a. 1 IN SRV 1 1 1 b.", "a. 1 IN DNAME b.",
                           "a. 1 IN RP b. c.", "a. 1 IN AFSDB 1 b.",   "a. 1 IN KX 1 b."};
  for (const char* text : records) {
    auto rr = test_rr(text);
    bool schema_compresses = false;
    rdata_for_each_name(rr.type, rr.rdata, [&](size_t, size_t, bool c) { schema_compresses |= c; });
    Name b = *Name::parse("b.");
    MessageWriter w(buf, 512);
    ASSERT_TRUE(w.start(h, b.wire(), RRType::A, RRClass::IN));
    ASSERT_TRUE(w.add_rr(Section::kAnswer, rr.owner, rr.type, rr.cls, rr.ttl, rr.rdata));
    bool compressed = w.size() < 12 + 3 + 4 + 3 + 10 + rr.rdata.size();
    EXPECT_EQ(compressed, schema_compresses) << text;
  }
}

TEST_F(WriterFixture, AddRrThatDoesNotFitWritesNothing) {
  MessageWriter w(buf, 70);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::TXT, RRClass::IN));
  ASSERT_TRUE(add(w, Section::kAnswer, "www.example. 60 IN A 192.0.2.1"));
  size_t before = w.size();
  EXPECT_FALSE(add(w, Section::kAnswer, "new.example. 60 IN TXT 0123456789abcdef"));
  EXPECT_EQ(w.size(), before);
  EXPECT_EQ(w.count(Section::kAnswer), 1u);
  // A name written by the failed add must not serve as a compression target afterwards.
  ASSERT_TRUE(add(w, Section::kAnswer, "new.example. 60 IN A 192.0.2.2"));
  Message m = decoded(w.finish());
  ASSERT_EQ(m.answer.size(), 2u);
  EXPECT_EQ(m.answer[1].to_text(), "new.example.\t60\tIN\tA\t192.0.2.2");
}

TEST_F(WriterFixture, RollbackForgetsTheRRsetAndItsTargets) {
  MessageWriter w(buf, 512);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  auto mark = w.mark();
  ASSERT_TRUE(add(w, Section::kAnswer, "www.example. 60 IN CNAME other.example."));
  ASSERT_TRUE(add(w, Section::kAuthority, "other.example. 60 IN A 192.0.2.1"));
  w.rollback(mark);
  EXPECT_EQ(w.size(), 29u);
  EXPECT_EQ(w.count(Section::kAnswer), 0u);
  EXPECT_EQ(w.count(Section::kAuthority), 0u);
  ASSERT_TRUE(add(w, Section::kAnswer, "x.example. 60 IN A 192.0.2.9"));
  ASSERT_TRUE(add(w, Section::kAnswer, "other.example. 60 IN A 192.0.2.1"));
  Message m = decoded(w.finish());
  ASSERT_EQ(m.answer.size(), 2u);
  EXPECT_EQ(m.answer[1].to_text(), "other.example.\t60\tIN\tA\t192.0.2.1");
}

// The question's suffixes become compression targets only when a name first needs them; a
// rollback past that point must not lose them.
TEST_F(WriterFixture, QuestionSuffixesStayTargetsAcrossARollback) {
  MessageWriter w(buf, 512);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  ASSERT_TRUE(add(w, Section::kAnswer, "www.example. 60 IN A 192.0.2.1"));  // points at 12
  auto mark = w.mark();
  ASSERT_TRUE(add(w, Section::kAuthority, "example. 60 IN NS ns.example."));
  w.rollback(mark);
  // "example." is the question's suffix at offset 16: a pointer, owner and target alike.
  size_t before = w.size();
  ASSERT_TRUE(add(w, Section::kAuthority, "example. 60 IN NS ns.example."));
  EXPECT_EQ(w.size(), before + 2 + 10 + 5);  // pointer owner; rdata "ns" + pointer
  EXPECT_EQ(buf[before], 0xc0);
  EXPECT_EQ(buf[before + 1], 16);
  Message m = decoded(w.finish());
  ASSERT_EQ(m.authority.size(), 1u);
  EXPECT_EQ(m.authority[0].to_text(), "example.\t60\tIN\tNS\tns.example.");
}

// A name that differs from the question only in case is not a pointer to it (compression
// keeps the octets as written), but its common suffix is.
TEST_F(WriterFixture, OwnerInOtherCaseIsWrittenAgain) {
  MessageWriter w(buf, 512);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  ASSERT_TRUE(add(w, Section::kAnswer, "WWW.example. 60 IN A 192.0.2.1"));
  EXPECT_EQ(w.size(), 29u + 4 + 2 + 10 + 4);  // "\3WWW" then a pointer to "example."
  Message m = decoded(w.finish());
  ASSERT_EQ(m.answer.size(), 1u);
  EXPECT_EQ(m.answer[0].to_text(), "WWW.example.\t60\tIN\tA\t192.0.2.1");
}

TEST_F(WriterFixture, ReservedOptSpaceIsKeptForTheOpt) {
  Edns e;
  e.errors.push_back({0, "CNAME chain longer than 12"});
  size_t opt = opt_rr_size(e);
  size_t cap = 29 + 16 + opt;  // room for exactly one compressed A record plus the OPT
  MessageWriter w(buf, cap);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  w.reserve_opt(opt);
  ASSERT_TRUE(add(w, Section::kAnswer, "www.example. 60 IN A 192.0.2.1"));
  EXPECT_FALSE(add(w, Section::kAnswer, "www.example. 60 IN A 192.0.2.2"));
  w.set_tc();
  w.set_rcode(Rcode::SERVFAIL);
  ASSERT_TRUE(w.write_opt(e));
  size_t n = w.finish();
  EXPECT_EQ(n, cap);
  Message m = decoded(n);
  EXPECT_TRUE(m.header.tc);
  EXPECT_EQ(m.rcode(), Rcode::SERVFAIL);
  ASSERT_TRUE(m.edns);
  ASSERT_EQ(m.edns->errors.size(), 1u);
  EXPECT_EQ(m.edns->errors[0].info_code, 0);
  EXPECT_EQ(m.edns->errors[0].extra_text, "CNAME chain longer than 12");
}

TEST_F(WriterFixture, ExtendedRcodeGoesInTheOpt) {
  MessageWriter w(buf, 512);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  w.set_rcode(Rcode::BADVERS);
  w.set_aa(true);
  ASSERT_TRUE(w.write_opt(Edns{}));
  size_t n = w.finish();
  EXPECT_EQ(buf[3] & 0xf, 0);
  Message m = decoded(n);
  EXPECT_EQ(m.rcode(), Rcode::BADVERS);
  EXPECT_TRUE(m.header.aa);
  EXPECT_EQ(m.edns->udp_size, 1232);
}

// add_rrs() writes what add_rr() would, record by record, octet for octet: the question's name
// as owner, and a name written out the first time.
TEST_F(WriterFixture, AddRrsEqualsAddRrOneByOne) {
  const uint8_t addrs[12] = {192, 0, 2, 1, 192, 0, 2, 2, 192, 0, 2, 3};
  for (const char* owner : {"www.example.", "other.example."}) {
    Name o = *Name::parse(owner);
    std::array<uint8_t, 512> other{};
    MessageWriter a(buf, 512), b(other, 512);
    ASSERT_TRUE(a.start(h, qname.wire(), RRType::A, RRClass::IN));
    ASSERT_TRUE(b.start(h, qname.wire(), RRType::A, RRClass::IN));
    ASSERT_TRUE(a.add_rrs(Section::kAnswer, o.wire(), RRType::A, RRClass::IN, 60, addrs, 4, 3));
    for (size_t i = 0; i < 3; ++i)
      ASSERT_TRUE(b.add_rr(Section::kAnswer, o, RRType::A, RRClass::IN, 60, {addrs + 4 * i, 4}));
    size_t n = a.finish();
    ASSERT_EQ(b.finish(), n) << owner;
    EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + n, other.begin())) << owner;
  }
}

TEST_F(WriterFixture, AddRrsThatDoNotAllFitWriteNothing) {
  const uint8_t addrs[8] = {192, 0, 2, 1, 192, 0, 2, 2};
  MessageWriter w(buf, 29 + 16 + 10);  // room for one record, not two
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  EXPECT_FALSE(w.add_rrs(Section::kAnswer, qname.wire(), RRType::A, RRClass::IN, 60, addrs, 4, 2));
  EXPECT_EQ(w.size(), 29u);
  EXPECT_EQ(w.count(Section::kAnswer), 0u);
  EXPECT_TRUE(w.add_rrs(Section::kAnswer, qname.wire(), RRType::A, RRClass::IN, 60, addrs, 4, 1));
}

// The OPT from its two fields is the OPT of an Edns that has only those, octet for octet.
TEST_F(WriterFixture, PlainOptEqualsTheEdnsOne) {
  std::array<uint8_t, 512> other{};
  Edns e;
  e.udp_size = 1400;
  e.dnssec_ok = true;
  MessageWriter a(buf, 512), b(other, 512);
  for (MessageWriter* w : {&a, &b}) {
    ASSERT_TRUE(w->start(h, qname.wire(), RRType::A, RRClass::IN));
    w->set_rcode(Rcode::BADVERS);
  }
  ASSERT_TRUE(a.write_opt(e));
  ASSERT_TRUE(b.write_opt(1400, true));
  size_t n = a.finish();
  ASSERT_EQ(b.finish(), n);
  EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + n, other.begin()));
}

TEST_F(WriterFixture, StartFailsUnderAHeader) {
  MessageWriter w(buf, 11);
  EXPECT_FALSE(w.start(h, qname.wire(), RRType::A, RRClass::IN));
  MessageWriter w2(buf, 20);  // header fits, question does not
  EXPECT_FALSE(w2.start(h, qname.wire(), RRType::A, RRClass::IN));
  EXPECT_EQ(w2.size(), 12u);
}

TEST_F(WriterFixture, PointersOnlyToOffsetsBelow16K) {
  // Fill past 0x4000 with uncompressible records; later names must still decode correctly.
  MessageWriter w(buf, 65535);
  ASSERT_TRUE(w.start(h, qname.wire(), RRType::TXT, RRClass::IN));
  std::string chunk(250, 'y');
  for (int i = 0; i < 80; ++i)
    ASSERT_TRUE(
        add(w, Section::kAnswer, "n" + std::to_string(i) + ".deep.example. 1 IN TXT " + chunk));
  ASSERT_GT(w.size(), 0x4000u);
  ASSERT_TRUE(add(w, Section::kAnswer, "late.name.example. 1 IN A 192.0.2.1"));
  ASSERT_TRUE(add(w, Section::kAnswer, "late.name.example. 1 IN A 192.0.2.2"));
  Message m = decoded(w.finish());
  ASSERT_EQ(m.answer.size(), 82u);
  EXPECT_EQ(m.answer[81].to_text(), "late.name.example.\t1\tIN\tA\t192.0.2.2");
}

}  // namespace
}  // namespace canon
