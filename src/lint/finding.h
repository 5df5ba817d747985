// Finding: one problem lint found in a zone, with where it is and how to fix it.
//
//   Finding f{.code = "cname-at-apex", .severity = Severity::kError,
//             .owner = "example.com.", .type = "CNAME", .file = "db.example", .line = 4,
//             .message = "the apex example.com. has a CNAME", .hint = "use ALIAS instead"};
//   f.to_text(false);  // "db.example:4:1: error: cname-at-apex: the apex ... (example.com. CNAME)
//                      //   hint: use ALIAS instead"
//
// `line` is empty for findings that span several zones (a loop across two files); `col` is set
// only with a line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace canon::lint {

enum class Severity : uint8_t { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view to_string(Severity s);  // "info", "warning", "error"

struct Finding {
  std::string code;
  Severity severity = Severity::kError;
  std::string owner;  // fully qualified, with the trailing dot
  std::string type;   // "CNAME", or empty when no record type applies
  std::string file;
  std::optional<uint32_t> line;
  std::optional<uint32_t> col;  // where the record starts on its line; empty without a line
  std::string message;
  std::string hint;
  std::string view;  // the [[view]] of `canon lint --config` it was found in; empty: none

  // "file:line:col: severity: code: message (owner TYPE)\n  hint: ..." with ANSI colours when
  // `colour` is set.
  std::string to_text(bool colour) const;
  // "file:line:col", "file:line" or "file": where the finding points.
  std::string where() const;
  // A JSON object with keys code, severity, owner, type, file, line (int or null), column (int
  // or null), message, hint, view (string, or null without views).
  std::string to_json() const;
};

// Orders findings by view, file, then line (findings without a line last), column, code and
// owner, so that output is stable from run to run.
void sort_findings(std::vector<Finding>& findings);

// The highest severity among the findings, or nullopt when there are none.
std::optional<Severity> worst(const std::vector<Finding>& findings);

// Exit code shared by canon subcommands: 0 clean or info only, 1 warnings, 2 errors.
int exit_code_for(const std::vector<Finding>& findings);

// A JSON array of the findings (an empty array when there are none).
std::string findings_to_json(const std::vector<Finding>& findings);

}  // namespace canon::lint
