#include "lint/lint_zone.h"

#include <algorithm>

namespace canon::lint {

LintZone::LintZone(Name origin, std::string file, std::string view)
    : origin_(std::move(origin)), file_(std::move(file)), view_(std::move(view)) {}

Name NodeName::to_name() const {
  auto n = Name::from_wire(wire());
  return n ? *n : Name();
}

size_t NodeName::hash() const {
  // The same FNV-1a over lowercased octets as Name::hash().
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size_; ++i) {
    h ^= ascii_lower(wire_[i]);
    h *= 1099511628211ull;
  }
  return static_cast<size_t>(h);
}

bool NodeName::equals(std::span<const uint8_t> w) const {
  if (w.size() != size_) return false;
  for (size_t i = 0; i < size_; ++i) {
    if (ascii_lower(wire_[i]) != ascii_lower(w[i])) return false;
  }
  return true;
}

bool NodeName::suffix_is(std::span<const uint8_t> w, size_t labels) const {
  if (labels > labels_) return false;
  size_t from = 0;
  for (size_t skip = labels_ - labels; skip > 0; --skip) from += wire_[from] + 1;
  if (size_ - from != w.size()) return false;
  for (size_t k = 0; k < w.size(); ++k) {
    if (ascii_lower(wire_[from + k]) != ascii_lower(w[k])) return false;
  }
  return true;
}

std::strong_ordering NodeName::operator<=>(const Name& o) const {
  return canonical_compare(wire(), o.wire());
}

std::strong_ordering NodeName::operator<=>(const NodeName& o) const {
  return canonical_compare(wire(), o.wire());
}

uint32_t LintZone::intern_file(std::string_view f) {
  // Zones come from few files ($INCLUDE aside), so the last one is almost always the match.
  for (size_t i = files_.size(); i-- > 0;) {
    if (files_[i] == f) return static_cast<uint32_t>(i);
  }
  files_.emplace_back(f);
  return static_cast<uint32_t>(files_.size() - 1);
}

void LintZone::add(const ParsedRecord& r) {
  add(r.owner, r.type, r.ttl, r.rdata, r.file, r.line, r.col);
}

void LintZone::add(const Name& owner, RRType type, uint32_t ttl, std::span<const uint8_t> rdata,
                   std::string_view file, uint32_t line, uint32_t col) {
  uint32_t f = intern_file(file.empty() ? std::string_view(file_) : file);
  if (!owner.is_subdomain_of(origin_)) {
    out_of_zone_.push_back({owner, type, f, line, col});
    return;
  }
  LintRecord rec{type,
                 static_cast<uint16_t>(std::min<uint32_t>(col, 0xffff)),
                 ttl,
                 line,
                 f,
                 static_cast<uint32_t>(arena_.size()),
                 static_cast<uint32_t>(rdata.size())};
  arena_.insert(arena_.end(), rdata.begin(), rdata.end());
  pending_.push_back({owner, rec, static_cast<uint32_t>(pending_.size())});
}

void LintZone::add_out_of_zone(const Name& owner, std::string_view file, uint32_t line,
                               uint32_t col) {
  out_of_zone_.push_back(
      {owner, std::nullopt, intern_file(file.empty() ? file_ : file), line, col});
}

void LintZone::finish() {
  std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    auto c = a.owner <=> b.owner;
    if (c != 0) return c < 0;
    if (a.rec.type != b.rec.type) return a.rec.type < b.rec.type;
    return a.seq < b.seq;
  });
  records_.clear();
  nodes_.clear();
  records_.reserve(pending_.size());
  auto names = std::make_shared<std::vector<uint8_t>>();
  std::vector<uint32_t> name_at;
  const Name* last = nullptr;
  for (const auto& p : pending_) {
    if (!last || !(*last == p.owner)) {
      last = &p.owner;
      name_at.push_back(static_cast<uint32_t>(names->size()));
      names->insert(names->end(), p.owner.wire().begin(), p.owner.wire().end());
      nodes_.push_back({{}, static_cast<uint32_t>(records_.size()), 0, 0});
    }
    records_.push_back(p.rec);
    nodes_.back().count++;
  }
  bind_names(std::move(names), name_at);
  pending_.clear();
  pending_.shrink_to_fit();
  set_flags();
}

