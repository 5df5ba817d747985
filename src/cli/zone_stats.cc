// Placeholder until the subcommand is written; it fails loudly rather than pretending.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/zone_cmds.h"

namespace canon::cli {

void register_zone_stats(CLI::App& parent, int& exit_code) {
  auto* sub = parent.add_subcommand("stats", "(not yet implemented)");
  sub->callback([&exit_code] {
    std::fprintf(stderr, "canon: 'stats' is not implemented yet\n");
    exit_code = 70;
  });
}

}  // namespace canon::cli
