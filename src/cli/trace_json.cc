#include "cli/trace_json.h"

#include <cmath>

namespace canon::cli::trace {

namespace {

double round_ms(double ms) {
  return std::round(ms * 10) / 10;
}

nlohmann::json to_json(const Response& r) {
  nlohmann::json j = {{"server", r.server},
                      {"address", r.address},
                      {"kind", to_string(r.kind)},
                      {"rcode", r.rcode},
                      {"aa", r.aa},
                      {"lame", r.lame},
                      {"elapsed_ms", round_ms(r.ms)},
                      {"ttl", r.ttl},
                      {"records", r.records}};
  if (r.kind == Kind::kReferral) {
    j["referral"] = {{"zone", r.referral_zone}, {"ns", r.referral_ns}, {"glue", r.glue}};
  }
  if (!r.target.empty()) j["target"] = r.target;
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

nlohmann::json to_json(const Step& s) {
  nlohmann::json servers = nlohmann::json::array();
  for (const auto& r : s.responses) servers.push_back(to_json(r));
  return {{"zone", s.zone},         {"qname", s.qname},
          {"qtype", s.qtype},       {"kind", to_string(s.kind)},
          {"disagree", s.disagree}, {"elapsed_ms", round_ms(s.ms)},
          {"servers", servers}};
}

nlohmann::json to_json(const Branch& b, size_t index) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : b.steps) steps.push_back(to_json(s));
  nlohmann::json j = {{"index", index},       {"qname", b.qname},        {"qtype", b.qtype},
                      {"via", b.via},         {"end", to_string(b.end)}, {"steps", steps},
                      {"answers", b.answers}, {"addresses", b.addresses}};
  if (!b.from.empty()) j["from"] = b.from;
  if (!b.target.empty()) j["target"] = b.target;
  return j;
}

}  // namespace

nlohmann::json to_json(const Flag& f) {
  return {{"code", f.code}, {"severity", f.severity}, {"name", f.name}, {"message", f.message}};
}

nlohmann::json to_json(const Trace& t) {
  nlohmann::json branches = nlohmann::json::array(), flags = nlohmann::json::array();
  for (size_t i = 0; i < t.branches.size(); ++i) branches.push_back(to_json(t.branches[i], i));
  for (const auto& f : t.flags) flags.push_back(to_json(f));
  nlohmann::json j = {{"schema", "canon.trace/1"},
                      {"name", t.name},
                      {"type", t.type},
                      {"mode", t.mode},
                      {"outcome", to_string(t.outcome)},
                      {"chain", t.chain},
                      {"answers", t.answers},
                      {"addresses", t.addresses},
                      {"elapsed_ms", round_ms(t.ms)},
                      {"branches", branches},
                      {"flags", flags}};
  if (!t.resolver.empty()) j["resolver"] = t.resolver;
  return j;
}

}  // namespace canon::cli::trace
