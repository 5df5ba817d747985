// AliasCache: what a worker reads back after the resolver thread stored an answer, a negative
// answer or a failure; TTL expiry; serve-stale; a full probe window.
#include "server/alias_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

namespace canon::server {
namespace {

Name N(const char* s) {
  return *Name::parse(s);
}

AliasAddresses look(const AliasCache& c, const char* name, RRType t = RRType::A) {
  AliasAddresses a;
  c.find(N(name), t, &a);
  return a;
}

TEST(AliasCache, StoredAddressesComeBackCaseInsensitively) {
  AliasCache c;
  const uint8_t rd[8] = {192, 0, 2, 1, 192, 0, 2, 2};
  c.store_addresses(N("Cdn.Example.NET."), RRType::A, 300, rd, 2);
  AliasAddresses a = look(c, "cdn.example.net.");
  ASSERT_EQ(a.status, AliasStatus::kAddresses);
  EXPECT_EQ(a.count, 2);
  EXPECT_LE(a.ttl, 300u);
  EXPECT_GE(a.ttl, 299u);
  EXPECT_EQ(std::memcmp(a.rdata, rd, 8), 0);
  EXPECT_EQ(look(c, "cdn.example.net.", RRType::AAAA).status, AliasStatus::kMiss);
  EXPECT_EQ(look(c, "other.example.net.").status, AliasStatus::kMiss);
}

// find_hashed() is find() with the name's hash given (flattened ALIASes keep it): the same
// entries, whatever the case of the name asked for.
TEST(AliasCache, FindHashedIsFind) {
  AliasCache c;
  const uint8_t rd[4] = {192, 0, 2, 7};
  c.store_addresses(N("hashed.example."), RRType::A, 300, rd, 1);
  for (const char* asked : {"hashed.example.", "HASHED.Example."}) {
    Name n = N(asked);
    AliasAddresses a;
    c.find_hashed(n, n.hash(), RRType::A, &a);
    ASSERT_EQ(a.status, AliasStatus::kAddresses) << asked;
    EXPECT_EQ(a.count, 1) << asked;
    EXPECT_EQ(std::memcmp(a.rdata, rd, 4), 0) << asked;
    c.find_hashed(n, n.hash(), RRType::AAAA, &a);
    EXPECT_EQ(a.status, AliasStatus::kMiss) << asked;
  }
  Name other = N("hashed.example.net.");
  AliasAddresses a;
  c.find_hashed(other, other.hash(), RRType::A, &a);
  EXPECT_EQ(a.status, AliasStatus::kMiss);
}

TEST(AliasCache, AaaaRecordsKeepSixteenOctets) {
  AliasCache c;
  uint8_t rd[16] = {0x20, 0x01, 0x0d, 0xb8};
  rd[15] = 1;
  c.store_addresses(N("v6.test."), RRType::AAAA, 60, rd, 1);
  AliasAddresses a = look(c, "v6.test.", RRType::AAAA);
  ASSERT_EQ(a.status, AliasStatus::kAddresses);
  EXPECT_EQ(a.rdata_size(), 16u);
  EXPECT_EQ(std::memcmp(a.rdata, rd, 16), 0);
}

TEST(AliasCache, ZeroTtlIsNotServedAgain) {
  AliasCache c;
  const uint8_t rd[4] = {192, 0, 2, 1};
  c.store_addresses(N("zero.test."), RRType::A, 0, rd, 1);
  EXPECT_EQ(look(c, "zero.test.").status, AliasStatus::kMiss);
}

TEST(AliasCache, NegativeAnswers) {
  AliasCache c;
  c.store_negative(N("none.test."), RRType::A, 60);
  EXPECT_EQ(look(c, "none.test.").status, AliasStatus::kNoData);
}

TEST(AliasCache, FailureWithoutStaleData) {
  AliasCache c(64, /*serve_stale=*/true);
  c.store_failure(N("down.test."), RRType::A);
  EXPECT_EQ(look(c, "down.test.").status, AliasStatus::kFailed);
}

TEST(AliasCache, FailureKeepsFreshAddressesAndServesStaleOnlyWhenOn) {
  const uint8_t rd[4] = {192, 0, 2, 9};
  for (bool stale : {false, true}) {
    AliasCache c(64, stale);
    c.store_addresses(N("x.test."), RRType::A, 0, rd, 1);  // expired at once
    c.store_failure(N("x.test."), RRType::A);
    AliasAddresses a = look(c, "x.test.");
    if (stale) {
      ASSERT_EQ(a.status, AliasStatus::kStale);
      EXPECT_EQ(a.ttl, AliasCache::kStaleTtl);
      EXPECT_EQ(a.count, 1);
      EXPECT_EQ(std::memcmp(a.rdata, rd, 4), 0);
    } else {
      EXPECT_EQ(a.status, AliasStatus::kFailed);
    }
  }
}

// A reload can turn serve-stale on or off, and drop what came from upstreams no longer used.
TEST(AliasCache, ServeStaleCanChangeAndClearForgetsEverything) {
  const uint8_t rd[4] = {192, 0, 2, 9};
  AliasCache c(64, false);
  c.store_addresses(N("x.test."), RRType::A, 0, rd, 1);
  c.store_failure(N("x.test."), RRType::A);
  c.store_addresses(N("y.test."), RRType::A, 300, rd, 1);
  EXPECT_EQ(look(c, "x.test.").status, AliasStatus::kFailed);
  c.set_serve_stale(true);
  EXPECT_EQ(look(c, "x.test.").status, AliasStatus::kStale);
  c.set_serve_stale(false);
  EXPECT_EQ(look(c, "x.test.").status, AliasStatus::kFailed);
  c.clear();
  EXPECT_EQ(look(c, "x.test.").status, AliasStatus::kMiss);
  EXPECT_EQ(look(c, "y.test.").status, AliasStatus::kMiss);
  c.store_addresses(N("y.test."), RRType::A, 300, rd, 1);
  EXPECT_EQ(look(c, "y.test.").status, AliasStatus::kAddresses);
}

TEST(AliasCache, FullTableReplacesAndStillAnswersTheNewest) {
  AliasCache c(64);
  const uint8_t rd[4] = {192, 0, 2, 3};
  for (int i = 0; i < 1000; ++i) {
    std::string n = "n" + std::to_string(i) + ".test.";
    c.store_addresses(N(n.c_str()), RRType::A, 300, rd, 1);
  }
  EXPECT_EQ(look(c, "n999.test.").status, AliasStatus::kAddresses);
}

// Readers racing the one writer only ever see whole entries (the sequence lock).
TEST(AliasCache, ReadersSeeWholeEntriesWhileTheWriterWrites) {
  AliasCache c(64);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 20000; ++i) {
      uint8_t v = static_cast<uint8_t>(i);
      const uint8_t rd[8] = {v, v, v, v, v, v, v, v};
      c.store_addresses(N("race.test."), RRType::A, 300, rd, 2);
    }
    done = true;
  });
  size_t torn = 0;
  while (!done) {
    AliasAddresses a = look(c, "race.test.");
    if (a.status != AliasStatus::kAddresses) continue;
    for (int k = 1; k < 8; ++k) torn += a.rdata[k] != a.rdata[0];
  }
  writer.join();
  EXPECT_EQ(torn, 0u);
}

}  // namespace
}  // namespace canon::server
