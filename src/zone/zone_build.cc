// ZoneBuilder::build(): turns the collected records into a Zone snapshot.
//
//   1. sort the owner names canonically, 2. make them the nodes, one per name, with the empty
//   non-terminals, 3. bucket the records by node and type, 4. merge duplicates and clamp TTLs,
//   the rdata left where add() put it, 5. set node flags in one preorder walk, 6. check the
//   apex, 7. build the hash index from the hashes add() computed.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "zone/builder_impl.h"
#include "zone/name_hash.h"
#include "zone/zone.h"
#include "zone/zone_impl.h"

namespace canon {

using zone_internal::BigVector;
using zone_internal::BRec;
using zone_internal::kNoName;
using zone_internal::Node;

namespace {

uint16_t read_u16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}

// Records grouped by node, each node's records ordered by type (stable: input order kept).
// The types sit beside the indices so that grouping and splitting into RRsets never read the
// BRecs, which lie in file order: in canonical order every read of one misses the cache.
struct Grouped {
  BigVector<uint32_t> start;  // node i's records are keys[start[i] .. start[i+1])
  // (type << 32) | index into the builder's BRecs. Used as sorted, not split into two arrays
  // (a copy of 6 MiB of fresh pages on a million records).
  BigVector<uint64_t> keys;
};

uint32_t rec_of(uint64_t key) {
  return static_cast<uint32_t>(key);
}
uint16_t type_of(uint64_t key) {
  return static_cast<uint16_t>(key >> 32);
}

// rank[id]: the node of the builder's name entry `id`.
Grouped group_by_node(const BigVector<BRec>& recs, const BigVector<uint32_t>& rank, size_t nodes) {
  Grouped g;
  // Counted one place up, so that the fill below, moving each node's begin to its end, leaves
  // start[k] as node k's begin: no second array of fill positions.
  g.start.assign(nodes + 2, 0);
  for (const BRec& r : recs) ++g.start[rank[r.name] + 2];
  for (size_t i = 1; i < g.start.size(); ++i) g.start[i] += g.start[i - 1];
  // (type << 32) | index: ordering these orders by type, input order kept within a type.
  BigVector<uint64_t>& keys = g.keys;
  keys.resize(recs.size());
  for (uint32_t i = 0; i < recs.size(); ++i)
    keys[g.start[rank[recs[i].name] + 1]++] = (uint64_t{recs[i].type} << 32) | i;
  g.start.pop_back();
  for (size_t n = 0; n + 1 < g.start.size(); ++n) {
    auto first = keys.begin() + g.start[n], last = keys.begin() + g.start[n + 1];
    if (last - first <= 1) continue;
    // Most nodes hold a few records: an insertion sort there.
    if (last - first > 16) {
      std::sort(first, last);
      continue;
    }
    for (auto i = first + 1; i != last; ++i) {
      uint64_t v = *i;
      auto j = i;
      for (; j != first && v < *(j - 1); --j) *j = *(j - 1);
      *j = v;
    }
  }
  return g;
}

// Calls fn(node, at, run) for each run of records of one type at one node; `at` is the run's
// position in g.keys.
template <typename Fn>
void for_each_rrset(const Grouped& g, Fn&& fn) {
  for (uint32_t n = 0; n + 1 < g.start.size(); ++n) {
    for (uint32_t i = g.start[n], end = g.start[n + 1]; i < end;) {
      uint32_t j = i + 1;
      while (j < end && type_of(g.keys[j]) == type_of(g.keys[i])) ++j;
      fn(n, i, std::span<const uint64_t>(g.keys.data() + i, j - i));
      i = j;
    }
  }
}

bool same_rdata(const uint8_t* rdata, const BRec& a, const BRec& b) {
  uint16_t la = read_u16(&rdata[a.rdata_at]);
  return la == read_u16(&rdata[b.rdata_at]) &&
         std::memcmp(&rdata[a.rdata_at], &rdata[b.rdata_at], 2 + la) == 0;
}

// RFC 2181 §5: identical records in an RRset count once. Marks all but the first of each.
void mark_duplicates(std::span<const uint64_t> run, BigVector<BRec>& recs, const uint8_t* rdata) {
  if (run.size() <= 24) {
    for (size_t i = 1; i < run.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        BRec& ri = recs[rec_of(run[i])];
        const BRec& rj = recs[rec_of(run[j])];
        if (rj.name != kNoName && same_rdata(rdata, ri, rj)) {
          ri.name = kNoName;
          break;
        }
      }
    }
    return;
  }
  std::vector<uint32_t> s(run.size());
  std::transform(run.begin(), run.end(), s.begin(), rec_of);
  auto less = [&](uint32_t a, uint32_t b) {
    const uint8_t* pa = &rdata[recs[a].rdata_at];
    const uint8_t* pb = &rdata[recs[b].rdata_at];
    uint16_t la = read_u16(pa), lb = read_u16(pb);
    if (la != lb) return la < lb;
    int c = std::memcmp(pa + 2, pb + 2, la);
    return c != 0 ? c < 0 : a < b;
  };
  std::sort(s.begin(), s.end(), less);
  for (size_t i = 1; i < s.size(); ++i) {
    if (same_rdata(rdata, recs[s[i]], recs[s[i - 1]])) recs[s[i]].name = kNoName;
  }
}

