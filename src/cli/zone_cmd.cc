// canon zone print|stats. The subcommands' bodies live in zone_print.cc and zone_stats.cc.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/zone_cmds.h"

namespace canon::cli {

void register_zone(CLI::App& app, int& exit_code) {
  auto* zone = app.add_subcommand("zone", "Read a zone file: print its records or its statistics");
  zone->require_subcommand(1);
  register_zone_print(*zone, exit_code);
  register_zone_stats(*zone, exit_code);
}

}  // namespace canon::cli
