#include "wire/edns.h"

#include <gtest/gtest.h>

#include <vector>

namespace canon {
namespace {

std::vector<uint8_t> ecs(unsigned family, unsigned src, unsigned scope, std::vector<uint8_t> addr) {
  std::vector<uint8_t> d = {static_cast<uint8_t>(family >> 8), static_cast<uint8_t>(family),
                            static_cast<uint8_t>(src), static_cast<uint8_t>(scope)};
  for (uint8_t b : addr) d.push_back(b);
  return d;
}

TEST(ClientSubnetTest, ValidForms) {
  ClientSubnet cs;
  ASSERT_TRUE(parse_client_subnet(ecs(1, 24, 0, {192, 0, 2}), cs));
  EXPECT_EQ(to_string(cs), "192.0.2.0/24/0");
  ASSERT_TRUE(parse_client_subnet(ecs(1, 0, 0, {}), cs));
  EXPECT_EQ(to_string(cs), "0.0.0.0/0/0");
  ASSERT_TRUE(parse_client_subnet(ecs(2, 56, 48, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x01}), cs));
  EXPECT_EQ(to_string(cs), "2001:db8:0:100::/56/48");
  ASSERT_TRUE(parse_client_subnet(ecs(1, 25, 0, {192, 0, 2, 128}), cs));
}

TEST(ClientSubnetTest, RejectsWhatRfc7871Forbids) {
  ClientSubnet cs;
  EXPECT_FALSE(parse_client_subnet(ecs(3, 8, 0, {10}), cs));              // unknown family
  EXPECT_FALSE(parse_client_subnet(ecs(1, 33, 0, {1, 2, 3, 4, 5}), cs));  // prefix too long
  EXPECT_FALSE(parse_client_subnet(ecs(1, 24, 0, {192, 0, 2, 0}), cs));   // address too long
  EXPECT_FALSE(parse_client_subnet(ecs(1, 24, 0, {192, 0}), cs));         // address too short
  EXPECT_FALSE(parse_client_subnet(ecs(1, 25, 0, {192, 0, 2, 1}), cs));   // bit past prefix
  EXPECT_FALSE(parse_client_subnet(ecs(2, 129, 0, std::vector<uint8_t>(17)), cs));
  EXPECT_FALSE(parse_client_subnet(std::vector<uint8_t>{0, 1, 8}, cs));  // shorter than fixed part
}

TEST(EdnsOptionsTest, WriteThenParse) {
  Edns e;
  e.client_subnet = ClientSubnet{2, 48, 0, {0x20, 0x01, 0x0d, 0xb8, 0, 7}};
  e.cookie = Cookie{{8, 7, 6, 5, 4, 3, 2, 1}, std::vector<uint8_t>(32, 0xee)};
  e.errors.push_back({3, "stale"});
  e.other_options.push_back({12, std::vector<uint8_t>(5, 0)});
  std::vector<uint8_t> out(edns_options_size(e));
  ASSERT_EQ(write_edns_options(e, out.data()), out.size());
  EXPECT_EQ(out.size(), (4 + 4 + 6) + (4 + 40) + (4 + 2 + 5) + (4 + 5u));
  Edns back;
  WireError err{};
  ASSERT_TRUE(parse_edns_options(out, back, err));
  ASSERT_TRUE(back.client_subnet);
  EXPECT_EQ(to_string(*back.client_subnet), "2001:db8:7::/48/0");
  ASSERT_TRUE(back.cookie);
  EXPECT_EQ(back.cookie->server, std::vector<uint8_t>(32, 0xee));
  ASSERT_EQ(back.errors.size(), 1u);
  EXPECT_EQ(back.errors[0].info_code, 3);
  EXPECT_EQ(back.errors[0].extra_text, "stale");
  ASSERT_EQ(back.other_options.size(), 1u);
  EXPECT_EQ(back.other_options[0].code, 12);
}

TEST(EdnsOptionsTest, Rejections) {
  Edns e;
  WireError err{};
  // cookie of 7 octets (client cookie is 8)
  std::vector<uint8_t> short_cookie = {0, 10, 0, 7, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_FALSE(parse_edns_options(short_cookie, e, err));
  EXPECT_EQ(err, WireError::kBadOpt);
  // server cookie of 41 - 8 = 33 octets (max 32)
  std::vector<uint8_t> long_cookie = {0, 10, 0, 41};
  long_cookie.resize(4 + 41);
  Edns e1;
  EXPECT_FALSE(parse_edns_options(long_cookie, e1, err));
  // EDE without its info code
  std::vector<uint8_t> ede = {0, 15, 0, 1, 0};
  Edns e2;
  EXPECT_FALSE(parse_edns_options(ede, e2, err));
  // two subnet options
  std::vector<uint8_t> two = {0, 8, 0, 4, 0, 1, 0, 0, 0, 8, 0, 4, 0, 1, 0, 0};
  Edns e3;
  EXPECT_FALSE(parse_edns_options(two, e3, err));
  // header of an option cut short
  std::vector<uint8_t> cut = {0, 8, 0};
  Edns e4;
  EXPECT_FALSE(parse_edns_options(cut, e4, err));
}

TEST(EdnsOptionsTest, EdeNames) {
  EXPECT_STREQ(ede_name(0), "Other Error");
  EXPECT_STREQ(ede_name(18), "Prohibited");
  EXPECT_STREQ(ede_name(24), "Invalid Data");
  EXPECT_STREQ(ede_name(999), "");
}

}  // namespace
}  // namespace canon
