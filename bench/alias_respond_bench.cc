// alias_respond_bench: the answer path alone (respond(), no sockets) for a static A, a local
// ALIAS, an ALIAS whose upstream answer is cached, and a one-hop CNAME, side by side. Driven by
// bench/alias, which also measures the whole server with dnsperf.
//
// The catalog is flattened as canond's is (Catalog::flatten_aliases); the two ALIAS sets are
// also answered from a copy that is not ("chased": the chase resolves the ALIAS per query, as
// before flattening), so the gain shows in the same run.
//
//   alias_respond_bench [--names 1000] [--rounds 15] [--queries 200000] [--only SET]
//                       [--clock wall|thread] [--cold KIB]
//
// --clock thread times each set by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID) instead of
// the wall clock, so that time spent descheduled on a shared machine does not count; caches
// shared with other processes still do.
//
// --cold KIB reads a buffer of KIB kibioctets before every query and times each query alone, so
// that each starts with what the buffer left in the caches and TLBs: as in the server, where
// the kernel's path between two queries evicts the lookup's lines. Without it, 1000 names per
// set stay in the L1 and L2 caches, and a path's extra dependent miss does not show. Use a
// few thousand --queries: the reads take far longer than the queries.
//
// --only runs one set (static, local, upstream, cname, local-chased, upstream-chased), for
// counting its instructions: `perf stat -e instructions` at two --queries values, the
// difference divided by the difference in queries is the count per query, setup excluded.
//
// Each round answers every query of each set in turn (interleaved, so that frequency changes
// and noise from other processes hit the sets alike); the median ns per query of the rounds
// is printed with the ratio to the static set, and the median of the rounds' own ratios.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "auth/responder.h"
#include "server/alias_cache.h"
#include "wire/message.h"
#include "zone/zone.h"
#include "zonefile/zonefile.h"

