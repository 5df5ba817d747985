// libFuzzer target: the zone-file parser on arbitrary text. Every record it accepts must print
// as presentation text that parses back to the same wire form (the parser and the printer
// agree), and every diagnostic must carry a line and column inside the input. The lexer must
// also give the same entries when the text comes in two pieces cut after a newline, as
// parse_zone_file() reads files (FileChunks: the unfinished entry is carried to the next), and
// with its line fast path off.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "wire/rdata.h"
#include "zonefile/lexer.h"
#include "zonefile/zonefile.h"

namespace {

struct Record {
  std::string text;
  std::vector<uint8_t> rdata;
};

// An entry as text, every field the parser reads.
std::string describe(const canon::zonefile::Entry& e) {
  std::string out = std::to_string(e.line) + (e.blank_owner ? " b " : " - ") +
                    std::to_string(e.end_line) + ":" + std::to_string(e.end_col);
  if (e.error)
    out += std::string(" E ") + e.error + " " + std::to_string(e.error_line) + ":" +
           std::to_string(e.error_col);
  for (const canon::Token& t : e.tokens()) {
    out += " [" + std::string(t.text) + "|" + (t.quoted ? "q" : "w") + std::to_string(t.line) +
           ":" + std::to_string(t.col) + "]";
  }
  return out;
}

// Lexes `text` whole and then in two pieces cut after the last newline of its first half, the
// second starting where the first left its unfinished entry; the entries must be the same. So
// must they be with the lexer's line fast path off (every character through its loop).
void check_pieces(std::string_view text) {
  using canon::zonefile::Entry;
  using canon::zonefile::Lexer;
  std::vector<std::string> whole, pieces, slow;
  Entry e;
  for (Lexer lx(text); lx.next(e);) whole.push_back(describe(e));
  Lexer loop(text);
  loop.set_fast_lines(false);
  while (loop.next(e)) slow.push_back(describe(e));
  if (whole != slow) std::abort();
  size_t cut = text.substr(0, text.size() / 2).rfind('\n');
  if (cut == std::string_view::npos) return;
  Lexer first(text.substr(0, cut + 1), 1, true);
  while (first.next(e)) pieces.push_back(describe(e));
  size_t from = static_cast<size_t>(first.carry_from() - text.data());
  for (Lexer rest(text.substr(from), first.carry_line()); rest.next(e);)
    pieces.push_back(describe(e));
  if (whole != pieces) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace canon;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_pieces(text);
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
