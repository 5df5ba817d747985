// Parser: the state of one parse_zone_file / parse_zone_text run. It reads entries from the
// lexer, handles the directives ($ORIGIN, $TTL, $INCLUDE, $GENERATE) and turns records into
// wire form for the sink. Internal to src/zonefile; use zonefile.h.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zonefile/file_io.h"
#include "zonefile/lexer.h"
#include "zonefile/zonefile.h"

namespace canon::zonefile {

// Per-file state: $ORIGIN and the previous owner do not outlive an $INCLUDE (RFC 1035 §5.1).
struct FileCtx {
  std::string path;  // as shown in diagnostics
  std::string dir;   // anchors relative $INCLUDE paths
  Name origin;
  // The previous owner. Two slots: a new owner is parsed in place into the spare one, which
  // becomes current only if it parsed, so a bad owner line leaves the last good one intact.
  const Name& owner() const { return owners[cur]; }
  Name& spare_owner() { return owners[cur ^ 1]; }
  void use_spare_owner() { cur ^= 1; }
  void set_owner(const Name& n) { owners[cur] = n; }
  Name owners[2];
  unsigned cur = 0;
  bool have_owner = false;
  bool owner_bad = false;  // the last owner failed to parse: skip its blank-owner records
  bool owner_in_zone = true;
  // The text `owner` was parsed from, while it still stands for it (same $ORIGIN): records
  // mostly repeat their owner, and comparing the text is far cheaper than parsing it again.
  std::string owner_text;
  bool owner_cached = false;
  int depth = 0;
};

// What a record line said before its rdata.
struct RecordHead {
  std::optional<uint32_t> ttl;
  RRType type = RRType::A;
};

class Parser {
 public:
  Parser(const ParseOptions& opt, const RecordSink& sink) : opt_(opt), sink_(sink) {}

  // Parses one buffer; `key` identifies the file for $INCLUDE loop detection.
  void parse_buffer(std::string_view text, FileCtx& ctx, const std::string& key);
  // The same for a file, read in pieces (FileChunks): what `in` has not read yet.
  void parse_file(FileChunks& in, FileCtx& ctx, const std::string& key);
  ParseSummary take() { return std::move(sum_); }

 private:
  void begin_file(FileCtx& ctx, const std::string& key);
  void end_file();
  void entry(const Entry& e, FileCtx& ctx);
  void record(const Entry& e, FileCtx& ctx);
  bool head(std::span<const Token> toks, size_t& i, const Entry& e, FileCtx& ctx, RecordHead& h);
  void finish(FileCtx& ctx, const Name& owner, bool in_zone, const RecordHead& h,
              std::span<const Token> rdata, uint32_t line, uint32_t end_line, uint32_t end_col,
              uint32_t col = 1);
  bool choose_ttl(FileCtx& ctx, const RecordHead& h, uint32_t line, uint32_t& ttl);

  void directive(const Entry& e, FileCtx& ctx);
  void dir_origin(const Entry& e, FileCtx& ctx);
  void dir_ttl(const Entry& e, FileCtx& ctx);
  void dir_include(const Entry& e, FileCtx& ctx);
  void dir_generate(const Entry& e, FileCtx& ctx);
  void generate_one(FileCtx& ctx, int64_t it, std::string_view lhs, const RecordHead& h,
                    const Token& rhs, bool& failed);
  bool include_loop(const std::string& key, const std::string& shown, const Token& at,
                    FileCtx& ctx);

  void error(const FileCtx& ctx, uint32_t line, uint32_t col, std::string msg);
  void warning(const FileCtx& ctx, uint32_t line, uint32_t col, std::string msg);
  bool extra_tokens(const Entry& e, size_t used, FileCtx& ctx);

  const ParseOptions& opt_;
  const RecordSink& sink_;
  ParseSummary sum_;
  bool stopped_ = false;

  // TTL state, see choose_ttl().
  std::optional<uint32_t> default_ttl_;  // $TTL, or the SOA MINIMUM when there is no $TTL
  std::optional<uint32_t> last_ttl_;     // the last TTL written on a record
  bool warned_1035_ = false;
  bool seeded_ = false;

  std::vector<std::string> include_keys_;   // canonical paths of the files being read
  std::vector<std::string> include_shown_;  // the same, as diagnostics show them
  std::vector<uint8_t> rdata_;
  std::string gen_owner_;
  std::string gen_rdata_;
  Entry gen_entry_;
};

}  // namespace canon::zonefile
