#include "cli/html_report.h"

#include <fmt/format.h>

#include "cli/svg_writer.h"
#include "cli/trace_svg.h"

namespace canon::cli::trace {

namespace {

const char* kCss =
    "body{font:14px sans-serif;margin:24px;color:#1b2430}"
    "table{border-collapse:collapse;margin-top:12px}"
    "td,th{border:1px solid #c8d0e0;padding:3px 8px;text-align:left;vertical-align:top}"
    "th{background:#eef2fa}.bad{color:#c62828;font-weight:bold}.warn{color:#8a6500}"
    ".graph{overflow:auto;border:1px solid #c8d0e0;padding:8px}code{font-size:12px}";

std::string esc(const std::string& s) {
  return xml_escape(s);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + esc(s);
  return out;
}

std::string rows(const Trace& t) {
  std::string out;
  for (size_t i = 0; i < t.branches.size(); ++i) {
    for (const auto& s : t.branches[i].steps) {
      for (const auto& r : s.responses) {
        bool failed = is_failure(r.kind) || r.lame || r.kind == Kind::kServfail;
        std::string what = r.kind == Kind::kReferral
                               ? r.referral_zone + " " + join(r.referral_ns, " ")
                           : r.target.empty() ? join(r.records, "<br>")
                                              : esc(r.target);
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}{}</td>"
            "<td>{}</td><td>{}</td><td>{:.1f}</td></tr>\n",
            i, esc(s.qname), esc(s.zone), esc(r.server), esc(r.address), failed ? "bad" : "",
            to_string(r.kind), r.lame ? " (lame)" : "", what, esc(r.error), r.ms);
      }
    }
  }
  return out;
}

}  // namespace

std::string html_report(const Trace& t) {
  std::string flags;
  for (const auto& f : t.flags) {
    flags += fmt::format("<li class=\"{}\">{} <b>{}</b>: {}</li>\n",
                         f.severity == "error" ? "bad" : "warn", esc(f.severity), esc(f.code),
                         esc(f.message));
  }
  std::string chain;
  for (const auto& n : t.chain) chain += (chain.empty() ? "" : " → ") + esc(n);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>canon trace {} {}</title><style>{}</style></head><body>\n"
      "<h1>canon trace {} {}</h1>\n<p>Outcome: <b>{}</b> · chain: {} · {:.1f} ms · {}</p>\n"
      "<h2>Flags</h2><ul>{}</ul>\n<h2>Path</h2><div class=\"graph\">{}</div>\n"
      "<h2>Steps</h2><table><tr><th>branch</th><th>name</th><th>zone</th><th>server</th>"
      "<th>address</th><th>kind</th><th>data</th><th>error</th><th>ms</th></tr>\n{}</table>\n"
      "</body></html>\n",
      esc(t.name), esc(t.type), kCss, esc(t.name), esc(t.type), to_string(t.outcome), chain, t.ms,
      t.mode == "resolver" ? "via resolver " + esc(t.resolver) : "iterative from the root",
      flags.empty() ? "<li>none</li>" : flags, to_svg(t), rows(t));
}

}  // namespace canon::cli::trace
