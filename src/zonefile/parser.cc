#include "zonefile/parser.h"

#include <fmt/format.h>

#include "wire/rdata.h"
#include "zonefile/fast_rdata.h"
#include "zonefile/fields.h"
#include "zonefile/in_zone.h"
#include "zonefile/ttl.h"

namespace canon::zonefile {
namespace {

// RFC 2181 §8: a TTL is an unsigned 31-bit value.
constexpr uint32_t kMaxTtl = 0x7fffffff;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<uint8_t>(a[i])) != ascii_lower(static_cast<uint8_t>(b[i])))
      return false;
  return true;
}

uint32_t read_u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

void Parser::error(const FileCtx& ctx, uint32_t line, uint32_t col, std::string msg) {
  if (stopped_) return;
  sum_.diagnostics.push_back({ctx.path, line, col, std::move(msg), false});
  if (++sum_.errors >= opt_.max_errors) {
    sum_.diagnostics.push_back(
        {ctx.path, line, col, fmt::format("too many errors ({}); stopping", sum_.errors), false});
    stopped_ = true;
  }
}

void Parser::warning(const FileCtx& ctx, uint32_t line, uint32_t col, std::string msg) {
  if (stopped_) return;
  sum_.diagnostics.push_back({ctx.path, line, col, std::move(msg), true});
}

void Parser::begin_file(FileCtx& ctx, const std::string& key) {
  if (!seeded_) {
    default_ttl_ = opt_.default_ttl;
    seeded_ = true;
  }
  include_keys_.push_back(key);
  include_shown_.push_back(ctx.path);
}

void Parser::end_file() {
  include_keys_.pop_back();
  include_shown_.pop_back();
}

void Parser::parse_buffer(std::string_view text, FileCtx& ctx, const std::string& key) {
  begin_file(ctx, key);
  Lexer lexer(text);
  Entry e;
  while (!stopped_ && lexer.next(e)) entry(e, ctx);
  end_file();
}

// Each piece is lexed as a buffer of its own, starting at the line where the last one's
// unfinished entry began; entries and their tokens never outlive their piece.
void Parser::parse_file(FileChunks& in, FileCtx& ctx, const std::string& key) {
  begin_file(ctx, key);
  Entry e;
  size_t keep = 0;
  uint32_t line = 1;
  while (!stopped_) {
    auto text = in.next(keep);
    if (!text) {
      error(ctx, 0, 0, text.error().message);
      break;
    }
    Lexer lexer(*text, line, !in.at_end());
    while (!stopped_ && lexer.next(e)) entry(e, ctx);
    if (in.at_end()) break;
    keep = static_cast<size_t>(lexer.carry_from() - text->data());
    line = lexer.carry_line();
  }
  end_file();
}

void Parser::entry(const Entry& e, FileCtx& ctx) {
  if (e.error) {
    error(ctx, e.error_line, e.error_col, e.error);
    // The record's owner is still the owner for the blank-owner lines that follow.
    if (!e.blank_owner && !(e.size() == 0) && !e[0].quoted && !e[0].text.starts_with('$')) {
      ctx.owner_cached = false;
      auto n = Name::parse(e[0].text, &ctx.origin);
      ctx.owner_bad = !n;
      if (n) {
        ctx.set_owner(*n);
        ctx.have_owner = true;
        ctx.owner_in_zone = in_zone(ctx.owner(), opt_.origin);
      }
    }
    return;
  }
  const Token& first = e[0];
  if (!e.blank_owner && !first.quoted && first.text.starts_with('$')) {
    directive(e, ctx);
    return;
  }
  record(e, ctx);
}

// ---- records ----

