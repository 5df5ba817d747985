// load_zone: the zone-file parser streaming straight into a ZoneBuilder, so the file's text is
// never held whole and each record costs only its compact form until build(). A large zone on a
// machine with a second core is parsed on this thread while another adds the records to the
// builder (RecordPipe), which takes the builder's share off the time to first answer.
#include <sched.h>
#include <sys/stat.h>

#include <thread>

#include <fmt/format.h>

#include "zone/record_pipe.h"
#include "zone/zone.h"

namespace canon {

namespace {

// Below this the second thread costs more than it saves.
constexpr size_t kPipelineBytes = 1 << 20;

// CPUs this process may run on. A server pinned to one core (bench/auth runs each server with
// taskset) gains nothing from a second thread, whatever hardware_concurrency() says.
unsigned usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

size_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_size <= 0) return 0;
  return static_cast<size_t>(st.st_size);
}

// Zone files run at about 30 octets a record, a third of it rdata; reserving from the file's
// size avoids regrowing (and so briefly doubling) the builder's buffers on large zones.
void reserve_for_file(ZoneBuilder& b, size_t size) {
  if (size > 0) b.reserve(size / 28, size / 2);
}

ParseSummary parse_into(ZoneBuilder& b, const std::string& path, const ParseOptions& opt,
                        size_t size) {
  if (size < kPipelineBytes || usable_cpus() < 2) {
    return parse_zone_file(path, opt, [&b](const ParsedRecord& r) { b.add(r); });
  }
  RecordPipe pipe;
  std::thread adder([&] { pipe.drain([&b](const ParsedRecord& r) { b.add(r); }); });
  ParseSummary s = parse_zone_file(path, opt, [&pipe](const ParsedRecord& r) { pipe.push(r); });
  pipe.close();
  adder.join();
  return s;
}

}  // namespace

Result<std::shared_ptr<const Zone>> load_zone(const std::string& path, const Name& origin,
                                              std::vector<Diagnostic>* diagnostics) {
  ZoneBuilder b(origin, path);
  size_t size = file_size(path);
  reserve_for_file(b, size);
  ParseOptions opt{.origin = origin};
  ParseSummary s = parse_into(b, path, opt, size);
  if (diagnostics) {
    diagnostics->insert(diagnostics->end(), s.diagnostics.begin(), s.diagnostics.end());
  }
  if (!s.ok()) return Error(fmt::format("{}: {} errors while parsing", path, s.errors));
  return b.build(diagnostics);
}

}  // namespace canon
