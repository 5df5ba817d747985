// run_check(): the three layers of `canon check` for one name, then takeover ratings and the
// verdict. DNS through trace::run (iterative, or --resolver); TLS with tls_probe() on every
// final address; HTTP GET / following redirects hop by hop (each new host resolved the same way).
#pragma once

#include <string>
#include <vector>

#include "cli/check_model.h"
#include "cli/trace_source.h"
#include "lint/takeover.h"

namespace canon::cli::check {

struct CheckOptions {
  trace::Source source;
  uint16_t port = 443;
  bool http_plain = false;  // --http: start the HTTP layer at http:// on http_port
  uint16_t http_port = 80;
  TlsOptions tls;
  int max_redirects = 10;
  const std::vector<lint::TakeoverProvider>* providers = nullptr;
};

CheckResult run_check(const Name& name, const CheckOptions& opt);

// Takeover ratings for every alias target of a trace (check_takeover.cc). `http` may be empty.
std::vector<Takeover> rate_takeover(const trace::Trace& t, const std::vector<HttpHop>& http,
                                    const std::vector<lint::TakeoverProvider>& providers);
// The plain-words paragraphs (check_verdict.cc).
std::vector<std::string> make_verdict(const CheckResult& r);

}  // namespace canon::cli::check
