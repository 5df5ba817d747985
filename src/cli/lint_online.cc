#include "cli/lint_online.h"

#include <fstream>
#include <map>
#include <sstream>

#include "lint/external.h"
#include "resolver/stub_client.h"

namespace canon::cli {

Result<ListenAddress> parse_resolver(const std::string& text) {
  std::string t = text;
  if (auto hash = t.find('#'); hash != std::string::npos) {
    std::string host = t.substr(0, hash);
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    t = host + ":" + t.substr(hash + 1);
  }
  auto a = parse_listen_address(t);
  if (!a) return Error("bad resolver address '" + text + "': " + a.error().message);
  return a;
}

Result<ListenAddress> default_resolver(const std::string& resolv_conf) {
  std::ifstream in(resolv_conf);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string key, addr;
    if (!(ss >> key >> addr) || key != "nameserver") continue;
    // resolv.conf may scope link-local IPv6 addresses ("fe80::1%eth0"); not supported here.
    if (addr.find('%') != std::string::npos) continue;
    if (auto a = parse_listen_address(addr)) return a;
  }
  return Error("no usable nameserver in " + resolv_conf + "; give one with --resolver ADDR");
}

OnlineReport check_external_targets(const std::vector<lint::LintZone>& zones,
                                    const ListenAddress& resolver, int timeout_ms) {
  OnlineReport report;
  auto targets = lint::external_targets(zones);
  // One query per distinct name, however many records point at it.
  std::map<std::string, std::optional<Rcode>> answers;
  for (const auto& t : targets) answers.emplace(t.target.lowered().to_string(), std::nullopt);
  StubOptions opt;
  opt.timeout_ms = timeout_ms;
  std::string server = resolver.to_string();
  for (auto& [name, rcode] : answers) {
    auto r = stub_query(resolver, make_query(*Name::parse(name), RRType::A), opt);
    ++report.queried;
    if (!r) {
      report.unresolved.push_back(name + ": " + r.error().message);
      continue;
    }
    rcode = r->message.rcode();
    if (*rcode != Rcode::NOERROR && *rcode != Rcode::NXDOMAIN) {
      report.unresolved.push_back(name + ": " + to_string(*rcode) + " from " + server);
    }
  }
  for (const auto& t : targets) {
    const auto& rcode = answers[t.target.lowered().to_string()];
    if (rcode && *rcode == Rcode::NXDOMAIN) {
      report.findings.push_back(lint::dangling_external(t, server));
    }
  }
  return report;
}

}  // namespace canon::cli
