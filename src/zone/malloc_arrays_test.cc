#include "zone/malloc_arrays.h"

#include <gtest/gtest.h>

#include <string>

namespace canon::zone_internal {
namespace {

std::string text(const OctetBuffer& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void put(OctetBuffer& b, std::string_view s) {
  b.append(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(OctetBuffer, AppendsGrowsTruncatesAndShrinksKeepingTheOctets) {
  OctetBuffer b;
  EXPECT_EQ(b.size(), 0u);
  put(b, "");
  EXPECT_EQ(b.size(), 0u);
  b.shrink_to_fit();  // empty: nothing to shrink to
  put(b, "abc");
  for (int i = 0; i < 1000; ++i) put(b, "0123456789");  // regrows past the first block
  EXPECT_EQ(b.size(), 10003u);
  EXPECT_GE(b.capacity(), b.size());
  EXPECT_EQ(text(b).substr(0, 13), "abc0123456789");
  b.truncate(8);
  EXPECT_EQ(text(b), "abc01234");
  b.reserve(1 << 20);
  EXPECT_EQ(b.capacity(), size_t{1} << 20);
  EXPECT_EQ(text(b), "abc01234");
  b.shrink_to_fit();
  EXPECT_EQ(b.capacity(), 8u);
  EXPECT_EQ(text(b), "abc01234");
  put(b, "x");
  EXPECT_EQ(text(b), "abc01234x");
  OctetBuffer moved = std::move(b);
  EXPECT_EQ(text(moved), "abc01234x");
  EXPECT_EQ(b.size(), 0u);  // NOLINT(bugprone-use-after-move): a moved-from buffer is empty
  EXPECT_EQ(b.capacity(), 0u);
}

TEST(SlotTable, StartsZeroedSwapsAndMoves) {
  SlotTable t(1 << 16);
  ASSERT_EQ(t.size(), size_t{1} << 16);
  for (size_t i = 0; i < t.size(); ++i) ASSERT_EQ(t[i], 0u) << i;
  t[7] = 42;
  SlotTable u;
  EXPECT_TRUE(u.empty());
  u.swap(t);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(u[7], 42u);
  SlotTable w = std::move(u);
  EXPECT_TRUE(u.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(w[7], 42u);
  w.release();
  EXPECT_TRUE(w.empty());
  EXPECT_TRUE(u.empty());
}

}  // namespace
}  // namespace canon::zone_internal
