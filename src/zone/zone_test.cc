#include "zone/zone.h"

#include <gtest/gtest.h>

#include "zone/zone_test_util.h"

namespace canon {
namespace {

using testing::build_zone;
using testing::N;
using testing::node_records;
using testing::owners;
using testing::records;

const char* kSoa = "@ 3600 SOA ns hostmaster 1 7200 900 1209600 300";

std::shared_ptr<const Zone> Z(std::vector<std::string> lines, std::vector<Diagnostic>* d = nullptr,
                              std::string_view origin = "example.") {
  lines.insert(lines.begin(), kSoa);
  auto r = build_zone(origin, lines, d);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : nullptr;
}

Zone::NodeId node(const Zone& z, std::string_view name) {
  return z.find(N(name)).exact;
}

std::string name_of(const Zone& z, Zone::NodeId n) {
  return n == Zone::kNone ? "(none)" : z.owner(n).to_string();
}

// RFC 4034 §6.1's own example, given out of order.
TEST(ZoneOrder, Rfc4034Example) {
  auto z = Z({"\\200.z 1 A 192.0.2.1", "z 1 A 192.0.2.1", "zABC.a.EXAMPLE. 1 A 192.0.2.1",
              "*.z 1 A 192.0.2.1", "yljkjljk.a 1 A 192.0.2.1", "Z.a 1 A 192.0.2.1",
              "\\001.z 1 A 192.0.2.1", "a 1 A 192.0.2.1"});
  EXPECT_EQ(owners(*z),
            "example.\na.example.\nyljkjljk.a.example.\nZ.a.example.\nzABC.a.EXAMPLE.\n"
            "z.example.\n\\001.z.example.\n*.z.example.\n\\200.z.example.\n");
}

TEST(ZoneOrder, ZeroOctetsAndShorterLabelsFirst) {
  auto z = Z({"a\\000 1 A 192.0.2.1", "b 1 A 192.0.2.1", "\\000.a 1 A 192.0.2.1", "a 1 A 192.0.2.1",
              "B.a 1 A 192.0.2.1", "\\000\\000 1 A 192.0.2.1", "\\000 1 A 192.0.2.1",
              "\\001 1 A 192.0.2.1"});
  EXPECT_EQ(owners(*z),
            "example.\n\\000.example.\n\\000\\000.example.\n\\001.example.\na.example.\n"
            "\\000.a.example.\nB.a.example.\na\\000.example.\nb.example.\n");
}

TEST(ZoneOrder, OwnerCaseIsKeptAsFirstWritten) {
  auto z = Z({"WWW 300 A 192.0.2.1", "www 300 A 192.0.2.2"});
  EXPECT_EQ(node_records(*z, node(*z, "www.example.")),
            "WWW.example. 300 IN A 192.0.2.1\nWWW.example. 300 IN A 192.0.2.2\n");
}

TEST(ZoneBuild, EmptyNonTerminalsAreInserted) {
  auto z = Z({"a.b.c 300 A 192.0.2.1"});
  EXPECT_EQ(owners(*z), "example.\nc.example.\nb.c.example.\na.b.c.example.\n");
  EXPECT_TRUE(z->flags(node(*z, "c.example.")) & kNodeEmptyNonTerminal);
  EXPECT_TRUE(z->flags(node(*z, "b.c.example.")) & kNodeEmptyNonTerminal);
  EXPECT_FALSE(z->flags(node(*z, "a.b.c.example.")) & kNodeEmptyNonTerminal);
  EXPECT_EQ(z->rrsets(node(*z, "b.c.example.")).size(), 0u);
  EXPECT_EQ(z->node_count(), 4u);
}

// Missing ancestors become nodes right before their first descendant, however many levels
// are missing and whichever comes first in the file; an empty `*` counts as a wildcard child.
TEST(ZoneBuild, EmptyNonTerminalsAtEveryDepth) {
  auto z = Z({"d.c.b.a 300 A 192.0.2.1", "x.*.w 300 A 192.0.2.2", "b.a 300 A 192.0.2.3",
              "e.c.b.a 300 A 192.0.2.4", "y.c.q.a 300 A 192.0.2.5"});
  EXPECT_EQ(owners(*z),
            "example.\na.example.\nb.a.example.\nc.b.a.example.\nd.c.b.a.example.\n"
            "e.c.b.a.example.\nq.a.example.\nc.q.a.example.\ny.c.q.a.example.\nw.example.\n"
            "*.w.example.\nx.*.w.example.\n");
  for (const char* ent : {"a.example.", "c.b.a.example.", "q.a.example.", "c.q.a.example.",
                          "w.example.", "*.w.example."}) {
    EXPECT_TRUE(z->flags(node(*z, ent)) & kNodeEmptyNonTerminal) << ent;
  }
  EXPECT_FALSE(z->flags(node(*z, "b.a.example.")) & kNodeEmptyNonTerminal);
  EXPECT_TRUE(z->flags(node(*z, "w.example.")) & kNodeWildcardChild);
  EXPECT_EQ(z->node_count(), 12u);
}

// An owner that comes back after many others is found only once the names are sorted: still
// one node, named as first written.
TEST(ZoneBuild, OwnersBackAfterManyOthersKeepTheFirstCase) {
  std::vector<std::string> lines{"mixed 300 A 192.0.2.1"};
  for (int round = 2; round <= 3; ++round) {
    for (int i = 0; i < 20; ++i) lines.push_back("f" + std::to_string(i) + " 300 A 192.0.2.9");
    lines.push_back((round == 2 ? "MIXED" : "Mixed") + std::string(" 300 A 192.0.2.") +
                    std::to_string(round));
  }
  auto z = Z(lines);
  EXPECT_EQ(node_records(*z, node(*z, "mixed.example.")),
            "mixed.example. 300 IN A 192.0.2.1\nmixed.example. 300 IN A 192.0.2.2\n"
            "mixed.example. 300 IN A 192.0.2.3\n");
  EXPECT_EQ(z->node_count(), 22u);
}

TEST(ZoneBuild, RecordsInCanonicalOrderWithTypesSorted) {
  auto z = Z({"www 300 TXT hello", "www 300 A 192.0.2.1", "@ 3600 NS ns",
              "mail 300 MX 10 mx.example.net."});
  EXPECT_EQ(records(*z),
            "example. 3600 IN NS ns.example.\n"
            "example. 3600 IN SOA ns.example. hostmaster.example. 1 7200 900 1209600 300\n"
            "mail.example. 300 IN MX 10 mx.example.net.\n"
            "www.example. 300 IN A 192.0.2.1\n"
            "www.example. 300 IN TXT \"hello\"\n");
  EXPECT_EQ(z->record_count(), 5u);
  Zone::NodeId www = node(*z, "www.example.");
  ASSERT_NE(z->rrset(www, RRType::TXT), nullptr);
  EXPECT_EQ(z->rrset(www, RRType::TXT)->count, 1u);
  EXPECT_EQ(z->rrset(www, RRType::MX), nullptr);
  EXPECT_EQ(z->line_of(www, RRType::TXT), 2u);  // the SOA is line 1
  EXPECT_EQ(z->line_of(www, RRType::MX), 0u);
}

TEST(ZoneBuild, IdenticalRecordsMergeOnce) {
  auto z = Z({"www 300 A 192.0.2.1", "www 300 A 192.0.2.2", "www 300 A 192.0.2.1",
              "www 300 A 192.0.2.2", "www 300 A 192.0.2.3"});
  EXPECT_EQ(node_records(*z, node(*z, "www.example.")),
            "www.example. 300 IN A 192.0.2.1\nwww.example. 300 IN A 192.0.2.2\n"
            "www.example. 300 IN A 192.0.2.3\n");
  EXPECT_EQ(z->record_count(), 4u);
}

TEST(ZoneBuild, LargeRRsetDuplicatesMerge) {
  std::vector<std::string> lines;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100; ++i) lines.push_back("big 60 A 10.0.0." + std::to_string(i));
  }
  auto z = Z(lines);
  const RRsetRef* rs = z->rrset(node(*z, "big.example."), RRType::A);
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ(rs->count, 100u);
  std::string first = node_records(*z, node(*z, "big.example.")).substr(0, 32);
  EXPECT_EQ(first, "big.example. 60 IN A 10.0.0.0\nbi");
}

