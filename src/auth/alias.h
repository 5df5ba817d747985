// ALIAS (apex flattening): what the answer engine needs to answer A and AAAA at a name that
// holds an ALIAS record (TYPE65401, PowerDNS's code; rdata one uncompressed name).
//
// A local target (inside a zone of the catalog) is resolved by the chase itself: the ALIAS is
// one more hop, followed like a CNAME but never written, and the final A/AAAA RRset is written
// under the ALIAS owner's name. A target outside every zone is looked up in an AliasSource, the
// server's cache of upstream answers:
//
//   class Cache : public AliasSource { void find(...) const override; };
//   AuthOptions opt;
//   opt.alias = &cache;                 // no source: such ALIASes answer SERVFAIL (EDE 0)
//   Deferral d;
//   size_t n = respond(catalog, opt, Transport::kUdp, query, out, &d);
//   if (n == 0 && d.needed) hand the query to the thread that asks the upstream
//
// find() runs on the query path for every such answer: it must not lock, allocate or block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon {

enum class AliasStatus : uint8_t {
  kMiss,       // nothing usable cached: the query must wait for the upstream
  kAddresses,  // `count` records of the type in `rdata`, fresh for `ttl` more seconds
  kNoData,     // the target does not exist or has no record of the type (RFC 2308)
  kFailed,     // the upstream could not be reached or failed: SERVFAIL, EDE 22
  kStale,      // the upstream failed, and expired addresses are served (RFC 8767, EDE 3)
};

inline constexpr size_t kAliasMaxRecords = 16;  // addresses kept per target and type
inline constexpr size_t kAliasMaxRdata = kAliasMaxRecords * 16;

struct AliasAddresses {
  AliasStatus status = AliasStatus::kMiss;
  RRType type = RRType::A;
  uint16_t count = 0;
  uint32_t ttl = 0;  // seconds left; for kStale the TTL to answer with (RFC 8767 §4: 30)
  uint8_t rdata[kAliasMaxRdata];  // count records of 4 (A) or 16 (AAAA) octets

  size_t rdata_size() const { return type == RRType::AAAA ? 16 : 4; }
};

class AliasSource {
 public:
  virtual ~AliasSource() = default;
  // What is known about `type` (A or AAAA) at `target`. Called on the query path: no lock,
  // no allocation, no system call beyond reading a vDSO clock.
  virtual void find(const Name& target, RRType type, AliasAddresses* out) const = 0;
  // The same for the name whose wire form is `target`, with `hash` == its Name::hash() known
  // beforehand: the catalog keeps both for every flattened ALIAS (flat_alias.h), so that a
  // source keyed by them neither hashes the name again nor reads the Name object.
  // A hint that find_hashed() with this hash follows soon: a source may start loading what it
  // will read. Called on the query path, like find().
  virtual void prefetch(size_t hash) const { (void)hash; }
  virtual void find_hashed(std::span<const uint8_t> target, size_t hash, RRType type,
                           AliasAddresses* out) const {
    (void)hash;
    auto name = Name::from_wire(target);
    if (name) {
      find(*name, type, out);
    } else {
      *out = AliasAddresses{};
      out->type = type;
    }
  }
};

// Filled by respond() when the answer needs network I/O first (an ALIAS target outside every
// zone that is not cached). respond() then returns 0; what it may have put in the output
// buffer by then is not a reply.
struct Deferral {
  bool needed = false;
  Name target;              // the name whose addresses are needed
  RRType type = RRType::A;  // A or AAAA
  bool alias = false;       // for the AliasSource (a cache miss), not for a resolver
};

}  // namespace canon
