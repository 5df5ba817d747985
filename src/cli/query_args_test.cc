#include "cli/query_args.h"

#include <gtest/gtest.h>

namespace canon::cli {
namespace {

QueryArgs parse_ok(std::vector<std::string> words) {
  QueryArgs a;
  Status s = parse_query_words(words, a);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return a;
}

std::string parse_error(std::vector<std::string> words) {
  QueryArgs a;
  Status s = parse_query_words(words, a);
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.error().message;
}

TEST(QueryArgs, DefaultsAreDigs) {
  QueryArgs a = parse_ok({"www.example.com"});
  EXPECT_EQ(a.name.to_string(), "www.example.com.");
  EXPECT_EQ(a.type, RRType::A);
  EXPECT_EQ(a.cls, RRClass::IN);
  EXPECT_TRUE(a.server.empty());
  EXPECT_TRUE(a.rd);
  EXPECT_TRUE(a.edns);
  EXPECT_FALSE(a.tcp);
  EXPECT_EQ(a.bufsize, 1232);
}

TEST(QueryArgs, ServerNameTypeInAnyOrder) {
  for (auto words : std::vector<std::vector<std::string>>{{"@127.0.0.1", "example.com", "MX"},
                                                          {"MX", "example.com", "@127.0.0.1"},
                                                          {"example.com", "@127.0.0.1", "mx"}}) {
    QueryArgs a = parse_ok(words);
    EXPECT_EQ(a.server, "127.0.0.1");
    EXPECT_EQ(a.name.to_string(), "example.com.");
    EXPECT_EQ(a.type, RRType::MX);
  }
}

TEST(QueryArgs, TypeWordsAfterTheTypeAreNames) {
  QueryArgs a = parse_ok({"ns", "a"});  // dig: the first type-looking word is the type
  EXPECT_EQ(a.type, RRType::NS);
  EXPECT_EQ(a.name.to_string(), "a.");
  QueryArgs b = parse_ok({"TYPE65401", "example.com"});
  EXPECT_EQ(b.type, RRType::ALIAS);
}

TEST(QueryArgs, ClassWord) {
  QueryArgs a = parse_ok({"version.bind", "TXT", "CH"});
  EXPECT_EQ(a.cls, RRClass::CH);
  EXPECT_EQ(a.type, RRType::TXT);
}

TEST(QueryArgs, PlusOptions) {
  QueryArgs a = parse_ok({"x.example", "+tcp", "+norec", "+bufsize=4096", "+json", "+dnssec",
                          "+time=5", "+tries=3", "+noedns", "+short", "+noidnout", "+nocolor"});
  EXPECT_TRUE(a.tcp);
  EXPECT_FALSE(a.rd);
  EXPECT_EQ(a.bufsize, 4096);
  EXPECT_TRUE(a.json);
  EXPECT_TRUE(a.dnssec);
  EXPECT_EQ(a.timeout_s, 5);
  EXPECT_EQ(a.tries, 3);
  EXPECT_FALSE(a.edns);
  EXPECT_TRUE(a.short_form);
  EXPECT_FALSE(a.idn_out);
  EXPECT_EQ(a.color, ColorMode::kNever);
  EXPECT_EQ(parse_ok({"x.", "+retry=0"}).tries, 1);
  EXPECT_FALSE(parse_ok({"x.", "+tcp", "+notcp"}).tcp);
}

TEST(QueryArgs, UsageErrorsNameTheWord) {
  EXPECT_NE(parse_error({"x.example", "+bogus"}).find("+bogus"), std::string::npos);
  EXPECT_NE(parse_error({"x.example", "+bufsize=12"}).find("512"), std::string::npos);
  EXPECT_NE(parse_error({"x.example", "+bufsize"}).find("=N"), std::string::npos);
  EXPECT_NE(parse_error({"x.example", "+tcp=1"}).find("no value"), std::string::npos);
  EXPECT_NE(parse_error({"a.example", "b.example"}).find("one name"), std::string::npos);
  EXPECT_NE(parse_error({"+tcp"}).find("missing NAME"), std::string::npos);
  EXPECT_NE(parse_error({"a..example"}).find("a..example"), std::string::npos);
  EXPECT_NE(parse_error({std::string(64, 'x') + ".example"}).find("bad name"), std::string::npos);
}

TEST(QueryArgs, TypeAndClassFlags) {
  QueryArgs a;
  EXPECT_TRUE(set_query_type("aaaa", a).ok());
  EXPECT_EQ(a.type, RRType::AAAA);
  Status bad = set_query_type("BOGUS", a);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown record type 'BOGUS'"), std::string::npos);
  EXPECT_FALSE(set_query_class("XX", a).ok());
  // With -t given, a type-looking word is the name.
  QueryArgs b;
  ASSERT_TRUE(set_query_type("MX", b).ok());
  ASSERT_TRUE(parse_query_words({"a"}, b).ok());
  EXPECT_EQ(b.name.to_string(), "a.");
  EXPECT_EQ(b.type, RRType::MX);
}

TEST(QueryArgs, IdnNames) {
  QueryArgs a = parse_ok({"bücher.example"});
  EXPECT_EQ(a.name.to_string(), "xn--bcher-kva.example.");
  EXPECT_EQ(a.name_text, "bücher.example");
  EXPECT_NE(parse_error({"☃.net"}).find("not a valid IDN"), std::string::npos);
}

TEST(QueryArgs, ReverseNames) {
  QueryArgs a;
  ASSERT_TRUE(set_reverse_name("192.0.2.1", a).ok());
  EXPECT_EQ(a.name.to_string(), "1.2.0.192.in-addr.arpa.");
  EXPECT_EQ(a.type, RRType::PTR);
  QueryArgs b;
  ASSERT_TRUE(set_reverse_name("2001:db8::1", b).ok());
  EXPECT_EQ(b.name.to_string(),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
  QueryArgs c;
  EXPECT_FALSE(set_reverse_name("not-an-address", c).ok());
}

TEST(QueryArgs, FirstNameserver) {
  EXPECT_EQ(first_nameserver("# comment\nsearch example\nnameserver 10.0.0.1\nnameserver "
                             "10.0.0.2\n"),
            "10.0.0.1");
  EXPECT_EQ(first_nameserver("  nameserver\t::1  # local\n"), "::1");
  EXPECT_EQ(first_nameserver("nameservers 1.2.3.4\n"), std::nullopt);
  EXPECT_EQ(first_nameserver("options ndots:2\n"), std::nullopt);
  EXPECT_EQ(first_nameserver(""), std::nullopt);
}

}  // namespace
}  // namespace canon::cli
