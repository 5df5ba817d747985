// libFuzzer target: the zone builder on whatever the zone-file parser accepts. The input is
// parsed after an apex of our own (SOA, NS and its glue), so that most inputs build; a zone
// that builds must keep its promises: nodes in strictly increasing canonical order (RFC 4034
// §6.1), each found by its own name, every record added at a name inside the zone present in
// an RRset of its type there, and no more records than were added.
#include <compare>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "zone/zone.h"
#include "zonefile/zonefile.h"

namespace {

using namespace canon;

constexpr std::string_view kApex =
    "@ 3600 IN SOA ns hostmaster 1 7200 3600 1209600 300\n"
    "@ 3600 IN NS ns\n"
    "ns 3600 IN A 192.0.2.53\n";
constexpr size_t kMaxInput = 1 << 16;  // larger inputs only slow the fuzzer down
constexpr size_t kMaxKept = 256;       // records checked one by one after the build

struct Added {
  Name owner;
  RRType type;
};

void check_order(const Zone& z) {
  for (Zone::NodeId n = 0; n < z.node_count(); ++n) {
    Name owner = z.owner(n);
    if (n > 0 && (z.owner(n - 1) <=> owner) != std::strong_ordering::less) std::abort();
    if (z.find(owner).exact != n) std::abort();
  }
}

void check_added(const Zone& z, const std::vector<Added>& added) {
  for (const Added& a : added) {
    Zone::Find f = z.find(a.owner);
    if (f.exact == Zone::kNone) std::abort();
    const RRsetRef* rs = z.rrset(f.exact, a.type);
    if (!rs) std::abort();
    size_t n = 0;
    for ([[maybe_unused]] auto rd : z.rdatas(*rs)) ++n;
    if (n == 0) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  std::string text(kApex);
  text.append(reinterpret_cast<const char*>(data), size);
  ParseOptions opt;
  opt.origin = *Name::parse("fuzz.example.", &Name::root());
  opt.default_ttl = 3600;
  opt.allow_include = false;  // never read files named by the input
  opt.max_generate = 4096;
  ZoneBuilder builder(opt.origin, "fuzz");
  std::vector<Added> added;
  size_t count = 0;
  ParseSummary s = parse_zone_text(text, "fuzz", opt, [&](const ParsedRecord& r) {
    builder.add(r);
    ++count;
    if (added.size() < kMaxKept && r.cls == RRClass::IN && r.owner.is_subdomain_of(opt.origin))
      added.push_back({r.owner, r.type});
  });
  if (!s.ok()) return 0;  // the loader refuses such a file before building it
  std::vector<Diagnostic> diagnostics;
  auto zone = builder.build(&diagnostics);
  if (!zone) return 0;
  const Zone& z = **zone;
  if (z.record_count() > count) std::abort();
  check_order(z);
  check_added(z, added);
  return 0;
}