// Points each node at its name in `names`, where name_at[i] is node i's first octet.
void LintZone::bind_names(std::shared_ptr<std::vector<uint8_t>> names,
                          const std::vector<uint32_t>& name_at) {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const uint8_t* w = names->data() + name_at[i];
    size_t size = 1, labels = 0;
    while (w[size - 1] != 0) size += w[size - 1] + 1, ++labels;
    nodes_[i].name = NodeName(w, static_cast<uint8_t>(size), static_cast<uint8_t>(labels));
  }
  node_names_ = std::move(names);
}

// Canonical order is a depth-first walk, so the data below a name follows it without a gap:
// one pass that remembers the active cut and DNAME sets every flag.
void LintZone::set_flags() {
  const NodeName* cut = nullptr;
  const NodeName* dname = nullptr;
  for (auto& n : nodes_) {
    if (cut && !n.name.is_subdomain_of(*cut)) cut = nullptr;
    if (dname && !n.name.is_subdomain_of(*dname)) dname = nullptr;
    if (n.name == origin_) n.flags |= kApex;
    if (cut) n.flags |= kBelowCut;
    if (dname) n.flags |= kBelowDname;
    if (!n.authoritative()) continue;
    if (!(n.flags & kApex) && has(n, RRType::NS)) {
      n.flags |= kCut;
      cut = &n.name;
      continue;  // a DNAME at a cut is not authoritative: the delegation wins
    }
    if (has(n, RRType::DNAME)) dname = &n.name;
  }
  build_index();
}

// Names equal in any case hash equal (Name::hash folds case), as Name::operator== compares.
void LintZone::build_index() {
  size_t cap = 16;
  while (cap < nodes_.size() * 2) cap <<= 1;
  index_.assign(cap, 0);
  // A million-node table is far bigger than the cache and each insert lands at random: the
  // hashes are computed kAhead nodes early so that their slots can be prefetched meanwhile.
  constexpr size_t kAhead = 16;
  size_t ring[kAhead];
  size_t n = nodes_.size(), mask = cap - 1;
  for (size_t i = 0; i < std::min(kAhead, n); ++i) {
    ring[i] = nodes_[i].name.hash() & mask;
    __builtin_prefetch(&index_[ring[i]], 1);
  }
  for (size_t i = 0; i < n; ++i) {
    size_t s = ring[i % kAhead];
    if (i + kAhead < n) {
      ring[i % kAhead] = nodes_[i + kAhead].name.hash() & mask;
      __builtin_prefetch(&index_[ring[i % kAhead]], 1);
    }
    while (index_[s] != 0) s = (s + 1) & mask;
    index_[s] = static_cast<uint32_t>(i + 1);
  }
}

std::span<const LintRecord> LintZone::rrset(const LintNode& n, RRType t) const {
  auto all = records(n);
  // Most nodes hold a record or two: a scan beats the binary search's branches there.
  if (all.size() <= 4) {
    size_t lo = 0;
    while (lo < all.size() && all[lo].type < t) ++lo;
    size_t hi = lo;
    while (hi < all.size() && all[hi].type == t) ++hi;
    return all.subspan(lo, hi - lo);
  }
  auto lo = std::lower_bound(all.begin(), all.end(), t,
                             [](const LintRecord& r, RRType v) { return r.type < v; });
  auto hi = lo;
  while (hi != all.end() && hi->type == t) ++hi;
  return {lo, hi};
}

const LintNode* LintZone::find(const Name& name) const {
  if (index_.empty()) return nullptr;
  size_t mask = index_.size() - 1;
  for (size_t s = name.hash() & mask; index_[s] != 0; s = (s + 1) & mask) {
    const LintNode& n = nodes_[index_[s] - 1];
    if (n.name == name) return &n;
  }
  return nullptr;
}

