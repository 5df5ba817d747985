// The cache seen as a one-hop answer source, shared by the forwarder and the iterator:
// answer_from_cache() rebuilds one hop from cached RRsets (the RRset asked, else the name's
// CNAME, else a DNAME above it, else a negative entry); store_answer() writes one classified
// hop back, one RRset at a time.
//
//   if (auto a = answer_from_cache(cache, qname, RRType::A)) return *a;
#pragma once

#include <optional>

#include "resolver/cache.h"
#include "resolver/classify.h"
#include "resolver/source.h"

namespace canon::resolver {

// Only data learnt as an answer is used: glue and referral NS sets are for the iterator's own
// use, never answers for clients (RFC 2181 §5.4.1).
std::optional<SourceAnswer> answer_from_cache(const Cache& cache, const Name& name, RRType type,
                                              bool allow_stale = false);

// Stores the hop `c` learnt for (name, type). Only records owned by a name at or below
// `bailiwick` are stored (the zone of the server that answered; the root for a forwarder).
void store_answer(Cache& cache, const Name& name, RRType type, const Classified& c,
                  const Name& bailiwick);

}  // namespace canon::resolver
