// Loading the configured zones, in parallel, into a Catalog.
//
//   std::vector<ZoneLoad> loads = load_zones(config.zones, 4);   // up to 4 threads
//   for (auto& l : loads) for (auto& d : l.diagnostics) log.error(d.to_string());
//   CatalogBuild b = build_catalog(loads, previous_catalog.get());
//   // b.catalog holds every zone that loaded, and the old version of each that failed
//
// Loading is strict (issue 4 §1): after a zone builds, the lint layer's strict checks run on it;
// an error-level finding (a CNAME beside other data, an NS target that is an alias, missing
// glue, ...) refuses the zone, warnings are added to the diagnostics and the zone loads.
//
// Zones are independent, so they load on separate threads; time to first answer is then the
// time of the largest zone rather than the sum (issue 3 §5).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auth/responder.h"
#include "server/config.h"

namespace canon::server {

struct ZoneLoad {
  ZoneConfig config;
  std::shared_ptr<const Zone> zone;  // nullptr when loading failed
  std::vector<Diagnostic> diagnostics;
  double seconds = 0;
};

// Loads every zone, using up to `threads` threads (at least one).
std::vector<ZoneLoad> load_zones(const std::vector<ZoneConfig>& zones, unsigned threads);

struct CatalogBuild {
  std::shared_ptr<const Catalog> catalog;
  size_t loaded = 0;  // zones whose new version is in the catalog
  size_t kept = 0;    // zones that failed and kept their previous version
  size_t failed = 0;  // zones that failed with no previous version (not served)
};

// A catalog of the loaded zones; a zone that failed keeps its version from `previous` (looked
// up by origin) when there is one.
CatalogBuild build_catalog(const std::vector<ZoneLoad>& loads, const Catalog* previous);

}  // namespace canon::server
