// Flags about a whole chain, shared by the iterative walk and the resolver mode: loops, chain
// length against the limits resolvers apply, and dangling targets.
#pragma once

#include <string>

#include "cli/trace_model.h"

namespace canon::cli::trace {

// A CNAME/DNAME chain that comes back to `name`.
void add_loop_flag(Trace& t, const std::string& name);
// Chain length against resolver limits, and a dangling end (NXDOMAIN, NODATA, SERVFAIL or no
// answer after at least one alias). Reads t.chain and t.outcome.
void add_chain_flags(Trace& t);

}  // namespace canon::cli::trace
