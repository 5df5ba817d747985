#include "server/config.h"

#include <gtest/gtest.h>

namespace canon::server {
namespace {

std::vector<std::string> errors_of(const std::string& text) {
  std::vector<Diagnostic> errors;
  auto c = parse_config(text, "/etc/canon/canond.toml", &errors);
  std::vector<std::string> out;
  for (const auto& d : errors) out.push_back(d.to_string());
  EXPECT_EQ(static_cast<bool>(c), out.empty());
  return out;
}

TEST(ServerConfig, UdpCoalesceIsOffByDefault) {
  std::vector<Diagnostic> errors;
  auto c = parse_config("[server]\nworkers = 1\n", "/etc/canon/canond.toml", &errors);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->udp_coalesce_us, 0u);
}

TEST(ServerConfig, UdpCoalesceIsReadInMicroseconds) {
  std::vector<Diagnostic> errors;
  auto c = parse_config("[server]\nudp-coalesce-usecs = 250\n", "/etc/canon/canond.toml", &errors);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->udp_coalesce_us, 250u);
}

// More than a millisecond would be felt by clients: a typo such as 25000 must not slip through.
TEST(ServerConfig, UdpCoalesceOutOfRangeNamesTheLine) {
  auto errors = errors_of("[server]\nworkers = 1\nudp-coalesce-usecs = 25000\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("/etc/canon/canond.toml:3:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("udp-coalesce-usecs"), std::string::npos) << errors[0];
  EXPECT_EQ(errors_of("[server]\nudp-coalesce-usecs = -1\n").size(), 1u);
  EXPECT_EQ(errors_of("[server]\nudp-coalesce-usecs = \"fast\"\n").size(), 1u);
}

}  // namespace
}  // namespace canon::server
