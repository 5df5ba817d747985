// Placeholder until the subcommand is written; it fails loudly rather than pretending.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"

namespace canon::cli {

void register_check(CLI::App& parent, int& exit_code) {
  auto* sub = parent.add_subcommand("check", "(not yet implemented)");
  sub->callback([&exit_code] {
    std::fprintf(stderr, "canon: 'check' is not implemented yet\n");
    exit_code = 70;
  });
}

}  // namespace canon::cli
