#include "cli/check_run.h"

#include "cli/http_probe.h"

namespace canon::cli::check {

namespace {

std::string bare(const std::string& name) {
  return !name.empty() && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
}

std::vector<ListenAddress> with_port(const std::vector<std::string>& addrs, uint16_t port) {
  std::vector<ListenAddress> out;
  for (const auto& a : addrs) {
    std::string text = a.find(':') != std::string::npos ? "[" + a + "]" : a;
    if (auto la = parse_listen_address(text + ":" + std::to_string(port))) out.push_back(*la);
  }
  return out;
}

void dns_layer(CheckResult& r, const Name& name, const CheckOptions& opt) {
  r.dns = trace::run(opt.source, name, RRType::A);
  if (r.dns.outcome == trace::Kind::kNodata || r.dns.addresses.empty()) {
    // An IPv6-only name is fine: ask for AAAA before calling it a failure.
    trace::Trace v6 = trace::run(opt.source, name, RRType::AAAA);
    if (!v6.addresses.empty()) r.dns = std::move(v6);
  }
  r.dns_layer.checked = true;
  r.dns_layer.ok =
      r.dns.outcome == trace::Kind::kAnswer && !r.dns.addresses.empty() && !r.dns.has_flag("loop");
  std::string chain;
  for (size_t i = 0; i < r.dns.chain.size(); ++i) {
    if (i > 0)
      chain +=
          " → " + std::string(i < r.dns.branches.size() ? r.dns.branches[i].via : "CNAME") + " ";
    chain += bare(r.dns.chain[i]);
  }
  std::string addrs;
  for (const auto& a : r.dns.addresses) addrs += (addrs.empty() ? "" : ", ") + a;
  r.dns_layer.summary =
      chain + " → " + (addrs.empty() ? std::string(trace::to_string(r.dns.outcome)) : addrs);
}

void tls_layer(CheckResult& r, const CheckOptions& opt) {
  r.tls_layer.checked = true;
  r.tls_layer.ok = true;
  for (const auto& a : with_port(r.dns.addresses, opt.port)) {
    TlsResult t = tls_probe(a, r.name, opt.tls);
    if (!t.ok()) r.tls_layer.ok = false;
    r.tls.push_back(std::move(t));
  }
  if (r.tls.empty()) r.tls_layer.ok = false;
  size_t good = 0;
  for (const auto& t : r.tls) good += t.ok();
  r.tls_layer.summary = std::to_string(good) + " of " + std::to_string(r.tls.size()) +
                        " addresses present a valid certificate for " + r.name;
}

// The addresses of `host`: the DNS layer's for the name itself, a fresh lookup otherwise.
std::vector<std::string> addresses_of(const std::string& host, const CheckResult& r,
                                      const CheckOptions& opt) {
  if (host == r.name) return r.dns.addresses;
  auto n = Name::parse(host + ".");
  if (!n) return {};
  return trace::run(opt.source, *n, RRType::A).addresses;
}

HttpHop one_hop(const Url& url, const CheckResult& r, const CheckOptions& opt) {
  HttpHop hop;
  hop.url = url.to_string();
  auto addrs = with_port(addresses_of(url.host, r, opt), url.port);
  if (addrs.empty()) {
    hop.error = url.host + " has no address in DNS";
    return hop;
  }
  hop.address = addrs.front().to_string();
  TlsSessionPtr session;
  if (url.scheme == "https") {
    TlsResult t = tls_probe(addrs.front(), url.host, opt.tls);
    hop.tls_verified = t.ok();
    if (!t.handshake) {
      hop.error = "TLS: " + t.error;
      return hop;
    }
    session = std::move(t.session);
  } else {
    std::string err;
    int fd = tcp_connect(addrs.front(), opt.tls.timeout_ms, err);
    if (fd < 0) {
      hop.error = err;
      return hop;
    }
    session.reset(new TlsSession);
    session->fd = fd;
  }
  HttpResponse resp = http_get(*session, url);
  hop.error = resp.error;
  hop.status = resp.status;
  hop.reason = resp.reason;
  hop.location = resp.header("location");
  hop.hsts = resp.header("strict-transport-security");
  hop.body = resp.body.substr(0, 2048);
  return hop;
}

void http_layer(CheckResult& r, const CheckOptions& opt) {
  r.http_layer.checked = true;
  std::string start = opt.http_plain
                          ? "http://" + r.name + ":" + std::to_string(opt.http_port) + "/"
                          : "https://" + r.name + ":" + std::to_string(opt.port) + "/";
  auto url = parse_url(start, nullptr);
  for (int i = 0; url && i <= opt.max_redirects; ++i) {
    HttpHop hop = one_hop(*url, r, opt);
    if (r.hsts.empty() && url->scheme == "https" && url->host == r.name) r.hsts = hop.hsts;
    r.http.push_back(hop);
    if (!hop.error.empty() || hop.status < 300 || hop.status > 399 || hop.location.empty()) break;
    url = parse_url(hop.location, &*url);
    if (!url) r.http.back().error = "bad Location: " + url.error().message;
    if (url) r.http.back().leaves_name = url->host != r.name;
  }
  const HttpHop& last = r.http.back();
  bool redirecting = last.status >= 300 && last.status <= 399 && !last.location.empty();
  r.http_layer.ok = last.error.empty() && last.status >= 200 && last.status < 400 && !redirecting;
  if (redirecting && last.error.empty())
    r.http.back().error = "more than " + std::to_string(opt.max_redirects) + " redirects";
  r.http_layer.summary = last.error.empty() ? "GET " + last.url + " → " +
                                                  std::to_string(last.status) + " " + last.reason
                                            : "GET " + last.url + ": " + last.error;
}

}  // namespace

CheckResult run_check(const Name& name, const CheckOptions& opt) {
  CheckResult r;
  r.name = bare(name.lowered().to_string());
  r.port = opt.port;
  dns_layer(r, name, opt);
  if (r.dns_layer.ok) {
    tls_layer(r, opt);
    bool any_handshake = false;
    for (const auto& t : r.tls) any_handshake |= t.handshake;
    if (any_handshake || opt.http_plain) http_layer(r, opt);
  }
  if (opt.providers) r.takeover = rate_takeover(r.dns, r.http, *opt.providers);
  r.verdict = make_verdict(r);
  return r;
}

}  // namespace canon::cli::check
