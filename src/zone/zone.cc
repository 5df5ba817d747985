// Zone: the read side of a snapshot. find() is on the query hot path: it allocates nothing and
// touches one hash probe per ancestor tried plus one binary search over a subtree.
#include "zone/zone.h"

#include <algorithm>
#include <cstring>

#include "zone/name_hash.h"
#include "zone/zone_impl.h"

namespace canon {

using zone_internal::Node;

namespace {

// The label of `wire` (with `labels` labels) that sits `depth` labels below the root.
std::span<const uint8_t> label_at_depth(const uint8_t* wire, size_t labels, size_t depth) {
  size_t p = 0;
  for (size_t skip = labels - depth; skip > 0; --skip) p += wire[p] + 1;
  return {wire + p + 1, wire[p]};
}

// RFC 4034 §6.1 label order: octets folded to lower case, a shorter label first on a tie.
int compare_label(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t k = 0; k < n; ++k) {
    uint8_t x = ascii_lower(a[k]), y = ascii_lower(b[k]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

Zone::Zone(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Zone::~Zone() = default;

Zone::NodeId Zone::Impl::lookup(const uint8_t* wire, size_t size, uint64_t hash) const {
  uint64_t tag = hash >> 32;
  for (uint64_t slot = hash & index_mask;; slot = (slot + 1) & index_mask) {
    uint64_t e = index[slot];
    if (e == 0) return kNone;
    if ((e >> 32) != tag) continue;
    NodeId id = static_cast<NodeId>(e & 0xffffffffu) - 1;
    const Node& nd = nodes[id];
    if (nd.name_len == size && same_octets_nocase(names.data() + nd.name_at, wire, size)) return id;
  }
}

Zone::Find Zone::find(const Name& qname, uint64_t hash) const {
  using namespace zone_internal;
  const Impl& z = *impl_;
  Find f;
  if (!qname.is_subdomain_of(z.origin)) return f;
  const uint8_t* w = qname.wire().data();
  size_t size = qname.wire_size();
  size_t ql = qname.label_count(), ol = z.origin.label_count();

  // The exact name first, with the caller's hash: it usually settles it in one probe. Then
  // the ancestors from the longest down.
  size_t depth = ql;  // labels of the closest encloser
  NodeId id = z.lookup(w, size, hash);
  for (size_t k = ql - ol; id == kNone && k-- > 0;) {
    size_t at = qname.label_offset(ql - ol - k);
    id = z.lookup(w + at, size - at, name_hash(w + at, size - at));
    depth = ol + k;
  }
  if (id == kNone) return f;  // the apex is missing: cannot happen once built
  f.closest_encloser = id;
  if (depth == ql) {
    f.exact = f.closest_encloser;
    f.previous = f.exact == 0 ? kNone : f.exact - 1;
    return f;
  }
  // Below the closest encloser the nodes are sorted by their label at depth + 1; none equals
  // the query's label there (else that node would be a closer encloser).
  std::span<const uint8_t> want = qname.label(ql - depth - 1);
  NodeId lo = f.closest_encloser + 1, hi = z.nodes[f.closest_encloser].subtree_end;
  while (lo < hi) {
    NodeId mid = lo + (hi - lo) / 2;
    const Node& nd = z.nodes[mid];
    if (compare_label(label_at_depth(z.name_of(mid), nd.labels, depth + 1), want) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  f.previous = lo - 1;
  return f;
}

const Name& Zone::origin() const {
  return impl_->origin;
}
size_t Zone::node_count() const {
  return impl_->nodes.size() - 1;
}
size_t Zone::record_count() const {
  return impl_->records;
}

size_t Zone::memory_bytes() const {
  const Impl& z = *impl_;
  return sizeof(Zone) + sizeof(Impl) + z.names.capacity() + z.nodes.capacity() * sizeof(Node) +
         z.rrsets.capacity() * sizeof(RRsetRef) + z.lines.capacity() * sizeof(uint32_t) +
         z.cols.capacity() * sizeof(uint16_t) + z.alias_sets.capacity() * sizeof(uint32_t) +
         z.alias_targets.capacity() * sizeof(Name) + z.rdata.capacity() +
         z.index.size() * sizeof(uint64_t);
}

std::span<const uint8_t> Zone::owner_wire(NodeId n) const {
  return {impl_->name_of(n), impl_->nodes[n].name_len};
}

Name Zone::owner(NodeId n) const {
  return *Name::from_wire(owner_wire(n));
}

uint16_t Zone::flags(NodeId n) const {
  return impl_->nodes[n].flags;
}

std::span<const RRsetRef> Zone::rrsets(NodeId n) const {
  const auto& nodes = impl_->nodes;
  return {impl_->rrsets.data() + nodes[n].rrset_begin,
          nodes[n + 1].rrset_begin - nodes[n].rrset_begin};
}

const RRsetRef* Zone::rrset(NodeId n, RRType t) const {
  for (const RRsetRef& rs : rrsets(n)) {
    if (rs.type == t) return &rs;
  }
  return nullptr;
}

Zone::RdataRange Zone::rdatas(const RRsetRef& rs) const {
  return {impl_->rdata.data() + rs.rdata_at, rs.count};
}

Zone::NodeId Zone::wildcard_child(NodeId n) const {
  using namespace zone_internal;
  const Impl& z = *impl_;
  if (!(z.nodes[n].flags & kNodeWildcardChild)) return kNone;
  uint8_t buf[Name::kMaxWire];
  size_t len = z.nodes[n].name_len;
  buf[0] = 1;
  buf[1] = '*';
  std::memcpy(buf + 2, z.name_of(n), len);
  return z.lookup(buf, len + 2, name_hash(buf, len + 2));
}

uint32_t Zone::line_of(NodeId n, RRType t) const {
  const RRsetRef* rs = rrset(n, t);
  return rs ? impl_->lines[rs - impl_->rrsets.data()] : 0;
}

const Name* Zone::alias_target(const RRsetRef& rs) const {
  const Impl& z = *impl_;
  if (&rs < z.rrsets.data() || &rs >= z.rrsets.data() + z.rrsets.size()) return nullptr;
  auto at = static_cast<uint32_t>(&rs - z.rrsets.data());
  auto it = std::lower_bound(z.alias_sets.begin(), z.alias_sets.end(), at);
  if (it == z.alias_sets.end() || *it != at) return nullptr;
  return &z.alias_targets[it - z.alias_sets.begin()];
}

uint32_t Zone::col_of(NodeId n, RRType t) const {
  const RRsetRef* rs = rrset(n, t);
  return rs ? impl_->cols[rs - impl_->rrsets.data()] : 0;
}

std::span<const uint8_t> Zone::RdataRange::Iter::operator*() const {
  uint16_t len;
  std::memcpy(&len, p_, sizeof len);
  return {p_ + sizeof len, len};
}

Zone::RdataRange::Iter& Zone::RdataRange::Iter::operator++() {
  uint16_t len;
  std::memcpy(&len, p_, sizeof len);
  p_ += sizeof len + len;
  --left_;
  return *this;
}

}  // namespace canon
