#include "cli/trace_flags.h"

#include <string>

namespace canon::cli::trace {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::kReferral:
      return "referral";
    case Kind::kAnswer:
      return "answer";
    case Kind::kCname:
      return "CNAME";
    case Kind::kDname:
      return "DNAME";
    case Kind::kNxdomain:
      return "NXDOMAIN";
    case Kind::kNodata:
      return "NODATA";
    case Kind::kServfail:
      return "SERVFAIL";
    case Kind::kRefused:
      return "REFUSED";
    case Kind::kLame:
      return "lame";
    case Kind::kTimeout:
      return "timeout";
    case Kind::kError:
      return "error";
  }
  return "error";
}

bool is_negative(Kind k) {
  return k != Kind::kAnswer && k != Kind::kCname && k != Kind::kDname && k != Kind::kReferral;
}

bool is_failure(Kind k) {
  return k == Kind::kTimeout || k == Kind::kError || k == Kind::kRefused || k == Kind::kLame;
}

namespace {

// How many aliases a resolver follows before it gives up with SERVFAIL (measured with the
// peers; see /work/shared/docs/design-notes.md "Loops and over-long chains").
struct Limit {
  int aliases;
  const char* who;
};
constexpr Limit kLimits[] = {
    {8, "CoreDNS"}, {10, "PowerDNS Recursor"}, {11, "BIND 9 and Unbound"}, {12, "canond"}};

}  // namespace

void add_loop_flag(Trace& t, const std::string& name) {
  std::string path;
  for (const auto& n : t.chain) path += (path.empty() ? "" : " → ") + n;
  t.flags.push_back({"loop", "error", name,
                     "The alias chain loops back to " + name + " (" + path +
                         "): every resolver answers SERVFAIL. Point one of these names at a "
                         "name that has addresses."});
}

void add_chain_flags(Trace& t) {
  int aliases = static_cast<int>(t.chain.size()) - 1;
  std::string fail;
  for (const auto& l : kLimits) {
    if (aliases <= l.aliases) continue;
    if (!fail.empty()) fail += ", ";
    fail += std::string(l.who) + " (" + std::to_string(l.aliases) + ")";
  }
  if (!fail.empty() && !t.has_flag("loop")) {
    bool most = aliases > 11;
    t.flags.push_back({"chain-length", most ? "error" : "warning", t.name,
                       "The chain has " + std::to_string(aliases) +
                           " aliases, more than these resolvers follow: " + fail +
                           ". They answer SERVFAIL; shorten the chain."});
  }
  bool dangling =
      t.outcome == Kind::kNxdomain || t.outcome == Kind::kNodata || t.outcome == Kind::kServfail;
  if (aliases > 0 && dangling && !t.has_flag("loop")) {
    const std::string& end = t.chain.back();
    t.flags.push_back({"dangling", "error", end,
                       "The chain ends at " + end + ", which gives " + to_string(t.outcome) +
                           ": the alias dangles. Remove it, or recreate what it points at."});
  }
}

}  // namespace canon::cli::trace
