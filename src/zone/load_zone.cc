// load_zone: the zone-file parser streaming straight into a ZoneBuilder, so the file's text is
// never held whole and each record costs only its compact form until build().
#include <sys/stat.h>

#include <fmt/format.h>

#include "zone/zone.h"

namespace canon {

namespace {

// Zone files run at about 30 octets a record; reserving from the file's size avoids regrowing
// (and so copying and faulting in afresh) the builder's buffers on large zones. The rdata gets
// as many octets as the file: relative names grow to full wire names ("ns1" is 24 octets in
// bench/zone-load's zone), so half the file, as before, fell short and the arena doubled. What
// is reserved and never written costs address space, not memory.
void reserve_for_file(ZoneBuilder& b, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_size <= 0) return;
  size_t size = static_cast<size_t>(st.st_size);
  b.reserve(size / 28, size);
}

}  // namespace

Result<std::shared_ptr<const Zone>> load_zone(const std::string& path, const Name& origin,
                                              std::vector<Diagnostic>* diagnostics) {
  ZoneBuilder b(origin, path);
  reserve_for_file(b, path);
  ParseOptions opt{.origin = origin};
  ParseSummary s = parse_zone_file(path, opt, [&b](const ParsedRecord& r) { b.add(r); });
  if (diagnostics) {
    diagnostics->insert(diagnostics->end(), s.diagnostics.begin(), s.diagnostics.end());
  }
  if (!s.ok()) return Error(fmt::format("{}: {} errors while parsing", path, s.errors));
  return b.build(diagnostics);
}

}  // namespace canon
