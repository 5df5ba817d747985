#include "cli/trace_walk.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "cli/trace_classify.h"
#include "cli/trace_flags.h"
#include "resolver/stub_client.h"
#include "wire/rdata.h"

namespace canon::cli::trace {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Asked {
  Step step;
  std::vector<Classified> classified;  // parallel to step.responses
  int chosen = -1;                     // the response the walk goes on with
};

// The response most usable servers agree on; -1 when none is usable. Sets step.kind and
// step.disagree.
int consensus(Asked& a) {
  std::map<std::string, int> votes;
  int best = -1, best_votes = 0;
  for (size_t i = 0; i < a.step.responses.size(); ++i) {
    const auto& r = a.step.responses[i];
    if (is_failure(r.kind) || r.kind == Kind::kServfail) continue;
    int v = ++votes[r.signature];
    if (v > best_votes) best = static_cast<int>(i), best_votes = v;
  }
  a.step.disagree = votes.size() > 1;
  if (best >= 0) {
    a.step.kind = a.step.responses[best].kind;
    // A SERVFAIL from one server while others answer is that server's failure.
    for (auto& r : a.step.responses) {
      if (r.kind == Kind::kServfail) r.lame = true;
    }
    return best;
  }
  std::map<Kind, int> kinds;
  for (const auto& r : a.step.responses) ++kinds[r.kind];
  int most = 0;
  for (const auto& [k, n] : kinds) {
    if (n > most) a.step.kind = k, most = n;
  }
  return -1;
}

class Walker {
 public:
  explicit Walker(const WalkOptions& opt) : opt_(opt) {}

  Trace run(const Name& qname, RRType qtype);

 private:
  Branch walk_branch(const Name& qname, RRType qtype, int depth, std::vector<Flag>* flags);
  Asked ask_all(const Name& zone, const std::vector<ServerAddress>& servers, const Name& qname,
                RRType qtype);
  std::vector<ServerAddress> servers_for(const Classified& ref, int depth);
  std::vector<ListenAddress> lookup_addresses(const Name& ns, int depth);
  void flag_step(const Asked& a, const Branch& b, std::vector<Flag>& flags);
  void flag_private(const Asked& a, const std::vector<ServerAddress>& next,
                    std::vector<Flag>& flags);