bool LintZone::exists(const Name& name) const {
  auto it = std::lower_bound(nodes_.begin(), nodes_.end(), name,
                             [](const LintNode& n, const Name& v) { return (n.name <=> v) < 0; });
  return it != nodes_.end() && it->name.is_subdomain_of(name);
}

// The snapshot's nodes are already in canonical order and its RRsets merged, so nodes and
// records are filled directly: one Name per node rather than one per record, which matters
// for the large zones canond loads.
LintZone LintZone::from_snapshot(const Zone& zone, std::string file) {
  LintZone z(zone.origin(), file);
  z.files_.push_back(std::move(file));
  z.nodes_.reserve(zone.node_count());
  z.records_.reserve(zone.record_count());
  auto names = std::make_shared<std::vector<uint8_t>>();
  std::vector<uint32_t> name_at;
  name_at.reserve(zone.node_count());
  for (Zone::NodeId n = 0; n < zone.node_count(); ++n) {
    auto sets = zone.rrsets(n);
    if (sets.empty()) continue;  // an empty non-terminal: exists() finds it from below
    auto owner = zone.owner_wire(n);
    name_at.push_back(static_cast<uint32_t>(names->size()));
    names->insert(names->end(), owner.begin(), owner.end());
    LintNode node{{}, static_cast<uint32_t>(z.records_.size()), 0, 0};
    for (const RRsetRef& rs : sets) {
      uint32_t line = zone.line_of(n, rs.type);
      auto col = static_cast<uint16_t>(zone.col_of(n, rs.type));
      for (auto rd : zone.rdatas(rs)) {
        z.records_.push_back({rs.type, col, rs.ttl, line, 0, static_cast<uint32_t>(z.arena_.size()),
                              static_cast<uint32_t>(rd.size())});
        z.arena_.insert(z.arena_.end(), rd.begin(), rd.end());
        node.count++;
      }
    }
    // The snapshot keeps a node's RRsets in type order already; sorting is then a no-op.
    auto first = z.records_.begin() + node.first;
    auto by_type = [](const LintRecord& a, const LintRecord& b) { return a.type < b.type; };
    if (!std::is_sorted(first, z.records_.end(), by_type))
      std::stable_sort(first, z.records_.end(), by_type);
    z.nodes_.push_back(node);
  }
  z.bind_names(std::move(names), name_at);
  z.set_flags();
  return z;
}

namespace {

// The parser drops out-of-zone records itself and says so with a warning ("ignoring out-of-zone
// data 'OWNER' (not under ...)"); lint turns those into out-of-zone findings rather than
// reporting them twice, once as syntax.
void take_diagnostics(LintZone& z, std::vector<Diagnostic> diags) {
  constexpr std::string_view kPrefix = "ignoring out-of-zone data '";
  for (auto& d : diags) {
    if (d.warning && d.message.starts_with(kPrefix)) {
      auto end = d.message.find("' (", kPrefix.size());
      auto owner = end == std::string::npos
                       ? Result<Name>(Error("unquoted"))
                       : Name::parse(d.message.substr(kPrefix.size(), end - kPrefix.size()));
      if (owner) {
        z.add_out_of_zone(*owner, d.file, d.line, d.col);
        continue;
      }
    }
    z.diagnostics.push_back(std::move(d));
  }
}

}  // namespace

LintZone load_lint_zone(const std::string& path, const Name& origin, std::string view) {
  LintZone z(origin, path, std::move(view));
  ParseOptions opt{.origin = origin};
  ParseSummary s = parse_zone_file(path, opt, [&](const ParsedRecord& r) { z.add(r); });
  take_diagnostics(z, std::move(s.diagnostics));
  z.finish();
  return z;
}

LintZone load_lint_zone_text(std::string_view text, std::string_view file, const Name& origin) {
  LintZone z(origin, std::string(file));
  ParseOptions opt{.origin = origin};
  ParseSummary s = parse_zone_text(text, file, opt, [&](const ParsedRecord& r) { z.add(r); });
  take_diagnostics(z, std::move(s.diagnostics));
  z.finish();
  return z;
}

}  // namespace canon::lint
