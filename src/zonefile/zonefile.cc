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
  zonefile::FileChunks in;
  if (Status st = in.open(path); !st.ok()) {
    ParseSummary s;
    s.diagnostics.push_back({path, 0, 0, st.error().message, false});
    s.errors = 1;
    return s;
  }
  Parser parser(opt, sink);
  FileCtx ctx;
  ctx.path = path;
  ctx.dir = zonefile::dir_of(ctx.path);
  ctx.origin = opt.origin;
  parser.parse_file(in, ctx, zonefile::canonical_key(ctx.path));
  return parser.take();
}

}  // namespace canon
