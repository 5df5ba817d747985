// LintZone: lint's own view of one zone, kept record by record as the parser streamed them.
// Unlike the served Zone snapshot it keeps duplicates, every TTL as written and the file and
// line of every record, and it can hold zones a server would refuse (no SOA, CNAME beside
// other data), which are exactly the zones lint must explain.
//
//   LintZone z(*Name::parse("example.com."), "db.example");
//   parse_zone_file("db.example", opt, [&](const ParsedRecord& r) { z.add(r); });
//   z.finish();
//   if (auto n = z.find(*Name::parse("www.example.com."))) ...
//
// Nodes are kept in canonical order (RFC 4034 §6.1) so that "does this name exist, perhaps as
// an empty non-terminal" is one binary search.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/rrtype.h"
#include "zone/zone.h"
#include "zonefile/zonefile.h"

namespace canon::lint {

struct LintRecord {
  RRType type;
  uint16_t col;  // where the record starts on its line (0: unknown)
  uint32_t ttl;
  uint32_t line;
  uint32_t file;  // index into LintZone::files()
  uint32_t rdata_at;
  uint32_t rdata_len;
};

enum LintNodeFlag : uint16_t {
  kApex = 1 << 0,
  kCut = 1 << 1,         // NS at a name other than the apex, itself authoritative
  kBelowCut = 1 << 2,    // glue or occluded data below a cut
  kBelowDname = 1 << 3,  // occluded by an authoritative DNAME above (RFC 6672 §2.4)
};

// A node's owner as a view of wire octets held by its LintZone: 16 octets where a Name takes
// 384, which kept canond's strict load of a million-name zone busy clearing fresh pages. It
// answers what the checks ask of a node's name, and converts to a Name where one is needed.
class NodeName {
 public:
  NodeName() = default;
  NodeName(const uint8_t* wire, uint8_t size, uint8_t labels)
      : wire_(wire), size_(size), labels_(labels) {}

  std::span<const uint8_t> wire() const { return {wire_, size_}; }
  size_t wire_size() const { return size_; }
  size_t label_count() const { return labels_; }
  Name to_name() const;
  operator Name() const { return to_name(); }  // NOLINT: checks pass node names as Names

  std::string to_string() const { return to_name().to_string(); }
  Name lowered() const { return to_name().lowered(); }
  Result<Name> prepend(std::string_view label) const { return to_name().prepend(label); }
  bool is_wildcard() const { return labels_ > 0 && wire_[0] == 1 && wire_[1] == '*'; }
  bool is_subdomain_of(const Name& o) const { return suffix_is(o.wire(), o.label_count()); }
  bool is_subdomain_of(const NodeName& o) const { return suffix_is(o.wire(), o.labels_); }
  // Equal to Name::hash() of the same name, so that either finds the other in an index.
  size_t hash() const;

  bool operator==(const Name& o) const { return equals(o.wire()); }
  bool operator==(const NodeName& o) const { return equals(o.wire()); }
  std::strong_ordering operator<=>(const Name& o) const;
  std::strong_ordering operator<=>(const NodeName& o) const;

 private:
  bool equals(std::span<const uint8_t> w) const;
  bool suffix_is(std::span<const uint8_t> w, size_t labels) const;

  const uint8_t* wire_ = nullptr;
  uint8_t size_ = 0;
  uint8_t labels_ = 0;
};

struct LintNode {
  NodeName name;
  uint32_t first = 0;  // first record, in LintZone::records(); records are grouped by type
  uint32_t count = 0;
  uint16_t flags = 0;
  bool authoritative() const { return (flags & (kBelowCut | kBelowDname)) == 0; }
};

// A record whose owner lies outside the origin; kept only to be reported. The type is unknown
// when the parser dropped the record and only its warning says so.
struct OutOfZoneRecord {
  Name owner;
  std::optional<RRType> type;
  uint32_t file;
  uint32_t line;
  uint32_t col = 0;
};

class LintZone {
 public:
  LintZone(Name origin, std::string file, std::string view = {});

