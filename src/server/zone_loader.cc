#include "server/zone_loader.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace canon::server {

namespace {

void load_one(ZoneLoad& l) {
  auto start = std::chrono::steady_clock::now();
  auto z = load_zone(l.config.file, l.config.origin, &l.diagnostics);
  if (z) l.zone = *z;
  if (!z && l.diagnostics.empty()) {
    l.diagnostics.push_back({l.config.file, 0, 0, z.error().message, false});
  }
  l.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::vector<ZoneLoad> load_zones(const std::vector<ZoneConfig>& zones, unsigned threads) {
  std::vector<ZoneLoad> loads(zones.size());
  for (size_t i = 0; i < zones.size(); ++i) loads[i].config = zones[i];
  size_t n = std::min<size_t>(std::max(threads, 1u), zones.size());
  if (n <= 1) {
    for (auto& l : loads) load_one(l);
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
  b.catalog = std::move(catalog);
  return b;
}

}  // namespace canon::server