namespace {

using canon::Name;
using canon::RRType;

std::shared_ptr<const canon::Zone> build(const std::string& origin, const std::string& text) {
  Name o = *Name::parse(origin);
  canon::ZoneBuilder b(o, origin);
  canon::ParseOptions po{.origin = o, .default_ttl = 3600};
  auto s =
      canon::parse_zone_text(text, origin, po, [&](const canon::ParsedRecord& r) { b.add(r); });
  std::vector<canon::Diagnostic> d;
  auto z = b.build(&d);
  if (!s.ok() || !z) {
    std::fprintf(stderr, "zone %s does not build\n", origin.c_str());
    std::exit(1);
  }
  return *z;
}

std::vector<std::vector<uint8_t>> queries(char prefix, size_t n) {
  std::vector<std::vector<uint8_t>> out;
  for (size_t i = 0; i < n; ++i) {
    canon::Message m;
    m.header.id = static_cast<uint16_t>(i);
    std::string name = prefix + std::to_string(i) + ".bench.test.";
    m.questions.push_back({*Name::parse(name), RRType::A, canon::RRClass::IN});
    m.edns = canon::Edns{};
    out.push_back(m.encode());
  }
  return out;
}

double now_ns(bool thread_clock) {
  timespec ts{};
  clock_gettime(thread_clock ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Reads one word of every cache line of `buf`; the sum keeps the reads from being dropped.
size_t evict(const std::vector<size_t>& buf) {
  size_t sum = 0;
  for (size_t i = 0; i < buf.size(); i += 64 / sizeof(size_t)) sum += buf[i];
  return sum;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  size_t names = 1000, rounds = 15, per_round = 200000;
  std::string only;
  bool thread_clock = false;
  size_t cold_kib = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    if (!std::strcmp(argv[i], "--clock")) thread_clock = !std::strcmp(argv[i + 1], "thread");
    if (!std::strcmp(argv[i], "--names")) names = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--queries")) per_round = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--cold")) cold_kib = std::strtoul(argv[i + 1], nullptr, 10);
  }
  std::vector<size_t> cold(cold_kib * 1024 / sizeof(size_t), 1);
  std::string zone = "@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.254\n";
  for (size_t i = 0; i < names; ++i) {
    zone += "s" + std::to_string(i) + " A 192.0." + std::to_string(2 + i / 250) + "." +
            std::to_string(i % 250 + 1) + "\n";
    zone += "l" + std::to_string(i) + " ALIAS s" + std::to_string(i) + "\n";
    zone += "u" + std::to_string(i) + " ALIAS t" + std::to_string(i) + ".up.test.\n";
    zone += "c" + std::to_string(i) + " CNAME s" + std::to_string(i) + "\n";
  }
  canon::Catalog catalog;
  catalog.add(build("bench.test.", zone));
  canon::Catalog chased = catalog;  // the same zone, ALIASes left to the chase
  catalog.flatten_aliases();        // as canond does on every load and reload
  canon::server::AliasCache cache(4096);
  for (size_t i = 0; i < names; ++i) {
    uint8_t ip[4] = {198, 51, static_cast<uint8_t>(100 + i / 250),
                     static_cast<uint8_t>(i % 250 + 1)};
    cache.store_addresses(*Name::parse("t" + std::to_string(i) + ".up.test."), RRType::A, 86400, ip,
                          1);
  }
  canon::AuthOptions opt;
  opt.alias = &cache;
  // "cname" (a one-hop CNAME to a static A) is there for scale: a chase hop, written out.
  constexpr int kSets = 6;
  const char* labels[kSets] = {"static", "local",         "upstream",
                               "cname",  "local, chased", "upstream, chased"};
  const char* keys[kSets] = {"static", "local",        "upstream",
                             "cname",  "local-chased", "upstream-chased"};
  std::vector<std::vector<uint8_t>> sets[kSets] = {queries('s', names), queries('l', names),
                                                   queries('u', names), queries('c', names),
                                                   queries('l', names), queries('u', names)};
  if (!only.empty() && std::find(keys, keys + kSets, only) == keys + kSets) {
    std::fprintf(stderr, "--only: no set %s\n", only.c_str());
    return 2;
  }
  const canon::Catalog* from[kSets] = {&catalog, &catalog, &catalog, &catalog, &chased, &chased};
  std::vector<double> ns[kSets];
  std::vector<uint8_t> out(4096);
  size_t sink = 0;
  for (size_t r = 0; r < rounds; ++r) {
    for (int s = 0; s < kSets; ++s) {
      if (!only.empty() && only != keys[s]) continue;
      double t0 = now_ns(thread_clock), spent = 0;
      for (size_t k = 0; k < per_round; ++k) {
        const auto& q = sets[s][k % names];
        canon::Deferral d;
        if (!cold.empty()) {
          sink += evict(cold);
          t0 = now_ns(thread_clock);
        }
        sink += canon::respond(*from[s], opt, canon::Transport::kUdp, q, out, &d);
        if (!cold.empty()) spent += now_ns(thread_clock) - t0;
        if (d.needed) {
          std::fprintf(stderr, "%s: deferred, the cache is cold\n", labels[s]);
          return 1;
        }
      }
      if (cold.empty()) spent = now_ns(thread_clock) - t0;
      ns[s].push_back(spent / static_cast<double>(per_round));
    }
  }
  if (!only.empty()) {
    for (int s = 0; s < kSets; ++s)
      if (only == keys[s]) std::printf("%s: %.0f ns/query\n", labels[s], median(ns[s]));
    return sink == 0;
  }
  double base = median(ns[0]);
  std::printf("respond() alone, %zu names per set, median of %zu rounds of %zu queries (%s)\n",
              names, rounds, per_round, thread_clock ? "thread CPU time" : "wall time");
  if (!cold.empty()) std::printf("each query after reading %zu KiB (--cold)\n", cold_kib);
  // "paired": the median of each round's ratio to that round's static time, which cancels what
  // drifts slowly on a shared machine (other builds, clock speed) better than a ratio of medians.
  std::printf("set               ns/query  vs static  paired\n");
  for (int s = 0; s < kSets; ++s) {
    std::vector<double> ratio;
    for (size_t r = 0; r < rounds; ++r) ratio.push_back(ns[s][r] / ns[0][r]);
    std::printf("%-17s %8.0f  %8.2fx  %5.2fx\n", labels[s], median(ns[s]), median(ns[s]) / base,
                median(ratio));
  }
  return sink == 0;  // keeps the answers observable
}
