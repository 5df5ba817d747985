// Where `canon lint` gets its zones: ORIGIN=FILE arguments, bare FILEs whose origin is read
// from the file, or every zone of a canond config.
//
//   Result<LintInput> in = parse_lint_arg("example.com=db.example");  // origin example.com.
//   Result<LintInput> in = parse_lint_arg("db.example");  // origin from $ORIGIN or SOA owner
//   Result<std::vector<LintInput>> all = inputs_from_config("canond.toml");
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wire/name.h"

namespace canon::cli {

struct LintInput {
  Name origin;
  std::string file;
  std::string view;  // zones of one view are linted together
};

// "ORIGIN=FILE" or "FILE" (origin from find_origin(): the first $ORIGIN, else an absolute SOA
// owner). Errors are usage errors, worded for the command line.
Result<LintInput> parse_lint_arg(std::string_view arg);

// Every zone of a canond config. Without [[view]]s its [[zone]]s form one set (view ""); with
// them, each view gets its own [[view.zone]]s and the top-level [[zone]]s it does not shadow
// (same origin), labelled with the view's name, so that each view is linted as its clients
// see it. Errors carry the config's file:line:col diagnostics, one per line.
Result<std::vector<LintInput>> inputs_from_config(const std::string& path);

}  // namespace canon::cli
