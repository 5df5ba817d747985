#include "cli/svg_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace canon::cli {

namespace {

constexpr int kBoxW = 230, kBoxH = 44, kColGap = 90, kRowGap = 22, kMargin = 20, kTitleH = 30;

int x_of(int col) {
  return kMargin + col * (kBoxW + kColGap);
}
int y_of(int row) {
  return kMargin + kTitleH + row * (kBoxH + kRowGap);
}

std::string clip(const std::string& s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 1) + "…";
}

const char* kStyle =
    "<style>"
    ".node rect{fill:#f4f6fb;stroke:#4a5b7a;stroke-width:1.2}"
    ".node.zone rect{fill:#e3ecff}"
    ".node.failed rect{fill:#ffe5e5;stroke:#c62828;stroke-width:2}"
    ".node.lame rect{fill:#fff6d6;stroke:#b88a00}"
    ".node text{font:12px sans-serif;fill:#1b2430}"
    ".node text.sub{font-size:11px;fill:#51607a}"
    ".edge line{stroke:#4a5b7a;stroke-width:1.4}"
    ".edge.failed line{stroke:#c62828;stroke-width:2}"
    ".edge.alias line{stroke:#00838f;stroke-dasharray:6 3}"
    ".edge text{font:11px sans-serif;fill:#33415c}"
    ".edge.failed text{fill:#c62828}"
    "</style>";

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_svg(const SvgGraph& g) {
  int cols = 1, rows = 1;
  std::map<std::string, const SvgNode*> by_id;
  for (const auto& n : g.nodes) {
    cols = std::max(cols, n.col + 1);
    rows = std::max(rows, n.row + 1);
    by_id[n.id] = &n;
  }
  int w = x_of(cols) - kColGap + kMargin, h = y_of(rows) - kRowGap + kMargin;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">"
      "\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" "
      "fill=\"#4a5b7a\"/></marker></defs>\n{}\n"
      "<text x=\"{}\" y=\"{}\" style=\"font:bold 15px sans-serif\">{}</text>\n",
      w, h, w, h, kStyle, kMargin, kMargin + 14, xml_escape(g.title));
  for (const auto& e : g.edges) {
    auto a = by_id.find(e.from), b = by_id.find(e.to);
    if (a == by_id.end() || b == by_id.end()) continue;
    const SvgNode& p = *a->second;
    const SvgNode& q = *b->second;
    // Leave a box from its right side (or its bottom when the target is in the same column).
    bool same_col = p.col == q.col;
    int x1 = x_of(p.col) + (same_col ? kBoxW / 2 : kBoxW),
        y1 = y_of(p.row) + (same_col ? kBoxH : kBoxH / 2);
    int x2 = x_of(q.col) + (same_col ? kBoxW / 2 : 0),
        y2 = y_of(q.row) + (same_col ? 0 : kBoxH / 2);
    if (same_col && q.row < p.row) y1 = y_of(p.row), y2 = y_of(q.row) + kBoxH;
    if (!same_col && q.col < p.col) x1 = x_of(p.col), x2 = x_of(q.col) + kBoxW;
    out += fmt::format(
        "<g class=\"edge {}\" data-from=\"{}\" data-to=\"{}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" "
        "y2=\"{}\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n",
        xml_escape(e.cls), xml_escape(e.from), xml_escape(e.to), x1, y1, x2, y2, (x1 + x2) / 2 + 4,
        (y1 + y2) / 2 - 4, xml_escape(clip(e.label, 22)));
  }
  for (const auto& n : g.nodes) {
    int x = x_of(n.col), y = y_of(n.row);
    out += fmt::format(
        "<g class=\"node {}\" id=\"{}\" data-label=\"{}\"><title>{} {}</title><rect x=\"{}\" "
        "y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" "
        "font-weight=\"bold\">{}</text><text class=\"sub\" x=\"{}\" y=\"{}\">{}</text></g>\n",
        xml_escape(n.cls), xml_escape(n.id), xml_escape(n.label), xml_escape(n.label),
        xml_escape(n.sublabel), x, y, kBoxW, kBoxH, x + 8, y + 18, xml_escape(clip(n.label, 32)),
        x + 8, y + 35, xml_escape(clip(n.sublabel, 36)));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace canon::cli