// Whether a run's records were added one right after another (their BRecs are consecutive,
// so their rdata is too, each add() appending to the arena) and none is a duplicate: the run's
// rdata can then stay where add() put it.
bool in_place(std::span<const uint64_t> run, const BigVector<BRec>& recs) {
  for (size_t k = 0; k < run.size(); ++k) {
    if (k > 0 && rec_of(run[k]) != rec_of(run[k - 1]) + 1) return false;
    if (recs[rec_of(run[k])].name == kNoName) return false;
  }
  return true;
}

// The live rdata of `z` copied into a fresh arena in RRset order, when the in-place pass left
// too many dead octets behind (scattered RRsets, duplicates).
void compact_rdata(Zone::Impl& z, size_t live) {
  zone_internal::OctetBuffer out;
  out.reserve(live);
  for (RRsetRef& rs : z.rrsets) {
    size_t at = rs.rdata_at, end = at;
    for (uint16_t i = 0; i < rs.count; ++i) end += 2 + read_u16(z.rdata.data() + end);
    rs.rdata_at = static_cast<uint32_t>(out.size());
    out.append(z.rdata.data() + at, end - at);
  }
  z.rdata = std::move(out);
}

}  // namespace

// Passes 3 and 4: fills z.rrsets, z.lines, z.rdata and each node's rrset_begin. The Zone takes
// the builder's rdata arena as it is: an RRset whose records were written together in the file
// (the usual case) points at them there, and only the others (an RRset written in pieces, or
// one with duplicates) are copied, whole, to the arena's end. A second arena in canonical order
// cost a copy of all the rdata into fresh pages, read in random order.
static Status emit_rrsets(ZoneBuilder::Impl& b, Zone::Impl& z, const BigVector<uint32_t>& rank) {
  Grouped g = group_by_node(b.recs, rank, z.nodes.size() - 1);
  size_t sets = 0;
  for_each_rrset(g, [&](uint32_t, uint32_t, std::span<const uint64_t>) { ++sets; });
  z.rrsets.reserve(sets);
  z.lines.reserve(sets);
  z.cols.reserve(sets);
  z.rdata = std::move(b.rdata);
  size_t dead = 0;  // octets of z.rdata no RRset points at
  Status st;
  uint32_t node_done = 0;
  // One pass in canonical order, reading the BRecs at random: prefetched some records ahead,
  // and the rdata of records in RRsets of more than one (compared for duplicates) too.
  constexpr uint32_t kAhead = 32;
  const auto total = static_cast<uint32_t>(g.keys.size());
  for_each_rrset(g, [&](uint32_t n, uint32_t at, std::span<const uint64_t> run) {
    for (uint32_t k = at; k < at + run.size(); ++k) {
      if (k + 2 * kAhead < total) __builtin_prefetch(&b.recs[rec_of(g.keys[k + 2 * kAhead])]);
      uint32_t f = k + kAhead;
      if (f + 1 < total && (type_of(g.keys[f + 1]) == type_of(g.keys[f]) ||
                            type_of(g.keys[f - 1]) == type_of(g.keys[f])))
        __builtin_prefetch(z.rdata.data() + b.recs[rec_of(g.keys[f])].rdata_at);
    }
    if (run.size() > 1) mark_duplicates(run, b.recs, z.rdata.data());
    while (node_done <= n)
      z.nodes[node_done++].rrset_begin = static_cast<uint32_t>(z.rrsets.size());
    const BRec& first = b.recs[rec_of(run[0])];
    RRsetRef rs{static_cast<RRType>(first.type), 0, first.ttl, first.rdata_at};
    bool keep = run.size() == 1 || in_place(run, b.recs);
    if (!keep) rs.rdata_at = static_cast<uint32_t>(z.rdata.size());
    for (uint64_t key : run) {
      const BRec& rec = b.recs[rec_of(key)];
      if (!keep) {
        size_t len = 2 + read_u16(z.rdata.data() + rec.rdata_at);
        dead += len;
        if (rec.name == kNoName) continue;
        z.rdata.append_within(rec.rdata_at, len);
      }
      if (rec.ttl != rs.ttl) {
        uint32_t low = std::min(rec.ttl, rs.ttl);
        b.diags.push_back(b.diag(rec.line,
                                 fmt::format("TTL {} differs from TTL {} in the same RRset; "
                                             "using {} (RFC 2181 §5.2)",
                                             rec.ttl, rs.ttl, low),
                                 true, rec.col));
        rs.ttl = low;
      }
      ++rs.count;
      if (rs.count == 0xffff && st.ok()) {
        b.diags.push_back(b.diag(rec.line, "RRset has more than 65534 records", false));
        st = Error("RRset has more than 65534 records");
      }
    }
    z.rrsets.push_back(rs);
    z.lines.push_back(first.line);
    z.cols.push_back(first.col);
    z.records += rs.count;
  });
  while (node_done < z.nodes.size()) {
    z.nodes[node_done++].rrset_begin = static_cast<uint32_t>(z.rrsets.size());
  }
  // Dead octets are Zone memory for its lifetime: past an eighth of the arena, copy out.
  if (dead > z.rdata.size() / 8) {
    compact_rdata(z, z.rdata.size() - dead);
  } else {
    z.rdata.shrink_to_fit();
  }
  return st;
}

