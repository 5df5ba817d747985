// Unit tests for the pieces of trace/check that need no network: response classification,
// chain flags, private addresses, URL parsing.
#include <gtest/gtest.h>

#include "cli/http_probe.h"
#include "cli/trace_classify.h"
#include "cli/trace_flags.h"
#include "cli/trace_walk.h"
#include "wire/rdata.h"

namespace canon::cli::trace {
namespace {

ResourceRecord rr(const char* owner, RRType t, const char* rdata) {
  auto origin = Name::root();
  ResourceRecord r{*Name::parse(owner), t, RRClass::IN, 300, {}};
  // Names only: the rdata of NS/CNAME/DNAME is one uncompressed name.
  auto n = Name::parse(rdata, &origin);
  if (t == RRType::A) {
    r.rdata = {192, 0, 2, 1};
  } else {
    r.rdata.assign(n->wire().begin(), n->wire().end());
  }
  return r;
}

Message response(bool aa) {
  Message m;
  m.header.qr = true;
  m.header.aa = aa;
  return m;
}

TEST(Classify, Referral) {
  Message m = response(false);
  m.authority.push_back(rr("example.com.", RRType::NS, "ns1.example.com."));
  m.additional.push_back(rr("ns1.example.com.", RRType::A, ""));
  auto c = classify(m, *Name::parse("www.example.com."), RRType::A, *Name::parse("com."));
  EXPECT_EQ(c.response.kind, Kind::kReferral);
  EXPECT_EQ(c.response.referral_zone, "example.com.");
  ASSERT_EQ(c.glue.size(), 1u);
  EXPECT_EQ(c.glue[0].address, "192.0.2.1");
}

TEST(Classify, UpwardReferralIsLame) {
  Message m = response(false);
  m.authority.push_back(rr("com.", RRType::NS, "a.gtld.net."));
  auto c = classify(m, *Name::parse("www.example.com."), RRType::A, *Name::parse("example.com."));
  EXPECT_EQ(c.response.kind, Kind::kLame);
  EXPECT_TRUE(c.response.lame);
}

TEST(Classify, DnameTargetIsSynthesised) {
  Message m = response(true);
  m.answer.push_back(rr("old.example.", RRType::DNAME, "new.example.net."));
  auto c = classify(m, *Name::parse("www.old.example."), RRType::A, *Name::parse("example."));
  EXPECT_EQ(c.response.kind, Kind::kDname);
  EXPECT_EQ(c.response.target, "www.new.example.net.");
}

TEST(Classify, NodataAndNxdomain) {
  Message m = response(true);
  auto c = classify(m, *Name::parse("a.example."), RRType::A, *Name::parse("example."));
  EXPECT_EQ(c.response.kind, Kind::kNodata);
  m.set_rcode(Rcode::NXDOMAIN);
  c = classify(m, *Name::parse("a.example."), RRType::A, *Name::parse("example."));
  EXPECT_EQ(c.response.kind, Kind::kNxdomain);
}

TEST(ChainFlags, LengthNamesTheResolversThatGiveUp) {
  Trace t;
  t.name = "a.";
  for (int i = 0; i <= 12; ++i) t.chain.push_back("n" + std::to_string(i) + ".");
  t.outcome = Kind::kAnswer;
  add_chain_flags(t);
  ASSERT_TRUE(t.has_flag("chain-length"));
  EXPECT_NE(t.flags[0].message.find("BIND 9 and Unbound (11)"), std::string::npos);
  EXPECT_EQ(t.flags[0].message.find("canond"), std::string::npos);
  EXPECT_FALSE(t.has_flag("dangling"));
}

TEST(ChainFlags, DanglingOnlyAfterAnAlias) {
  Trace t;
  t.chain = {"a."};
  t.outcome = Kind::kNxdomain;
  add_chain_flags(t);
  EXPECT_FALSE(t.has_flag("dangling"));
  t.chain.push_back("b.");
  add_chain_flags(t);
  EXPECT_TRUE(t.has_flag("dangling"));
}

TEST(Addresses, Private) {
  for (const char* a :
       {"10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "100.64.0.1", "fd00::1", "::1"}) {
    EXPECT_TRUE(is_private_address(*parse_listen_address(a))) << a;
  }
  for (const char* a : {"192.0.2.1", "8.8.8.8", "172.32.0.1", "2001:db8::1"}) {
    EXPECT_FALSE(is_private_address(*parse_listen_address(a))) << a;
  }
}

TEST(Url, AbsoluteAndRelative) {
  auto u = parse_url("https://WWW.Example.com./a/b?x=1", nullptr);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "www.example.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path, "/a/b?x=1");
  auto r = parse_url("c", &*u);
  EXPECT_EQ(r->path, "/a/c");
  auto p = parse_url("http://h:8080", nullptr);
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->to_string(), "http://h:8080/");
  EXPECT_FALSE(parse_url("ftp://h/", nullptr));
}

}  // namespace
}  // namespace canon::cli::trace
