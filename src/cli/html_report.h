// --html: one self-contained page (no external files or scripts) with the trace's graph inline
// as SVG, the flags, and the table of every step and server.
#pragma once

#include <string>

#include "cli/trace_model.h"

namespace canon::cli::trace {

std::string html_report(const Trace& t);

}  // namespace canon::cli::trace
