// A small SVG writer for graphs laid out on a grid: the caller gives each node a column and a
// row (a layered layout), the writer turns them into boxes and arrows. No dependencies.
//
//   SvgGraph g;
//   g.nodes.push_back({"z0", "example.com.", "zone", 0, 0, "zone"});
//   g.edges.push_back({"z0", "z1", "referral", ""});
//   std::string svg = render_svg(g);
//
// Every node is a <g class="node CLASS" id="ID" data-label="LABEL">, every edge a
// <g class="edge CLASS" data-from="ID" data-to="ID">, so tests and style sheets can find them.
// The class "failed" draws in red.
#pragma once

#include <string>
#include <vector>

namespace canon::cli {

struct SvgNode {
  std::string id;
  std::string label;     // first line, bold
  std::string sublabel;  // second line
  int col = 0, row = 0;
  std::string cls;  // CSS classes, e.g. "zone", "server failed"
};

struct SvgEdge {
  std::string from, to;
  std::string label;
  std::string cls;
};

struct SvgGraph {
  std::string title;
  std::vector<SvgNode> nodes;
  std::vector<SvgEdge> edges;
};

std::string render_svg(const SvgGraph& g);
// Escapes &, <, >, " and ' for XML text and attributes.
std::string xml_escape(const std::string& s);

}  // namespace canon::cli