// ALIAS targets, parsed once here rather than per query (Zone::alias_target).
static void parse_alias_targets(Zone::Impl& z) {
  for (uint32_t i = 0; i < z.rrsets.size(); ++i) {
    const RRsetRef& rs = z.rrsets[i];
    if (rs.type != RRType::ALIAS || rs.count == 0) continue;
    const uint8_t* p = z.rdata.data() + rs.rdata_at;
    auto target = Name::from_wire({p + 2, read_u16(p)});
    if (!target) continue;
    z.alias_sets.push_back(i);
    z.alias_targets.push_back(*target);
  }
}

// Pass 5: flags and subtree ends, from one walk in canonical order (a preorder of the tree).
// wild[i]: node i is a wildcard (its first label is `*`), noted before the names were sorted:
// reading each node's name here, in canonical order, missed the cache on nearly every one.
static void set_flags(Zone::Impl& z, const BigVector<uint8_t>& wild) {
  std::vector<uint32_t> stack;
  size_t n = z.nodes.size() - 1;
  for (uint32_t i = 0; i < n; ++i) {
    Node& nd = z.nodes[i];
    while (!stack.empty() && z.nodes[stack.back()].labels >= nd.labels) {
      z.nodes[stack.back()].subtree_end = i;
      stack.pop_back();
    }
    uint16_t f = i == 0 ? kNodeApex : 0;
    for (uint32_t r = nd.rrset_begin; r < z.nodes[i + 1].rrset_begin; ++r) {
      RRType t = z.rrsets[r].type;
      if (t == RRType::NS && i != 0) f |= kNodeDelegation;
      if (t == RRType::CNAME) f |= kNodeHasCname;
      if (t == RRType::DNAME) f |= kNodeHasDname;
      if (t == RRType::ALIAS) f |= kNodeHasAlias;
    }
    if (nd.rrset_begin == z.nodes[i + 1].rrset_begin) f |= kNodeEmptyNonTerminal;
    if (!stack.empty()) {
      Node& parent = z.nodes[stack.back()];
      if (parent.flags & (kNodeDelegation | kNodeBelowCut)) f |= kNodeBelowCut;
      if (parent.flags & (kNodeHasDname | kNodeBelowDname)) f |= kNodeBelowDname;
      if (wild[i]) parent.flags |= kNodeWildcardChild;
    }
    nd.flags |= f;
    stack.push_back(i);
  }
  for (uint32_t s : stack) z.nodes[s].subtree_end = static_cast<uint32_t>(n);
  z.nodes[n] = Node{0, 0, 0, 0, z.nodes[n].rrset_begin, static_cast<uint32_t>(n)};
}