  const WalkOptions& opt_;
  std::map<Name, std::vector<ListenAddress>> cache_;
};

Asked Walker::ask_all(const Name& zone, const std::vector<ServerAddress>& servers,
                      const Name& qname, RRType qtype) {
  Asked a;
  a.step.zone = zone.to_string();
  a.step.qname = qname.to_string();
  a.step.qtype = to_string(qtype);
  a.step.responses.resize(servers.size());
  a.classified.resize(servers.size());
  Message query = make_query(qname, qtype, /*rd=*/false);
  StubOptions so;
  so.timeout_ms = opt_.timeout_ms;
  so.udp_tries = opt_.tries;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < servers.size(); ++i) {
    threads.emplace_back([&, i] {
      auto start = Clock::now();
      auto r = stub_query(servers[i].address, query, so);
      double ms = ms_since(start);
      Classified c;
      if (r) {
        c = classify(r->message, qname, qtype, zone);
      } else {
        c.response.kind = Kind::kTimeout;
        c.response.error = r.error().message;
      }
      c.response.server = servers[i].name;
      c.response.address = show_address(servers[i].address);
      c.response.ms = ms;
      a.step.responses[i] = c.response;
      a.classified[i] = std::move(c);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : a.step.responses) a.step.ms = std::max(a.step.ms, r.ms);
  a.chosen = consensus(a);
  return a;
}

std::vector<ListenAddress> Walker::lookup_addresses(const Name& ns, int depth) {
  auto it = cache_.find(ns);
  if (it != cache_.end()) return it->second;
  std::vector<ListenAddress> out;
  cache_[ns] = out;  // a name server whose address needs itself resolves to nothing
  if (depth > 3) return out;
  Name cur = ns;
  for (int hop = 0; hop < 8; ++hop) {
    Branch b = walk_branch(cur, RRType::A, depth + 1, nullptr);
    for (const auto& a : b.addresses) {
      if (auto la = parse_listen_address(a)) out.push_back(*la);
    }
    if (b.end != Kind::kCname && b.end != Kind::kDname) break;
    auto next = Name::parse(b.target);
    if (!next) break;
    cur = *next;
  }
  cache_[ns] = out;
  return out;
}

std::vector<ServerAddress> Walker::servers_for(const Classified& ref, int depth) {
  std::vector<ServerAddress> out;
  for (const auto& ns : ref.referral_ns) {
    bool glued = false;
    for (const auto& g : ref.glue) {
      if (!(g.ns == ns)) continue;
      auto la = parse_listen_address(g.address);
      if (!la || (!opt_.ipv6 && la->family() == AF_INET6)) continue;
      out.push_back({ns.to_string(), *la});
      glued = true;
    }
    if (glued) continue;
    for (const auto& la : lookup_addresses(ns, depth)) out.push_back({ns.to_string(), la});
  }
  return out;
}

void Walker::flag_step(const Asked& a, const Branch& b, std::vector<Flag>& flags) {
  const Step& s = a.step;
  bool all_dead = !s.responses.empty();
  for (const auto& r : s.responses) {
    if (r.kind != Kind::kTimeout) all_dead = false;
  }
  std::string who_zone = s.zone == "." ? "the root" : s.zone;
  if (all_dead) {
    flags.push_back({"unreachable", "error", s.zone,
                     "No server of " + who_zone + " answered for " + b.qname +
                         ": resolvers that cannot reach them answer SERVFAIL."});
    return;
  }
  for (const auto& r : s.responses) {
    std::string who = (r.server.empty() ? r.address : r.server + " (" + r.address + ")");
    if (r.kind == Kind::kTimeout) {
      flags.push_back({"unreachable", "warning", s.zone,
                       "Server " + who + " of " + who_zone + " did not answer: " + r.error + "."});
    } else if (r.lame) {
      std::string why = r.error.empty() ? std::string(to_string(r.kind)) : r.error;
      flags.push_back({"lame", "warning", s.zone,
                       "Server " + who + " is lame for " + who_zone + ": " + why + "."});
    }
  }
  if (s.disagree) {
    std::string detail;
    for (const auto& r : s.responses) {
      if (is_failure(r.kind) || r.kind == Kind::kServfail) continue;
      if (!detail.empty()) detail += "; ";
      detail += (r.server.empty() ? r.address : r.server) + " says " + to_string(r.kind);
      for (const auto& rec : r.records) detail += " [" + rec + "]";
    }
    flags.push_back(
        {"disagreement", "warning", s.zone,
         "The servers of " + who_zone + " disagree about " + b.qname + ": " + detail + "."});
  }
}

// The VPC smell: public servers delegate to addresses only a private network can reach, so a
// resolver inside that network follows the chain and one outside gets SERVFAIL (or the reverse).
void Walker::flag_private(const Asked& a, const std::vector<ServerAddress>& next,
                          std::vector<Flag>& flags) {
  const auto& resp = a.step.responses[a.chosen];
  auto from = parse_listen_address(resp.address);
  if (!from || is_private_address(*from)) return;
  for (const auto& s : next) {
    if (!is_private_address(s.address)) continue;
    flags.push_back({"private-delegation", "warning", resp.referral_zone,
                     resp.referral_zone + " is delegated by public servers of " + a.step.zone +
                         " to " + s.name + " at the private address " + show_address(s.address) +
                         ": only resolvers inside that network can reach it, others get "
                         "SERVFAIL."});
  }
}

Branch Walker::walk_branch(const Name& qname, RRType qtype, int depth, std::vector<Flag>* flags) {
  Branch b;
  b.qname = qname.to_string();
  b.qtype = to_string(qtype);
  Name zone = Name::root();
  std::vector<ServerAddress> servers = opt_.roots;
  for (int i = 0; i < opt_.max_steps; ++i) {
    Asked a = ask_all(zone, servers, qname, qtype);
    if (flags) flag_step(a, b, *flags);
    b.steps.push_back(a.step);
    if (a.chosen < 0) {
      b.end = a.step.kind;
      return b;
    }
    const Classified& c = a.classified[a.chosen];
    if (c.response.kind != Kind::kReferral) {
      b.end = c.response.kind;
      b.target = c.response.target;
      if (b.end == Kind::kAnswer) b.answers = c.response.records;
      b.addresses = c.addresses;
      return b;
    }
    servers = servers_for(c, depth);
    if (flags) flag_private(a, servers, *flags);
    zone = *c.referral_zone;
    if (servers.empty()) {
      if (flags) {
        flags->push_back({"unreachable", "error", zone.to_string(),
                          "No address was found for any name server of " + zone.to_string() + "."});
      }
      b.end = Kind::kServfail;
      return b;
    }
  }
  b.end = Kind::kError;
  return b;
}

Trace Walker::run(const Name& qname, RRType qtype) {
  auto start = Clock::now();
  Trace t;
  t.name = qname.to_string();
  t.type = to_string(qtype);
  t.chain.push_back(t.name);
  std::vector<Name> seen{qname};
  Name cur = qname;
  std::string via = "start", from;
  for (;;) {
    Branch b = walk_branch(cur, qtype, 0, &t.flags);
    b.via = via;
    b.from = from;
    t.branches.push_back(b);
    if (b.end != Kind::kCname && b.end != Kind::kDname) break;
    auto next = Name::parse(b.target);
    if (!next) break;
    t.chain.push_back(next->to_string());
    if (std::find(seen.begin(), seen.end(), *next) != seen.end()) {
      add_loop_flag(t, next->to_string());
      break;
    }
    if (static_cast<int>(seen.size()) > opt_.max_aliases) break;
    seen.push_back(*next);
    via = to_string(b.end);
    from = cur.to_string();
    cur = *next;
  }
  const Branch& last = t.branches.back();
  t.outcome = last.end;
  t.answers = last.answers;
  t.addresses = last.addresses;
  add_chain_flags(t);
  t.ms = ms_since(start);
  return t;
}

}  // namespace

Trace walk(const Name& qname, RRType qtype, const WalkOptions& opt) {
  Walker w(opt);
  return w.run(qname, qtype);
}

}  // namespace canon::cli::trace
