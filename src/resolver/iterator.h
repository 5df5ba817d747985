// Iterator: recursion from the root hints (RFC 1034 §5.3.3), one hop at a time: it answers the
// name asked and returns a CNAME or DNAME as it finds it, so that the router routes every target
// again and no target is ever taken from the additional data of the chain's first server.
//
//   Iterator it(net, cache, clock, builtin_root_hints(), {});
//   SourceAnswer a = it.lookup(*Name::parse("www.example.com."), RRType::A);
//
// Rules and where they are applied:
// - referrals: follow the NS of a zone below the one asked, with glue only in the bailiwick of
//   the server that sent it (RFC 5452 §6, "bailiwick rule"): data for names outside the zone of
//   the server asked is never cached nor used;
// - NS names without glue are resolved on their own, with a depth limit and a set of names in
//   progress against loops; those inside the zone they serve (glue the parent left out) last:
//   the zone's servers are unreachable then, so the lookup goes to the parent's servers, asked
//   for the full name (as Unbound fetches such glue from the parent side);
// - servers are chosen by smoothed RTT (server_selection.h) with timeouts and retries;
// - QNAME minimisation (RFC 9156): a zone's servers are asked for one label more than the zone,
//   with QTYPE A, until the name asked is reached; NXDOMAIN on the way ends it (RFC 8020);
//   anything odd (a CNAME, an error) turns minimisation off for the rest of the lookup;
// - priming (RFC 8109): the hints only say where to ask first. Before iterating from the
//   root, a hints server is asked for the root's NS RRset (". NS", RD clear) unless the cache
//   holds it; the answer and its additional A/AAAA for those names are cached with their TTLs,
//   and the root's servers come from there. A failed priming leaves the hints in use and is
//   not retried for kPrimeRetry;
// - the cache holds every RRset on its own, positive and negative (RFC 2308).
#pragma once

#include <atomic>
#include <set>
#include <string>

#include "resolver/cache.h"
#include "resolver/classify.h"
#include "resolver/network.h"
#include "resolver/root_hints.h"
#include "resolver/server_selection.h"
#include "resolver/source.h"

namespace canon::resolver {

struct IteratorOptions {
  Millis timeout{800};  // per try
  int max_sends = 40;   // upstream queries for one lookup, NS address lookups included
  int max_referrals = 24;
  int max_depth = 4;  // nested NS address lookups
  bool qname_minimisation = true;
  bool ipv6 = true;  // use AAAA glue and hints
};

class Iterator final : public AnswerSource {
 public:
  Iterator(Network& net, Cache& cache, const Clock& clock, RootHints hints,
           IteratorOptions opt = {});

  SourceAnswer lookup(const Name& name, RRType type) override;
  const ServerSelection& selection() const { return selection_; }

 private:
  struct Lookup;  // the budget and in-progress names of one top-level lookup
  struct Zone {
    Name apex;
    std::vector<Name> ns;
  };
  // Which of a zone's NS names lookup_addresses() resolves.
  enum class NsNames { kOutsideZone, kInsideZone, kAll };

  SourceAnswer resolve(const Name& name, RRType type, Lookup& lk, int depth);
  void prime(Lookup& lk);
  std::vector<ListenAddress> hint_servers() const;
  std::vector<Zone> delegations_for(const Name& name) const;
  std::vector<ListenAddress> addresses(const Zone& z, Lookup& lk, int depth);
  bool append_cached_addresses(const Name& ns, std::vector<ListenAddress>& out) const;
  std::vector<ListenAddress> lookup_addresses(const Zone& z, Lookup& lk, int depth, NsNames which,
                                              const std::vector<ListenAddress>& known);
  std::optional<Message> ask(const std::vector<ListenAddress>& servers, const Name& qname,
                             RRType qtype, Lookup& lk, std::string& why);
  void store_referral(const Zone& from, const Classified& c);

  Network& net_;
  Cache& cache_;
  const Clock& clock_;
  RootHints hints_;
  IteratorOptions opt_;
  ServerSelection selection_;
  std::atomic<int64_t> prime_retry_at_{0};  // ms on clock_; lookup() runs on several threads
};

}  // namespace canon::resolver
