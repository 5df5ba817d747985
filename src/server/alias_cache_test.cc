// AliasCache: what a worker reads back after the resolver thread stored an answer, a negative
// answer or a failure; TTL expiry; serve-stale; a full probe window; the entry layout (key and
// records inside the 128-octet entry or running on into the slot's overflow block).
#include "server/alias_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

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
    c.find_hashed(n.wire(), n.hash(), RRType::A, &a);
    ASSERT_EQ(a.status, AliasStatus::kAddresses) << asked;
    EXPECT_EQ(a.count, 1) << asked;
    EXPECT_EQ(std::memcmp(a.rdata, rd, 4), 0) << asked;
    c.find_hashed(n.wire(), n.hash(), RRType::AAAA, &a);
    EXPECT_EQ(a.status, AliasStatus::kMiss) << asked;
  }
  Name other = N("hashed.example.net.");
  AliasAddresses a;
  c.find_hashed(other.wire(), other.hash(), RRType::A, &a);
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

// A name of `octets` octets in wire form (labels of up to 63), lower case: "aaa.bbb...".
Name name_of_size(size_t octets) {
  std::string text;
  size_t left = octets - 1;  // the root label's octet
  char letter = 'a';
  while (left > 0) {
    size_t label = std::min<size_t>(63, left - 1);
    if (left - 1 - label == 1) --label;  // never leave a single octet: no room for a label
    text += std::string(label, letter++);
    text += '.';
    left -= label + 1;
  }
  Name n = N(text.empty() ? "." : text.c_str());
  EXPECT_EQ(n.wire_size(), octets);
  return n;
}

// Records 0, 1, 2... each of `size` octets filled with its index and a marker of the name.
std::vector<uint8_t> records(size_t count, size_t size, uint8_t marker) {
  std::vector<uint8_t> rd(count * size);
  for (size_t i = 0; i < rd.size(); ++i)
    rd[i] = static_cast<uint8_t>(i % size == 0 ? marker : i / size);
  return rd;
}

// Keys from the shortest to the longest name, with 1 to 16 records of each family: inside the
// entry, across its end, and wholly in the overflow block; every key and record comes back,
// and neither family's entry hides the other's.
TEST(AliasCache, EntriesOfEverySizeAndBothFamilies) {
  AliasCache c(256);
  std::vector<Name> names;
  for (size_t octets : {1, 3, 14, 40, 64, 88, 89, 120, 200, 254, 255})
    names.push_back(name_of_size(octets));
  uint8_t marker = 1;
  for (const Name& n : names) {
    for (size_t count : {1, 2, 5, 16}) {
      auto v4 = records(count, 4, marker);
      auto v6 = records(count, 16, static_cast<uint8_t>(marker + 1));
      c.store_addresses(n, RRType::A, 300, v4, static_cast<uint16_t>(count));
      c.store_addresses(n, RRType::AAAA, 300, v6, static_cast<uint16_t>(count));
      for (RRType t : {RRType::A, RRType::AAAA}) {
        const auto& want = t == RRType::A ? v4 : v6;
        AliasAddresses a;
        c.find(n, t, &a);
        SCOPED_TRACE(std::to_string(n.wire_size()) + " octets, " + std::to_string(count) +
                     (t == RRType::A ? " A" : " AAAA"));
        ASSERT_EQ(a.status, AliasStatus::kAddresses);
        EXPECT_EQ(a.type, t);
        ASSERT_EQ(a.count, count);
        EXPECT_EQ(std::memcmp(a.rdata, want.data(), want.size()), 0);
      }
      marker = static_cast<uint8_t>(marker + 2);
    }
  }
}

// More than kAliasMaxRecords records are cut to the first kAliasMaxRecords, with the longest
// name: the largest entry there is.
TEST(AliasCache, LongestNameWithMoreRecordsThanKept) {
  AliasCache c;
  Name longest = name_of_size(255);
  auto v6 = records(kAliasMaxRecords + 4, 16, 0xee);
  c.store_addresses(longest, RRType::AAAA, 300, v6, static_cast<uint16_t>(kAliasMaxRecords + 4));
  AliasAddresses a;
  c.find(longest, RRType::AAAA, &a);
  ASSERT_EQ(a.status, AliasStatus::kAddresses);
  ASSERT_EQ(a.count, kAliasMaxRecords);
  EXPECT_EQ(std::memcmp(a.rdata, v6.data(), kAliasMaxRdata), 0);
  // Asked in upper case: the key is compared octet by octet, lowered, into the overflow block.
  std::string upper = longest.to_string();
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(look(c, upper.c_str(), RRType::AAAA).status, AliasStatus::kAddresses);
  // A name one octet shorter, or differing in its last label, is another key.
  EXPECT_EQ(look(c, name_of_size(254).to_string().c_str(), RRType::AAAA).status,
            AliasStatus::kMiss);
}

