#include "server/test_clock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace canon::server {
namespace {

TEST(TestClock, OffsetFromFileIsAddedAndReRead) {
  char path[] = "/tmp/canon-test-clock-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  FileOffsetClock clock(path);
  EXPECT_EQ(clock.offset().count(), 0);  // empty file
  std::ofstream(path) << "7200000\n";
  EXPECT_EQ(clock.offset().count(), 7200000);
  auto sys = resolver::SystemClock::instance().now();
  EXPECT_GE((clock.now() - sys).count(), 7200000);
  std::ofstream(path) << "300\n";  // rewritten: read again at once
  EXPECT_EQ(clock.offset().count(), 300);
  std::remove(path);
  EXPECT_EQ(clock.offset().count(), 0);  // missing file: no offset
}

}  // namespace
}  // namespace canon::server