// Pass 6: RFC 1035 §5.2 — exactly one SOA, at the top of the zone.
static Status check_apex(ZoneBuilder::Impl& b, const Zone::Impl& z) {
  const RRsetRef* soa = nullptr;
  for (uint32_t r = z.nodes[0].rrset_begin; r < z.nodes[1].rrset_begin; ++r) {
    if (z.rrsets[r].type == RRType::SOA) soa = &z.rrsets[r];
  }
  std::string msg;
  uint32_t line = 0;
  if (!soa) {
    msg = fmt::format("no SOA record at the zone apex {}", b.origin.to_string());
  } else if (soa->count > 1) {
    msg = fmt::format("{} SOA records at the zone apex {}; there must be one", soa->count,
                      b.origin.to_string());
    line = z.lines[soa - z.rrsets.data()];
  }
  if (msg.empty()) return {};
  b.diags.push_back(b.diag(line, msg, false));
  return Error(msg);
}

// Pass 7: the name → node hash index, at most 2/3 full. `hash[i]` is node i's name_hash(),
// computed once when its owner was interned.
static void build_index(Zone::Impl& z, const BigVector<uint64_t>& hash) {
  using namespace zone_internal;
  size_t n = z.nodes.size() - 1;
  size_t cap = 16;
  while (cap < n + n / 2) cap <<= 1;
  z.index = zone_internal::SlotTable(cap);  // zeroed by the kernel, not written over
  z.index_mask = cap - 1;
  // A million-node table is far bigger than the cache and each insert lands at random: the
  // slot kAhead nodes on is prefetched meanwhile.
  constexpr uint32_t kAhead = 16;
  for (uint32_t i = 0; i < std::min<size_t>(kAhead, n); ++i) {
    __builtin_prefetch(&z.index[hash[i] & z.index_mask], 1);
  }
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t h = hash[i];
    if (i + kAhead < n) __builtin_prefetch(&z.index[hash[i + kAhead] & z.index_mask], 1);
    uint64_t s = h & z.index_mask;
    while (z.index[s] != 0) s = (s + 1) & z.index_mask;
    z.index[s] = ((h >> 32) << 32) | (i + 1);
  }
}

namespace {

// What pass 2 gives the later passes: for each builder entry its node, and for each node its
// name_hash() and whether its first label is `*`.
struct NodeInfo {
  BigVector<uint32_t> rank;
  BigVector<uint64_t> hash;
  BigVector<uint8_t> wild;
};

// The key of an ancestor of `labels` labels above the origin: up to its last label's closing
// 0x00 (escaping never writes 0x00 inside a label).
uint16_t key_prefix(const uint8_t* key, uint16_t len, size_t labels) {
  size_t at = 0;
  for (; labels > 0; --labels) {
    auto* z = static_cast<const uint8_t*>(std::memchr(key + at, 0, len - at));
    at = static_cast<size_t>(z - key) + 1;
  }
  return static_cast<uint16_t>(at);
}

}  // namespace

