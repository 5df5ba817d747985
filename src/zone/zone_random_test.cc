// Checks find() and the canonical order of a random zone against a brute-force model built
// from std::set<Name>, whose order is Name's canonical <=> (src/wire/name.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "zone/zone.h"
#include "zone/zone_test_util.h"

namespace canon {
namespace {

using testing::N;

// A label from an alphabet chosen to collide often and to include the octets that make
// canonical order tricky: 0x00, 0x01, upper case, `*`, and octets above 0x7f.
// Labels are short by default so that names collide; longer ones cross the eight-octet words
// that the sort keys and the hash are built from.
std::string random_label(std::mt19937& rng, size_t max_len = 3) {
  static const char kAlphabet[] = {'\0', '\1', 'a', 'B', 'b', 'z', 'Z', '*', '-', '\x80', '\xff'};
  std::string l(1 + rng() % max_len, 'a');
  for (char& c : l) c = kAlphabet[rng() % sizeof kAlphabet];
  return l;
}

Name random_name(std::mt19937& rng, const Name& origin, size_t max_len = 3) {
  Name n = origin;
  for (size_t depth = 1 + rng() % 4; depth > 0; --depth) n = *n.prepend(random_label(rng, max_len));
  return n;
}

// A random name under `origin` given an A record; it and its ancestors go into `model`.
Name add_random(ZoneBuilder& b, std::set<Name>& model, std::mt19937& rng, const Name& origin,
                size_t max_len = 3) {
  static const uint8_t kA[4] = {192, 0, 2, 1};
  Name n = random_name(rng, origin, max_len);
  b.add(n, RRType::A, RRClass::IN, 300, kA);
  for (Name p = n; p.label_count() > origin.label_count(); p = p.parent()) model.insert(p);
  return n;
}

// A zone of `count` random names under example. (labels up to `max_len` octets), the names
// added, and the model: every name and ancestor.
struct RandomZone {
  std::set<Name> model;
  std::vector<Name> added;
  std::shared_ptr<const Zone> zone;
};

RandomZone random_zone(uint32_t seed, int count, size_t max_len) {
  std::mt19937 rng(seed);
  Name origin = N("example.");
  ZoneBuilder b(origin);
  RandomZone r;
  r.model.insert(origin);
  b.add(origin, RRType::SOA, RRClass::IN, 300, std::vector<uint8_t>(22, 0));
  for (int i = 0; i < count; ++i) r.added.push_back(add_random(b, r.model, rng, origin, max_len));
  auto built = b.build(nullptr);
  EXPECT_TRUE(built.ok());
  if (built.ok()) r.zone = *built;
  return r;
}

// The model's names in canonical order, having checked that the zone was built and holds them
// in that order (callers stop on HasFailure()).
std::vector<Name> checked_order(const RandomZone& r) {
  std::vector<Name> sorted(r.model.begin(), r.model.end());
  EXPECT_TRUE(r.zone);
  if (!r.zone) return sorted;
  EXPECT_EQ(r.zone->node_count(), sorted.size());
  for (Zone::NodeId i = 0; i < sorted.size() && i < r.zone->node_count(); ++i) {
    EXPECT_TRUE(r.zone->owner(i) == sorted[i]) << sorted[i].to_string();
  }
  return sorted;
}

// Position of `n` in the sorted vector, or kNone.
Zone::NodeId index_of(const std::vector<Name>& sorted, const Name& n) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), n);
  if (it == sorted.end() || !(*it == n)) return Zone::kNone;
  return static_cast<Zone::NodeId>(it - sorted.begin());
}

TEST(ZoneRandom, FindAgreesWithABruteForceModel) {
  RandomZone r = random_zone(20261122, 3000, 3);
  std::vector<Name> sorted = checked_order(r);
  ASSERT_FALSE(HasFailure());
  const Zone& z = *r.zone;
  std::mt19937 rng(20261123);
  Name origin = N("example.");

  for (int q = 0; q < 20000; ++q) {
    Name qname = random_name(rng, origin);
    Zone::Find f = z.find(qname);
    ASSERT_EQ(f.exact, index_of(sorted, qname)) << qname.to_string();
    Name ce = qname;
    while (index_of(sorted, ce) == Zone::kNone) ce = ce.parent();
    ASSERT_EQ(f.closest_encloser, index_of(sorted, ce)) << qname.to_string();
    auto lower = std::lower_bound(sorted.begin(), sorted.end(), qname);
    Zone::NodeId prev = static_cast<Zone::NodeId>(lower - sorted.begin()) - 1;  // kNone at 0
    ASSERT_EQ(f.previous, prev) << qname.to_string();
  }
}

TEST(ZoneRandom, LongLabelsSortAndFind) {
  RandomZone r = random_zone(20261203, 2000, 20);
  std::vector<Name> sorted = checked_order(r);
  ASSERT_FALSE(HasFailure());
  const Zone& z = *r.zone;
  for (const Name& n : r.added) ASSERT_EQ(z.find(n).exact, index_of(sorted, n)) << n.to_string();
}

}  // namespace
}  // namespace canon
