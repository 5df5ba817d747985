// Subcommands of `canon`. Each register_* adds its subcommand to the app; when the subcommand
// runs, its exit code goes to `exit_code`. Exit codes are shared by every subcommand:
// 0 clean (or info only), 1 warnings (for `check`: a layer failed), 2 errors, 64 usage error.
#pragma once

namespace CLI {
class App;
}

namespace canon::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitWarnings = 1;
inline constexpr int kExitErrors = 2;
inline constexpr int kExitUsage = 64;

void register_zone(CLI::App& app, int& exit_code);   // canon zone print|stats
void register_query(CLI::App& app, int& exit_code);  // canon query   (query_cmd.cc)
void register_lint(CLI::App& app, int& exit_code);   // canon lint    (lint_cmd.cc)
void register_trace(CLI::App& app, int& exit_code);  // canon trace   (trace_cmd.cc)
void register_check(CLI::App& app, int& exit_code);  // canon check   (check_cmd.cc)

}  // namespace canon::cli
