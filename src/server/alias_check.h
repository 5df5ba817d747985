// ALIAS records whose targets need an upstream that is not configured: `canond --check` and
// the start-up log warn about each, since A/AAAA at their owners will answer SERVFAIL.
//
//   std::vector<Diagnostic> w = alias_upstream_warnings(loads, *catalog);
//   // "db.example:7:1: warning: ALIAS target cdn.example.net. of example. is outside every
//   //  zone served and no [alias] upstream is set: ..."
#pragma once

#include <vector>

#include "auth/responder.h"
#include "server/zone_loader.h"

namespace canon::server {

std::vector<Diagnostic> alias_upstream_warnings(const std::vector<ZoneLoad>& loads,
                                                const Catalog& catalog);

}  // namespace canon::server
