#include "wire/rrtype.h"

#include <gtest/gtest.h>

namespace canon {
namespace {

TEST(RRType, Mnemonics) {
  EXPECT_EQ(to_string(RRType::A), "A");
  EXPECT_EQ(to_string(RRType::NSAP_PTR), "NSAP-PTR");
  EXPECT_EQ(to_string(RRType::ALIAS), "ALIAS");
  EXPECT_EQ(to_string(static_cast<RRType>(65000)), "TYPE65000");
  EXPECT_EQ(to_string(static_cast<RRType>(0)), "TYPE0");
  EXPECT_EQ(rrtype_from_string("mx"), RRType::MX);
  EXPECT_EQ(rrtype_from_string("Nsec3Param"), RRType::NSEC3PARAM);
  EXPECT_EQ(rrtype_from_string("nsap-ptr"), RRType::NSAP_PTR);
  EXPECT_EQ(rrtype_from_string("TYPE1"), RRType::A);
  EXPECT_EQ(rrtype_from_string("type65401"), RRType::ALIAS);
  EXPECT_EQ(rrtype_from_string("TYPE65535"), static_cast<RRType>(65535));
  EXPECT_FALSE(rrtype_from_string("TYPE65536"));
  EXPECT_FALSE(rrtype_from_string("TYPE"));
  EXPECT_FALSE(rrtype_from_string("TYPE-1"));
  EXPECT_FALSE(rrtype_from_string("TYPE1x"));
  EXPECT_FALSE(rrtype_from_string("BOGUS"));
  EXPECT_FALSE(rrtype_from_string(""));
}

TEST(RRType, EveryMnemonicRoundTrips) {
  for (uint32_t v = 0; v <= 65535; ++v) {
    auto t = static_cast<RRType>(v);
    auto back = rrtype_from_string(to_string(t));
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(*back, t) << v;
  }
}

TEST(RRClass, Mnemonics) {
  EXPECT_EQ(to_string(RRClass::IN), "IN");
  EXPECT_EQ(to_string(RRClass::CH), "CH");
  EXPECT_EQ(to_string(static_cast<RRClass>(300)), "CLASS300");
  EXPECT_EQ(rrclass_from_string("in"), RRClass::IN);
  EXPECT_EQ(rrclass_from_string("chaos"), RRClass::CH);
  EXPECT_EQ(rrclass_from_string("CLASS1"), RRClass::IN);
  EXPECT_EQ(rrclass_from_string("class300"), static_cast<RRClass>(300));
  EXPECT_FALSE(rrclass_from_string("CLASS70000"));
  EXPECT_FALSE(rrclass_from_string("INX"));
  EXPECT_FALSE(rrclass_from_string("A"));
}

TEST(RRType, MetaTypes) {
  EXPECT_TRUE(is_meta_type(RRType::OPT));
  EXPECT_TRUE(is_meta_type(RRType::ANY));
  EXPECT_TRUE(is_meta_type(RRType::TSIG));
  EXPECT_FALSE(is_meta_type(RRType::URI));
  EXPECT_FALSE(is_meta_type(RRType::A));
}

}  // namespace
}  // namespace canon
