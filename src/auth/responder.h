// The authoritative responder: one packet in, one packet out, no I/O. The server's workers
// call respond() for every UDP datagram and TCP message; tests and fuzzers call it directly.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "auth/alias.h"
#include "wire/name.h"
#include "zone/zone.h"

namespace canon {

struct FlatAlias;
struct FlatAliasSlot;
class FlatAliasTable;

// Catalog: the zones one view serves. Immutable once built; replaced whole on reload.
//
//   Catalog c;
//   c.add(example_zone);                       // origin example.
//   c.add(sub_zone);                           // origin sub.example.
//   c.flatten_aliases();                       // once complete: ALIASes resolved ahead
//   c.find_zone(*Name::parse("a.sub.example."));  // sub_zone
class Catalog {
 public:
  // A later zone with the same origin replaces. Drops the flattened ALIASes: a new zone can
  // change where their targets lead.
  void add(std::shared_ptr<const Zone> zone);
  // Resolves every ALIAS of every zone once, for A and AAAA (flat_alias.h), so that respond()
  // answers an ALIAS owner with one lookup, as for a static A. Call once the catalog is
  // complete (the server does, on every load and reload); without it the chase resolves each
  // ALIAS per query, with the same answers.
  void flatten_aliases();
  // The flattened chain for `qtype` at the owner of `alias` (an ALIAS RRset of one of the
  // zones; `owner_hash` is name_hash() of its owner), or nullptr: not flattened, or an end
  // that the chase writes itself. (Defined in flat_alias.h.)
  const FlatAlias* flat_alias(const RRsetRef& alias, uint64_t owner_hash, RRType qtype) const;
  // Starts loading what flat_alias() would read first for an owner of this hash, so that
  // the load overlaps the zone lookup that finds the ALIAS. Nothing without ALIASes. (Defined
  // in flat_alias.h.)
  void prefetch_flat(uint64_t owner_hash, RRType qtype) const;
  // The zone that most closely encloses `name`, or nullptr.
  const Zone* find_zone(const Name& name) const;
  // The zone whose origin is exactly `name`, or nullptr.
  const Zone* zone_at(const Name& name) const;
  // The closest enclosing zone strictly above `name` (for DS at a cut, RFC 4035 §3.1.4.1).
  const Zone* find_parent_zone(const Name& name) const;
  size_t size() const { return zones_.size(); }
  const std::vector<std::shared_ptr<const Zone>>& zones() const { return zones_; }

 private:
  // Small catalogs are searched linearly (fastest for a handful of zones); larger ones through
  // a hash of the origins, probed once per suffix of the name.
  static constexpr size_t kLinearMax = 8;
  void drop_flat();
  std::vector<std::shared_ptr<const Zone>> zones_;        // owned by the responder's author
  std::unordered_map<Name, size_t, NameHash> by_origin_;  // origin -> index in zones_
  size_t min_labels_ = Name::kMaxLabels;
  size_t max_labels_ = 0;
  std::shared_ptr<const FlatAliasTable> flat_;  // shared by copies; they never change it
  // flat_'s slots and mask, kept here so that a query reaches a slot without first loading
  // the table's own fields (one dependent miss fewer)
  const FlatAliasSlot* flat_slots_ = nullptr;
  size_t flat_mask_ = 0;
};

struct AuthOptions {
  // Hops followed; the 13th fails. Values above kMaxCnameChain (chase.h, 32) act as 32 so that
  // the chase keeps its state on the stack.
  size_t max_cname_chain = 12;
  bool minimal_responses = false;  // leave the additional section empty
  uint16_t udp_max_size = 1232;    // cap on the EDNS UDP size we honour
  // Addresses of ALIAS targets outside every zone (alias.h); nullptr: no upstream configured.
  const AliasSource* alias = nullptr;
  // A recursive client's query (issue 5): a chain that leaves the zones, a referral, a name
  // outside every zone, or an ALIAS target with no upstream cache is not written but deferred
  // (respond() with a `deferral`), so that the resolver finishes it through the view's routing.
  bool defer_outside = false;
};

enum class Transport : uint8_t { kUdp, kTcp };

// Writes the response to `query` into `out` (at least 65535 octets for TCP, 4096 suffices for
// UDP) and returns its length, or 0 when the packet must be dropped (too short for a header,
// or a response rather than a query).
size_t respond(const Catalog& catalog, const AuthOptions& opt, Transport transport,
               std::span<const uint8_t> query, std::span<uint8_t> out);
// The same, but an answer that needs network I/O first (alias.h) is not written: `deferral`
// says what is needed and 0 is returned. Without `deferral` such a query answers SERVFAIL.
size_t respond(const Catalog& catalog, const AuthOptions& opt, Transport transport,
               std::span<const uint8_t> query, std::span<uint8_t> out, Deferral* deferral);

}  // namespace canon
