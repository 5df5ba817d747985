// read_file: the whole of a file in one buffer, for the lexer's single pass.
//
//   auto text = read_file("db.example");
//   if (!text) report(text.error().message);  // "cannot open 'db.example': No such file..."
#pragma once

#include <string>

#include "base/result.h"

namespace canon::zonefile {

Result<std::string> read_file(const std::string& path);

// The directory part of a path ("zones/db.x" -> "zones"), empty for a bare file name.
std::string dir_of(const std::string& path);

// `rel` resolved against `dir` unless it is absolute.
std::string join_path(const std::string& dir, const std::string& rel);

// The canonical form of an existing path (for include-loop detection), else `path` itself.
std::string canonical_key(const std::string& path);

}  // namespace canon::zonefile
