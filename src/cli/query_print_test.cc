#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/query_json.h"
#include "cli/query_print.h"
#include "wire/rdata.h"

namespace canon::cli {
namespace {

Name name(const char* s) {
  return *Name::parse(s);
}

ResourceRecord cname(const char* owner, const char* target, uint32_t ttl = 300) {
  Name t = name(target);  // kept alive: wire() is a view into it
  return {name(owner), RRType::CNAME, RRClass::IN, ttl, {t.wire().begin(), t.wire().end()}};
}

// A SERVFAIL for a CNAME loop, as canond sends it: the partial chain and an EDE.
StubResponse loop_response() {
  StubResponse r;
  Message& m = r.message;
  m.header = {.id = 4242, .qr = true, .aa = true, .rd = true};
  m.questions.push_back({name("a.example."), RRType::A, RRClass::IN});
  m.answer.push_back(cname("a.example.", "b.example."));
  m.answer.push_back(cname("b.example.", "a.example."));
  m.set_rcode(Rcode::SERVFAIL);
  if (!m.edns) m.edns = Edns{};
  m.edns->errors.push_back({0, "CNAME loop at a.example."});
  r.wire = m.encode();
  r.elapsed = std::chrono::microseconds(1500);
  return r;
}

QueryArgs args_for(const char* n) {
  QueryArgs a;
  EXPECT_TRUE(set_query_name(n, a).ok());
  return a;
}

TEST(QueryText, HeaderFlagsEdeSectionsAndFooter) {
  StubResponse r = loop_response();
  QueryArgs a = args_for("a.example");
  a.rd = false;
  std::string t = format_text({a, r, "127.0.0.1#5353(127.0.0.1)", 0}, Style(false));
  EXPECT_NE(t.find(";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 4242\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find(";; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("; EDE: 0 (Other Error): (CNAME loop at a.example.)\n"), std::string::npos) << t;
  EXPECT_NE(t.find(";; QUESTION SECTION:\n;a.example.\t\tIN\tA\n"), std::string::npos) << t;
  EXPECT_NE(t.find(";; ANSWER SECTION:\na.example.\t300\tIN\tCNAME\tb.example.\n"
                   "b.example.\t300\tIN\tCNAME\ta.example.\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find(";; Query time: 1 msec\n"), std::string::npos) << t;
  EXPECT_NE(t.find(";; SERVER: 127.0.0.1#5353(127.0.0.1) (UDP)\n"), std::string::npos) << t;
  EXPECT_NE(t.find(";; MSG SIZE  rcvd: " + std::to_string(r.wire.size()) + "\n"), std::string::npos)
      << t;
  EXPECT_EQ(t.find("\033["), std::string::npos) << "no colour without a terminal";
}

TEST(QueryText, ColourOnlyWhenAsked) {
  StubResponse r = loop_response();
  QueryArgs a = args_for("a.example");
  std::string t = format_text({a, r, "s", 0}, Style(true));
  EXPECT_NE(t.find("status: \033[31mSERVFAIL\033[0m"), std::string::npos) << t;
  EXPECT_NE(t.find("\033[31mEDE: 0"), std::string::npos) << t;
}

TEST(QueryText, WarnsWhenRecursionIsNotAvailable) {
  StubResponse r = loop_response();
  QueryArgs a = args_for("a.example");
  std::string t = format_text({a, r, "s", 0}, Style(false));
  EXPECT_NE(t.find(";; WARNING: recursion requested but not available"), std::string::npos);
}

TEST(QueryText, IdnNamesGetTheirUnicodeFormInAComment) {
  StubResponse r;
  Message& m = r.message;
  m.header.qr = true;
  m.questions.push_back({name("xn--bcher-kva.example."), RRType::A, RRClass::IN});
  m.answer.push_back(cname("xn--bcher-kva.example.", "www.xn--mnchen-3ya.de."));
  r.wire = m.encode();
  QueryArgs a = args_for("bücher.example");
  std::string t = format_text({a, r, "s", 0}, Style(false));
  EXPECT_NE(t.find(";xn--bcher-kva.example.\t\tIN\tA\t; bücher.example.\n"), std::string::npos)
      << t;
  EXPECT_NE(t.find("CNAME\twww.xn--mnchen-3ya.de.\t; bücher.example., www.münchen.de.\n"),
            std::string::npos)
      << t;
  a.idn_out = false;
  EXPECT_EQ(format_text({a, r, "s", 0}, Style(false)).find("; bücher"), std::string::npos);
}

TEST(QueryText, IdnCommentOnlyForValidALabels) {
  EXPECT_EQ(idn_comment(cname("www.example.", "xn--zz.example.")), "");
  EXPECT_EQ(idn_comment(cname("www.example.", "xn--bcher-kva.example.")), "; bücher.example.");
}

TEST(QueryText, ShortIsTheAnswerRdata) {
  StubResponse r = loop_response();
  EXPECT_EQ(format_short(r.message), "b.example.\na.example.\n");
}

TEST(QueryJson, Rfc8427Members) {
  StubResponse r = loop_response();
  QueryArgs a = args_for("a.example");
  auto j = nlohmann::json::parse(format_json({a, r, "s", 1700000000}));
  EXPECT_EQ(j["ID"], 4242);
  EXPECT_EQ(j["QR"], 1);
  EXPECT_EQ(j["Opcode"], 0);
  EXPECT_EQ(j["AA"], 1);
  EXPECT_EQ(j["TC"], 0);
  EXPECT_EQ(j["RD"], 1);
  EXPECT_EQ(j["RA"], 0);
  EXPECT_EQ(j["RCODE"], 2);
  EXPECT_EQ(j["QDCOUNT"], 1);
  EXPECT_EQ(j["ANCOUNT"], 2);
  EXPECT_EQ(j["NSCOUNT"], 0);
  EXPECT_EQ(j["ARCOUNT"], 1);
  EXPECT_EQ(j["QNAME"], "a.example.");
  EXPECT_EQ(j["QTYPE"], 1);
  EXPECT_EQ(j["QTYPEname"], "A");
  EXPECT_EQ(j["QCLASS"], 1);
  ASSERT_EQ(j["questionRRs"].size(), 1u);
  ASSERT_EQ(j["answerRRs"].size(), 2u);
  const auto& rr = j["answerRRs"][0];
  EXPECT_EQ(rr["NAME"], "a.example.");
  EXPECT_EQ(rr["TYPE"], 5);
  EXPECT_EQ(rr["TYPEname"], "CNAME");
  EXPECT_EQ(rr["CLASS"], 1);
  EXPECT_EQ(rr["TTL"], 300);
  EXPECT_EQ(rr["rdataCNAME"], "b.example.");
  EXPECT_EQ(rr["RDLENGTH"], 11);
  EXPECT_EQ(rr["RDATAHEX"], "0162076578616D706C6500");
  EXPECT_EQ(j["authorityRRs"].size(), 0u);
  ASSERT_EQ(j["additionalRRs"].size(), 1u);
  EXPECT_EQ(j["additionalRRs"][0]["TYPE"], 41);
  ASSERT_EQ(j["EDE"].size(), 1u);
  EXPECT_EQ(j["EDE"][0]["INFO-CODE"], 0);
  EXPECT_EQ(j["EDE"][0]["PURPOSE"], "Other Error");
  EXPECT_EQ(j["EDE"][0]["EXTRA-TEXT"], "CNAME loop at a.example.");
  EXPECT_EQ(j["dateString"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(j["dateSeconds"], 1700000000);
  EXPECT_EQ(j["messageOctetsHEX"].get<std::string>().size(), r.wire.size() * 2);
}

}  // namespace
}  // namespace canon::cli