// The Zone keeps the builder's rdata where add() put it for RRsets written in one piece, and
// copies the others: both kinds must read back whole, in input order.
TEST(ZoneBuild, RRsetsWrittenInPiecesKeepEveryRecord) {
  auto z = Z({"a 300 A 192.0.2.1", "b 300 A 192.0.2.7", "a 300 A 192.0.2.2", "b 300 TXT one",
              "b 300 TXT two", "a 300 TXT x", "a 300 A 192.0.2.3", "c 300 A 192.0.2.9",
              "c 300 A 192.0.2.9", "c 300 A 192.0.2.8"});
  EXPECT_EQ(node_records(*z, node(*z, "a.example.")),
            "a.example. 300 IN A 192.0.2.1\na.example. 300 IN A 192.0.2.2\n"
            "a.example. 300 IN A 192.0.2.3\na.example. 300 IN TXT \"x\"\n");
  EXPECT_EQ(node_records(*z, node(*z, "b.example.")),
            "b.example. 300 IN A 192.0.2.7\nb.example. 300 IN TXT \"one\"\n"
            "b.example. 300 IN TXT \"two\"\n");
  EXPECT_EQ(node_records(*z, node(*z, "c.example.")),
            "c.example. 300 IN A 192.0.2.9\nc.example. 300 IN A 192.0.2.8\n");
  EXPECT_EQ(z->record_count(), 10u);  // the SOA, and c's duplicate counted once
}

