// Placeholder until the subcommand is written; it fails loudly rather than pretending.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"

namespace canon::cli {

void register_trace(CLI::App& parent, int& exit_code) {
  auto* sub = parent.add_subcommand("trace", "(not yet implemented)");
  sub->callback([&exit_code] {
    std::fprintf(stderr, "canon: 'trace' is not implemented yet\n");
    exit_code = 70;
  });
}

}  // namespace canon::cli