void Parser::record(const Entry& e, FileCtx& ctx) {
  std::span<const Token> toks = e.tokens();
  size_t i = 0;
  if (!e.blank_owner) {
    if (!ctx.owner_cached || toks[0].text != ctx.owner_text) {
      ctx.owner_cached = false;
      // Parsed in place when plain, which most owners are: no Result<Name> to copy.
      if (ctx.spare_owner().parse_plain(toks[0].text, &ctx.origin)) {
        ctx.use_spare_owner();
      } else {
        auto n = Name::parse(toks[0].text, &ctx.origin);
        if (!n) {
          ctx.owner_bad = true;
          error(ctx, toks[0].line, toks[0].col,
                fmt::format("bad owner name: {}", n.error().message));
          return;
        }
        ctx.set_owner(*n);
      }
      ctx.have_owner = true;
      ctx.owner_bad = false;
      ctx.owner_in_zone = in_zone(ctx.owner(), opt_.origin);
      ctx.owner_text.assign(toks[0].text);
      ctx.owner_cached = true;
    }
    i = 1;
  } else if (ctx.owner_bad) {
    return;  // already reported on the owner's line
  } else if (!ctx.have_owner) {
    error(ctx, e.line, 1, "no owner name: the first record of a file must name its owner");
    return;
  }
  RecordHead h;
  if (!head(toks, i, e, ctx, h)) return;
  // The record's column is where its line starts: the owner, or the first field when the
  // owner is left blank. Lint and strict loading point there.
  finish(ctx, ctx.owner(), ctx.owner_in_zone, h, toks.subspan(i), e.line, e.end_line, e.end_col,
         toks[0].col);
}

// Reads the optional TTL and class, in either order (RFC 1035 §5.1), then the type.
bool Parser::head(std::span<const Token> toks, size_t& i, const Entry& e, FileCtx& ctx,
                  RecordHead& h) {
  bool have_class = false;
  for (; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (t.quoted) {
      error(ctx, t.line, t.col, fmt::format("expected a type, found \"{}\"", t.text));
      return false;
    }
    if (!h.ttl && is_digit(t.text[0])) {
      auto ttl = parse_ttl(t.text);
      if (!ttl) {
        error(ctx, t.line, t.col, ttl.error().message);
        return false;
      }
      if (*ttl > kMaxTtl) {
        warning(ctx, t.line, t.col,
                fmt::format("TTL {} is over 2^31-1 and is read as 0 (RFC 2181 §8)", *ttl));
        *ttl = 0;
      }
      h.ttl = *ttl;
      continue;
    }
    if (!have_class) {
      if (auto c = field_class(t.text)) {
        if (*c != opt_.cls) {
          error(ctx, t.line, t.col,
                fmt::format("class {} does not match the zone's class {}", to_string(*c),
                            to_string(opt_.cls)));
          return false;
        }
        have_class = true;
        continue;
      }
    }
    auto type = field_type(t.text);
    if (!type) {
      error(ctx, t.line, t.col, fmt::format("unknown type '{}'", t.text));
      return false;
    }
    if (is_meta_type(*type)) {
      error(ctx, t.line, t.col, fmt::format("type {} cannot appear in a zone", t.text));
      return false;
    }
    h.type = *type;
    ++i;
    return true;
  }
  error(ctx, e.end_line, e.end_col, "missing type");
  return false;
}

// The TTL of a record written without one. RFC 2308 §4 makes $TTL the default; zones without
// $TTL follow BIND, which keeps older practice alive:
//  1. a TTL written on the record;
//  2. the $TTL in force (or ParseOptions::default_ttl before any $TTL);
//  3. the TTL last written on a record (RFC 1035 §5.1 semantics), with a warning once;
//  4. for an SOA, its MINIMUM field, which then becomes the default (RFC 2308 §4's
//     transition rule), with a warning;
//  5. otherwise an error: the record has no TTL at all.
bool Parser::choose_ttl(FileCtx& ctx, const RecordHead& h, uint32_t line, uint32_t& ttl) {
  if (h.ttl) {
    ttl = *h.ttl;
    last_ttl_ = ttl;
    return true;
  }
  if (default_ttl_) {
    ttl = *default_ttl_;
    return true;
  }
  if (last_ttl_) {
    if (!warned_1035_)
      warning(ctx, line, 1, "no $TTL: using the TTL of the previous record (RFC 1035 semantics)");
    warned_1035_ = true;
    ttl = *last_ttl_;
    return true;
  }
  if (h.type == RRType::SOA && rdata_.size() >= 20) {
    ttl = std::min(read_u32(rdata_.data() + rdata_.size() - 4), kMaxTtl);
    warning(ctx, line, 1, fmt::format("no $TTL: using the SOA MINIMUM {} as the default TTL", ttl));
    default_ttl_ = ttl;
    last_ttl_ = ttl;
    return true;
  }
  error(ctx, line, 1, "no TTL specified, and no $TTL or SOA before this record");
  return false;
}

