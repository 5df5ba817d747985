// The cache seen as a one-hop answer source, shared by the forwarder and the iterator:
// answer_from_cache() rebuilds one hop from cached RRsets (the RRset asked, else the name's
// CNAME, else a DNAME above it, else a negative entry); store_answer() writes one classified
// hop back, one RRset at a time.
//
//   if (auto a = answer_from_cache(cache, qname, RRType::A)) return *a;
#pragma once

#include <optional>

#include "resolver/answer_cache.h"
#include "resolver/cache.h"
#include "resolver/classify.h"
#include "resolver/router.h"
#include "resolver/source.h"
#include "wire/writer.h"

namespace canon::resolver {

// Only data learnt as an answer is used: glue and referral NS sets are for the iterator's own
// use, never answers for clients (RFC 2181 §5.4.1).
std::optional<SourceAnswer> answer_from_cache(const Cache& cache, const Name& name, RRType type,
                                              bool allow_stale = false);

// Stores the hop `c` learnt for (name, type). Only records owned by a name at or below
// `bailiwick` are stored (the zone of the server that answered; the root for a forwarder).
void store_answer(Cache& cache, const Name& name, RRType type, const Classified& c,
                  const Name& bailiwick);

// The hit path of a resolver: the chain for (qname, qtype) rebuilt from the cache alone and
// written straight into `w` (its answer section, the SOA of a negative end in authority),
// with no copy and no allocation. Every name goes through the view's routing as in
// Router::resolve(): it must route to a forwarder or to recursion, whose first step is
// answer_from_cache() on this same cache, so the answer is the one they would give. Returns
// the reply's rcode, or nullopt when anything needs more than the cache: a miss, a name in a
// local zone, a DNAME, stale data, a loop or a chain past `max_chain` (the Router reports
// those), a record that does not fit. Then `w` holds a partial answer: discard it.
// With `sources`, each RRset written is appended to it, in order, for the AnswerCache.
std::optional<Rcode> write_from_cache(const Cache& cache, const Router& router, const Name& qname,
                                      RRType qtype, size_t max_chain, MessageWriter& w,
                                      std::vector<ReplySource>* sources = nullptr);

}  // namespace canon::resolver
