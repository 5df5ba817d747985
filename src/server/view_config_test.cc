#include "server/view_config.h"

#include "resolver/resolver_test_util.h"
#include "server/config.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>

namespace canon::server {
namespace {

struct Parsed {
  ResolverSettings s;
  std::vector<std::string> errors;  // "line:col: message"
};

Parsed parse(const std::string& text) {
  Parsed p;
  std::string path = "canond.toml";
  toml::table root = toml::parse(std::string_view(text), path);
  auto err = [&](const toml::source_region& at, std::string msg) {
    p.errors.push_back(std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column) +
                       ": " + msg);
  };
  auto resolve = [](const std::string& f) { return "/etc/canon/" + f; };
  if (auto* r = root.get("resolver")) read_resolver_table(*r, p.s, resolve, err);
  if (auto* v = root.get("view")) read_view_array(*v, p.s, resolve, err);
  return p;
}

sockaddr_storage ip(const char* text) {
  sockaddr_storage ss{};
  if (std::string(text).find(':') == std::string::npos) {
    auto* s = reinterpret_cast<sockaddr_in*>(&ss);
    s->sin_family = AF_INET;
    ::inet_pton(AF_INET, text, &s->sin_addr);
  } else {
    auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
    s->sin6_family = AF_INET6;
    ::inet_pton(AF_INET6, text, &s->sin6_addr);
  }
  return ss;
}

// The example of issue 5 §3, verbatim.
const char* kIssueExample = R"(
[resolver]
root-hints = "hints.zone"      # optional; built-in root hints otherwise
cache-size = "256MiB"

[[view]]
name = "vpc"
match-clients = ["192.0.2.20/32", "10.0.0.0/8"]
recursion = true
  [[view.zone]]                # private zone
  origin = "region.prod.acmeltd.co.uk"
  file = "private.zone"
  [[view.forward]]
  suffix = "."
  servers = ["192.0.2.4:53"]

[[view]]
name = "public"
match-clients = ["any"]
recursion = true
)";

TEST(ViewConfig, IssueExample) {
  Parsed p = parse(kIssueExample);
  EXPECT_TRUE(p.errors.empty()) << p.errors[0];
  EXPECT_EQ(p.s.resolver.root_hints, "/etc/canon/hints.zone");
  EXPECT_EQ(p.s.resolver.cache_size, size_t{256} << 20);
  ASSERT_EQ(p.s.views.size(), 2u);
  const ViewConfig& vpc = p.s.views[0];
  EXPECT_EQ(vpc.name, "vpc");
  EXPECT_TRUE(vpc.recursion);
  ASSERT_EQ(vpc.zones.size(), 1u);
  EXPECT_EQ(vpc.zones[0].origin.to_string(), "region.prod.acmeltd.co.uk.");
  EXPECT_EQ(vpc.zones[0].file, "/etc/canon/private.zone");
  ASSERT_EQ(vpc.forwards.size(), 1u);
  EXPECT_TRUE(vpc.forwards[0].suffix.is_root());
  EXPECT_EQ(vpc.forwards[0].servers[0].to_string(), "192.0.2.4:53");
  EXPECT_FALSE(vpc.forwards[0].first);
  EXPECT_EQ(choose_view(p.s.views, ip("10.1.2.3"))->name, "vpc");
  EXPECT_EQ(choose_view(p.s.views, ip("192.0.2.20"))->name, "vpc");
  EXPECT_EQ(choose_view(p.s.views, ip("192.0.2.21"))->name, "public");
  EXPECT_EQ(choose_view(p.s.views, ip("2001:db8::1"))->name, "public");
  // allow-recursion defaults to match-clients.
  EXPECT_TRUE(vpc.recursion_allowed(ip("10.9.9.9")));
  EXPECT_FALSE(vpc.recursion_allowed(ip("192.0.2.21")));
}

TEST(ViewConfig, AllowRecursionAndFirst) {
  Parsed p = parse(R"(
[[view]]
name = "office"
match-clients = ["10.0.0.0/8", "2001:db8::/32"]
recursion = true
allow-recursion = ["10.1.0.0/16"]
  [[view.forward]]
  suffix = "corp.example"
  servers = ["10.0.0.4", "[2001:db8::4]:5353"]
  first = true
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  const ViewConfig& v = p.s.views[0];
  EXPECT_TRUE(v.recursion_allowed(ip("10.1.2.3")));
  EXPECT_FALSE(v.recursion_allowed(ip("10.2.2.3")));
  EXPECT_TRUE(v.matches(ip("2001:db8:1::5")));
  EXPECT_TRUE(v.forwards[0].first);
  EXPECT_EQ(v.forwards[0].servers[1].to_string(), "[2001:db8::4]:5353");
}

TEST(ViewConfig, CatchAllHidingLaterViewsIsAnError) {
  Parsed p = parse(R"(
[[view]]
name = "public"
match-clients = ["any"]

[[view]]
name = "vpc"
match-clients = ["10.0.0.0/8"]
)");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(
      p.errors[0],
      "6:1: view 'vpc' can never match: view 'public' (line 2) already matches all its clients");
  // A narrower block after a wider one is hidden too; a partly covered one is not.
  p = parse(R"(
[[view]]
name = "a"
match-clients = ["10.0.0.0/8"]
[[view]]
name = "b"
match-clients = ["10.1.0.0/16", "192.0.2.0/24"]
[[view]]
name = "c"
match-clients = ["10.2.0.0/16"]
)");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_NE(p.errors[0].find("view 'c' can never match: view 'a'"), std::string::npos);
}

