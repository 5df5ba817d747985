// Round trip over Unbound's ldns record vectors (../shared/vectors/unbound/test_ldnsrr.N with
// check files .cN, see vectors/README.md): every record goes text → wire (equal to the check
// file's hex) → text (our printer) → wire (equal again). The check file's own text, as ldns
// printed it, must also parse to the same hex. Records of a type with no schema round-trip in
// RFC 3597 generic form from the check hex and are counted as skipped, by type name.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "wire/rdata.h"
#include "wire/rdata_codec.h"
#include "wire/rdata_schema.h"
#include "zonefile/zonefile.h"

namespace canon {
namespace {

const std::string kDir = std::string(CANON_SHARED_DIR) + "/vectors/unbound/";

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// One record of a check file: the whole record in uncompressed wire form, and ldns's text.
struct CheckRecord {
  std::vector<uint8_t> wire;
  std::string text;
};

// A record split from its wire form.
struct WireRecord {
  std::vector<uint8_t> owner;
  RRType type;
  uint16_t cls;
  uint32_t ttl;
  std::vector<uint8_t> rdata;
};

std::string hex(std::span<const uint8_t> d) {
  std::string s;
  hex_encode(d, s);
  return s;
}

std::vector<CheckRecord> read_check(const std::string& path) {
  std::vector<CheckRecord> out;
  std::istringstream in(read_all(path));
  std::string h, t;
  while (std::getline(in, h) && std::getline(in, t)) {
    CheckRecord r;
    hex_decode(h, r.wire);
    // ldns appends ";{id = N}" comments (and the like) to key and signature records.
    if (auto c = t.find(";{"); c != std::string::npos) t.erase(c);
    r.text = t;
    out.push_back(std::move(r));
  }
  return out;
}

bool split_wire(std::span<const uint8_t> w, WireRecord& r) {
  size_t used = 0;
  auto owner = Name::from_wire(w, &used);
  if (!owner || used + 10 > w.size()) return false;
  const uint8_t* p = w.data() + used;
  r.owner.assign(w.begin(), w.begin() + used);
  r.type = static_cast<RRType>(p[0] << 8 | p[1]);
  r.cls = static_cast<uint16_t>(p[2] << 8 | p[3]);
  r.ttl = static_cast<uint32_t>(p[4]) << 24 | p[5] << 16 | p[6] << 8 | p[7];
  size_t len = p[8] << 8 | p[9];
  if (used + 10 + len != w.size()) return false;
  r.rdata.assign(p + 10, p + 10 + len);
  return true;
}

std::vector<uint8_t> join_wire(const ParsedRecord& r) {
  std::vector<uint8_t> w(r.owner.wire().begin(), r.owner.wire().end());
  auto t = static_cast<uint16_t>(r.type);
  auto c = static_cast<uint16_t>(r.cls);
  uint8_t fixed[10] = {static_cast<uint8_t>(t >> 8),
                       static_cast<uint8_t>(t),
                       static_cast<uint8_t>(c >> 8),
                       static_cast<uint8_t>(c),
                       static_cast<uint8_t>(r.ttl >> 24),
                       static_cast<uint8_t>(r.ttl >> 16),
                       static_cast<uint8_t>(r.ttl >> 8),
                       static_cast<uint8_t>(r.ttl),
                       static_cast<uint8_t>(r.rdata.size() >> 8),
                       static_cast<uint8_t>(r.rdata.size())};
  w.insert(w.end(), fixed, fixed + 10);
  w.insert(w.end(), r.rdata.begin(), r.rdata.end());
  return w;
}

// Parses zone text and returns each record's whole wire form keyed by its first line.
struct Parsed {
  std::map<uint32_t, std::vector<std::vector<uint8_t>>> by_line;
  ParseSummary summary;
};

Parsed parse(const std::string& text, const std::string& name) {
  Parsed p;
  ParseOptions opt;
  opt.origin = Name::root();
  opt.default_ttl = 3600;
  opt.max_errors = 100000;
  opt.allow_include = false;
  p.summary = parse_zone_text(
      text, name, opt, [&](const ParsedRecord& r) { p.by_line[r.line].push_back(join_wire(r)); });
  return p;
}

// The line numbers (1-based) of the entries of a zone file: lines that are neither blank nor
// comments. The vector files write one record per line, so entry k matches check record k.
// `blank` tells which entries start with white space, that is have a blank owner.
std::vector<uint32_t> entry_lines(const std::string& text, std::vector<bool>& blank) {
  std::vector<uint32_t> lines;
  std::istringstream in(text);
  std::string l;
  for (uint32_t n = 1; std::getline(in, l); ++n) {
    size_t i = l.find_first_not_of(" \t\r");
    if (i != std::string::npos && l[i] != ';') {
      lines.push_back(n);
      blank.push_back(i > 0);
    }
  }
  return lines;
}

bool has_schema(RRType t) {
  const TypeInfo* info = find_type(t);
  return info && info->has_schema();
}

// Entries where ldns, which wrote the check files, and BIND disagree. Canon follows BIND
// (checked with named-compilezone 9.18): `bind_rdata` is the rdata BIND reads, or nullptr
// where BIND rejects the record.
struct Divergence {
  int file;
  size_t entry;  // 1-based, as in the failure messages
  const char* bind_rdata;
  const char* why;
};
constexpr Divergence kDivergences[] = {
    {4, 23, nullptr, "LOC '42N': BIND wants the hemisphere as a token of its own"},
    {5, 38, nullptr,
     "MX exchange written as a quoted string: BIND refuses it, ldns reads '\"foo.'"},
    {5, 87, "\"Test-String\" \"Test-String\"", "'\"' ends an unquoted token: two strings"},
    {5, 109, "foo.bar.com.", "NSAP-PTR holds a domain name (RFC 1706 §6); ldns stores a string"},
    {5, 110, "host.school.de.", "NSAP-PTR holds a domain name (RFC 1706 §6); ldns stores a string"},
};

const Divergence* divergence(int file, size_t entry) {
  for (const auto& d : kDivergences)
    if (d.file == file && d.entry == entry) return &d;
  return nullptr;
}

// Checks a record against a documented divergence; empty when it holds.
std::string check_divergence(const Divergence& d, const std::vector<std::vector<uint8_t>>* got) {
  if (!d.bind_rdata) return got ? "parsed, but BIND rejects it" : "";
  if (!got || got->size() != 1) return "not parsed";
  WireRecord r;
  if (!split_wire((*got)[0], r)) return "bad record";
  std::string text = rdata_to_text(r.type, r.rdata);
  return text == d.bind_rdata ? "" : "rdata is " + text;
}

struct Counts {
  size_t records = 0, parsed = 0, matched = 0, ldns_text_matched = 0, blank_owner = 0,
         divergent = 0;
  std::map<std::string, size_t> skipped;
  std::vector<std::string> failures;
};

// Owner, TTL, class, type and our rdata text for one record, as a zone-file line.
std::string line_of(const WireRecord& r, const std::string& rdata_text) {
  auto owner = Name::from_wire(r.owner);
  return owner->to_string() + " " + std::to_string(r.ttl) + " " +
         to_string(static_cast<RRClass>(r.cls)) + " " + to_string(r.type) + " " + rdata_text;
}

// Re-parses our own text of each record and checks it gives the check file's wire again.
void second_trip(const std::vector<CheckRecord>& check, const std::vector<bool>& ok,
                 const std::string& name, Counts& c, bool ldns_text) {
  std::string zone;
  std::vector<size_t> index;
  for (size_t k = 0; k < check.size(); ++k) {
    WireRecord r;
    if (!ok[k] || !split_wire(check[k].wire, r)) continue;
    zone += ldns_text ? check[k].text : line_of(r, rdata_to_text(r.type, r.rdata));
    zone += '\n';
    index.push_back(k);
  }
  Parsed p = parse(zone, name);
  for (size_t n = 0; n < index.size(); ++n) {
    const CheckRecord& want = check[index[n]];
    auto it = p.by_line.find(static_cast<uint32_t>(n + 1));
    bool same = it != p.by_line.end() && it->second.size() == 1 && it->second[0] == want.wire;
    if (same) {
      if (ldns_text) ++c.ldns_text_matched;
      continue;
    }
    std::string got = it == p.by_line.end() ? "(not parsed)" : hex(it->second[0]);
    std::string diag;
    for (const auto& d : p.summary.diagnostics)
      if (d.line == n + 1) diag = d.message;
    c.failures.push_back(fmt::format("{}#{} {} trip: {}\n  want {}\n  got  {} {}", name,
                                     index[n] + 1, ldns_text ? "ldns-text" : "second", want.text,
                                     hex(want.wire), got, diag));
  }
}

Counts run_file(int n) {
  Counts c;
  std::string name = "test_ldnsrr." + std::to_string(n);
  std::string text = read_all(kDir + name);
  auto check = read_check(kDir + "test_ldnsrr.c" + std::to_string(n));
  std::vector<bool> blank;
  auto lines = entry_lines(text, blank);
  c.records = check.size();
  EXPECT_EQ(lines.size(), check.size()) << name << ": entries and check records differ in number";
  Parsed p = parse(text, name);
  std::vector<bool> ok(check.size(), false);
  for (size_t k = 0; k < check.size() && k < lines.size(); ++k) {
    WireRecord r;
    if (!split_wire(check[k].wire, r)) {
      c.failures.push_back(fmt::format("{}#{}: check hex is not a record", name, k + 1));
      continue;
    }
    auto it = p.by_line.find(lines[k]);
    const std::vector<std::vector<uint8_t>>* got = it == p.by_line.end() ? nullptr : &it->second;
    if (got) ++c.parsed;
    if (const Divergence* d = divergence(n, k + 1)) {
      std::string why = check_divergence(*d, got);
      if (why.empty())
        ++c.divergent;
      else
        c.failures.push_back(
            fmt::format("{}#{}: expected BIND's reading ({}): {}", name, k + 1, d->why, why));
      continue;
    }
    std::vector<uint8_t> want = check[k].wire;
    if (blank[k] && got && got->size() == 1 && k > 0) {
      // ldns read the vector files a line at a time, so a blank owner became the origin; in a
      // zone file it is the previous record's owner (RFC 1035 §5.1).
      auto prev = p.by_line.find(lines[k - 1]);
      WireRecord ours, before;
      if (prev != p.by_line.end() && split_wire((*got)[0], ours) &&
          split_wire(prev->second[0], before) && ours.owner == before.owner) {
        want.erase(want.begin(), want.begin() + static_cast<long>(r.owner.size()));
        want.insert(want.begin(), ours.owner.begin(), ours.owner.end());
        ++c.blank_owner;
      }
    }
    if (got && got->size() == 1 && (*got)[0] == want) {
      ++c.matched;
      ok[k] = true;
      continue;
    }
    if (!has_schema(r.type)) {
      // No schema: the generic form printed from the check hex must read back identically.
      std::string generic = rdata_to_text(r.type, r.rdata);
      std::vector<uint8_t> back;
      std::vector<Token> toks;
      std::istringstream words(generic);
      std::vector<std::string> store;
      for (std::string w; words >> w;) store.push_back(w);
      for (const auto& w : store) toks.push_back({w});
      Status s = rdata_from_text(r.type, toks, Name::root(), back);
      if (s && back == r.rdata && generic.rfind("\\# ", 0) == 0) {
        ++c.skipped[to_string(r.type)];
        continue;
      }
    }
    std::string diag;
    for (const auto& d : p.summary.diagnostics)
      if (d.line == lines[k]) diag = d.to_string();
    c.failures.push_back(fmt::format("{}#{} (line {}) first trip: {}\n  want {}\n  got  {} {}",
                                     name, k + 1, lines[k], check[k].text, hex(check[k].wire),
                                     it == p.by_line.end() ? "(not parsed)" : hex(it->second[0]),
                                     diag));
  }
  second_trip(check, ok, name + " (our text)", c, false);
  second_trip(check, ok, name + " (ldns text)", c, true);
  return c;
}

TEST(LdnsRR, RoundTripAllVectorFiles) {
  Counts total;
  for (int n = 1; n <= 5; ++n) {
    Counts c = run_file(n);
    std::printf(
        "test_ldnsrr.%d: %zu records, %zu parsed, %zu matched (%zu with a blank owner), "
        "%zu ldns-text matched, %zu as BIND reads them, %zu failures\n",
        n, c.records, c.parsed, c.matched, c.blank_owner, c.ldns_text_matched, c.divergent,
        c.failures.size());
    total.divergent += c.divergent;
    total.records += c.records;
    total.parsed += c.parsed;
    total.matched += c.matched;
    total.ldns_text_matched += c.ldns_text_matched;
    for (auto& [t, k] : c.skipped) total.skipped[t] += k;
    for (auto& f : c.failures) total.failures.push_back(f);
  }
  size_t skipped = 0;
  std::string by_type;
  for (auto& [t, k] : total.skipped) {
    skipped += k;
    by_type += fmt::format(" {}={}", t, k);
  }
  std::printf(
      "total: %zu records, %zu parsed, %zu matched (text->wire->text->wire), "
      "%zu ldns-text matched, %zu skipped (no schema:%s), %zu where ldns and BIND "
      "disagree (BIND followed), %zu failures\n",
      total.records, total.parsed, total.matched, total.ldns_text_matched, skipped, by_type.c_str(),
      total.divergent, total.failures.size());
  for (size_t i = 0; i < total.failures.size() && i < 40; ++i) ADD_FAILURE() << total.failures[i];
  EXPECT_EQ(total.failures.size(), 0u);
  EXPECT_EQ(total.matched + skipped + total.divergent, total.records);
  EXPECT_EQ(total.divergent, std::size(kDivergences));
}

}  // namespace
}  // namespace canon
