// canon: the command line. Subcommands live in their own files (see commands.h).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "canon: query, lint, trace and check DNS names, with aliasing (CNAME, DNAME, ALIAS) made "
      "explainable.",
      "canon"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "canon " CANON_VERSION);
  int exit_code = canon::cli::kExitOk;
  canon::cli::register_zone(app, exit_code);
  canon::cli::register_query(app, exit_code);
  canon::cli::register_lint(app, exit_code);
  canon::cli::register_trace(app, exit_code);
  canon::cli::register_check(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return canon::cli::kExitUsage;
  }
  return exit_code;
}
