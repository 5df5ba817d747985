// One HTTP/1.1 GET over an open connection (TLS or plain), and URLs as redirects give them.
//
//   auto u = parse_url("https://www.example.com/", nullptr);
//   HttpResponse r = http_get(*tls.session, *u);
//   r.status; r.header("location");
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "cli/tls_probe.h"

namespace canon::cli {

struct Url {
  std::string scheme;  // http or https
  std::string host;    // lower case, no trailing dot
  uint16_t port = 0;
  std::string path = "/";
  std::string to_string() const;
};

// An absolute URL, or a Location relative to `base` (RFC 9110 §10.2.2, RFC 3986 §5.2).
Result<Url> parse_url(const std::string& text, const Url* base);

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;                                          // the first 16 KiB
  std::string error;                                         // set when no response could be read
  std::string header(const std::string& lower_name) const;
};

HttpResponse http_get(TlsSession& s, const Url& url);

}  // namespace canon::cli
