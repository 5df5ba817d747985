#pragma once

namespace CLI {
class App;
}

namespace canon::cli {

void register_zone_print(CLI::App& zone, int& exit_code);  // zone_print.cc
void register_zone_stats(CLI::App& zone, int& exit_code);  // zone_stats.cc

}  // namespace canon::cli
