#include "cli/trace_text.h"

#include <fmt/format.h>

namespace canon::cli::trace {

const char* kind_colour(Kind k, const Style& st) {
  switch (k) {
    case Kind::kAnswer:
      return st.green();
    case Kind::kCname:
    case Kind::kDname:
      return st.cyan();
    case Kind::kReferral:
      return st.blue();
    case Kind::kLame:
      return st.yellow();
    default:
      return st.red();
  }
}

namespace {

std::string detail(const Response& r) {
  switch (r.kind) {
    case Kind::kReferral: {
      std::string s = "→ " + r.referral_zone + " NS";
      for (const auto& ns : r.referral_ns) s += " " + ns;
      return s;
    }
    case Kind::kCname:
    case Kind::kDname:
      return "→ " + r.target;
    case Kind::kAnswer: {
      std::string s;
      for (const auto& rec : r.records)
        s += (s.empty() ? "" : ", ") + rec.substr(rec.find_last_of(" \t") + 1);
      return s;
    }
    default:
      return r.error;
  }
}

void step_text(std::string& out, const Step& s, const Style& st) {
  bool first = true;
  for (const auto& r : s.responses) {
    std::string who = r.server.empty() ? r.address : r.server + " (" + r.address + ")";
    out += fmt::format("  {:<20} {:<40} {}{:<9}{} {}", first ? s.zone : "", who,
                       kind_colour(r.kind, st), to_string(r.kind), st.reset(), detail(r));
    if (r.kind != Kind::kTimeout)
      out += fmt::format("  {}ttl {} {:.1f} ms{}", st.dim(), r.ttl, r.ms, st.reset());
    if (r.lame && r.kind != Kind::kLame) out += fmt::format(" {}lame{}", st.yellow(), st.reset());
    out += "\n";
    first = false;
  }
  if (s.disagree)
    out += fmt::format("  {}{:<20} the servers disagree{}\n", st.yellow(), "", st.reset());
}

}  // namespace

std::string to_text(const Trace& t, const Style& st) {
  std::string out = fmt::format("{};; canon trace {} {} ({}{}){}\n", st.bold(), t.name, t.type,
                                t.mode, t.resolver.empty() ? "" : " via " + t.resolver, st.reset());
  for (size_t i = 0; i < t.branches.size(); ++i) {
    const Branch& b = t.branches[i];
    out += fmt::format("\n{}{} {}{}", st.bold(), b.qname, b.qtype, st.reset());
    if (b.via != "start")
      out += fmt::format("  {}(via {} from {}){}", st.dim(), b.via, b.from, st.reset());
    out += "\n";
    for (const auto& s : b.steps) step_text(out, s, st);
    if (b.steps.empty())
      out += fmt::format("  {}(from the resolver's answer above){}\n", st.dim(), st.reset());
  }
  std::string chain;
  for (const auto& n : t.chain) chain += (chain.empty() ? "" : " → ") + n;
  out += fmt::format("\n{}outcome{} {}{}{}  {:.1f} ms\n", st.bold(), st.reset(),
                     kind_colour(t.outcome, st), to_string(t.outcome), st.reset(), t.ms);
  out += fmt::format("{}chain{}   {} ({} alias{})\n", st.bold(), st.reset(), chain,
                     t.chain.size() - 1, t.chain.size() == 2 ? "" : "es");
  for (const auto& a : t.answers) out += "        " + a + "\n";
  for (const auto& f : t.flags) {
    const char* c = f.severity == "error"     ? st.red()
                    : f.severity == "warning" ? st.yellow()
                                              : st.dim();
    out += fmt::format("{}{} {}{}: {}\n", c, f.severity, f.code, st.reset(), f.message);
  }
  return out;
}

std::string compare_text(const std::vector<Trace>& ts, const Style& st) {
  std::string out;
  for (const auto& t : ts) {
    std::string chain;
    for (const auto& n : t.chain) chain += (chain.empty() ? "" : " → ") + n;
    std::string addrs;
    for (const auto& a : t.addresses) addrs += (addrs.empty() ? "" : ", ") + a;
    out += fmt::format("{}{:<24}{} {}{:<9}{} {:>7.1f} ms  {}{}{}\n", st.bold(), t.resolver,
                       st.reset(), kind_colour(t.outcome, st), to_string(t.outcome), st.reset(),
                       t.ms, chain, addrs.empty() ? "" : "  " + addrs, "");
    for (const auto& f : t.flags)
      out += fmt::format("{:<24} {}{}{}: {}\n", "", st.yellow(), f.code, st.reset(), f.message);
  }
  return out;
}

}  // namespace canon::cli::trace
