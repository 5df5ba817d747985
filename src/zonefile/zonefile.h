// Zone-file parser (RFC 1035 §5 plus the BIND extensions operators use): $ORIGIN, $TTL,
// $INCLUDE (with origin, relative paths, a depth limit and loop detection), $GENERATE with
// ${offset,width,base} modifiers, blank owners, TTL/class in either order, parentheses,
// comments, quoted strings, TTL units, and the default-TTL rules of RFC 2308 §4.
//
//   ParseOptions opt{.origin = *Name::parse("example.com.")};
//   ParseSummary s = parse_zone_file("db.example", opt, [&](const ParsedRecord& r) { ... });
//   for (auto& d : s.diagnostics) std::cerr << d.to_string() << "\n";
//
// Records are streamed to the callback as they are read; the file is never built in memory.
// Parsing goes on after an error so that one run reports every error (up to max_errors).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon {

struct Diagnostic {
  std::string file;
  uint32_t line = 0;
  uint32_t col = 0;
  std::string message;
  bool warning = false;

  // "file:line:col: message" (with "warning: " before the message for warnings).
  std::string to_string() const;
};

struct ParsedRecord {
  const Name& owner;
  RRType type;
  RRClass cls;
  uint32_t ttl;
  std::span<const uint8_t> rdata;  // uncompressed wire form
  std::string_view file;
  uint32_t line;
  uint32_t col = 1;  // where the record starts: its owner, or its first field
};

struct ParseOptions {
  Name origin;                          // the zone's origin; also the initial $ORIGIN
  std::optional<uint32_t> default_ttl;  // used before any $TTL or SOA, if set
  RRClass cls = RRClass::IN;
  size_t max_errors = 100;
  int max_include_depth = 16;
  bool allow_include = true;
  uint64_t max_generate = 1u << 24;  // records one $GENERATE may produce (bounds fuzzing too)
};

struct ParseSummary {
  size_t records = 0;
  std::vector<Diagnostic> diagnostics;
  size_t errors = 0;  // diagnostics that are not warnings
  bool ok() const { return errors == 0; }
};

using RecordSink = std::function<void(const ParsedRecord&)>;

ParseSummary parse_zone_file(const std::string& path, const ParseOptions& opt,
                             const RecordSink& sink);
// Parses text held in memory; `file` names it in diagnostics and anchors relative $INCLUDEs.
ParseSummary parse_zone_text(std::string_view text, std::string_view file, const ParseOptions& opt,
                             const RecordSink& sink);

}  // namespace canon
