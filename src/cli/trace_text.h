// The readable form of a Trace: one block per branch, one line per server asked, the chain, the
// flags. Coloured through Style (only on a terminal).
#pragma once

#include <string>

#include "cli/terminal.h"
#include "cli/trace_model.h"

namespace canon::cli::trace {

std::string to_text(const Trace& t, const Style& st);
// Two or more resolver-mode traces side by side (--compare-resolvers).
std::string compare_text(const std::vector<Trace>& ts, const Style& st);
// The colour for a kind: green answers, cyan aliases, red failures.
const char* kind_colour(Kind k, const Style& st);

}  // namespace canon::cli::trace