TEST(ViewConfig, BadValuesAreReportedWithLineAndColumn) {
  Parsed p = parse(R"(
[resolver]
cache-size = "lots"
colour = "blue"
[[view]]
name = "x"
match-clients = ["10.0.0.0/33", "bogus"]
recursion = "yes"
  [[view.forward]]
  suffix = "example."
)");
  std::vector<std::string> want = {
      "3:14: 'cache-size' must be a size such as \"256MiB\" (at least 4096 bytes)",
      "4:1: unknown key 'colour' in [resolver]",
      "7:18: bad prefix length in '10.0.0.0/33': 0 to 32",
      "7:33: bad address block 'bogus': expected ADDR/PREFIX such as 10.0.0.0/8, or \"any\"",
      "8:13: 'recursion' must be true or false",
      "9:3: [[view.forward]] needs 'servers'",
  };
  std::sort(p.errors.begin(), p.errors.end());  // TOML tables iterate by key, not by line
  EXPECT_EQ(p.errors, want);
}

TEST(ViewConfig, ResolverThreads) {
  Parsed ok = parse("[resolver]\nthreads = 3\n");
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.s.resolver.threads, 3u);
  EXPECT_EQ(parse("[resolver]\n").s.resolver.threads, 0u);  // default: from workers
  for (const char* bad : {"0", "1025", "\"4\"", "1.5"}) {
    Parsed p = parse(std::string("[resolver]\nthreads = ") + bad + "\n");
    ASSERT_EQ(p.errors.size(), 1u) << bad;
    EXPECT_EQ(p.errors[0], "2:11: 'threads' must be an integer from 1 to 1024") << bad;
  }
}

TEST(ViewConfig, ThroughParseConfig) {
  std::vector<Diagnostic> errors;
  auto c = parse_config(kIssueExample, "/etc/canon/canond.toml", &errors);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->resolution.views.size(), 2u);
  EXPECT_EQ(c->resolution.views[0].zones[0].file, "/etc/canon/private.zone");
  EXPECT_EQ(c->resolution.resolver.root_hints, "/etc/canon/hints.zone");

  auto bad = parse_config(
      "[[view]]\nname = \"all\"\nmatch-clients = [\"any\"]\n"
      "[[view]]\nname = \"late\"\nmatch-clients = [\"10.0.0.0/8\"]\n",
      "/etc/canon/canond.toml", &errors);
  ASSERT_FALSE(bad);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(),
            "/etc/canon/canond.toml:4:1: view 'late' can never match: view 'all' (line 1) already "
            "matches all its clients");
}

// From canond.toml text to an answer: the configuration contract drives the resolver.
TEST(ViewConfig, EndToEndWithTheResolverService) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("canon-view-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "private.zone") << "@ 300 SOA ns hostmaster 1 3600 600 86400 60\n"
                                         "@ 300 NS ns\nns 300 A 10.0.0.53\n"
                                         "service1 300 A 10.1.2.3\n";
  std::ofstream(dir / "hints.zone") << ". 3600000 NS a.root.\na.root. 3600000 A 10.0.0.1\n";
  std::string text = kIssueExample;
  std::vector<Diagnostic> errors;
  auto c = parse_config(text, (dir / "canond.toml").string(), &errors);
  ASSERT_TRUE(c) << c.error().message;
  auto views = build_views(c->resolution, nullptr, &errors);
  ASSERT_TRUE(views) << views.error().message;
  auto opt = service_options(c->resolution, c->auth.max_cname_chain);
  ASSERT_TRUE(opt) << opt.error().message;
  EXPECT_EQ(opt->hints->servers.at(0).to_string(), "10.0.0.1:53");
  opt->threads = 0;

  using namespace resolver::testing;
  resolver::ManualClock clock;
  FakeNetwork net(clock);
  net.handle("192.0.2.4", [](const Message& q) {
    if (q.questions[0].type == RRType::CNAME)
      return reply_with(
          q, Rcode::NOERROR,
          {"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk."});
    return reply_with(q, Rcode::SERVFAIL, {});
  });
  resolver::ResolverService svc(std::move(*views), std::move(*opt), net, clock);
  auto q = make_query(n("service1.acmeltd.co.uk."), RRType::A).encode();
  auto reply = Message::decode(svc.answer(q, ip("10.3.3.3"), Transport::kUdp));
  ASSERT_TRUE(reply);
  EXPECT_EQ(lines(resolver::group_rrsets(reply->answer)),
            (Lines{"service1.acmeltd.co.uk. 300 IN CNAME service1.region.prod.acmeltd.co.uk.",
                   "service1.region.prod.acmeltd.co.uk. 300 IN A 10.1.2.3"}));
  // The public view has no private zone: its client is sent to the (fake) root instead.
  net.sent.clear();
  auto pub = Message::decode(
      svc.answer(make_query(n("service1.region.prod.acmeltd.co.uk."), RRType::A).encode(),
                 ip("192.0.2.99"), Transport::kUdp));
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->rcode(), Rcode::SERVFAIL);
  EXPECT_EQ(net.sent.at(0).server, "10.0.0.1:53");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace canon::server