// The zone written as `plain` and as `shuffled` (the same records reordered or repeated): the same
// records, and the same memory, so that the order left nothing dead behind.
void expect_same_records_and_memory(const std::vector<std::string>& plain,
                                    const std::vector<std::string>& shuffled) {
  auto zp = Z(plain);
  auto zs = Z(shuffled);
  ASSERT_TRUE(zp && zs);
  EXPECT_EQ(records(*zp), records(*zs));
  EXPECT_EQ(zs->memory_bytes(), zp->memory_bytes());
}

// Records left behind by copied RRsets (written in pieces, or with duplicates) must not stay
// in the Zone's memory: the same zone written either way takes the same room.
TEST(ZoneMemory, RRsetsWrittenInPiecesLeaveNoDeadRdata) {
  std::vector<std::string> grouped, pieces;
  for (int i = 0; i < 200; ++i) {
    std::string h = "h" + std::to_string(i);
    grouped.push_back(h + " 300 A 192.0.2.1");
    grouped.push_back(h + " 300 A 192.0.2.2");
  }
  for (int round = 1; round <= 2; ++round) {
    for (int i = 0; i < 200; ++i) {
      pieces.push_back("h" + std::to_string(i) + " 300 A 192.0.2." + std::to_string(round));
    }
  }
  pieces.insert(pieces.end(), grouped.begin(), grouped.end());  // and every record again
  expect_same_records_and_memory(grouped, pieces);
}

// The same for owner names: a zone written type by type (every owner back after all the
// others) takes the room of one written owner by owner.
TEST(ZoneMemory, OwnersWrittenTwiceLeaveNoDeadNames) {
  std::vector<std::string> by_owner, by_type;
  for (int i = 0; i < 300; ++i) {
    std::string h = "host-" + std::to_string(i);
    by_owner.push_back(h + " 300 A 192.0.2.1");
    by_owner.push_back(h + " 300 TXT x");
    by_type.push_back(h + " 300 A 192.0.2.1");
  }
  for (int i = 0; i < 300; ++i) by_type.push_back("host-" + std::to_string(i) + " 300 TXT x");
  expect_same_records_and_memory(by_owner, by_type);
}

TEST(ZoneBuild, DifferingTtlsUseTheLowestWithAWarning) {
  std::vector<Diagnostic> d;
  auto z = Z({"www 300 A 192.0.2.1", "www 60 A 192.0.2.2", "www 600 A 192.0.2.3"}, &d);
  EXPECT_EQ(node_records(*z, node(*z, "www.example.")),
            "www.example. 60 IN A 192.0.2.1\nwww.example. 60 IN A 192.0.2.2\n"
            "www.example. 60 IN A 192.0.2.3\n");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(d[0].warning);
  EXPECT_EQ(d[0].line, 3u);
  EXPECT_EQ(d[0].file, "test.zone");
  EXPECT_NE(d[0].message.find("RFC 2181"), std::string::npos);
}

