#include "cli/lint_inputs.h"

#include <unordered_set>

#include "server/config.h"
#include "zonefile/file_io.h"
#include "zonefile/origin.h"

namespace canon::cli {

Result<LintInput> parse_lint_arg(std::string_view arg) {
  auto eq = arg.find('=');
  if (eq != std::string_view::npos) {
    std::string_view origin = arg.substr(0, eq);
    std::string_view file = arg.substr(eq + 1);
    if (origin.empty() || file.empty()) {
      return Error("'" + std::string(arg) + "': expected ORIGIN=FILE");
    }
    auto n = Name::parse(origin, &Name::root());
    if (!n)
      return Error("'" + std::string(origin) + "' is not a zone origin: " + n.error().message);
    return LintInput{*n, std::string(file), {}};
  }
  std::string file(arg);
  auto text = zonefile::read_file(file);
  if (!text) return Error(text.error().message);
  auto origin = find_origin(*text);
  if (!origin) {
    return Error(file + " has neither a $ORIGIN nor an SOA owner written in full; name the " +
                 "zone as ORIGIN=FILE, e.g. example.com=" + file);
  }
  return LintInput{*origin, file, {}};
}

Result<std::vector<LintInput>> inputs_from_config(const std::string& path) {
  std::vector<Diagnostic> errors;
  auto config = server::load_config(path, &errors);
  if (!config) {
    std::string msg;
    for (const auto& d : errors) msg += (msg.empty() ? "" : "\n") + d.to_string();
    return Error(msg.empty() ? config.error().message : msg);
  }
  std::vector<LintInput> out;
  const auto& views = config->resolution.views;
  if (views.empty()) {
    for (const auto& z : config->zones) out.push_back({z.origin, z.file, {}});
  }
  for (const auto& v : views) {
    std::unordered_set<Name, NameHash> own;
    for (const auto& z : v.zones) own.insert(z.origin);
    for (const auto& z : config->zones) {
      if (!own.count(z.origin)) out.push_back({z.origin, z.file, v.name});
    }
    for (const auto& z : v.zones) out.push_back({z.origin, z.file, v.name});
  }
  if (out.empty()) return Error(path + " configures no zones");
  return out;
}

}  // namespace canon::cli
