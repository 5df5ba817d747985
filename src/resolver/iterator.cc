#include "resolver/iterator.h"

#include <algorithm>

#include "resolver/cached_answer.h"
#include "resolver/classify.h"
#include "resolver/stub_client.h"
#include "wire/rdata.h"

namespace canon::resolver {

struct Iterator::Lookup {
  int sends = 0;
  std::set<std::string> in_progress;  // NS names being resolved (lowered presentation form)
};

namespace {

SourceAnswer failed(std::string why) {
  SourceAnswer a;
  a.kind = AnswerKind::kFailed;
  a.why = std::move(why);
  return a;
}

SourceAnswer to_answer(Classified&& c) {
  SourceAnswer a;
  a.kind = c.kind;
  a.records = std::move(c.records);
  a.authority = std::move(c.authority);
  return a;
}

std::vector<Name> ns_names(const RRset& ns) {
  std::vector<Name> out;
  for (const auto& rd : ns.rdatas)
    if (auto t = rdata_target(RRType::NS, rd)) out.push_back(*t);
  return out;
}

bool contains(const std::vector<ListenAddress>& list, const ListenAddress& a) {
  std::string text = a.to_string();
  return std::any_of(list.begin(), list.end(),
                     [&](const ListenAddress& b) { return b.to_string() == text; });
}

// How long the hints serve alone after a priming query failed (RFC 8109 §3: a resolver must
// not hammer the root servers; the hints work meanwhile).
constexpr Millis kPrimeRetry{60'000};

// RFC 9156 §3: the name one label longer than what is known of the zones above `name`.
Name next_name(const Name& name, const Name& known) {
  return name.suffix(std::min(name.label_count(), known.label_count() + 1));
}

}  // namespace

Iterator::Iterator(Network& net, Cache& cache, const Clock& clock, RootHints hints,
                   IteratorOptions opt)
    : net_(net), cache_(cache), clock_(clock), hints_(std::move(hints)), opt_(opt) {}

SourceAnswer Iterator::lookup(const Name& name, RRType type) {
  Lookup lk;
  return resolve(name, type, lk, 0);
}

// The zones enclosing `name` whose NS are cached, closest first, and the root last (its NS
// from priming, else from the hints).
std::vector<Iterator::Zone> Iterator::delegations_for(const Name& name) const {
  std::vector<Zone> out;
  for (size_t n = name.label_count(); n > 0; --n) {
    Name anc = name.suffix(n);
    auto hit = cache_.get(anc, RRType::NS);
    if (hit && hit->kind == CacheKind::kRRset) out.push_back({anc, ns_names(hit->rrset)});
  }
  auto root = cache_.get(Name::root(), RRType::NS);
  bool primed = root && root->kind == CacheKind::kRRset;
  out.push_back({Name::root(), ns_names(primed ? root->rrset : hints_.ns)});
  return out;
}

std::vector<ListenAddress> Iterator::hint_servers() const {
  std::vector<ListenAddress> out;
  for (const auto& s : hints_.servers)
    if (opt_.ipv6 || s.family() == AF_INET) out.push_back(s);
  return out;
}

void Iterator::prime(Lookup& lk) {
  auto cached = cache_.get(Name::root(), RRType::NS);
  if (cached && cached->kind == CacheKind::kRRset) return;
  int64_t now = clock_.now().count();
  if (now < prime_retry_at_.load(std::memory_order_relaxed)) return;
  std::string why;
  auto reply = ask(hint_servers(), Name::root(), RRType::NS, lk, why);
  Classified c = reply ? classify_response(*reply, Name::root(), RRType::NS) : Classified{};
  if (c.kind != AnswerKind::kAnswer || !reply->header.aa) {
    prime_retry_at_.store(now + kPrimeRetry.count(), std::memory_order_relaxed);
    return;
  }
  const RRset& ns = c.records.front();
  cache_.put(ns, Trust::kAnswer);
  auto names = ns_names(ns);
  for (const auto& g : group_rrsets(reply->additional)) {
    bool address = g.type == RRType::A || g.type == RRType::AAAA;
    if (address && std::find(names.begin(), names.end(), g.owner) != names.end())
      cache_.put(g, Trust::kGlue);
  }
}

std::vector<ListenAddress> Iterator::addresses(const Zone& z, Lookup& lk, int depth) {
  std::vector<ListenAddress> out;
  if (z.apex.is_root()) {
    for (const auto& ns : z.ns) append_cached_addresses(ns, out);  // primed
    return out.empty() ? hint_servers() : out;
  }
  for (const auto& ns : z.ns) append_cached_addresses(ns, out);
  if (!out.empty() || depth >= opt_.max_depth) return out;
  // No glue and nothing cached: look the names up, those outside the zone first. A name inside
  // it needs the zone's own servers, so it is looked up last, and then from the parent side:
  // resolve() finds the zone unreachable and asks the parent's servers for the whole name
  // (fetch_glue_cname in Unbound's tests: a glueless delegation whose parent answers for the
  // NS name, there with a CNAME).
  out = lookup_addresses(z, lk, depth, NsNames::kOutsideZone, out);
  if (out.empty()) out = lookup_addresses(z, lk, depth, NsNames::kInsideZone, out);
  return out;
}

bool Iterator::append_cached_addresses(const Name& ns, std::vector<ListenAddress>& out) const {
  bool any = false;
  for (RRType t : {RRType::A, RRType::AAAA}) {
    if (t == RRType::AAAA && !opt_.ipv6) continue;
    auto hit = cache_.get(ns, t);
    if (!hit || hit->kind != CacheKind::kRRset) continue;
    for (const auto& rd : hit->rrset.rdatas)
      if (auto a = address_of(t, rd)) out.push_back(*a), any = true;
  }
  return any;
}

// Looks up the A records of the zone's NS names that have no cached address (skipping those
// in progress, and those `which` leaves out), following CNAMEs, which RFC 2181 §10.3 forbids
// there but which exist. Returns the first addresses found that are not in `known`.
std::vector<ListenAddress> Iterator::lookup_addresses(const Zone& z, Lookup& lk, int depth,
                                                      NsNames which,
                                                      const std::vector<ListenAddress>& known) {
  std::vector<ListenAddress> out;
  for (const auto& ns : z.ns) {
    std::vector<ListenAddress> cached;
    if (append_cached_addresses(ns, cached)) continue;
    bool inside = ns.is_subdomain_of(z.apex);
    if ((which == NsNames::kOutsideZone && inside) || (which == NsNames::kInsideZone && !inside))
      continue;
    Name name = ns;
    for (int hop = 0; hop < 8; ++hop) {
      std::string key = name.lowered().to_string();
      if (!lk.in_progress.insert(key).second) break;
      SourceAnswer a = resolve(name, RRType::A, lk, depth + 1);
      lk.in_progress.erase(key);
      if (a.kind == AnswerKind::kCname && !a.records.empty()) {
        if (auto t = a.records.front().target()) {
          name = *t;
          continue;
        }
      }
      for (const auto& set : a.records)
        if (set.type == RRType::A && a.kind == AnswerKind::kAnswer)
          for (const auto& rd : set.rdatas)
            if (auto addr = address_of(RRType::A, rd); addr && !contains(known, *addr))
              out.push_back(*addr);
      break;
    }
    if (!out.empty()) break;
  }
  return out;
}

std::optional<Message> Iterator::ask(const std::vector<ListenAddress>& servers, const Name& qname,
                                     RRType qtype, Lookup& lk, std::string& why) {
  Message q = make_query(qname, qtype, /*rd=*/false);
  auto order = selection_.order(servers);
  // Each server in turn; a second round only for servers that timed out (a server that
  // answered with an error would answer the same again). Within the lookup's budget.
  std::vector<bool> answered(order.size(), false);
  size_t tries = std::min<size_t>(order.size() * 2, 6);
  for (size_t i = 0; i < tries && lk.sends < opt_.max_sends; ++i) {
    size_t k = i % order.size();
    if (answered[k]) continue;
    const ListenAddress& server = order[k];
    ++lk.sends;
    Millis start = clock_.now();
    auto r = net_.send(server, q, opt_.timeout);
    if (!r) {
      selection_.timed_out(server, opt_.timeout);
      why = server.to_string() + ": " + r.error().message;
      continue;
    }
    selection_.record(server, clock_.now() - start);
    answered[k] = true;
    Rcode rc = r->rcode();
    if (rc != Rcode::NOERROR && rc != Rcode::NXDOMAIN) {
      why = server.to_string() + ": " + to_string(rc);  // lame or broken: try another
      continue;
    }
    return std::move(*r);
  }
  if (lk.sends >= opt_.max_sends && why.empty()) why = "too many upstream queries";
  return std::nullopt;
}

void Iterator::store_referral(const Zone& from, const Classified& c) {
  cache_.put(c.ns, Trust::kReferral);
  auto names = ns_names(c.ns);
  for (const auto& g : c.glue) {
    // Glue is used only for the NS names of the referral and only inside the bailiwick of the
    // server that sent it (RFC 5452 §6).
    if (!g.owner.is_subdomain_of(from.apex)) continue;
    if (std::find(names.begin(), names.end(), g.owner) == names.end()) continue;
    cache_.put(g, Trust::kGlue);
  }
}

SourceAnswer Iterator::resolve(const Name& name, RRType type, Lookup& lk, int depth) {
  if (auto hit = answer_from_cache(cache_, name, type)) return *hit;
  prime(lk);
  // DS lives on the parent side of a cut (RFC 4035 §3.1.4.1, RFC 9156 §2.1): find the zone
  // holding the name's parent, then ask it; the child's servers would answer from the child.
  const bool ds = type == RRType::DS && !name.is_root();
  const Name goal = ds ? name.parent() : name;
  std::vector<Zone> zones = delegations_for(goal);
  Zone zone = zones.front();
  std::vector<ListenAddress> servers;
  for (const auto& z : zones) {  // the closest zone whose servers we can reach
    servers = addresses(z, lk, depth);
    zone = z;
    if (!servers.empty()) break;
  }
  Name known = zone.apex;
  // A closer zone is known but unreachable: its parent is asked for the whole name, since a
  // minimised name would only bring the same referral back (the parent-side fallback above).
  bool minimise = (opt_.qname_minimisation || ds) && zone.apex == zones.front().apex;
  bool looked_up_ns = false;
  std::string why = "no address for the name servers of " + zone.apex.to_string();
  for (int referrals = 0; referrals <= opt_.max_referrals && !servers.empty();) {
    Name ask_name = name;
    if (minimise && known.label_count() < goal.label_count()) ask_name = next_name(goal, known);
    RRType ask_type = ask_name == name ? type : RRType::A;
    auto reply = ask(servers, ask_name, ask_type, lk, why);
    if (!reply && !looked_up_ns && depth < opt_.max_depth && !zone.apex.is_root()) {
      // Every server with an address failed: the zone's other NS names may have addresses
      // of their own (expired glue, or names never looked up). The root's come from the hints.
      looked_up_ns = true;
      auto more = lookup_addresses(zone, lk, depth, NsNames::kAll, servers);
      if (!more.empty()) {
        servers = std::move(more);
        continue;
      }
    }
    if (!reply && ask_name != name && lk.sends < opt_.max_sends) {
      minimise = false;  // RFC 9156 §2.3: servers that fail on a minimised name get the full one
      continue;
    }
    if (!reply) break;
    Classified c = classify_response(*reply, ask_name, ask_type);
    if (c.referral) {
      // A referral must go down, below the zone asked, towards the name (else: lame).
      if (!c.ns.owner.is_subdomain_of(zone.apex) || c.ns.owner == zone.apex) {
        why = "lame referral to " + c.ns.owner.to_string() + " from " + zone.apex.to_string();
        break;
      }
      store_referral(zone, c);
      zone = Zone{c.ns.owner, ns_names(c.ns)};
      known = zone.apex;
      servers = addresses(zone, lk, depth);
      looked_up_ns = false;
      why = "no address for the name servers of " + zone.apex.to_string();
      ++referrals;
      continue;
    }
    if (ask_name != name) {
      if (c.kind == AnswerKind::kNoData || c.kind == AnswerKind::kAnswer) {
        known = ask_name;  // an existing name, no cut: one label more
        continue;
      }
      if (c.kind == AnswerKind::kNxDomain) {  // RFC 8020: nothing exists below it
        store_answer(cache_, name, type, c, zone.apex);
        return to_answer(std::move(c));
      }
      minimise = false;  // a CNAME or an odd answer on the way: ask the full name
      continue;
    }
    store_answer(cache_, name, type, c, zone.apex);
    if (c.kind == AnswerKind::kFailed) {
      why = "unusable answer";
      break;
    }
    return to_answer(std::move(c));
  }
  if (auto stale = answer_from_cache(cache_, name, type, /*allow_stale=*/true)) return *stale;
  return failed(why);
}

}  // namespace canon::resolver