void Parser::finish(FileCtx& ctx, const Name& owner, bool in_zone, const RecordHead& h,
                    std::span<const Token> rdata, uint32_t line, uint32_t end_line,
                    uint32_t end_col, uint32_t col) {
  rdata_.clear();
  Status st;
  if (!fast_rdata(h.type, rdata, ctx.origin, rdata_))
    st = rdata_from_text(h.type, rdata, ctx.origin, rdata_);
  if (!st) {
    size_t at = static_cast<size_t>(st.error().code);
    if (at < rdata.size())
      error(ctx, rdata[at].line, rdata[at].col, st.error().message);
    else
      error(ctx, end_line, end_col, st.error().message);
    return;
  }
  uint32_t ttl = 0;
  if (!choose_ttl(ctx, h, line, ttl)) return;
  if (!in_zone) {
    warning(ctx, line, col,
            fmt::format("ignoring out-of-zone data '{}' (not under '{}')", owner.to_string(),
                        opt_.origin.to_string()));
    return;
  }
  ++sum_.records;
  sink_(ParsedRecord{owner, h.type, opt_.cls, ttl, rdata_, ctx.path, line, col});
}

// ---- directives ----

bool Parser::extra_tokens(const Entry& e, size_t used, FileCtx& ctx) {
  if (e.size() <= used) return false;
  const Token& t = e[used];
  error(ctx, t.line, t.col, fmt::format("unexpected '{}' after {}", t.text, e[0].text));
  return true;
}

void Parser::directive(const Entry& e, FileCtx& ctx) {
  std::string_view d = e[0].text;
  if (iequals(d, "$ORIGIN")) return dir_origin(e, ctx);
  if (iequals(d, "$TTL")) return dir_ttl(e, ctx);
  if (iequals(d, "$INCLUDE")) return dir_include(e, ctx);
  if (iequals(d, "$GENERATE")) return dir_generate(e, ctx);
  error(ctx, e[0].line, e[0].col, fmt::format("unknown directive '{}'", d));
}

void Parser::dir_origin(const Entry& e, FileCtx& ctx) {
  if (e.size() < 2) return error(ctx, e.end_line, e.end_col, "$ORIGIN needs a name");
  if (extra_tokens(e, 2, ctx)) return;
  const Token& t = e[1];
  auto n = Name::parse(t.text, &ctx.origin);
  if (!n) return error(ctx, t.line, t.col, fmt::format("bad $ORIGIN: {}", n.error().message));
  ctx.origin = *n;
  ctx.owner_cached = false;  // a relative owner now means another name
}

void Parser::dir_ttl(const Entry& e, FileCtx& ctx) {
  if (e.size() < 2) return error(ctx, e.end_line, e.end_col, "$TTL needs a value");
  if (extra_tokens(e, 2, ctx)) return;
  const Token& t = e[1];
  auto ttl = parse_ttl(t.text);
  if (!ttl) return error(ctx, t.line, t.col, ttl.error().message);
  if (*ttl > kMaxTtl) {
    warning(ctx, t.line, t.col,
            fmt::format("$TTL {} is over 2^31-1 and is read as 0 (RFC 2181 §8)", *ttl));
    *ttl = 0;
  }
  default_ttl_ = *ttl;
}

}  // namespace canon::zonefile