// A new answer for a name replaces the old one in place, records and TTL: a shorter set after
// a longer one leaves nothing of the longer behind.
TEST(AliasCache, OverwriteReplacesRecordsAndTtl) {
  AliasCache c;
  Name n = name_of_size(120);  // key and records run on into the overflow block
  auto many = records(16, 4, 0x11);
  c.store_addresses(n, RRType::A, 3000, many, 16);
  const uint8_t one[4] = {192, 0, 2, 77};
  c.store_addresses(n, RRType::A, 30, one, 1);
  AliasAddresses a;
  c.find(n, RRType::A, &a);
  ASSERT_EQ(a.status, AliasStatus::kAddresses);
  EXPECT_EQ(a.count, 1);
  EXPECT_LE(a.ttl, 30u);
  EXPECT_EQ(std::memcmp(a.rdata, one, 4), 0);
  c.store_negative(n, RRType::A, 60);
  c.find(n, RRType::A, &a);
  EXPECT_EQ(a.status, AliasStatus::kNoData);
  EXPECT_EQ(a.count, 0);
}

// Expired addresses are a miss (the worker defers for a refresh) while the other family's fresh
// entry for the same name still answers.
TEST(AliasCache, ExpiryIsPerFamily) {
  AliasCache c;
  const uint8_t v4[4] = {192, 0, 2, 1};
  uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
  c.store_addresses(N("both.test."), RRType::A, 0, v4, 1);  // expired at once
  c.store_addresses(N("both.test."), RRType::AAAA, 300, v6, 1);
  EXPECT_EQ(look(c, "both.test.").status, AliasStatus::kMiss);
  AliasAddresses a = look(c, "BOTH.test.", RRType::AAAA);
  ASSERT_EQ(a.status, AliasStatus::kAddresses);
  EXPECT_EQ(std::memcmp(a.rdata, v6, 16), 0);
}

// Names whose hashes share a slot probe on to the next slots; each finds its own entry.
TEST(AliasCache, CollidingSlotsKeepTheirOwnEntries) {
  AliasCache c(64);
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) names.push_back("n" + std::to_string(i) + ".collide.test.");
  for (size_t i = 0; i < names.size(); ++i) {
    const uint8_t rd[4] = {10, 0, 0, static_cast<uint8_t>(i)};
    c.store_addresses(N(names[i].c_str()), RRType::A, 300, rd, 1);
  }
  size_t found = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    AliasAddresses a = look(c, names[i].c_str());
    if (a.status != AliasStatus::kAddresses) continue;  // evicted from a full probe window
    ++found;
    EXPECT_EQ(a.rdata[3], i) << names[i];
  }
  EXPECT_GE(found, 30u);
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

// The same with entries that run on into the overflow block and change size: a reader sees one
// write's count with that write's records, never a mix.
TEST(AliasCache, ReadersSeeWholeLargeEntriesWhileTheWriterWrites) {
  AliasCache c(64);
  Name n = name_of_size(100);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 20000; ++i) {
      uint8_t v = static_cast<uint8_t>(i);
      uint16_t count = static_cast<uint16_t>(1 + i % 16);
      std::vector<uint8_t> rd(16 * count, v);
      rd[0] = static_cast<uint8_t>(count);
      c.store_addresses(n, RRType::AAAA, 300, rd, count);
    }
    done = true;
  });
  size_t torn = 0;
  while (!done) {
    AliasAddresses a;
    c.find(n, RRType::AAAA, &a);
    if (a.status != AliasStatus::kAddresses) continue;
    torn += a.rdata[0] != a.count;
    for (size_t k = 1; k < 16u * a.count; ++k) torn += a.rdata[k] != a.rdata[1];
  }
  writer.join();
  EXPECT_EQ(torn, 0u);
}

}  // namespace
}  // namespace canon::server
