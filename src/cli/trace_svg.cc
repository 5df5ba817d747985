#include "cli/trace_svg.h"

#include <fmt/format.h>

#include <algorithm>

namespace canon::cli::trace {

namespace {

bool bad(Kind k) {
  return k != Kind::kAnswer && k != Kind::kReferral && k != Kind::kCname && k != Kind::kDname;
}

std::string server_class(const Response& r) {
  if (is_failure(r.kind) && r.kind != Kind::kLame && r.kind != Kind::kRefused)
    return "server failed";
  if (r.lame) return "server lame failed";
  return bad(r.kind) ? "server failed" : "server";
}

// Adds branch `i` at row `base`; returns the rows it takes.
int add_branch(SvgGraph& g, const Trace& t, size_t i, int base) {
  const Branch& b = t.branches[i];
  std::string bid = fmt::format("b{}", i);
  g.nodes.push_back({bid, b.qname, b.via == "start" ? b.qtype : "via " + b.via + " from " + b.from,
                     0, base, "name"});
  std::vector<std::string> prev{bid};  // the nodes the next zone is reached from
  std::string prev_label = "ask";
  int height = 1;
  for (size_t j = 0; j < b.steps.size(); ++j) {
    const Step& s = b.steps[j];
    std::string zid = fmt::format("b{}s{}", i, j);
    int col = static_cast<int>(j) + 1;
    g.nodes.push_back({zid, s.zone, fmt::format("zone · {} · {:.0f} ms", to_string(s.kind), s.ms),
                       col, base, bad(s.kind) ? "zone failed" : "zone"});
    for (const auto& p : prev) g.edges.push_back({p, zid, prev_label, bad(s.kind) ? "failed" : ""});
    prev.clear();
    for (size_t k = 0; k < s.responses.size(); ++k) {
      const Response& r = s.responses[k];
      std::string sid = fmt::format("b{}s{}r{}", i, j, k);
      g.nodes.push_back({sid, r.server.empty() ? r.address : r.server,
                         r.address + " · " + to_string(r.kind) + (r.lame ? " (lame)" : ""), col,
                         base + 1 + static_cast<int>(k), server_class(r)});
      if (r.kind == s.kind && !r.lame) prev.push_back(sid);
    }
    height = std::max(height, 1 + static_cast<int>(s.responses.size()));
    prev_label = to_string(s.kind);
  }
  if (b.end == Kind::kCname || b.end == Kind::kDname) {
    if (i + 1 < t.branches.size()) {
      for (const auto& p : prev)
        g.edges.push_back({p, fmt::format("b{}", i + 1), to_string(b.end), "alias"});
    }
    return height;
  }
  std::string eid = fmt::format("b{}end", i);
  std::string addrs;
  for (const auto& a : b.addresses) addrs += (addrs.empty() ? "" : ", ") + a;
  g.nodes.push_back({eid, to_string(b.end), addrs, static_cast<int>(b.steps.size()) + 1, base,
                     bad(b.end) ? "end failed" : "end"});
  if (prev.empty() && !b.steps.empty())
    prev.push_back(fmt::format("b{}s{}", i, b.steps.size() - 1));
  for (const auto& p : prev)
    g.edges.push_back({p, eid, to_string(b.end), bad(b.end) ? "failed" : ""});
  return height;
}

}  // namespace

SvgGraph to_graph(const Trace& t) {
  SvgGraph g;
  g.title = "canon trace " + t.name + " " + t.type + " → " + to_string(t.outcome);
  int row = 0;
  for (size_t i = 0; i < t.branches.size(); ++i) row += add_branch(g, t, i, row) + 1;
  return g;
}

std::string to_svg(const Trace& t) {
  return render_svg(to_graph(t));
}

}  // namespace canon::cli::trace
