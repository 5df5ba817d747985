#include "cli/check_json.h"

#include <fmt/format.h>

#include "cli/trace_json.h"

namespace canon::cli::check {

namespace {

nlohmann::json layer_json(const Layer& l) {
  return {{"checked", l.checked}, {"ok", l.ok}, {"summary", l.summary}};
}

nlohmann::json tls_json(const TlsResult& t) {
  nlohmann::json j = {{"address", t.address},       {"ok", t.ok()},
                      {"connected", t.connected},   {"handshake", t.handshake},
                      {"verified", t.verified},     {"covers_name", t.covers_name},
                      {"expired", t.expired},       {"not_yet_valid", t.not_yet_valid},
                      {"protocol", t.protocol},     {"subject", t.subject},
                      {"issuer", t.issuer},         {"sans", t.sans},
                      {"not_before", t.not_before}, {"not_after", t.not_after}};
  if (!t.verify_error.empty()) j["verify_error"] = t.verify_error;
  if (!t.error.empty()) j["error"] = t.error;
  return j;
}

nlohmann::json hop_json(const HttpHop& h) {
  nlohmann::json j = {{"url", h.url},
                      {"address", h.address},
                      {"status", h.status},
                      {"reason", h.reason},
                      {"location", h.location},
                      {"leaves_name", h.leaves_name},
                      {"tls_verified", h.tls_verified},
                      {"hsts", h.hsts}};
  if (!h.error.empty()) j["error"] = h.error;
  return j;
}

}  // namespace

nlohmann::json to_json(const Takeover& k) {
  return {{"owner", k.owner},   {"target", k.target}, {"provider", k.provider},
          {"rating", k.rating}, {"reason", k.reason}, {"source", k.source}};
}

nlohmann::json to_json(const CheckResult& r) {
  nlohmann::json dns = layer_json(r.dns_layer);
  dns["outcome"] = trace::to_string(r.dns.outcome);
  dns["chain"] = r.dns.chain;
  dns["addresses"] = r.dns.addresses;
  dns["trace"] = trace::to_json(r.dns);
  nlohmann::json tls = layer_json(r.tls_layer);
  tls["port"] = r.port;
  tls["endpoints"] = nlohmann::json::array();
  for (const auto& t : r.tls) tls["endpoints"].push_back(tls_json(t));
  nlohmann::json http = layer_json(r.http_layer);
  http["hsts"] = r.hsts;
  http["hops"] = nlohmann::json::array();
  for (const auto& h : r.http) http["hops"].push_back(hop_json(h));
  nlohmann::json takeover = nlohmann::json::array();
  for (const auto& k : r.takeover) takeover.push_back(to_json(k));
  return {{"schema", "canon.check/1"},
          {"name", r.name},
          {"ok", r.ok()},
          {"layers", {{"dns", dns}, {"tls", tls}, {"http", http}}},
          {"takeover", takeover},
          {"verdict", r.verdict}};
}

std::string to_text(const CheckResult& r, const Style& st) {
  auto mark = [&](const Layer& l) {
    if (!l.checked) return fmt::format("{}skipped{}", st.dim(), st.reset());
    return l.ok ? fmt::format("{}pass{}", st.green(), st.reset())
                : fmt::format("{}FAIL{}", st.red(), st.reset());
  };
  std::string out = fmt::format("{};; canon check {}{}\n", st.bold(), r.name, st.reset());
  out += fmt::format("DNS   {}  {}\n", mark(r.dns_layer), r.dns_layer.summary);
  for (const auto& f : r.dns.flags)
    out += fmt::format("        {} {}: {}\n", f.severity, f.code, f.message);
  out += fmt::format("TLS   {}  {}\n", mark(r.tls_layer), r.tls_layer.summary);
  for (const auto& t : r.tls) {
    out += fmt::format("        {} {}{}\n", t.address, t.ok() ? "ok" : "failed",
                       t.error.empty() ? "" : ": " + t.error);
    if (!t.handshake) continue;
    std::string sans;
    for (const auto& s : t.sans) sans += (sans.empty() ? "" : ", ") + s;
    out += fmt::format("          names {}\n          issuer {}\n          valid {} to {}{}\n",
                       sans, t.issuer, t.not_before, t.not_after,
                       t.verified ? "" : "  (does not verify: " + t.verify_error + ")");
  }
  out += fmt::format("HTTP  {}  {}\n", mark(r.http_layer), r.http_layer.summary);
  for (const auto& h : r.http) {
    bool untrusted = !h.tls_verified && h.url.rfind("https:", 0) == 0 && h.error.empty();
    out += fmt::format("        {} → {} {}{}{}{}\n", h.url, h.status,
                       h.location.empty() ? "" : "Location " + h.location,
                       h.leaves_name ? "  (the redirect leaves the name)" : "",
                       h.error.empty() ? "" : "  " + h.error,
                       untrusted ? "  (over a certificate not valid for this host)" : "");
  }
  if (r.http_layer.checked)
    out += fmt::format("        HSTS {}\n", r.hsts.empty() ? "absent" : r.hsts);
  for (const auto& k : r.takeover)
    out += fmt::format("takeover {}: {} ({})\n", k.rating, k.reason, k.provider);
  out += "\n";
  for (const auto& v : r.verdict) out += v + "\n\n";
  return out;
}

}  // namespace canon::cli::check
