// Takeover risk of alias targets (the same provider list as `canon lint`): a target under a
// provider's shared suffix is rated
//   confirmed  the provider lets anyone claim names and the target shows the provider's
//              "unclaimed" signal (NXDOMAIN, or the HTTP status/body fingerprint);
//   potential  claimable provider and the target dangles without the exact signal, or the
//              provider is an edge case and the signal shows;
//   unlikely   the provider does not allow claiming, or the target resolves and serves.
#include <cctype>
#include <cstdlib>

#include "cli/check_run.h"

namespace canon::cli::check {

namespace {

// The quoted phrases of a fingerprint ("404 page reading \"No such app\"" → No such app).
std::vector<std::string> quoted(const std::string& s) {
  std::vector<std::string> out;
  for (size_t a = s.find('"'); a != std::string::npos; a = s.find('"', a + 1)) {
    size_t b = s.find('"', a + 1);
    if (b == std::string::npos) break;
    out.push_back(s.substr(a + 1, b - a - 1));
    a = b;
  }
  return out;
}

bool http_signal(const lint::TakeoverProvider& p, const std::vector<HttpHop>& http) {
  if (http.empty()) return false;
  const HttpHop& h = http.back();
  auto phrases = quoted(p.fingerprint);
  if (p.fingerprint.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(p.fingerprint[0])) &&
      std::atoi(p.fingerprint.c_str()) != h.status) {
    return false;
  }
  if (phrases.empty())
    return p.signal == "http-status" || h.body.find(p.fingerprint) != std::string::npos;
  for (const auto& ph : phrases) {
    if (h.body.find(ph) != std::string::npos) return true;
  }
  return false;
}

Takeover rate(const trace::Trace& t, size_t i, const lint::TakeoverProvider& p,
              const std::vector<HttpHop>& http) {
  Takeover k{t.branches[i].from, t.chain[i], p.provider, "unlikely", "", p.source};
  bool last = i + 1 == t.chain.size();
  bool dangles = last && (t.outcome == trace::Kind::kNxdomain ||
                          t.outcome == trace::Kind::kNodata || t.outcome == trace::Kind::kServfail);
  bool signal = (p.signal == "nxdomain" && last && t.outcome == trace::Kind::kNxdomain) ||
                (p.signal != "nxdomain" && http_signal(p, http));
  if (p.status == "not-vulnerable") {
    k.reason = p.provider + " does not let others claim a deleted resource's name";
  } else if (signal) {
    k.rating = p.status == "vulnerable" ? "confirmed" : "potential";
    k.reason = k.target + " shows " + p.provider + "'s sign of an unclaimed resource (" +
               (p.signal == "nxdomain" ? std::string("NXDOMAIN") : p.fingerprint) +
               "): anyone who creates it there takes over " + k.owner;
  } else if (dangles) {
    k.rating = "potential";
    k.reason = k.target + " dangles (" + trace::to_string(t.outcome) + ") under " + p.provider +
               "'s shared suffix; check whether the resource can be claimed";
  } else {
    k.reason = k.target + " resolves and does not show " + p.provider + "'s unclaimed sign";
  }
  return k;
}

}  // namespace

std::vector<Takeover> rate_takeover(const trace::Trace& t, const std::vector<HttpHop>& http,
                                    const std::vector<lint::TakeoverProvider>& providers) {
  std::vector<Takeover> out;
  for (size_t i = 1; i < t.chain.size() && i < t.branches.size(); ++i) {
    auto target = Name::parse(t.chain[i]);
    if (!target) continue;
    if (const auto* p = lint::match_takeover(providers, *target))
      out.push_back(rate(t, i, *p, http));
  }
  return out;
}

}  // namespace canon::cli::check
