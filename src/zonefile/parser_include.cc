// $INCLUDE and $GENERATE, the directives that make more than one line's worth of records.
#include <fmt/format.h>

#include "zonefile/file_io.h"
#include "zonefile/generate.h"
#include "zonefile/parser.h"

namespace canon::zonefile {

// An include loop is an error, not a depth-limit surprise: the message names the cycle, e.g.
// "$INCLUDE loop: a.zone includes b.zone which includes a.zone".
bool Parser::include_loop(const std::string& key, const std::string& shown, const Token& at,
                          FileCtx& ctx) {
  size_t k = 0;
  while (k < include_keys_.size() && include_keys_[k] != key) ++k;
  if (k == include_keys_.size()) return false;
  std::string msg = "$INCLUDE loop: " + include_shown_[k];
  for (size_t j = k + 1; j <= include_shown_.size(); ++j) {
    msg += j == k + 1 ? " includes " : " which includes ";
    msg += j < include_shown_.size() ? include_shown_[j] : shown;
  }
  error(ctx, at.line, at.col, std::move(msg));
  return true;
}

// RFC 1035 §5.1: `$INCLUDE file [origin]`. The origin, and the previous owner, apply inside the
// included file only; $TTL is shared, as BIND does.
void Parser::dir_include(const Entry& e, FileCtx& ctx) {
  const Token& d = e[0];
  if (!opt_.allow_include) return error(ctx, d.line, d.col, "$INCLUDE is not allowed here");
  if (e.size() < 2) return error(ctx, e.end_line, e.end_col, "$INCLUDE needs a file name");
  if (extra_tokens(e, 3, ctx)) return;
  const Token& file = e[1];
  FileCtx child;
  child.path = join_path(ctx.dir, std::string(file.text));
  child.dir = dir_of(child.path);
  child.origin = ctx.origin;
  child.set_owner(ctx.owner());
  child.have_owner = ctx.have_owner;
  child.owner_in_zone = ctx.owner_in_zone;
  child.depth = ctx.depth + 1;
  if (e.size() == 3) {
    const Token& o = e[2];
    auto n = Name::parse(o.text, &ctx.origin);
    if (!n)
      return error(ctx, o.line, o.col, fmt::format("bad $INCLUDE origin: {}", n.error().message));
    child.origin = *n;
  }
  if (child.depth > opt_.max_include_depth)
    return error(ctx, file.line, file.col,
                 fmt::format("$INCLUDE nested more than {} deep", opt_.max_include_depth));
  std::string key = canonical_key(child.path);
  if (include_loop(key, child.path, file, ctx)) return;
  FileChunks in;
  if (Status st = in.open(child.path); !st.ok())
    return error(ctx, file.line, file.col, st.error().message);
  parse_file(in, child, key);
}

// BIND's `$GENERATE range lhs [ttl] [class] type rhs`: lhs and rhs are templates (generate.h).
void Parser::dir_generate(const Entry& e, FileCtx& ctx) {
  std::span<const Token> toks = e.tokens();
  if (toks.size() < 5)
    return error(ctx, e.end_line, e.end_col, "$GENERATE needs a range, an owner, a type and rdata");
  auto range = parse_generate_range(toks[1].text);
  if (!range) return error(ctx, toks[1].line, toks[1].col, range.error().message);
  if (range->count() > opt_.max_generate)
    return error(ctx, toks[1].line, toks[1].col,
                 fmt::format("$GENERATE range makes more than {} records", opt_.max_generate));
  size_t i = 3;
  RecordHead h;
  if (!head(toks, i, e, ctx, h)) return;
  if (i >= toks.size()) return error(ctx, e.end_line, e.end_col, "$GENERATE needs rdata");
  if (extra_tokens(e, i + 1, ctx)) return;
  bool failed = false;
  for (int64_t it = range->start; it <= range->stop && !failed && !stopped_; it += range->step)
    generate_one(ctx, it, toks[2].text, h, toks[i], failed);
}

void Parser::generate_one(FileCtx& ctx, int64_t it, std::string_view lhs, const RecordHead& h,
                          const Token& rhs, bool& failed) {
  failed = true;
  gen_owner_.clear();
  if (auto st = expand_generate(lhs, it, gen_owner_); !st)
    return error(ctx, rhs.line, rhs.col, st.error().message);
  auto owner = Name::parse(gen_owner_, &ctx.origin);
  if (!owner)
    return error(ctx, rhs.line, rhs.col,
                 fmt::format("bad $GENERATE owner: {}", owner.error().message));
  gen_rdata_.clear();
  if (rhs.quoted) gen_rdata_ += '"';
  if (auto st = expand_generate(rhs.text, it, gen_rdata_); !st)
    return error(ctx, rhs.line, rhs.col, st.error().message);
  if (rhs.quoted) gen_rdata_ += '"';
  Lexer lexer(gen_rdata_);
  if (!lexer.next(gen_entry_)) gen_entry_.count = 0;
  if (gen_entry_.error)
    return error(ctx, rhs.line, rhs.col,
                 fmt::format("$GENERATE rdata '{}': {}", gen_rdata_, gen_entry_.error));
  // Errors point at the template, not at the expanded text nobody wrote.
  for (size_t k = 0; k < gen_entry_.count; ++k)
    gen_entry_.slots[k].line = rhs.line, gen_entry_.slots[k].col = rhs.col;
  size_t before = sum_.errors;
  finish(ctx, *owner, owner->is_subdomain_of(opt_.origin), h, gen_entry_.tokens(), rhs.line,
         rhs.line, rhs.col);
  failed = sum_.errors != before;
}

}  // namespace canon::zonefile
