// canon check --zone ORIGIN=FILE: every CNAME, ALIAS, MX, NS and SRV target of a zone, looked
// up like `check` looks up a name: dangling targets, aliases where RFC 2181 §10.3 forbids them
// (MX, NS, SRV targets), and takeover risk.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/check_run.h"

namespace canon::cli::check {

struct ZoneTarget {
  std::string owner, type, target;
  uint32_t line = 0;
  std::string outcome;  // the target's A (then AAAA) lookup
  std::vector<std::string> addresses;
  std::vector<std::string> problems;  // plain sentences
  std::vector<Takeover> takeover;
  bool ok() const;
};

Result<std::vector<ZoneTarget>> check_zone(const std::string& origin, const std::string& file,
                                           const CheckOptions& opt);
nlohmann::json zone_json(const std::string& origin, const std::vector<ZoneTarget>& targets);
std::string zone_text(const std::vector<ZoneTarget>& targets);

}  // namespace canon::cli::check
