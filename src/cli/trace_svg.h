// The path of a Trace as a graph (--svg, and inline in --html): per branch a row band with the
// name asked, then one column per zone cut with its servers stacked under it, then the outcome.
// Referral hops go from the servers that gave them to the next zone; alias hops go from the
// servers that gave the CNAME/DNAME to the next branch's name. Failures are red.
#pragma once

#include <string>

#include "cli/svg_writer.h"
#include "cli/trace_model.h"

namespace canon::cli::trace {

SvgGraph to_graph(const Trace& t);
std::string to_svg(const Trace& t);

}  // namespace canon::cli::trace
