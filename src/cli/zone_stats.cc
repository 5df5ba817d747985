// canon zone stats [--origin ORIGIN] FILE [--json]: what a zone holds and what it costs to load:
// records by type, names (with empty non-terminals), the parse and build times, and the memory
// the built snapshot holds.
//
//   $ canon zone stats --origin example. db.example
//   zone example. from db.example
//   records 1204 (1198 in the built zone), names 402 (3 empty non-terminals)
//   ...
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/zone_cmds.h"
#include "zone/zone.h"
#include "zonefile/file_io.h"
#include "zonefile/origin.h"
#include "zonefile/zonefile.h"

namespace canon::cli {
namespace {

struct StatsOpts {
  std::string origin;
  std::string file;
  bool json = false;
};

struct Stats {
  std::map<std::string, size_t> by_type;  // mnemonic -> records in the file
  size_t parsed = 0;
  size_t zone_records = 0, names = 0, empty_non_terminals = 0, memory = 0;
  double parse_seconds = 0, build_seconds = 0;
  long peak_rss_kib = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void count_nodes(const Zone& z, Stats& s) {
  s.names = z.node_count();
  for (size_t n = 0; n < z.node_count(); ++n)
    if (z.rrsets(static_cast<Zone::NodeId>(n)).empty()) ++s.empty_non_terminals;
}

void print_text(const StatsOpts& o, const Name& origin, const Stats& s) {
  std::printf("zone %s from %s\n", origin.to_string().c_str(), o.file.c_str());
  std::printf("records   %zu parsed, %zu in the built zone (duplicates merged)\n", s.parsed,
              s.zone_records);
  std::printf("names     %zu (%zu empty non-terminals)\n", s.names, s.empty_non_terminals);
  std::printf("parse     %.3f s (%.0f records/s)\n", s.parse_seconds,
              s.parse_seconds > 0 ? s.parsed / s.parse_seconds : 0.0);
  std::printf("build     %.3f s\n", s.build_seconds);
  std::printf("memory    %zu bytes in the zone snapshot (%.1f per record); peak RSS %ld KiB\n",
              s.memory, s.zone_records ? double(s.memory) / double(s.zone_records) : 0.0,
              s.peak_rss_kib);
  std::printf("by type\n");
  for (const auto& [type, n] : s.by_type) std::printf("  %-10s %zu\n", type.c_str(), n);
}

void print_json(const Name& origin, const Stats& s) {
  nlohmann::json j = {{"origin", origin.to_string()},
                      {"records_parsed", s.parsed},
                      {"records", s.zone_records},
                      {"names", s.names},
                      {"empty_non_terminals", s.empty_non_terminals},
                      {"parse_seconds", s.parse_seconds},
                      {"build_seconds", s.build_seconds},
                      {"memory_bytes", s.memory},
                      {"peak_rss_kib", s.peak_rss_kib},
                      {"by_type", s.by_type}};
  std::printf("%s\n", j.dump(1).c_str());
}

Result<Name> origin_for(const StatsOpts& o, std::string_view text) {
  if (!o.origin.empty()) return Name::parse(o.origin, &Name::root());
  if (auto n = find_origin(text)) return *n;
  return Error(o.file + " has no $ORIGIN and no absolute SOA owner; give the origin with --origin");
}

int run_stats(const StatsOpts& o) {
  auto text = zonefile::read_file(o.file);
  if (!text) {
    std::fprintf(stderr, "canon: %s\n", text.error().message.c_str());
    return kExitUsage;
  }
  auto origin = origin_for(o, *text);
  if (!origin) {
    std::fprintf(stderr, "canon: %s\n", origin.error().message.c_str());
    return kExitUsage;
  }
  Stats s;
  ZoneBuilder builder(*origin, o.file);
  ParseOptions popt;
  popt.origin = *origin;
  auto t0 = std::chrono::steady_clock::now();
  ParseSummary sum = parse_zone_text(*text, o.file, popt, [&](const ParsedRecord& r) {
    ++s.by_type[to_string(r.type)];
    builder.add(r);
  });
  s.parse_seconds = seconds_since(t0);
  s.parsed = sum.records;
  std::vector<Diagnostic> diags = sum.diagnostics;
  auto t1 = std::chrono::steady_clock::now();
  auto zone = builder.build(&diags);
  s.build_seconds = seconds_since(t1);
  for (const Diagnostic& d : diags) std::fprintf(stderr, "%s\n", d.to_string().c_str());
  if (!sum.ok() || !zone) return kExitErrors;
  s.zone_records = (*zone)->record_count();
  s.memory = (*zone)->memory_bytes();
  count_nodes(**zone, s);
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  s.peak_rss_kib = ru.ru_maxrss;
  if (o.json)
    print_json(*origin, s);
  else
    print_text(o, *origin, s);
  return diags.empty() ? kExitOk : kExitWarnings;
}

}  // namespace

void register_zone_stats(CLI::App& parent, int& exit_code) {
  auto o = std::make_shared<StatsOpts>();
  auto* sub = parent.add_subcommand(
      "stats", "Count a zone's records by type and names, and time and size its loading");
  sub->footer(
      "Parses FILE and builds the snapshot canond would serve, then prints the records by type,\n"
      "the names (empty non-terminals included), the parse and build times, the bytes the\n"
      "snapshot holds and the process's peak RSS. Errors are printed as file:line:col.\n\n"
      "Exit codes: 0 loaded cleanly, 1 loaded with warnings, 2 errors, 64 usage.\n\n"
      "Example:\n  canon zone stats --origin example.com. db.example.com");
  sub->add_option("--origin", o->origin,
                  "The zone's origin (default: the file's first $ORIGIN, or its SOA owner)");
  sub->add_option("FILE", o->file, "The zone file")->required();
  sub->add_flag("--json", o->json, "Print the figures as one JSON object");
  sub->callback([o, &exit_code] { exit_code = run_stats(*o); });
}

}  // namespace canon::cli
