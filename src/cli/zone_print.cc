// canon zone print [--origin ORIGIN] FILE [--json]: every record of a zone file, fully
// qualified, one per line, in canonical order (RFC 4034 §6.1), as `owner TTL class type rdata`.
//
//   $ canon zone print --origin example. db.example
//   example. 3600 IN SOA ns.example. admin.example. 1 7200 3600 1209600 300
//   www.example. 300 IN A 192.0.2.1
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/zone_cmds.h"
#include "wire/rdata.h"
#include "zonefile/file_io.h"
#include "zonefile/origin.h"
#include "zonefile/zonefile.h"

namespace canon::cli {
namespace {

struct PrintOpts {
  std::string origin;
  std::string file;
  bool json = false;
};

// One record, its owner and rdata kept in a shared arena so a large zone stays compact.
struct Row {
  uint32_t owner_at, rdata_at;
  uint16_t owner_len, rdata_len;
  RRType type;
  RRClass cls;
  uint32_t ttl;
  uint32_t line;
};

class Table {
 public:
  void add(const ParsedRecord& r) {
    auto ow = r.owner.wire();
    rows_.push_back({static_cast<uint32_t>(arena_.size()),
                     static_cast<uint32_t>(arena_.size() + ow.size()),
                     static_cast<uint16_t>(ow.size()), static_cast<uint16_t>(r.rdata.size()),
                     r.type, r.cls, r.ttl, r.line});
    arena_.insert(arena_.end(), ow.begin(), ow.end());
    arena_.insert(arena_.end(), r.rdata.begin(), r.rdata.end());
  }

  std::span<const uint8_t> owner(const Row& r) const { return {&arena_[r.owner_at], r.owner_len}; }
  std::span<const uint8_t> rdata(const Row& r) const {
    return {arena_.data() + r.rdata_at, r.rdata_len};
  }

  // Canonical order: owner (RFC 4034 §6.1), then type, then rdata as octets (§6.3). Exact
  // duplicates are dropped, as an RRset is a set (RFC 2181 §5).
  void sort_unique() {
    auto cmp = [this](const Row& a, const Row& b) {
      if (auto c = canonical_compare(owner(a), owner(b)); c != 0) return c < 0;
      if (a.type != b.type) return a.type < b.type;
      auto ra = rdata(a), rb = rdata(b);
      return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
    };
    std::stable_sort(rows_.begin(), rows_.end(), cmp);
    auto same = [this](const Row& a, const Row& b) {
      auto ra = rdata(a), rb = rdata(b);
      return canonical_compare(owner(a), owner(b)) == 0 && a.type == b.type &&
             std::equal(ra.begin(), ra.end(), rb.begin(), rb.end());
    };
    rows_.erase(std::unique(rows_.begin(), rows_.end(), same), rows_.end());
  }

  // Gives every record of an RRset the lowest TTL in it, as canond serves it (RFC 2181 §5.2),
  // and returns a warning for each RRset whose TTLs differed. Call after sort_unique().
  std::vector<std::string> unify_ttls(const std::string& file) {
    std::vector<std::string> warnings;
    for (size_t i = 0; i < rows_.size();) {
      size_t j = i + 1;
      uint32_t low = rows_[i].ttl, first_line = rows_[i].line;
      bool differ = false;
      for (; j < rows_.size() && rows_[j].type == rows_[i].type &&
             canonical_compare(owner(rows_[j]), owner(rows_[i])) == 0;
           ++j) {
        differ |= rows_[j].ttl != rows_[i].ttl;
        low = std::min(low, rows_[j].ttl);
        first_line = std::min(first_line, rows_[j].line);
      }
      if (differ) {
        warnings.push_back(
            file + ":" + std::to_string(first_line) + ":1: warning: TTLs differ in the " +
            Name::from_wire(owner(rows_[i]))->to_string() + " " + to_string(rows_[i].type) +
            " RRset; all get the lowest, " + std::to_string(low) + " (RFC 2181 §5.2)");
        for (size_t k = i; k < j; ++k) rows_[k].ttl = low;
      }
      i = j;
    }
    return warnings;
  }

  const std::vector<Row>& rows() const { return rows_; }

 private:
  std::vector<Row> rows_;
  std::vector<uint8_t> arena_;
};

void print_text(const Table& t) {
  std::string line;
  for (const Row& r : t.rows()) {
    line.clear();
    auto owner = Name::from_wire(t.owner(r));
    owner->append_text(line);
    line += ' ';
    line += std::to_string(r.ttl);
    line += ' ';
    line += to_string(r.cls);
    line += ' ';
    line += to_string(r.type);
    line += ' ';
    rdata_to_text(r.type, t.rdata(r), line);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
}

void print_json(const Table& t) {
  auto out = nlohmann::json::array();
  for (const Row& r : t.rows()) {
    out.push_back({{"owner", Name::from_wire(t.owner(r))->to_string()},
                   {"ttl", r.ttl},
                   {"class", to_string(r.cls)},
                   {"type", to_string(r.type)},
                   {"rdata", rdata_to_text(r.type, t.rdata(r))}});
  }
  std::string s = out.dump(1);
  s += '\n';
  std::fwrite(s.data(), 1, s.size(), stdout);
}

int run_print(const PrintOpts& o) {
  auto text = zonefile::read_file(o.file);
  if (!text) {
    std::fprintf(stderr, "canon: %s\n", text.error().message.c_str());
    return kExitUsage;
  }
  ParseOptions popt;
  if (!o.origin.empty()) {
    auto n = Name::parse(o.origin, &Name::root());
    if (!n) {
      std::fprintf(stderr, "canon: bad --origin: %s\n", n.error().message.c_str());
      return kExitUsage;
    }
    popt.origin = *n;
  } else if (auto n = find_origin(*text)) {
    popt.origin = *n;
  } else {
    std::fprintf(stderr,
                 "canon: %s has no $ORIGIN and no absolute SOA owner; give the zone's origin with "
                 "--origin\n",
                 o.file.c_str());
    return kExitUsage;
  }
  Table table;
  ParseSummary sum =
      parse_zone_text(*text, o.file, popt, [&](const ParsedRecord& r) { table.add(r); });
  for (const Diagnostic& d : sum.diagnostics) std::fprintf(stderr, "%s\n", d.to_string().c_str());
  if (!sum.ok()) return kExitErrors;
  table.sort_unique();
  auto warnings = table.unify_ttls(o.file);
  for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.c_str());
  if (o.json)
    print_json(table);
  else
    print_text(table);
  return sum.diagnostics.empty() && warnings.empty() ? kExitOk : kExitWarnings;
}

}  // namespace

void register_zone_print(CLI::App& parent, int& exit_code) {
  auto o = std::make_shared<PrintOpts>();
  auto* sub = parent.add_subcommand(
      "print", "Print every record of a zone file, fully qualified, in canonical order");
  sub->add_option("--origin", o->origin,
                  "The zone's origin (default: the file's first $ORIGIN, or its SOA owner)");
  sub->add_option("FILE", o->file, "The zone file")->required();
  sub->add_flag("--json", o->json, "Print a JSON array of {owner, ttl, class, type, rdata}");
  sub->callback([o, &exit_code] { exit_code = run_print(*o); });
}

}  // namespace canon::cli
