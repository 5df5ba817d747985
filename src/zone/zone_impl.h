// Zone::Impl: the flat arrays behind a Zone snapshot. Internal to src/zone; the builder fills
// it and zone.cc reads it.
//
//   names   owner names as written, wire form, back to back in file order, or in canonical
//           order when repeated owners left the builder's arena compacted (Node::name_at points
//           in; an empty non-terminal's name may be the tail of its first descendant's)
//   nodes   one per name in canonical order (RFC 4034 §6.1), plus a sentinel at the end
//   rrsets  RRsetRefs of node i are rrsets[nodes[i].rrset_begin, nodes[i+1].rrset_begin)
//   rdata   each record as a u16 length (native order) then its uncompressed wire rdata, an
//           RRset's records together, mostly in file order; up to an eighth of the octets may
//           belong to no RRset (records of RRsets the builder copied, duplicates)
//   index   open-addressing hash table: (hash tag << 32) | (node id + 1), 0 when empty
#pragma once

#include <cstdint>
#include <vector>

#include "wire/name.h"
#include "zone/malloc_arrays.h"
#include "zone/zone.h"

namespace canon {

namespace zone_internal {

struct Node {
  uint32_t name_at;      // offset of the owner in Impl::names
  uint8_t name_len;      // wire octets
  uint8_t labels;        // label count, root not counted
  uint16_t flags;        // NodeFlag bits
  uint32_t rrset_begin;  // first RRsetRef of this node
  uint32_t subtree_end;  // one past the last node below this one (canonical order is preorder)
};
static_assert(sizeof(Node) == 16);

}  // namespace zone_internal

struct Zone::Impl {
  using OctetBuffer = zone_internal::OctetBuffer;
  using SlotTable = zone_internal::SlotTable;
  Name origin;
  OctetBuffer names;                                    // the builder's arena, shrunk in place
  zone_internal::BigVector<zone_internal::Node> nodes;  // node_count() + 1 (sentinel)
  zone_internal::BigVector<RRsetRef> rrsets;
  zone_internal::BigVector<uint32_t> lines;  // source line of each RRset's first record
  zone_internal::BigVector<uint16_t> cols;   // and its column (saturated at 65535)
  // ALIAS targets parsed once at build time (the answer path would decode them per query):
  // alias_sets holds the index in `rrsets` of every ALIAS RRset, ascending, alias_targets the
  // target of its first record.
  std::vector<uint32_t> alias_sets;
  std::vector<Name> alias_targets;
  OctetBuffer rdata;  // shrunk in place when duplicates were dropped
  SlotTable index;    // on pages the kernel zeroed: only the slots written are touched
  uint64_t index_mask = 0;
  size_t records = 0;

  // The node whose name is `size` octets at `wire` (any case), given its name_hash(), or kNone.
  NodeId lookup(const uint8_t* wire, size_t size, uint64_t hash) const;
  const uint8_t* name_of(NodeId n) const { return names.data() + nodes[n].name_at; }
};

}  // namespace canon
