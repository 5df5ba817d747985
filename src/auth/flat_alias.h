// FlatAliasTable: every ALIAS of a catalog resolved once, when the catalog is complete, so that
// respond() answers A or AAAA at an ALIAS owner with one lookup, as for a static A.
//
//   Catalog c;
//   c.add(zone_a);
//   c.add(zone_b);
//   c.flatten_aliases();                     // builds the table from the finished catalog
//   const FlatAlias* f = c.flat_alias(*alias_rrset, name_hash(owner), RRType::A);
//   // f->end == ChaseEnd::kAnswer: f->last.rrset holds the addresses, f->ttl caps their TTL
//
// Each entry is what chase() finds from the ALIAS owner (CNAMEs, DNAMEs and further ALIASes
// followed through every zone of the catalog), computed by chase() itself, so the answer cannot
// differ from the slow path's. Only three ends are kept: addresses (kAnswer), NODATA at the
// owner (kNoData) and a target outside the zones (kAliasExternal, whose last name the upstream
// cache is asked for). Loops, over-long chains and broken rdata are left to the chase, which
// writes their errors; so are wildcard owners (the query name becomes part of the chain).
//
// The entries point into the catalog's zones (RRsets, the zones' parsed ALIAS targets), which
// the catalog keeps alive; the table belongs to one catalog and is rebuilt with it on reload,
// so it never outlives or disagrees with the data it summarises.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "auth/chase.h"
#include "auth/lookup.h"
#include "auth/responder.h"
#include "wire/name.h"
#include "zone/zone.h"

namespace canon {

class Catalog;

// What an upstream answer reads comes first, so that with the key it fills the slot's first
// cache line (for A); `last`, which only a local end needs, comes after.
struct FlatAlias {
  ChaseEnd end = ChaseEnd::kAnswer;    // kAnswer, kNoData or kAliasExternal
  uint8_t hops = 0;                    // hops of the chain, the ALIAS included
  uint32_t ttl = 0;                    // the least TTL of the hops (Resolution::alias_ttl)
  size_t last_hash = 0;                // last_name->hash(), for the upstream cache's probe
  std::span<const uint8_t> last_wire;  // last_name->wire(), for the same
  const Name* last_name = nullptr;     // the chain's last name (Resolution::last_name())
  LookupOutcome last;                  // what the chase's last lookup left (Resolution::last)
  // A copy of *last.rrset (when set), which the chase hands on in its place: the answer's
  // records are then found from the slot, already loaded, without a load of the target's
  // RRsetRef from the zone first (a static A reads its own RRsetRef at the node it found).
  RRsetRef last_set{};
};

// One owner's entries beside their key, so that a query reaches them with the key's cache
// line or the next one instead of a second dependent miss. The slot is chosen by the owner's
// name_hash(), which the responder computes before its zone lookup anyway: it can start
// loading the slot then (Catalog::prefetch_flat), while the zone is searched, instead of
// after, from the ALIAS RRset the search finds.
struct alignas(64) FlatAliasSlot {
  const RRsetRef* key = nullptr;
  FlatAlias entry[2];  // A, AAAA
};
static_assert(offsetof(FlatAliasSlot, entry[0].last_name) <= 64, "an upstream A reads one line");
static_assert(sizeof(FlatAliasSlot) <= 192, "a slot spans three cache lines at most");

class FlatAliasTable {
 public:
  // Resolves every ALIAS RRset of every zone of `catalog`, for A and AAAA.
  explicit FlatAliasTable(const Catalog& catalog);

  // The entry for A or AAAA at the owner of `alias` (an ALIAS RRset of a zone of the catalog),
  // `hash` being name_hash() of the owner, or nullptr when the chase must run (see above).
  static const FlatAlias* find(const FlatAliasSlot* slots, size_t mask, const RRsetRef& alias,
                               uint64_t hash, RRType qtype) {
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const FlatAliasSlot& s = slots[i];
      if (s.key == &alias) {
        const FlatAlias& f = s.entry[qtype == RRType::AAAA ? 1 : 0];
        return f.hops ? &f : nullptr;
      }
      if (!s.key) return nullptr;
    }
  }
  // The slots (nullptr when no ALIAS was flattened) and their mask, for find().
  const FlatAliasSlot* slots() const { return slots_.empty() ? nullptr : slots_.data(); }
  size_t mask() const { return mask_; }

 private:
  void add(const Catalog& catalog, const Zone& zone, Zone::NodeId node, const RRsetRef& alias);
  void flatten(const Catalog& catalog, const Zone& zone, const RRsetRef& alias, const Name& owner,
               RRType qtype);
  void index();

  // While the table is built: one key and owner hash per ALIAS RRset and two entries (A, then
  // AAAA; hops 0: none) in the same order; index() moves them into slots_.
  std::vector<const RRsetRef*> keys_;
  std::vector<uint64_t> hashes_;
  std::vector<FlatAlias> entries_;
  std::deque<Name> names_;  // last names that are not an ALIAS target of a zone
  std::vector<FlatAliasSlot> slots_;
  size_t mask_ = 0;
};

// Catalog's two per-query calls, inline: responder.h cannot define them, FlatAliasSlot being
// incomplete there. The chase, their one caller, includes this header.
inline const FlatAlias* Catalog::flat_alias(const RRsetRef& alias, uint64_t owner_hash,
                                            RRType qtype) const {
  if (!flat_slots_) return nullptr;
  return FlatAliasTable::find(flat_slots_, flat_mask_, alias, owner_hash, qtype);
}

inline void Catalog::prefetch_flat(uint64_t owner_hash, RRType qtype) const {
  if (!flat_slots_) return;
  const FlatAliasSlot& s = flat_slots_[owner_hash & flat_mask_];
  // The key and the entry asked for: both lines of it, a local end reading its second.
  __builtin_prefetch(&s.key);
  const FlatAlias& f = s.entry[qtype == RRType::AAAA ? 1 : 0];
  __builtin_prefetch(&f.last);
  __builtin_prefetch(&f.last_set);
}

}  // namespace canon