  // Adds one record as streamed by the parser. Call finish() once after the last one.
  void add(const ParsedRecord& r);
  void add(const Name& owner, RRType type, uint32_t ttl, std::span<const uint8_t> rdata,
           std::string_view file, uint32_t line, uint32_t col = 0);
  // A record the parser dropped as out of zone, known only by its owner and place.
  void add_out_of_zone(const Name& owner, std::string_view file, uint32_t line, uint32_t col = 0);
  // Sorts the records into nodes and sets the node flags.
  void finish();

  const Name& origin() const { return origin_; }
  const std::string& file() const { return file_; }  // the zone's main file
  const std::string& view() const { return view_; }
  const std::vector<std::string>& files() const { return files_; }
  const std::vector<LintNode>& nodes() const { return nodes_; }
  std::span<const LintRecord> records(const LintNode& n) const {
    return {records_.data() + n.first, n.count};
  }
  std::span<const uint8_t> rdata(const LintRecord& r) const {
    return {arena_.data() + r.rdata_at, r.rdata_len};
  }
  // The records of one type at a node (contiguous, in file order).
  std::span<const LintRecord> rrset(const LintNode& n, RRType t) const;
  bool has(const LintNode& n, RRType t) const { return !rrset(n, t).empty(); }
  bool has_address(const LintNode& n) const { return has(n, RRType::A) || has(n, RRType::AAAA); }
  const std::vector<OutOfZoneRecord>& out_of_zone() const { return out_of_zone_; }

  // The node named `name`, or nullptr (empty non-terminals have no node).
  const LintNode* find(const Name& name) const;
  // True when `name` owns records or has descendants that do (an empty non-terminal).
  bool exists(const Name& name) const;
  bool contains(const Name& name) const { return name.is_subdomain_of(origin_); }

  // A finished LintZone holding a served snapshot's data: one record per rdata, each with the
  // line and column of its RRset's first record. canond runs the strict checks on the zone it has
  // just built this way, instead of parsing the file a second time.
  static LintZone from_snapshot(const Zone& zone, std::string file);

  // Parse diagnostics, when the zone was read by load_lint_zone().
  std::vector<Diagnostic> diagnostics;

 private:
  struct Pending {
    Name owner;
    LintRecord rec;
    uint32_t seq;
  };
  uint32_t intern_file(std::string_view f);
  void bind_names(std::shared_ptr<std::vector<uint8_t>> names,
                  const std::vector<uint32_t>& name_at);
  void set_flags();
  void build_index();

  Name origin_;
  std::string file_;
  std::string view_;
  std::vector<std::string> files_;
  std::vector<Pending> pending_;
  std::vector<LintRecord> records_;
  std::vector<LintNode> nodes_;
  // The octets of every node's name. Shared, so that a copied LintZone's nodes stay valid; it
  // is never changed once the nodes point into it.
  std::shared_ptr<const std::vector<uint8_t>> node_names_;
  // Exact-name lookup for find(): open addressing over nodes_, node index + 1, 0 when empty.
  // The strict checks canond runs at load call find() for every suffix of every chain target,
  // and a binary search of a million-node zone made that most of the load time.
  std::vector<uint32_t> index_;
  std::vector<uint8_t> arena_;
  std::vector<OutOfZoneRecord> out_of_zone_;
};

// Parses `path` with `origin` into a finished LintZone. The parse diagnostics are kept in the
// zone; records the parser could not read are simply absent.
LintZone load_lint_zone(const std::string& path, const Name& origin, std::string view = {});
inline LintZone lint_zone_from_snapshot(const Zone& zone, std::string file) {
  return LintZone::from_snapshot(zone, std::move(file));
}
LintZone load_lint_zone_text(std::string_view text, std::string_view file, const Name& origin);

}  // namespace canon::lint
