// TakeoverProvider: a cloud or SaaS service whose customer names live under shared suffixes,
// so that a CNAME left pointing at a deleted resource can be claimed by someone else.
// Loaded from data/takeover-providers.json:
//
//   [{"provider": "Heroku", "suffixes": ["herokuapp.com"], "signal": "http-status",
//     "fingerprint": "404 No such app", "status": "vulnerable",
//     "source": "https://devcenter.heroku.com/..."}]
//
//   auto list = load_takeover_providers("data/takeover-providers.json");
//   const TakeoverProvider* p = match_takeover(*list, target);  // nullptr when none
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "wire/name.h"

namespace canon::lint {

struct TakeoverProvider {
  std::string provider;
  std::vector<Name> suffixes;
  std::string signal;       // nxdomain, http-status or body
  std::string fingerprint;  // the status or body text a dangling resource shows
  std::string status;       // vulnerable, not-vulnerable or edge-case
  std::string source;       // the provider's documentation page
};

Result<std::vector<TakeoverProvider>> load_takeover_providers(const std::string& path);
Result<std::vector<TakeoverProvider>> parse_takeover_providers(std::string_view json);

// The provider whose suffix `target` lies strictly below, or nullptr.
const TakeoverProvider* match_takeover(const std::vector<TakeoverProvider>& list,
                                       const Name& target);

}  // namespace canon::lint
