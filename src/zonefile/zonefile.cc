#include "zonefile/zonefile.h"

#include "zonefile/file_io.h"
#include "zonefile/parser.h"

namespace canon {

using zonefile::FileCtx;
using zonefile::Parser;

ParseSummary parse_zone_text(std::string_view text, std::string_view file, const ParseOptions& opt,
                             const RecordSink& sink) {
  Parser parser(opt, sink);
  FileCtx ctx;
  ctx.path = std::string(file);
  ctx.dir = zonefile::dir_of(ctx.path);
  ctx.origin = opt.origin;
  parser.parse_buffer(text, ctx, zonefile::canonical_key(ctx.path));
  return parser.take();
}

ParseSummary parse_zone_file(const std::string& path, const ParseOptions& opt,
                             const RecordSink& sink) {
  auto text = zonefile::read_file(path);
  if (!text) {
    ParseSummary s;
    s.diagnostics.push_back({path, 0, 0, text.error().message, false});
    s.errors = 1;
    return s;
  }
  return parse_zone_text(*text, path, opt, sink);
}

}  // namespace canon
