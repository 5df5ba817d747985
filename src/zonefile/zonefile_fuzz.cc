// libFuzzer target: the zone-file parser on arbitrary text. Every record it accepts must print
// as presentation text that parses back to the same wire form (the parser and the printer
// agree), and every diagnostic must carry a line and column inside the input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "wire/rdata.h"
#include "zonefile/zonefile.h"

namespace {

struct Record {
  std::string text;
  std::vector<uint8_t> rdata;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace canon;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParseOptions opt;
  opt.origin = *Name::parse("fuzz.example.", &Name::root());
  opt.default_ttl = 3600;
  opt.allow_include = false;  // never read files named by the input
  opt.max_generate = 4096;
  std::vector<Record> records;
  ParseSummary s = parse_zone_text(text, "fuzz", opt, [&](const ParsedRecord& r) {
    if (records.size() < 64)
      records.push_back({r.owner.to_string() + " 3600 IN " + to_string(r.type) + " " +
                             rdata_to_text(r.type, r.rdata),
                         {r.rdata.begin(), r.rdata.end()}});
  });
  uint32_t lines = 1;
  for (char c : text) lines += c == '\n';
  for (const Diagnostic& d : s.diagnostics)
    if (d.line == 0 || d.line > lines + 1) std::abort();
  for (const Record& r : records) {
    std::vector<std::vector<uint8_t>> back;
    ParseSummary again = parse_zone_text(r.text, "again", opt, [&](const ParsedRecord& p) {
      back.push_back({p.rdata.begin(), p.rdata.end()});
    });
    if (!again.ok() || back.size() != 1 || back[0] != r.rdata) std::abort();
  }
  return 0;
}
