// Where `trace` and `check` get DNS answers from: the root servers (built-in, --hints FILE or
// --root ADDR[:PORT]) walked iteratively, or one recursive resolver (--resolver ADDR[:PORT]).
// The flags are shared so both commands read the same way.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "cli/trace_walk.h"

namespace CLI {
class App;
}

namespace canon::cli::trace {

struct DnsSource {
  std::vector<std::string> roots;  // --root
  std::string hints;               // --hints
  std::string resolver;            // --resolver
  int timeout_ms = 1500;
  bool ipv4_only = false;

  void add_flags(CLI::App& app);
};

// A ready source: either walk options or a resolver address.
struct Source {
  bool recursive = false;
  ListenAddress resolver;
  WalkOptions walk;
};

Result<Source> make_source(const DnsSource& s);
Trace run(const Source& s, const Name& qname, RRType qtype);

}  // namespace canon::cli::trace
