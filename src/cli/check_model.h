// The result of `canon check NAME`: three layers (DNS, TLS, HTTP), takeover findings, and the
// verdict in plain words. Filled by check_run.cc, written by check_json.cc and check_text.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/tls_probe.h"
#include "cli/trace_model.h"

namespace canon::cli::check {

struct HttpHop {
  std::string url;
  std::string address;
  bool tls_verified = false;  // https hops: the certificate verified and covered the host
  int status = 0;
  std::string reason;
  std::string location;
  bool leaves_name = false;  // its Location points at another host than the name checked
  std::string hsts;          // Strict-Transport-Security, "" when absent
  std::string error;
  std::string body;  // the first bytes, for takeover fingerprints (not in the JSON)
};

struct Takeover {
  std::string owner;  // the alias (or zone record) that points at the target
  std::string target;
  std::string provider;
  std::string rating;  // confirmed, potential, unlikely
  std::string reason;
  std::string source;
};

struct Layer {
  bool checked = false;
  bool ok = false;
  std::string summary;  // one line
};

struct CheckResult {
  std::string name;  // without the trailing dot
  uint16_t port = 443;
  trace::Trace dns;
  Layer dns_layer, tls_layer, http_layer;
  std::vector<TlsResult> tls;
  std::vector<HttpHop> http;
  std::string hsts;  // from the first https response for the name
  std::vector<Takeover> takeover;
  std::vector<std::string> verdict;  // one paragraph per failing layer (or one when all pass)
  bool ok() const { return dns_layer.ok && tls_layer.ok && http_layer.ok; }
};

}  // namespace canon::cli::check
