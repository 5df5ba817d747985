// ViewTable::respond(): the workers' choice between the view's zones and the resolver.
#include "server/resolver_glue.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "auth/auth_test_util.h"

namespace canon::server {
namespace {

using auth_testing::make_catalog;
using auth_testing::make_query;

sockaddr_storage v4(const char* text) {
  sockaddr_storage ss{};
  auto* s = reinterpret_cast<sockaddr_in*>(&ss);
  s->sin_family = AF_INET;
  ::inet_pton(AF_INET, text, &s->sin_addr);
  return ss;
}

constexpr const char* kPrivate =
    "@ 300 SOA ns hm 1 2 3 4 60\n@ NS ns\nns A 10.0.0.53\nservice1 300 A 10.1.2.3\n"
    "out CNAME www.example.com.\n";

struct Fixture {
  ViewTable table;
  AuthOptions opt;
  std::vector<uint8_t> out = std::vector<uint8_t>(4096);

  Fixture() {
    ViewConfig vpc;
    vpc.name = "vpc";
    vpc.match_clients = {*parse_cidr("10.0.0.0/8")};
    vpc.recursion = true;
    vpc.allow_recursion = std::vector<Cidr>{*parse_cidr("10.0.0.0/16")};
    auto cat = std::make_shared<Catalog>(make_catalog({{"region.prod.acme.", kPrivate}}));
    table.views.push_back({vpc, cat});
    ViewConfig pub;
    pub.name = "public";
    pub.match_clients = {*parse_cidr("192.0.2.0/24")};
    pub.recursion = true;
    table.views.push_back({pub, nullptr});
  }
  // Returns the reply (empty when deferred) and fills `d`.
  auth_testing::Reply ask(const char* client, const char* qname, bool rd, Deferral* d) {
    auto q = make_query({.qname = qname, .rd = rd});
    size_t n = table.respond(opt, v4(client), Transport::kUdp, q, out, d);
    return auth_testing::decode_reply({out.data(), n});
  }
};

TEST(ResolverGlue, ViewZoneAnsweredByTheWorkerWithRa) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "service1.region.prod.acme.", true, &d);
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.answer, auth_testing::Lines{"service1.region.prod.acme. 300 IN A 10.1.2.3"});
  EXPECT_TRUE(r.msg.header.aa);
  EXPECT_TRUE(r.msg.header.ra);
}

TEST(ResolverGlue, RecursiveQueryOutsideTheZonesIsDeferred) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "www.example.com.", true, &d);
  EXPECT_EQ(r.size, 0u);
  EXPECT_TRUE(d.needed);
  EXPECT_EQ(d.target.to_string(), "www.example.com.");
}

TEST(ResolverGlue, ChainLeavingTheZonesIsDeferred) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "out.region.prod.acme.", true, &d);
  EXPECT_EQ(r.size, 0u);
  ASSERT_TRUE(d.needed);
  EXPECT_EQ(d.target.to_string(), "www.example.com.");
}

TEST(ResolverGlue, NoRecursionWithoutRdOrOutsideAllowRecursion) {
  Fixture f;
  Deferral d;
  auto r = f.ask("10.0.1.1", "www.example.com.", false, &d);  // RD clear
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  r = f.ask("10.9.1.1", "www.example.com.", true, &d);  // in the view, not in allow-recursion
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  EXPECT_FALSE(r.msg.header.ra);
  r = f.ask("10.9.1.1", "service1.region.prod.acme.", true, &d);  // but its zones answer
  EXPECT_EQ(r.answer, auth_testing::Lines{"service1.region.prod.acme. 300 IN A 10.1.2.3"});
}

TEST(ResolverGlue, PrivateZoneNotServedToAnotherView) {
  Fixture f;
  Deferral d;
  auto r = f.ask("192.0.2.7", "service1.region.prod.acme.", false, &d);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
  EXPECT_TRUE(r.answer.empty());
  f.ask("192.0.2.7", "service1.region.prod.acme.", true, &d);  // to the resolver's public view
  EXPECT_TRUE(d.needed);
}

TEST(ResolverGlue, ClientOfNoViewIsRefused) {
  Fixture f;
  Deferral d;
  auto r = f.ask("198.51.100.1", "service1.region.prod.acme.", true, &d);
  EXPECT_FALSE(d.needed);
  EXPECT_EQ(r.rcode, Rcode::REFUSED);
}

}  // namespace
}  // namespace canon::server
