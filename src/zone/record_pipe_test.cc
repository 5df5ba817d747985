// RecordPipe carries every field of every record across threads, in order, and load_zone
// through the pipe builds the same zone, with the same lines and diagnostics, as the parser
// feeding the builder directly.
#include "zone/record_pipe.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "zone/zone.h"
#include "zone/zone_test_util.h"

namespace canon {
namespace {

using testing::N;

struct Seen {
  std::string owner;
  RRType type;
  RRClass cls;
  uint32_t ttl;
  std::vector<uint8_t> rdata;
  std::string file;
  uint32_t line;
  uint32_t col;
  bool operator==(const Seen&) const = default;
};

Seen seen(const ParsedRecord& r) {
  return {r.owner.to_string(), r.type, r.cls, r.ttl, {r.rdata.begin(), r.rdata.end()},
          std::string(r.file), r.line, r.col};
}

TEST(RecordPipe, PassesEveryRecordInOrder) {
  // Owners that repeat, change case, and change; files that change; rdata from empty to
  // larger than a batch. Two batches at most in flight, so the producer waits too.
  std::vector<Name> owners = {N("a.example."), N("A.example."), N("b.c.example."), N("example.")};
  std::vector<std::string> files = {"main.zone", "inc/one.zone", "main.zone"};
  std::vector<Seen> sent, got;
  RecordPipe pipe(2);
  std::thread consumer([&] { pipe.drain([&](const ParsedRecord& r) { got.push_back(seen(r)); }); });
  for (uint32_t i = 0; i < 60000; ++i) {
    const Name& owner = owners[(i / 3) % owners.size()];
    std::vector<uint8_t> rdata(i == 777 ? 65535 : i % 300, static_cast<uint8_t>(i));
    ParsedRecord r{owner,
                   static_cast<RRType>(1 + i % 40),
                   i % 1000 == 0 ? RRClass::CH : RRClass::IN,
                   i * 7,
                   rdata,
                   files[(i / 25000) % files.size()],
                   i + 1,
                   i % 90};
    sent.push_back(seen(r));
    pipe.push(r);
  }
  pipe.close();
  consumer.join();
  ASSERT_EQ(got.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) ASSERT_EQ(got[i], sent[i]) << "record " << i;
}

TEST(RecordPipe, EmptyPipeEnds) {
  RecordPipe pipe;
  size_t n = 0;
  std::thread consumer([&] { pipe.drain([&](const ParsedRecord&) { ++n; }); });
  pipe.close();
  consumer.join();
  EXPECT_EQ(n, 0u);
}

// A zone file over load_zone's threshold for the pipe, with an $INCLUDE, differing TTLs in an
// RRset (a warning with line and column) and an out-of-zone record.
std::string write_big_zone(const std::string& dir) {
  std::ofstream(dir + "/inc.zone") << "inc1 A 192.0.2.1\ninc1 300 A 192.0.2.2\n";
  std::string path = dir + "/big.zone";
  std::ofstream out(path);
  out << "$ORIGIN example.\n$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\n"
      << "ns A 192.0.2.53\nother.test. A 192.0.2.9\n$INCLUDE inc.zone\n";
  for (int i = 0; i < 40000; ++i) {
    out << "host-" << i << " A 10.0." << (i >> 8 & 255) << "." << (i & 255) << "\n"
        << "  MX 10 mail.host-" << i << "\n"
        << "alias-" << i << " CNAME host-" << (i * 7919 % 40000) << "\n"
        << "T" << i << " 60 TXT \"some text " << i << "\"\n";
    if (i % 1000 == 0) out << "T" << i << " 30 TXT \"other\"\n";
  }
  return path;
}

TEST(RecordPipe, LoadZoneBuildsWhatTheDirectPathBuilds) {
  std::string path = write_big_zone(::testing::TempDir());
  std::vector<Diagnostic> piped_diags, direct_diags;
  auto piped = load_zone(path, N("example."), &piped_diags);
  ASSERT_TRUE(piped);

  ZoneBuilder b(N("example."), path);
  ParseSummary s =
      parse_zone_file(path, {.origin = N("example.")}, [&b](const ParsedRecord& r) { b.add(r); });
  direct_diags = s.diagnostics;
  auto direct = b.build(&direct_diags);
  ASSERT_TRUE(direct);

  const Zone& p = **piped;
  const Zone& d = **direct;
  ASSERT_EQ(p.node_count(), d.node_count());
  EXPECT_EQ(p.record_count(), d.record_count());
  EXPECT_GT(p.record_count(), 160000u);
  for (Zone::NodeId n = 0; n < p.node_count(); ++n) {
    ASSERT_EQ(p.owner(n).to_string(), d.owner(n).to_string());
    ASSERT_EQ(p.flags(n), d.flags(n));
    auto ps = p.rrsets(n), ds = d.rrsets(n);
    ASSERT_EQ(ps.size(), ds.size());
    for (size_t i = 0; i < ps.size(); ++i) {
      EXPECT_EQ(ps[i].type, ds[i].type);
      EXPECT_EQ(ps[i].ttl, ds[i].ttl);
      EXPECT_EQ(ps[i].count, ds[i].count);
      EXPECT_EQ(p.line_of(n, ps[i].type), d.line_of(n, ds[i].type));
      EXPECT_EQ(p.col_of(n, ps[i].type), d.col_of(n, ds[i].type));
    }
  }
  EXPECT_EQ(testing::records(p), testing::records(d));
  ASSERT_EQ(piped_diags.size(), direct_diags.size());
  for (size_t i = 0; i < piped_diags.size(); ++i) {
    EXPECT_EQ(piped_diags[i].to_string(), direct_diags[i].to_string());
  }
  EXPECT_GE(piped_diags.size(), 40u);  // the TTL warnings and the out-of-zone record
}

}  // namespace
}  // namespace canon
