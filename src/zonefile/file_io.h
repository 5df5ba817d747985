// read_file: the whole of a file in one buffer, for the lexer's single pass.
// FileChunks: the same file in pieces of whole lines, read into one reused buffer.
//
//   auto text = read_file("db.example");
//   if (!text) report(text.error().message);  // "cannot open 'db.example': No such file..."
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace canon::zonefile {

Result<std::string> read_file(const std::string& path);

// A file read piece by piece into one buffer that is reused, for the parser: a million-record
// zone is ~50 MB of text, and reading it whole faulted in that many fresh pages (a sixth of the
// load's page faults) and held them through the parse. Each piece ends after a newline unless
// it is the file's last; the caller says where the previous piece's unfinished entry began, and
// that tail comes first in the next piece, so an entry (parentheses may span lines) is always
// whole in one piece.
//
//   FileChunks in;
//   if (auto st = in.open(path); !st.ok()) report(st.error().message);
//   size_t keep = 0;
//   for (;;) {
//     auto text = in.next(keep);  // an error if a read fails
//     ... lex *text; keep = offset of the unfinished entry, or text->size() ...
//     if (in.at_end()) break;
//   }
class FileChunks {
 public:
  FileChunks() = default;
  FileChunks(const FileChunks&) = delete;
  FileChunks& operator=(const FileChunks&) = delete;
  ~FileChunks();

  Status open(const std::string& path);  // errors worded as read_file()'s
  // The next piece: the last one's text from `keep` on, then what follows in the file, up to
  // and including its last newline (all of it at the end of the file). Reads until the buffer
  // is full, growing it when the kept tail fills it, so a long entry is lexed again only a few
  // times.
  Result<std::string_view> next(size_t keep);
  // The last piece returned ends the file.
  bool at_end() const { return eof_ && text_len_ == len_; }

  static constexpr size_t kChunk = 256 << 10;  // fits the L2 cache: the lexer reads it hot

 private:
  Status fill();

  std::string path_;
  int fd_ = -1;
  std::vector<char> buf_;
  size_t len_ = 0;       // octets of buf_ read and not yet dropped
  size_t text_len_ = 0;  // octets of buf_ given out by the last next()
  bool eof_ = false;
};

// The directory part of a path ("zones/db.x" -> "zones"), empty for a bare file name.
std::string dir_of(const std::string& path);

// `rel` resolved against `dir` unless it is absolute.
std::string join_path(const std::string& dir, const std::string& rel);

// The canonical form of an existing path (for include-loop detection), else `path` itself.
std::string canonical_key(const std::string& path);

}  // namespace canon::zonefile
