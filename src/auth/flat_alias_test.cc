// Flattened ALIASes (Catalog::flatten_aliases): what the table holds, that respond() gives the
// same bytes with and without it, and that a new catalog (a reload) never serves an old chain.
#include "auth/flat_alias.h"

#include <cstring>
#include <iterator>

#include "auth/alias_test_zones.h"
#include "auth/auth_test_util.h"
#include "wire/name_hash.h"

namespace canon::auth_testing {
namespace {

Name name(const char* text) {
  return *Name::parse(text);
}

// The ALIAS RRset at `owner` in the zone of `c` that holds it.
const RRsetRef& alias_at(const Catalog& c, const char* owner) {
  const Zone* z = c.find_zone(name(owner));
  Zone::NodeId n = z->find(name(owner)).exact;
  return *z->rrset(n, RRType::ALIAS);
}

const FlatAlias* flat(const Catalog& c, const char* owner, RRType t = RRType::A) {
  Name o = name(owner);
  return c.flat_alias(alias_at(c, owner), name_hash(o.wire().data(), o.wire_size()), t);
}

TEST(FlatAlias, LocalTargetsAreResolvedAhead) {
  Catalog c = alias_catalog();
  const FlatAlias* apex = flat(c, "flat.");
  ASSERT_NE(apex, nullptr);
  EXPECT_EQ(apex->end, ChaseEnd::kAnswer);
  EXPECT_EQ(apex->hops, 1);
  EXPECT_EQ(apex->ttl, 60u);
  ASSERT_NE(apex->last.rrset, nullptr);
  EXPECT_EQ(apex->last.rrset->type, RRType::A);
  EXPECT_EQ(apex->last.rrset->count, 2);
  EXPECT_EQ(apex->last.zone->origin(), name("other."));
  EXPECT_EQ(*apex->last_name, name("www.other."));
  const FlatAlias* v6 = flat(c, "flat.", RRType::AAAA);
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v6->last.rrset->type, RRType::AAAA);
  // Through a CNAME, and through another ALIAS: every hop counted, the least TTL kept.
  const FlatAlias* via = flat(c, "viacname.flat.");
  ASSERT_NE(via, nullptr);
  EXPECT_EQ(via->end, ChaseEnd::kAnswer);
  EXPECT_EQ(via->hops, 2);
  EXPECT_EQ(via->ttl, 120u);
  EXPECT_EQ(*via->last_name, name("www.other."));
  ASSERT_NE(flat(c, "chain3.flat."), nullptr);
  EXPECT_EQ(flat(c, "chain3.flat.")->hops, 3);
  // A DNAME on the way (www.old. -> www.other.).
  ASSERT_NE(flat(c, "dname.flat."), nullptr);
  EXPECT_EQ(flat(c, "dname.flat.")->end, ChaseEnd::kAnswer);
  EXPECT_EQ(flat(c, "dname.flat.")->ttl, 200u);
}

TEST(FlatAlias, NoDataIsResolvedAhead) {
  Catalog c = alias_catalog();
  for (const char* owner : {"nodata.flat.", "missing.flat."}) {
    RRType t = std::strcmp(owner, "nodata.flat.") == 0 ? RRType::AAAA : RRType::A;
    const FlatAlias* f = flat(c, owner, t);
    ASSERT_NE(f, nullptr) << owner;
    EXPECT_EQ(f->end, ChaseEnd::kNoData) << owner;
    EXPECT_EQ(f->last.zone->origin(), name("flat.")) << owner;  // the owner's SOA is written
  }
  EXPECT_EQ(flat(c, "nodata.flat.")->end, ChaseEnd::kAnswer);  // it has an A
}

TEST(FlatAlias, ExternalTargetsKeepTheirLastName) {
  Catalog c = alias_catalog();
  const FlatAlias* ext = flat(c, "ext.flat.");
  ASSERT_NE(ext, nullptr);
  EXPECT_EQ(ext->end, ChaseEnd::kAliasExternal);
  EXPECT_EQ(*ext->last_name, name("cdn.external.test."));
  EXPECT_EQ(ext->ttl, 600u);
  const FlatAlias* viacname = flat(c, "extcname.flat.");
  ASSERT_NE(viacname, nullptr);
  EXPECT_EQ(*viacname->last_name, name("cdn.external.test."));
  EXPECT_EQ(viacname->ttl, 500u);
  const FlatAlias* deleg = flat(c, "deleg.flat.");
  ASSERT_NE(deleg, nullptr);
  EXPECT_EQ(deleg->end, ChaseEnd::kAliasExternal);
  EXPECT_EQ(*deleg->last_name, name("host.sub.other."));
}

TEST(FlatAlias, LoopsAreLeftToTheChase) {
  Catalog c = alias_catalog();
  EXPECT_EQ(flat(c, "loop.flat."), nullptr);
  EXPECT_EQ(flat(c, "aa1.flat."), nullptr);
  check(c, {"loop, flattened catalog",
            {.qname = "loop.flat.", .edns = true},
            Rcode::SERVFAIL,
            "aa",
            {},
            {},
            {},
            "ALIAS loop at loop.flat."});
}

TEST(FlatAlias, NotFlattenedWithoutTheCall) {
  Catalog c = alias_catalog(false);
  EXPECT_EQ(flat(c, "flat."), nullptr);
  c.flatten_aliases();
  EXPECT_NE(flat(c, "flat."), nullptr);
}

// A zone added later can capture a target: add() drops the table rather than keep a chain that
// the new zone changes.
TEST(FlatAlias, AddDropsTheTable) {
  Catalog c = make_catalog({{"flat.", kAliasZone}});
  ASSERT_NE(flat(c, "flat."), nullptr);
  EXPECT_EQ(flat(c, "flat.")->end, ChaseEnd::kAliasExternal);  // other. is not served yet
  c.add(make_zone({"other.", kAliasTargets}));
  EXPECT_EQ(flat(c, "flat."), nullptr);
  check(c, {"after add",
            {.qname = "flat."},
            Rcode::NOERROR,
            "aa",
            {"flat. 60 IN A 198.51.100.1", "flat. 60 IN A 198.51.100.2"},
            {},
            {},
            {}});
  c.flatten_aliases();
  EXPECT_EQ(flat(c, "flat.")->end, ChaseEnd::kAnswer);
}

// The catalog after a reload that changed only the targets' zone: `flat` (the same snapshot)
// and other. with `from` replaced by `to` in its text, flattened as zone_loader.cc does.
Catalog reloaded(const std::shared_ptr<const Zone>& flat, const std::string& from,
                 const std::string& to) {
  std::string text = kAliasTargets;
  text.replace(text.find(from), from.size(), to);
  Catalog c;
  c.add(flat);
  c.add(make_zone({"other.", text}));
  c.flatten_aliases();
  return c;
}

// A reload builds a new catalog (src/server/zone_loader.cc), possibly with the ALIAS's zone
// unchanged (same snapshot) and only the target's zone new: the new catalog's table follows the
// new target, the old catalog keeps answering as before until it is dropped.
TEST(FlatAlias, ReloadServesTheNewTargetAddress) {
  auto flat_zone = make_zone({"flat.", kAliasZone});
  Catalog before;
  before.add(flat_zone);
  before.add(make_zone({"other.", kAliasTargets}));
  before.flatten_aliases();
  Catalog after =
      reloaded(flat_zone, "www    300 A     198.51.100.1\nwww    300 A     198.51.100.2",
               "www     30 A     198.51.100.77");
  check(after, {"new address",
                {.qname = "flat."},
                Rcode::NOERROR,
                "aa",
                {"flat. 30 IN A 198.51.100.77"},
                {},
                {},
                {}});
  check(before, {"old catalog",
                 {.qname = "flat."},
                 Rcode::NOERROR,
                 "aa",
                 {"flat. 60 IN A 198.51.100.1", "flat. 60 IN A 198.51.100.2"},
                 {},
                 {},
                 {}});
}

TEST(FlatAlias, ReloadThatMakesALoopFails) {
  auto flat_zone = make_zone({"flat.", kAliasZone});
  Catalog after =
      reloaded(flat_zone, "v4only     A     198.51.100.9", "v4only     CNAME nodata.flat.");
  EXPECT_EQ(flat(after, "nodata.flat."), nullptr);
  check(after, {"loop after reload",
                {.qname = "nodata.flat.", .edns = true},
                Rcode::SERVFAIL,
                "aa",
                {},
                {},
                {},
                "ALIAS loop at nodata.flat."});
}

TEST(FlatAlias, ReloadThatRemovesTheTargetIsNoData) {
  auto flat_zone = make_zone({"flat.", kAliasZone});
  Catalog after = reloaded(flat_zone, "v4only     A     198.51.100.9", "");
  ASSERT_NE(flat(after, "nodata.flat."), nullptr);
  EXPECT_EQ(flat(after, "nodata.flat.")->end, ChaseEnd::kNoData);
  check(after, {"target removed",
                {.qname = "nodata.flat."},
                Rcode::NOERROR,
                "aa",
                {},
                {"flat. 300 IN SOA ns1.other. hostmaster.flat. 1 7200 900 1209600 300"},
                {},
                {}});
}

AliasAddresses some_addresses(AliasStatus status) {
  AliasAddresses a;
  a.status = status;
  a.ttl = 45;
  const uint8_t ip[8] = {203, 0, 113, 7, 203, 0, 113, 8};
  std::memcpy(a.rdata, ip, sizeof ip);
  a.count = 2;
  return a;
}

// The same query bytes, answered by a flattened and an unflattened catalog, give the same
// response bytes and the same deferral: every owner of the zones, the query name in another
// case, reached through a CNAME and through the wildcard, both families, with and without
// EDNS, chain limits below and above each chain's length, and each state of the upstream cache.
TEST(FlatAlias, SameAnswersAsTheChase) {
  Catalog fast = alias_catalog();
  Catalog slow = alias_catalog(false);
  const char* names[] = {"flat.",        "FLAT.",       "viacname.flat.", "chain.flat.",
                         "chain3.flat.", "long.flat.",  "nodata.flat.",   "missing.flat.",
                         "loop.flat.",   "aa1.flat.",   "ext.flat.",      "extcname.flat.",
                         "deleg.flat.",  "dname.flat.", "x.wild.flat.",   "*.wild.flat.",
                         "www.flat.",    "hop.flat.",   "nothere.flat.",  "www.other."};
  AliasStatus states[] = {AliasStatus::kAddresses, AliasStatus::kNoData, AliasStatus::kMiss,
                          AliasStatus::kFailed, AliasStatus::kStale};
  std::vector<uint8_t> a(4096), b(4096);
  int compared = 0;
  for (AliasStatus st : states) {
    FakeSource src;
    src.reply = some_addresses(st);
    for (size_t limit : {size_t{1}, size_t{2}, size_t{3}, size_t{12}}) {
      AuthOptions opt;
      opt.alias = &src;
      opt.max_cname_chain = limit;
      for (const char* n : names) {
        for (const char* t : {"A", "AAAA", "MX"}) {
          for (bool edns : {false, true}) {
            SCOPED_TRACE(std::string(n) + " " + t + " limit " + std::to_string(limit) +
                         (edns ? " edns" : ""));
            auto q = make_query({.qname = n, .qtype = t, .edns = edns});
            Deferral da, db;
            size_t na = respond(fast, opt, Transport::kUdp, q, a, &da);
            size_t nb = respond(slow, opt, Transport::kUdp, q, b, &db);
            ASSERT_EQ(na, nb);
            EXPECT_EQ(0, std::memcmp(a.data(), b.data(), na));
            EXPECT_EQ(da.needed, db.needed);
            EXPECT_EQ(da.target.to_string(), db.target.to_string());  // case kept too
            EXPECT_EQ(da.type, db.type);
            EXPECT_EQ(da.alias, db.alias);
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_EQ(compared, 5 * 4 * static_cast<int>(std::size(names)) * 3 * 2);
}

// A recursive client's query (defer_outside) and no upstream cache: the flattened external
// target is handed over with the same name.
TEST(FlatAlias, DeferOutsideGetsTheSameTarget) {
  Catalog fast = alias_catalog();
  AuthOptions opt;
  opt.defer_outside = true;
  auto q = make_query({.qname = "extcname.flat."});
  std::vector<uint8_t> out(4096);
  Deferral d;
  EXPECT_EQ(respond(fast, opt, Transport::kUdp, q, out, &d), 0u);
  EXPECT_TRUE(d.needed);
  EXPECT_EQ(d.target, name("cdn.external.test."));
  EXPECT_FALSE(d.alias);
}

}  // namespace
}  // namespace canon::auth_testing