TEST(ZoneBuild, OutOfZoneRecordsAreDroppedWithAWarning) {
  std::vector<Diagnostic> d;
  auto z = Z({"www 300 A 192.0.2.1", "www.example.net. 300 A 192.0.2.2", "example. 300 A 1.2.3.4"},
             &d, "sub.example.");
  EXPECT_EQ(owners(*z), "sub.example.\nwww.sub.example.\n");
  EXPECT_EQ(z->record_count(), 2u);
  int warnings = 0;
  for (const auto& x : d) warnings += x.warning;
  EXPECT_EQ(warnings, 3);  // two records and the summary
  EXPECT_EQ(d[0].line, 3u);
  EXPECT_NE(d[0].message.find("www.example.net. A is out of zone sub.example."), std::string::npos);
}

TEST(ZoneBuild, MissingSoaFails) {
  std::vector<Diagnostic> d;
  auto r = build_zone("example.", {"@ 300 NS ns", "ns 300 A 192.0.2.1"}, &d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "no SOA record at the zone apex example.");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_FALSE(d[0].warning);
}

TEST(ZoneBuild, SoaBelowTheApexDoesNotCount) {
  auto r = build_zone("example.", {"sub 300 SOA ns hostmaster 1 2 3 4 5"});
  EXPECT_FALSE(r.ok());
}

