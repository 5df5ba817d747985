// chase(): the answer engine's state machine. It follows CNAMEs and DNAMEs across every zone
// of the catalog and returns a Resolution: the chain met on the way and how it ended. It writes
// nothing; answer_writer.h turns a Resolution into a message.
//
//   Resolution r;
//   chase(catalog, *Name::parse("www.example."), RRType::A, /*max_chain=*/12, &r);
//   r.end == ChaseEnd::kAnswer  // r.last.rrset holds the A RRset of the chain's last name
//
// States (Knot style): BEGIN -> LOOKUP -> one of ANSWER, NODATA, NXDOMAIN, REFERRAL, OUTSIDE,
// FOLLOW. FOLLOW goes back to LOOKUP with the target name, or ends in ERROR (loop, chain too
// long, DNAME result too long). The terminal states record the end and go to DONE.
//
// Choices (see docs in responder.h): the chain restarts at every zone of the catalog (RFC 1034
// §4.3.2 "go back to step 1"); up to max_chain hops are followed and the next fails; a DNAME and
// its synthesized CNAME are one hop; the record whose hop fails stays in the chain.
//
// ALIAS (alias.h): for A and AAAA an ALIAS is one more hop, counted and loop-checked like a
// CNAME. After it, a missing target or type ends as NODATA at the ALIAS owner (its zone's SOA),
// and a target outside the local zones, or delegated away, ends as kAliasExternal. An ALIAS at
// the query name whose chain the catalog resolved ahead (Catalog::flatten_aliases) is taken
// from there: one step, the same end, TTL and last lookup, and last_name() the chain's last
// name, read from the entry rather than copied into names[1] (a Name is 384 octets).
#pragma once

#include <cstddef>
#include <cstdint>

#include "auth/lookup.h"
#include "auth/responder.h"
#include "wire/name.h"

namespace canon {

inline constexpr size_t kMaxCnameChain = 32;  // the stack holds this many hops at most

enum class ChaseState : uint8_t {
  kBegin,
  kLookup,
  kFollow,
  kAnswer,
  kNoData,
  kNxDomain,
  kReferral,
  kOutside,
  kError,
  kDone,
};

enum class ChaseEnd : uint8_t {
  kAnswer,         // last name has the type
  kNoData,         // last name exists without it (RFC 2308 §2.2)
  kNxDomain,       // last name does not exist (RFC 2308 §2.1; RFC 6604 for chains)
  kReferral,       // last name is at or below a zone cut
  kOutside,        // last name is outside every zone: the partial chain, NOERROR
  kRefused,        // the query name itself is outside every zone
  kLoop,           // a target met before (RFC 1034 §3.6.2 forbids loops)
  kTooLong,        // more hops than max_chain
  kYxDomain,       // DNAME substitution over 255 octets (RFC 6672 §2.2)
  kBroken,         // unreadable CNAME/DNAME rdata in a zone: SERVFAIL
  kAliasExternal,  // an ALIAS chain left the local zones: the addresses come from upstream
};

enum class StepKind : uint8_t {
  kCname,      // a CNAME RR at names[i] (exact or from a wildcard): owner written as names[i]
  kDname,      // the DNAME RR, then a CNAME names[i] -> names[i+1] with the DNAME's TTL
  kDnameOnly,  // the DNAME RR alone (substitution failed: YXDOMAIN)
  kAlias,      // an ALIAS at names[i] (A/AAAA asked): followed like a CNAME, never written
};

struct ChainStep {
  StepKind kind = StepKind::kCname;
  const Zone* zone = nullptr;
  Zone::NodeId node = Zone::kNone;  // the CNAME's node, or the DNAME's owner
  const RRsetRef* rrset = nullptr;
};

struct Resolution {
  // names[0] is the query name as the client wrote it; names[i + 1] is the target of steps[i].
  Name names[kMaxCnameChain + 2];
  ChainStep steps[kMaxCnameChain + 1];
  size_t nsteps = 0;
  LookupOutcome last;  // the lookup of names[nsteps] (not meaningful for the error ends)
  ChaseEnd end = ChaseEnd::kRefused;
  bool aa = false;  // RFC 6604 §2.1 / RFC 1034 §6.2.7: the first name was answered with authority
  size_t loop_at = 0;  // for kLoop: names[loop_at] is the name met twice
  // The first ALIAS hop: names[alias_at] owns the final addresses, steps from alias_at on are
  // not written, and alias_ttl caps the answer's TTL (the least TTL from that hop on).
  static constexpr size_t kNoAlias = ~size_t{0};
  size_t alias_at = kNoAlias;
  uint32_t alias_ttl = 0;
  const FlatAlias* flat = nullptr;  // the catalog's flattened chain taken, if any (flat_alias.h)

  bool has_alias() const { return alias_at != kNoAlias; }

  const Name* flat_last = nullptr;  // flat->last_name, when flat is set

  const Name& last_name() const { return flat_last ? *flat_last : names[nsteps]; }
};

void chase(const Catalog& catalog, const Name& qname, RRType qtype, size_t max_chain,
           Resolution* out);

}  // namespace canon
