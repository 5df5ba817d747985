// respond() at the packet level: what is dropped, the error rcodes, what is echoed, EDNS sizes
// and truncation (RFC 1035 §4.1.1, RFC 6891, RFC 2181 §9, RFC 9471).
#include "auth/auth_test_util.h"

namespace canon::auth_testing {
namespace {

const char* kZone = R"(
$TTL 3600
@        SOA   ns1 hostmaster 1 7200 900 1209600 300
@        NS    ns1
ns1      A     192.0.2.53
www  300 A     192.0.2.1
alias    CNAME big
)";

Catalog small_catalog() {
  return make_catalog({{"example.", kZone}});
}

std::vector<uint8_t> encode(const Message& m) {
  return m.encode();
}

Message query_message(const std::string& qname, RRType t = RRType::A) {
  Message m;
  m.header.id = 777;
  m.questions.push_back(Question{*Name::parse(qname), t, RRClass::IN});
  return m;
}

TEST(Packet, ShortPacketsAndResponsesAreDropped) {
  Catalog c = small_catalog();
  std::vector<uint8_t> out(512);
  std::vector<uint8_t> q = make_query({"www.example."});
  EXPECT_EQ(respond(c, {}, Transport::kUdp, std::span(q.data(), 11), out), 0u);
  EXPECT_EQ(respond(c, {}, Transport::kUdp, {}, out), 0u);
  q[2] |= 0x80;  // QR
  EXPECT_EQ(respond(c, {}, Transport::kUdp, q, out), 0u);
}

TEST(Packet, OtherOpcodesAreNotImplemented) {
  Catalog c = small_catalog();
  for (Opcode op : {Opcode::IQUERY, Opcode::STATUS, Opcode::NOTIFY, Opcode::UPDATE}) {
    Message m = query_message("www.example.");
    m.header.opcode = op;
    Reply r = ask_wire(c, encode(m));
    ASSERT_GT(r.size, 0u);
    EXPECT_EQ(to_string(r.rcode), "NOTIMP");
    EXPECT_EQ(r.msg.header.opcode, op);
    EXPECT_EQ(r.msg.header.id, 777);
    EXPECT_TRUE(r.msg.header.qr);
  }
}

TEST(Packet, QuestionCountOtherThanOneIsFormerr) {
  Catalog c = small_catalog();
  Message none = query_message("www.example.");
  none.questions.clear();
  Reply r = ask_wire(c, encode(none));
  EXPECT_EQ(to_string(r.rcode), "FORMERR");
  EXPECT_EQ(r.msg.header.id, 777);

  Message two = query_message("www.example.");
  two.questions.push_back(two.questions[0]);
  r = ask_wire(c, encode(two));
  EXPECT_EQ(to_string(r.rcode), "FORMERR");
  EXPECT_TRUE(r.answer.empty());
}

TEST(Packet, MalformedQuestionIsFormerr) {
  Catalog c = small_catalog();
  std::vector<uint8_t> q = make_query({"www.example."});
  q.resize(q.size() - 3);  // cut into QTYPE/QCLASS
  Reply r = ask_wire(c, q);
  ASSERT_EQ(r.size, 12u);
  EXPECT_EQ(to_string(r.rcode), "FORMERR");
  EXPECT_EQ(r.msg.header.id, 4242);
}

TEST(Packet, EdnsVersionAboveZeroIsBadvers) {
  Catalog c = small_catalog();
  Reply r = ask(c, {.qname = "www.example.", .edns = true, .version = 1});
  EXPECT_EQ(to_string(r.rcode), "BADVERS");
  ASSERT_TRUE(r.msg.edns.has_value());
  EXPECT_EQ(r.msg.edns->version, 0);
  EXPECT_TRUE(r.answer.empty());
  EXPECT_EQ(r.flags, "");
}

TEST(Packet, OtherClassesAndTransfersAreRefused) {
  Catalog c = small_catalog();
  EXPECT_EQ(to_string(ask(c, {.qname = "www.example.", .qclass = RRClass::CH}).rcode), "REFUSED");
  Reply r = ask(c, {.qname = "version.bind.", .qtype = "TXT", .qclass = RRClass::CH});
  EXPECT_EQ(to_string(r.rcode), "REFUSED");
  EXPECT_EQ(r.flags, "");
  EXPECT_EQ(to_string(ask(c, {.qname = "example.", .qtype = "AXFR"}).rcode), "REFUSED");
}

TEST(Packet, HeaderAndQuestionAreEchoed) {
  Catalog c = small_catalog();
  Reply r = ask(c, {.qname = "wWw.ExAmPlE.", .id = 0xBEEF, .rd = true, .cd = true});
  ASSERT_EQ(r.msg.questions.size(), 1u);
  EXPECT_EQ(r.msg.questions[0].name.to_string(), "wWw.ExAmPlE.");
  EXPECT_EQ(r.msg.header.id, 0xBEEF);
  EXPECT_TRUE(r.msg.header.rd);
  EXPECT_TRUE(r.msg.header.cd);
  EXPECT_FALSE(r.msg.header.ra);
  EXPECT_EQ(r.answer, Lines{"wWw.ExAmPlE. 300 IN A 192.0.2.1"});
}

TEST(Packet, OptOnlyWhenAsked) {
  Catalog c = small_catalog();
  Reply plain = ask(c, {.qname = "www.example."});
  EXPECT_FALSE(plain.msg.edns.has_value());
  Reply with = ask(c, {.qname = "www.example.", .edns = true, .udp_size = 4096});
  ASSERT_TRUE(with.msg.edns.has_value());
  EXPECT_EQ(with.msg.edns->udp_size, 1232);
  EXPECT_EQ(with.msg.edns->version, 0);
}

// A TXT RRset of 40 records of about 60 octets: 2.5 kB on the wire.
std::string big_zone() {
  std::string z = kZone;
  for (int i = 0; i < 40; ++i)
    z += "big TXT \"record " + std::to_string(i) + " " + std::string(48, 'x') + "\"\n";
  return z;
}

TEST(Packet, LargeRrsetTruncatesOverUdpAndFitsOverTcp) {
  Catalog c = make_catalog({{"example.", big_zone()}});
  Reply udp = ask(c, {.qname = "big.example.", .qtype = "TXT"});
  EXPECT_EQ(udp.flags, "aa tc");
  EXPECT_LE(udp.size, 512u);
  EXPECT_TRUE(udp.answer.empty());  // whole RRsets only: the one RRset does not fit

  Reply edns = ask(c, {.qname = "big.example.", .qtype = "TXT", .edns = true, .udp_size = 4096});
  EXPECT_EQ(edns.flags, "aa tc");
  EXPECT_LE(edns.size, 1232u);
  EXPECT_TRUE(edns.msg.edns.has_value());

  Reply tcp = ask(c, {.qname = "big.example.", .qtype = "TXT", .transport = Transport::kTcp});
  EXPECT_EQ(tcp.flags, "aa");
  EXPECT_EQ(tcp.answer.size(), 40u);
}

TEST(Packet, EdnsSizeHasAFloorOf512AndTheConfiguredCap) {
  // mid: 4 strings of ~60 octets, about 300 octets in all: over an advertised 100, under 512.
  std::string zone = big_zone();
  for (int i = 0; i < 4; ++i)
    zone += "mid TXT \"" + std::string(56, 'm') + std::to_string(i) + "\"\n";
  Catalog c = make_catalog({{"example.", zone}});
  Reply tiny = ask(c, {.qname = "mid.example.", .qtype = "TXT", .edns = true, .udp_size = 100});
  EXPECT_EQ(tiny.flags, "aa");  // 100 is raised to 512 (RFC 6891 §6.2.5), so it fits
  EXPECT_EQ(tiny.answer.size(), 4u);
  EXPECT_GT(tiny.size, 100u);
  EXPECT_LE(tiny.size, 512u);
  AuthOptions roomy;
  roomy.udp_max_size = 4096;
  Reply full =
      ask(c, {.qname = "big.example.", .qtype = "TXT", .edns = true, .udp_size = 4096}, roomy);
  EXPECT_EQ(full.flags, "aa");
  EXPECT_EQ(full.answer.size(), 40u);
}

TEST(Packet, ChainKeptWhenTheFinalRrsetTruncates) {
  Catalog c = make_catalog({{"example.", big_zone()}});
  Reply r = ask(c, {.qname = "alias.example.", .qtype = "TXT"});
  EXPECT_EQ(r.flags, "aa tc");
  EXPECT_EQ(r.answer, Lines{"alias.example. 3600 IN CNAME big.example."});
}

// Thirty MX targets, each with four addresses: the answer fits in 512 octets, the additional
// section does not, and that costs no TC (RFC 2181 §9).
TEST(Packet, AdditionalThatDoesNotFitIsDroppedWithoutTc) {
  std::string z = kZone;
  for (int i = 0; i < 12; ++i) {
    std::string h = "h" + std::to_string(i);
    z += "mx MX " + std::to_string(i) + " " + h + "\n";
    for (int a = 1; a <= 4; ++a) z += h + " A 192.0.2." + std::to_string(i * 4 + a) + "\n";
  }
  Catalog c = make_catalog({{"example.", z}});
  Reply r = ask(c, {.qname = "mx.example.", .qtype = "MX"});
  EXPECT_EQ(r.flags, "aa");
  EXPECT_EQ(r.answer.size(), 12u);
  EXPECT_GT(r.additional.size(), 0u);
  EXPECT_LT(r.additional.size(), 48u);
  EXPECT_EQ(r.additional.size() % 4, 0u);  // whole RRsets only
  EXPECT_LE(r.size, 512u);
}

// In-domain glue is required (RFC 9471 §3): a referral whose glue does not fit sets TC.
TEST(Packet, InDomainGlueThatDoesNotFitSetsTc) {
  std::string z = kZone;
  for (int i = 0; i < 8; ++i) {
    std::string ns = "ns" + std::to_string(i) + ".sub";
    z += "sub NS " + ns + "\n";
    for (int a = 1; a <= 6; ++a)
      z += ns + " AAAA 2001:db8::" + std::to_string(i) + ":" + std::to_string(a) + "\n";
  }
  Catalog c = make_catalog({{"example.", z}});
  Reply r = ask(c, {.qname = "host.sub.example."});
  EXPECT_EQ(r.flags, "tc");
  EXPECT_EQ(r.authority.size(), 8u);
  Reply tcp = ask(c, {.qname = "host.sub.example.", .transport = Transport::kTcp});
  EXPECT_EQ(tcp.flags, "");
  EXPECT_EQ(tcp.additional.size(), 48u);
}

// The SOA of a negative answer is required too.
TEST(Packet, NegativeSoaThatDoesNotFitSetsTc) {
  std::string l =
      std::string(60, 'm') + "." + std::string(60, 'n') + "." + std::string(60, 'o') + ".";
  std::string z = "$TTL 60\n@ SOA " + l + "a.test. " + l + "b.test. 1 2 3 4 60\n@ NS ns.test.\n";
  Catalog c = make_catalog({{"example.", z}});
  std::string q =
      std::string(60, 'q') + "." + std::string(60, 'r') + "." + std::string(60, 's') + ".example.";
  Reply r = ask(c, {.qname = q});
  EXPECT_EQ(to_string(r.rcode), "NXDOMAIN");
  EXPECT_EQ(r.flags, "aa tc");
  EXPECT_TRUE(r.authority.empty());
  Reply edns = ask(c, {.qname = q, .edns = true});
  EXPECT_EQ(edns.flags, "aa");
  EXPECT_EQ(edns.authority.size(), 1u);
}

TEST(Packet, EdeFitsWithTheChainWhenSpaceIsTight) {
  // A loop whose EDE text is long: the OPT space is reserved first, so the OPT is never lost.
  std::string l = std::string(60, 'x');
  std::string z = "$TTL 60\n@ SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 192.0.2.1\n" + l + "." + l + "." +
                  l + " CNAME " + l + "." + l + "." + l + "\n";
  Catalog c = make_catalog({{"example.", z}});
  Reply r = ask(c, {.qname = l + "." + l + "." + l + ".example.", .edns = true, .udp_size = 512});
  EXPECT_EQ(to_string(r.rcode), "SERVFAIL");
  EXPECT_EQ(r.ede, "CNAME loop at " + l + "." + l + "." + l + ".example.");
}

}  // namespace
}  // namespace canon::auth_testing
