// lookup(): what the catalog says about one name and type, before any CNAME is followed. The
// chase (chase.h) calls it once per name on the chain.
//
//   LookupOutcome o = lookup(catalog, *Name::parse("www.example."), RRType::A);
//   if (o.result == LookupResult::kSuccess) write o.zone->rdatas(*o.rrset) ...
//
// The order of the checks follows RFC 1034 §4.3.2 step 3: a zone cut or a DNAME above the name
// wins over the name's own data (RFC 6672 §2.4 for DNAME), then an exact match, then the
// closest encloser's wildcard (RFC 4592 §3.3.1), and last a name error.
#pragma once

#include <cstdint>

#include "auth/responder.h"
#include "wire/name.h"
#include "zone/zone.h"

namespace canon {

enum class LookupResult : uint8_t {
  kSuccess,     // the RRset asked for (exact or wildcard match); `rrset` is it
  kNoData,      // the name exists (or a wildcard matched) without the type
  kNameError,   // no such name and no wildcard
  kDelegation,  // at or below a zone cut: `node` is the cut (RFC 1034 §4.3.2 step 3b)
  kCname,       // a CNAME where another type was asked: `rrset` is the CNAME
  kDname,       // below a DNAME: `node` is its owner, `rrset` the DNAME (RFC 6672 §2.3)
  kOutside,     // no zone of the catalog encloses the name
  kAlias,       // A or AAAA asked at a name with an ALIAS: `rrset` is the ALIAS (alias.h)
};

// Pointers first, then the small fields: 24 octets, which keeps a flattened ALIAS's two
// entries within three cache lines (flat_alias.h).
struct LookupOutcome {
  const Zone* zone = nullptr;
  const RRsetRef* rrset = nullptr;
  Zone::NodeId node = Zone::kNone;
  LookupResult result = LookupResult::kOutside;
  bool wildcard = false;  // answered from the closest encloser's `*` child
};
static_assert(sizeof(LookupOutcome) == 24);

// The zone that answers `name`: the closest enclosing one, except that DS at the apex of a
// zone whose parent is also served comes from the parent (RFC 4035 §3.1.4.1).
const Zone* choose_zone(const Catalog& catalog, const Name& name, RRType qtype);

LookupOutcome lookup(const Catalog& catalog, const Name& name, RRType qtype);
// The same, with `hash` = name_hash() of name's whole wire form, already computed.
LookupOutcome lookup(const Catalog& catalog, const Name& name, RRType qtype, uint64_t hash);

// The RRset at `node` that answers `qtype` (RFC 8482 for ANY: the node's first RRset only).
LookupOutcome answer_at(const Zone& zone, Zone::NodeId node, RRType qtype);

}  // namespace canon