TEST(ZoneBuild, TwoSoaRecordsFail) {
  auto r = build_zone("example.", {kSoa, "@ 3600 SOA ns hostmaster 2 7200 900 1209600 300"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("2 SOA records"), std::string::npos);
}

TEST(ZoneFlags, ComputedAtBuild) {
  auto z = Z({"@ 3600 NS ns", "ns 300 A 192.0.2.1", "sub 300 NS ns.sub", "ns.sub 300 A 192.0.2.2",
              "deep.x.sub 300 A 192.0.2.3", "c 300 CNAME www", "d 300 DNAME example.net.",
              "x.d 300 A 192.0.2.4", "*.w 300 A 192.0.2.5", "@ 300 ALIAS lb.example.net."});
  auto f = [&](std::string_view n) { return z->flags(node(*z, n)); };
  EXPECT_EQ(f("example."), kNodeApex | kNodeHasAlias);
  EXPECT_EQ(f("ns.example."), 0);
  EXPECT_EQ(f("sub.example."), kNodeDelegation);
  EXPECT_EQ(f("ns.sub.example."), kNodeBelowCut);
  EXPECT_EQ(f("x.sub.example."), kNodeBelowCut | kNodeEmptyNonTerminal);
  EXPECT_EQ(f("deep.x.sub.example."), kNodeBelowCut);
  EXPECT_EQ(f("c.example."), kNodeHasCname);
  EXPECT_EQ(f("d.example."), kNodeHasDname);
  EXPECT_EQ(f("x.d.example."), kNodeBelowDname);
  EXPECT_EQ(f("w.example."), kNodeWildcardChild | kNodeEmptyNonTerminal);
  EXPECT_EQ(f("*.w.example."), 0);
}

TEST(ZoneFind, ExactMatchIgnoresCase) {
  auto z = Z({"www 300 A 192.0.2.1", "mail 300 A 192.0.2.2"});
  Zone::Find f = z->find(N("WwW.ExAmPlE."));
  EXPECT_EQ(name_of(*z, f.exact), "www.example.");
  EXPECT_EQ(f.closest_encloser, f.exact);
  EXPECT_EQ(name_of(*z, f.previous), "mail.example.");
}

TEST(ZoneFind, MissingNameGivesClosestEncloserAndPrevious) {
  auto z = Z({"b 300 A 192.0.2.1", "x.b 300 A 192.0.2.1", "d 300 A 192.0.2.1",
              "a.c.d 300 A 192.0.2.1", "z.d 300 A 192.0.2.1"});
  auto check = [&](std::string_view q, const char* ce, const char* prev) {
    Zone::Find f = z->find(N(q));
    EXPECT_EQ(f.exact, Zone::kNone) << q;
    EXPECT_EQ(name_of(*z, f.closest_encloser), ce) << q;
    EXPECT_EQ(name_of(*z, f.previous), prev) << q;
  };
  check("a.example.", "example.", "example.");       // before every child of the apex
  check("c.example.", "example.", "x.b.example.");   // after b's whole subtree
  check("zz.example.", "example.", "z.d.example.");  // past the last name: the zone's end
  check("y.x.b.example.", "x.b.example.", "x.b.example.");
  check("b.d.example.", "d.example.", "d.example.");
  check("cc.d.example.", "d.example.", "a.c.d.example.");
  check("q.a.c.d.example.", "a.c.d.example.", "a.c.d.example.");
  check("0.d.example.", "d.example.", "d.example.");
}

TEST(ZoneFind, ApexAndEntAndOutOfZone) {
  auto z = Z({"a.b 300 A 192.0.2.1"});
  Zone::Find apex = z->find(N("EXAMPLE."));
  EXPECT_EQ(apex.exact, 0u);
  EXPECT_EQ(apex.previous, Zone::kNone);
  Zone::Find ent = z->find(N("b.example."));
  EXPECT_EQ(name_of(*z, ent.exact), "b.example.");
  EXPECT_TRUE(z->flags(ent.exact) & kNodeEmptyNonTerminal);
  Zone::Find out = z->find(N("www.example.net."));
  EXPECT_EQ(out.exact, Zone::kNone);
  EXPECT_EQ(out.closest_encloser, Zone::kNone);
  EXPECT_EQ(out.previous, Zone::kNone);
  EXPECT_EQ(z->find(N("net.")).closest_encloser, Zone::kNone);
}

TEST(ZoneFind, BelowACutTheCutIsTheClosestEncloser) {
  auto z = Z({"sub 300 NS ns.sub", "ns.sub 300 A 192.0.2.2"});
  Zone::Find f = z->find(N("www.sub.example."));
  EXPECT_EQ(name_of(*z, f.closest_encloser), "sub.example.");
  EXPECT_TRUE(z->flags(f.closest_encloser) & kNodeDelegation);
}

TEST(ZoneFind, WildcardChildOfTheClosestEncloser) {
  auto z = Z({"*.w 300 A 192.0.2.5", "x.w 300 A 192.0.2.6", "* 300 TXT top", "!.v 300 A 1.1.1.1",
              "*.v 300 A 1.1.1.2"});
  Zone::Find f = z->find(N("nothere.w.example."));
  EXPECT_EQ(name_of(*z, f.closest_encloser), "w.example.");
  EXPECT_EQ(name_of(*z, z->wildcard_child(f.closest_encloser)), "*.w.example.");
  EXPECT_EQ(name_of(*z, z->wildcard_child(0)), "*.example.");
  EXPECT_EQ(name_of(*z, z->wildcard_child(node(*z, "v.example."))), "*.v.example.");
  EXPECT_EQ(z->wildcard_child(node(*z, "x.w.example.")), Zone::kNone);
  // A query for the wildcard name itself matches it exactly (RFC 4592 §2.2.1 is silent: the
  // name `*` is an ordinary owner for lookup).
  EXPECT_EQ(name_of(*z, z->find(N("*.w.example.")).exact), "*.w.example.");
}

// Owners are interned in batches (ZoneBuilder::Impl::intern_pending): an owner that comes back,
// in the same batch or a later one and in any case, is one node, named as first written.
TEST(ZoneBuilder, OwnersThatComeBackAreOneNode) {
  std::vector<std::string> lines;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 100; ++i) {
      std::string owner = (round % 2 ? "H" : "h") + std::to_string(i);
      lines.push_back(owner + " 300 A 192.0.2." + std::to_string(round));
      if (i % 7 == 0) lines.push_back("h0 300 A 198.51.100." + std::to_string(i));
    }
  }
  auto z = Z(lines);
  ASSERT_TRUE(z);
  EXPECT_EQ(z->node_count(), 101u);
  for (int i = 0; i < 100; ++i) {
    Zone::NodeId n = node(*z, "h" + std::to_string(i) + ".example.");
    ASSERT_NE(n, Zone::kNone) << i;
    EXPECT_EQ(name_of(*z, n), "h" + std::to_string(i) + ".example.");
    ASSERT_EQ(z->rrsets(n).size(), 1u);
    EXPECT_EQ(z->rrsets(n)[0].count, i == 0 ? 5u + 15u : 5u) << i;
  }
}

TEST(ZoneMemory, ReportsHeapHeld) {
  auto z = Z({"www 300 A 192.0.2.1"});
  EXPECT_GT(z->memory_bytes(), 0u);
  EXPECT_LT(z->memory_bytes(), 4096u);
}

}  // namespace
}  // namespace canon
