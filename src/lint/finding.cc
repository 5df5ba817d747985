#include "lint/finding.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

namespace canon::lint {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

namespace {

std::string_view colour_of(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "\033[1;36m";
    case Severity::kWarning:
      return "\033[1;33m";
    case Severity::kError:
      return "\033[1;31m";
  }
  return "";
}

// Messages can quote bytes of a zone file that are not UTF-8: they are replaced, never thrown.
constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;

nlohmann::ordered_json as_json(const Finding& f) {
  nlohmann::ordered_json j;
  j["code"] = f.code;
  j["severity"] = std::string(to_string(f.severity));
  j["owner"] = f.owner;
  j["type"] = f.type;
  j["file"] = f.file;
  j["line"] = f.line ? nlohmann::ordered_json(*f.line) : nlohmann::ordered_json(nullptr);
  j["column"] = f.line && f.col ? nlohmann::ordered_json(*f.col) : nlohmann::ordered_json(nullptr);
  j["message"] = f.message;
  j["hint"] = f.hint;
  j["view"] = f.view.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.view);
  return j;
}

}  // namespace

std::string Finding::where() const {
  std::string out = file;
  if (line) out += ":" + std::to_string(*line);
  if (line && col) out += ":" + std::to_string(*col);
  return out;
}

std::string Finding::to_text(bool colour) const {
  std::string out = where() + ": ";
  if (colour) out += colour_of(severity);
  out += to_string(severity);
  if (colour) out += "\033[0m";
  out += ": ";
  if (colour) out += "\033[1m";
  out += code;
  if (colour) out += "\033[0m";
  out += ": " + message;
  if (!owner.empty()) out += " (" + owner + (type.empty() ? "" : " " + type) + ")";
  if (!view.empty()) out += " [view " + view + "]";
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

std::string Finding::to_json() const {
  return as_json(*this).dump(-1, ' ', false, kReplace);
}

void sort_findings(std::vector<Finding>& findings) {
  auto key = [](const Finding& f) {
    return std::make_tuple(std::cref(f.view), std::cref(f.file), !f.line.has_value(),
                           f.line.value_or(0), f.col.value_or(0), std::cref(f.code),
                           std::cref(f.owner), std::cref(f.message));
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

std::optional<Severity> worst(const std::vector<Finding>& findings) {
  std::optional<Severity> w;
  for (const auto& f : findings) {
    if (!w || f.severity > *w) w = f.severity;
  }
  return w;
}

int exit_code_for(const std::vector<Finding>& findings) {
  auto w = worst(findings);
  if (!w || *w == Severity::kInfo) return 0;
  return *w == Severity::kWarning ? 1 : 2;
}

std::string findings_to_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& f : findings) arr.push_back(as_json(f));
  return arr.dump(2, ' ', false, kReplace);
}

}  // namespace canon::lint
