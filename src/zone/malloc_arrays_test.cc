#include "zone/malloc_arrays.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace canon::zone_internal {
namespace {

std::string text(const OctetBuffer& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void put(OctetBuffer& b, std::string_view s) {
  b.append(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// The VmFlags line of the mapping in /proc/self/smaps that holds `p`, or "" when none does.
std::string vm_flags_at(const void* p) {
  const auto at = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find('-') < 16) {
      inside = lo <= at && at < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

bool huge_advised(const void* p) {
  return vm_flags_at(p).find(" hg") != std::string::npos;
}

TEST(HugePages, BigBlocksAskForHugePagesSmallOnesDoNot) {
  BigVector<uint64_t> big(kHugePage);  // 16 MiB
  EXPECT_TRUE(huge_advised(big.data() + big.size() / 2)) << vm_flags_at(big.data());
  EXPECT_EQ(big[kHugePage - 1], 0u);  // value-initialised as a std::vector is

  BigVector<uint8_t> small(4096);
  EXPECT_FALSE(huge_advised(small.data())) << vm_flags_at(small.data());

  OctetBuffer arena;
  arena.reserve(3 * kHugePage);
  EXPECT_TRUE(huge_advised(arena.data() + kHugePage)) << vm_flags_at(arena.data());

  SlotTable slots(kHugePage / 2);  // 8 MiB of u64
  EXPECT_TRUE(huge_advised(&slots[kHugePage / 4])) << vm_flags_at(&slots[0]);
  EXPECT_EQ(slots[kHugePage / 4], 0u);
}

TEST(OctetBuffer, CrossesTheHugeThresholdBothWaysKeepingTheOctets) {
  OctetBuffer b;
  std::string chunk(1000, 'x');
  for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>('a' + i % 26);
  while (b.size() < 5 * kHugePage) put(b, chunk);  // malloc, then mapped, then remapped
  EXPECT_TRUE(huge_advised(b.data() + 4 * kHugePage)) << vm_flags_at(b.data());
  EXPECT_EQ(text(b).substr(b.size() - 1000), chunk);
  EXPECT_EQ(text(b).substr(3 * kHugePage / 1000 * 1000, 1000), chunk);
  b.truncate(3 * kHugePage / 1000 * 1000);
  b.shrink_to_fit();  // mapped, shrunk in place
  EXPECT_EQ(b.capacity(), b.size());
  EXPECT_EQ(text(b).substr(b.size() - 1000), chunk);
  b.truncate(2000);
  b.shrink_to_fit();  // back under the threshold: on malloc
  EXPECT_EQ(text(b), chunk + chunk);
  OctetBuffer moved(std::move(b));
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(text(moved), chunk + chunk);
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
