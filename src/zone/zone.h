// Zone: an immutable snapshot of one zone's data, built once by ZoneBuilder and then only read.
// Held by shared_ptr<const Zone>; a reload builds a new snapshot and swaps the pointer, so
// readers never wait.
//
//   ZoneBuilder b(origin);
//   b.add(owner, RRType::A, RRClass::IN, 300, rdata);
//   Result<std::shared_ptr<const Zone>> z = b.build(&diagnostics);
//   Zone::Find f = (*z)->find(qname);
//   if (f.exact != Zone::kNone) for (auto& rs : (*z)->rrsets(f.exact)) ...
//
// Nodes are kept in canonical order (RFC 4034 §6.1), empty non-terminals included, so that
// closest-encloser and previous-name questions are answered from one walk. Flags are computed
// once at build time so the answer path only reads bits.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/name_hash.h"
#include "wire/rrtype.h"
#include "zonefile/zonefile.h"

namespace canon {

enum NodeFlag : uint16_t {
  kNodeApex = 1 << 0,
  kNodeDelegation = 1 << 1,     // NS at a name other than the apex: a zone cut
  kNodeBelowCut = 1 << 2,       // below a zone cut: glue or occluded, never authoritative
  kNodeWildcardChild = 1 << 3,  // has a child named `*`
  kNodeHasCname = 1 << 4,
  kNodeHasDname = 1 << 5,
  kNodeEmptyNonTerminal = 1 << 6,  // exists only because names below it exist
  kNodeBelowDname = 1 << 7,        // occluded by a DNAME above it (RFC 6672 §2.4)
  kNodeHasAlias = 1 << 8,
};

struct RRsetRef {
  RRType type;
  uint16_t count;     // number of records
  uint32_t ttl;       // one TTL per RRset (RFC 2181 §5.2: the lowest of those written)
  uint32_t rdata_at;  // offset in the zone's rdata arena of the first record
};

class Zone {
 public:
  using NodeId = uint32_t;
  static constexpr NodeId kNone = 0xffffffffu;

  struct Find {
    NodeId exact = kNone;             // the node named qname, when it exists (ENTs included)
    NodeId closest_encloser = kNone;  // the deepest existing ancestor (qname itself when exact)
    NodeId previous = kNone;          // the last node before qname in canonical order
  };

  // A forward range over the rdatas of one RRset, each as uncompressed wire bytes.
  class RdataRange {
   public:
    class Iter {
     public:
      Iter(const uint8_t* p, uint16_t left) : p_(p), left_(left) {}
      std::span<const uint8_t> operator*() const;
      Iter& operator++();
      bool operator!=(const Iter& o) const { return left_ != o.left_; }

     private:
      const uint8_t* p_;
      uint16_t left_;
    };
    RdataRange(const uint8_t* p, uint16_t n) : p_(p), n_(n) {}
    Iter begin() const { return {p_, n_}; }
    Iter end() const { return {nullptr, 0}; }

   private:
    const uint8_t* p_;
    uint16_t n_;
  };

  const Name& origin() const;
  Find find(const Name& qname) const {
    return find(qname, name_hash(qname.wire().data(), qname.wire_size()));
  }
  // The same, with `hash` = name_hash() of the whole of qname's wire form, for a caller that
  // already hashed it (the responder probes its ALIAS table with the same hash).
  Find find(const Name& qname, uint64_t hash) const;

  size_t node_count() const;  // nodes in canonical order are 0 .. node_count()-1
  size_t record_count() const;
  size_t memory_bytes() const;  // heap held by the snapshot

  std::span<const uint8_t> owner_wire(NodeId n) const;  // as written (case kept)
  Name owner(NodeId n) const;
  uint16_t flags(NodeId n) const;
  std::span<const RRsetRef> rrsets(NodeId n) const;
  const RRsetRef* rrset(NodeId n, RRType t) const;  // nullptr when absent
  RdataRange rdatas(const RRsetRef& rs) const;
  // The `*` child of `n`, or kNone (RFC 4592 §2.1.1: only the closest encloser's applies).
  NodeId wildcard_child(NodeId n) const;
  // Source line of the first record of an RRset, for lint and error messages (0 if unknown).
  uint32_t line_of(NodeId n, RRType t) const;
  // Its column: where that record starts on its line (0 if unknown).
  uint32_t col_of(NodeId n, RRType t) const;
  // The target of an ALIAS RRset of this zone, parsed when the zone was built; nullptr for
  // other RRsets and unreadable rdata.
  const Name* alias_target(const RRsetRef& rs) const;

  ~Zone();
  struct Impl;
  explicit Zone(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

class ZoneBuilder {
 public:
  explicit ZoneBuilder(Name origin, std::string file = {});
  ~ZoneBuilder();

  // Adds one record. Out-of-zone records are dropped with a warning diagnostic at build().
  void add(const Name& owner, RRType type, RRClass cls, uint32_t ttl,
           std::span<const uint8_t> rdata, uint32_t line = 0, uint32_t col = 0);
  void add(const ParsedRecord& r) { add(r.owner, r.type, r.cls, r.ttl, r.rdata, r.line, r.col); }
  // Optional: room for `records` records holding `rdata_bytes` octets of rdata in all, so a
  // large zone loads without regrowing (and briefly doubling) its buffers.
  void reserve(size_t records, size_t rdata_bytes);

  // Sorts, merges duplicates, inserts empty non-terminals and sets node flags. Errors that
  // make the zone unservable (no SOA at the apex, ...) fail the build; the diagnostics say
  // file:line:col for each problem found. Warnings (out-of-zone data, TTLs that differ in
  // an RRset) are appended to `diagnostics` too. Call once: the builder's data moves into
  // the snapshot.
  Result<std::shared_ptr<const Zone>> build(std::vector<Diagnostic>* diagnostics);

  struct Impl;  // src/zone/builder_impl.h

 private:
  std::unique_ptr<Impl> impl_;
};

// Parses `path` and builds the zone. Parse errors, and build errors, come back in
// `diagnostics`; the Result fails when there was any error.
Result<std::shared_ptr<const Zone>> load_zone(const std::string& path, const Name& origin,
                                              std::vector<Diagnostic>* diagnostics);

}  // namespace canon
