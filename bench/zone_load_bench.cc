// zone_load_bench: loads one zone file into a Zone and prints, as JSON, how long the parse and
// the build took and how much memory the result holds. Driven by bench/zone-load.
//
//   zone_load_bench /tmp/canon-bench-zone-1000000.db bench-zone.example. [--parse-only]
//
// --parse-only streams the records to a sink that only counts them, which separates the
// parser's time from the builder's.
#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "zone/zone.h"
#include "zonefile/zonefile.h"

namespace {

double now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

size_t peak_rss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<size_t>(ru.ru_maxrss) * 1024;
}

int parse_only(const std::string& path, const canon::Name& origin) {
  size_t n = 0;
  double t0 = now();
  canon::ParseSummary s =
      canon::parse_zone_file(path, {.origin = origin}, [&n](const canon::ParsedRecord&) { ++n; });
  double t1 = now();
  if (!s.ok()) {
    for (const auto& d : s.diagnostics) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return 1;
  }
  std::printf(
      "{\"records\": %zu, \"names\": 0, \"seconds\": %.6f, \"build_seconds\": 0, "
      "\"memory_bytes\": 0, \"peak_rss_bytes\": %zu}\n",
      n, t1 - t0, peak_rss_bytes());
  return 0;
}

int full_load(const std::string& path, const canon::Name& origin) {
  double t0 = now();
  canon::ZoneBuilder b(origin, path);
  // Reserved from the file's size as load_zone() does (src/zone/load_zone.cc), so that the
  // bench times what canond's loads do.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) {
    auto size = static_cast<size_t>(st.st_size);
    b.reserve(size / 28, size);
  }
  canon::ParseSummary s = canon::parse_zone_file(path, {.origin = origin},
                                                 [&b](const canon::ParsedRecord& r) { b.add(r); });
  double t1 = now();
  std::vector<canon::Diagnostic> diags = s.diagnostics;
  auto z = b.build(&diags);
  double t2 = now();
  if (!s.ok() || !z.ok()) {
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return 1;
  }
  std::printf(
      "{\"records\": %zu, \"names\": %zu, \"seconds\": %.6f, \"build_seconds\": %.6f, "
      "\"memory_bytes\": %zu, \"peak_rss_bytes\": %zu}\n",
      (*z)->record_count(), (*z)->node_count(), t2 - t0, t2 - t1, (*z)->memory_bytes(),
      peak_rss_bytes());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ZONEFILE ORIGIN [--parse-only]\n", argv[0]);
    return 64;
  }
  auto origin = canon::Name::parse(argv[2]);
  if (!origin) {
    std::fprintf(stderr, "bad origin: %s\n", origin.error().message.c_str());
    return 64;
  }
  bool only = argc > 3 && std::strcmp(argv[3], "--parse-only") == 0;
  return only ? parse_only(argv[1], *origin) : full_load(argv[1], *origin);
}
