#include "lint/takeover.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace canon::lint {

namespace {

Result<TakeoverProvider> provider_from(const nlohmann::json& j, size_t index) {
  auto where = "entry " + std::to_string(index) + ": ";
  if (!j.is_object()) return Error(where + "not an object");
  for (const char* key : {"provider", "signal", "fingerprint", "status", "source"}) {
    if (!j.contains(key) || !j[key].is_string()) {
      return Error(where + "missing string \"" + key + "\"");
    }
  }
  if (!j.contains("suffixes") || !j["suffixes"].is_array() || j["suffixes"].empty()) {
    return Error(where + "missing array \"suffixes\"");
  }
  TakeoverProvider p{j["provider"], {}, j["signal"], j["fingerprint"], j["status"], j["source"]};
  if (p.signal != "nxdomain" && p.signal != "http-status" && p.signal != "body") {
    return Error(where + "signal must be nxdomain, http-status or body");
  }
  if (p.status != "vulnerable" && p.status != "not-vulnerable" && p.status != "edge-case") {
    return Error(where + "status must be vulnerable, not-vulnerable or edge-case");
  }
  for (const auto& s : j["suffixes"]) {
    if (!s.is_string()) return Error(where + "suffixes must be strings");
    auto text = s.get<std::string>();
    if (text.empty() || text.back() != '.') text += '.';
    auto n = Name::parse(text);
    if (!n) return Error(where + "bad suffix \"" + text + "\": " + n.error().message);
    p.suffixes.push_back(*n);
  }
  return p;
}

}  // namespace

Result<std::vector<TakeoverProvider>> parse_takeover_providers(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return Error("takeover provider list is not valid JSON");
  if (!j.is_array()) return Error("takeover provider list must be a JSON array");
  std::vector<TakeoverProvider> out;
  for (size_t i = 0; i < j.size(); ++i) {
    auto p = provider_from(j[i], i);
    if (!p) return p.error();
    out.push_back(std::move(*p));
  }
  return out;
}

Result<std::vector<TakeoverProvider>> load_takeover_providers(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error("cannot read takeover provider list " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = parse_takeover_providers(ss.str());
  if (!r) return Error(path + ": " + r.error().message);
  return r;
}

const TakeoverProvider* match_takeover(const std::vector<TakeoverProvider>& list,
                                       const Name& target) {
  for (const auto& p : list) {
    for (const auto& s : p.suffixes) {
      if (target.label_count() > s.label_count() && target.is_subdomain_of(s)) return &p;
    }
  }
  return nullptr;
}

}  // namespace canon::lint
