#include "server/zone_loader.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <atomic>
#include <chrono>
#include <thread>

#include "lint/lint.h"

namespace canon::server {

namespace {

// Strict loading (issue 4 §1): the lint checks a server must not ignore, run on the snapshot
// just built. An error refuses the zone; a warning is logged and the zone loads. Findings carry
// the line and column of the RRset's first record (where that record starts).
void strict_check(ZoneLoad& l) {
  auto found = lint::strict_load_checks(*l.zone, l.config.file, l.config.mx_srv_cname_is_error);
  size_t errors = 0;
  for (const auto& f : found) {
    bool warning = f.severity != lint::Severity::kError;
    errors += warning ? 0 : 1;
    l.diagnostics.push_back({f.file, f.line.value_or(0), f.line ? f.col.value_or(1) : 0u,
                             f.message + " [" + f.code + "]", warning});
  }
  // One error refuses the zone; the caller reports that it did not load.
  if (errors > 0) l.zone.reset();
}

void load_one(ZoneLoad& l) {
  auto start = std::chrono::steady_clock::now();
  auto z = load_zone(l.config.file, l.config.origin, &l.diagnostics);
  if (z) l.zone = *z;
  if (!z && l.diagnostics.empty()) {
    l.diagnostics.push_back({l.config.file, 0, 0, z.error().message, false});
  }
  if (l.zone) strict_check(l);
  l.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

namespace {

// Loading frees far more than it keeps: the builder's buffers, the sort keys, the lint copy of
// each zone. glibc keeps such freed memory mapped (its mmap threshold rises as big blocks are
// freed, so later big blocks come from the heap), which left a 1M-record zone's server holding
// 150 MiB instead of 85. Handing it back once the zones are built costs a few milliseconds.
void release_freed_memory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace

std::vector<ZoneLoad> load_zones(const std::vector<ZoneConfig>& zones, unsigned threads) {
  std::vector<ZoneLoad> loads(zones.size());
  for (size_t i = 0; i < zones.size(); ++i) loads[i].config = zones[i];
  size_t n = std::min<size_t>(std::max(threads, 1u), zones.size());
  if (n <= 1) {
    for (auto& l : loads) load_one(l);
    release_freed_memory();
    return loads;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t t = 0; t < n; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < loads.size(); i = next++) load_one(loads[i]);
    });
  }
  for (auto& th : pool) th.join();
  release_freed_memory();
  return loads;
}

CatalogBuild build_catalog(const std::vector<ZoneLoad>& loads, const Catalog* previous) {
  CatalogBuild b;
  auto catalog = std::make_shared<Catalog>();
  for (const ZoneLoad& l : loads) {
    if (l.zone) {
      catalog->add(l.zone);
      ++b.loaded;
      continue;
    }
    const Zone* old = previous ? previous->zone_at(l.config.origin) : nullptr;
    if (!old) {
      ++b.failed;
      continue;
    }
    for (const auto& z : previous->zones()) {
      if (z.get() == old) catalog->add(z);
    }
    ++b.kept;
  }
  catalog->flatten_aliases();  // every ALIAS resolved against this catalog, rebuilt per reload
  b.catalog = std::move(catalog);
  return b;
}

}  // namespace canon::server