// Passes 1 and 2: the owners, sorted canonically (RFC 4034 §6.1), become the nodes. Entries of
// one name (an owner that came back after others) lie next to each other: one node, named in the
// case first written. An ancestor that no owner names (an empty non-terminal, RFC 4592 §2.2.2)
// is a node placed right before its first descendant: each name's nearest existing ancestor is
// on the chain of the last node's ancestors, the one whose key is a prefix of the name's. The
// nodes' names are the owners' octets where add() put them (an empty non-terminal's, a suffix of
// its descendant's), compacted only when repeated owners left over an eighth of them unused.
static NodeInfo make_nodes(ZoneBuilder::Impl& b, Zone::Impl& z) {
  using zone_internal::NameEntry;
  const size_t ol = b.origin.label_count();
  zone_internal::SortedNames s =
      zone_internal::canonical_sort_keys({b.names.data(), b.names.size()}, b.entries, ol);
  const size_t n = s.size();
  NodeInfo out;
  out.rank.resize(n);
  out.hash.reserve(n);
  out.wild.reserve(n);
  // A node per distinct owner, the sentinel, and room for a few empty non-terminals: the
  // rest regrows, and is shrunk below.
  z.nodes.reserve(n + 1 + n / 256 + 16);
  // Until emit_rrsets() sets it, a node's rrset_begin holds the entry that names it (kNoName
  // for an empty non-terminal), so that the first written of equal owners names the node.
  struct Open {
    uint32_t node;
    const uint8_t* key;
    uint16_t len;
  };
  std::vector<Open> chain;  // the last node and its ancestors, the apex first
  size_t dead = 0;          // octets of b.names that no node names
  // Canonical order reads the keys and entries at random: prefetched some names ahead.
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      __builtin_prefetch(s.key(i + kAhead));
      __builtin_prefetch(&b.entries[s.id(i + kAhead)]);
      __builtin_prefetch(&b.hashes[s.id(i + kAhead)]);
    }
    uint32_t id = s.id(i);
    const NameEntry& e = b.entries[id];
    const uint8_t* key = s.key(i);
    uint16_t klen = s.key_len(i);
    if (!chain.empty() && chain.back().len == klen &&
        std::memcmp(chain.back().key, key, klen) == 0) {
      uint32_t node = chain.back().node;
      out.rank[id] = node;
      dead += e.len;
      Node& nd = z.nodes[node];
      if (nd.rrset_begin == kNoName || id < nd.rrset_begin) {
        nd.name_at = e.at;  // equal names, equal lengths
        nd.rrset_begin = id;
      }
      continue;
    }
    while (!chain.empty() && (chain.back().len >= klen ||
                              std::memcmp(chain.back().key, key, chain.back().len) != 0)) {
      chain.pop_back();
    }
    size_t above = chain.empty() ? e.labels - 1 : z.nodes[chain.back().node].labels;
    if (e.labels > above + 1) {
      // The missing ancestors, the highest first: suffixes of this name.
      const uint8_t* w = b.names.data() + e.at;
      size_t off = 0;
      uint32_t offs[Name::kMaxLabels];
      for (size_t l = 0; l < e.labels; ++l, off += w[off] + 1u)
        offs[l] = static_cast<uint32_t>(off);
      for (size_t labels = above + 1; labels < e.labels; ++labels) {
        size_t at = offs[e.labels - labels];
        auto node = static_cast<uint32_t>(z.nodes.size());
        z.nodes.push_back(Node{static_cast<uint32_t>(e.at + at), static_cast<uint8_t>(e.len - at),
                               static_cast<uint8_t>(labels), 0, kNoName, 0});
        out.hash.push_back(zone_internal::name_hash(w + at, e.len - at));
        out.wild.push_back(w[at] == 1 && w[at + 1] == '*');
        chain.push_back({node, key, key_prefix(key, klen, labels - ol)});
      }
    }
    auto node = static_cast<uint32_t>(z.nodes.size());
    z.nodes.push_back(Node{e.at, e.len, e.labels, 0, id, 0});
    out.hash.push_back(b.hashes[id]);
    out.wild.push_back(e.wild);
    out.rank[id] = node;
    chain.push_back({node, key, klen});
  }
  z.nodes.push_back(Node{});  // the sentinel
  // Repeated owners, or empty non-terminals past the room reserved: Zone memory for good.
  if (z.nodes.capacity() - z.nodes.size() > z.nodes.size() / 64) z.nodes.shrink_to_fit();
  if (dead > b.names.size() / 8) {
    zone_internal::OctetBuffer names;
    names.reserve(b.names.size() - dead);
    for (size_t i = 0; i + 1 < z.nodes.size(); ++i) {
      Node& nd = z.nodes[i];
      uint32_t at = static_cast<uint32_t>(names.size());
      names.append(b.names.data() + nd.name_at, nd.name_len);
      nd.name_at = at;
    }
    b.names = std::move(names);
  }
  return out;
}

Result<std::shared_ptr<const Zone>> ZoneBuilder::build(std::vector<Diagnostic>* diagnostics) {
  Impl& b = *impl_;
  auto z = std::make_unique<Zone::Impl>();
  z->origin = b.origin;
  if (b.out_of_zone > 0) {
    b.diags.push_back(
        b.diag(0, fmt::format("{} out-of-zone records ignored", b.out_of_zone), true));
  }
  NodeInfo nodes = make_nodes(b, *z);
  // Not needed past here: freed before emit_rrsets() adds the Zone's arrays, where the load
  // peaks.
  decltype(b.hashes)().swap(b.hashes);
  decltype(b.entries)().swap(b.entries);
  Status st = emit_rrsets(b, *z, nodes.rank);
  decltype(nodes.rank)().swap(nodes.rank);
  parse_alias_targets(*z);
  decltype(b.recs)().swap(b.recs);
  b.rdata = zone_internal::OctetBuffer();
  b.names.shrink_to_fit();
  z->names = std::move(b.names);
  set_flags(*z, nodes.wild);
  if (st.ok()) st = check_apex(b, *z);
  if (diagnostics) {
    diagnostics->insert(diagnostics->end(), b.diags.begin(), b.diags.end());
  }
  if (!st.ok()) return st.error();
  build_index(*z, nodes.hash);
  return std::shared_ptr<const Zone>(std::make_shared<Zone>(std::move(z)));
}

}  // namespace canon
