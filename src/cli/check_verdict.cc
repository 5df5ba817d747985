// The verdict of `canon check`: one short paragraph per failing layer, in plain words, naming
// the fix. DNS is described first when it works, because "is it DNS?" is the first question.
#include "cli/check_run.h"

namespace canon::cli::check {

namespace {

std::string list(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
  }
  return out.empty() ? "no DNS names" : out;
}

bool has_alias(const CheckResult& r) {
  return r.dns.chain.size() > 1;
}

std::string dns_failure(const CheckResult& r) {
  const auto& t = r.dns;
  std::string zone = t.branches.empty() || t.branches.back().steps.empty()
                         ? ""
                         : t.branches.back().steps.back().zone;
  if (t.has_flag("loop")) {
    return "DNS fails: the alias chain " + r.dns_layer.summary +
           " loops, so every resolver answers SERVFAIL. Point one of these names at a name that "
           "has "
           "addresses.";
  }
  if (has_alias(r) && (t.outcome == trace::Kind::kNxdomain || t.outcome == trace::Kind::kNodata ||
                       t.outcome == trace::Kind::kServfail)) {
    std::string s = "DNS fails: " + r.dns_layer.summary + ". The alias dangles: its target " +
                    t.chain.back() + " gives " + trace::to_string(t.outcome) +
                    ". Remove the alias, or recreate what it points at";
    for (const auto& k : r.takeover) {
      if (k.rating != "unlikely")
        s += " — quickly: the takeover risk is " + k.rating + " (" + k.provider + ")";
    }
    return s + ".";
  }
  switch (t.outcome) {
    case trace::Kind::kNxdomain:
      return "DNS fails: " + r.name + " does not exist (NXDOMAIN from " + zone +
             "). Add it to that zone.";
    case trace::Kind::kNodata:
      return "DNS fails: " + t.chain.back() +
             " exists but has no A or AAAA records. Add the addresses "
             "the service runs on.";
    case trace::Kind::kTimeout:
    case trace::Kind::kServfail:
    case trace::Kind::kRefused:
    case trace::Kind::kLame:
      return "DNS fails: the servers of " + (zone.empty() ? r.name : zone) + " gave " +
             trace::to_string(t.outcome) +
             ". Make the name servers of that zone reachable and authoritative for it, and check "
             "the delegation to them.";
    default:
      return "DNS fails: " + r.dns_layer.summary + ".";
  }
}

std::string tls_failure(const CheckResult& r) {
  for (const auto& t : r.tls) {
    if (t.ok()) continue;
    if (!t.connected) {
      return "TLS fails: nothing accepted a connection at " + t.address + " (" + t.error +
             "). Start the HTTPS service there, or point " + r.name + " at the host that runs it.";
    }
    if (!t.handshake) {
      return "TLS fails: the TLS handshake with " + t.address + " failed (" + t.error +
             "). The server there is not set up to serve " + r.name + " over TLS.";
    }
    if (!t.covers_name) {
      std::string s = "TLS fails: the server there presented a certificate for " + list(t.sans) +
                      ", not " + r.name + ". ";
      if (has_alias(r)) {
        return s + "A CNAME can't fix this; the target must be configured to serve " + r.name +
               " with a certificate for it, or a proxy or CDN that holds one must sit in front.";
      }
      return s + "Install a certificate that covers " + r.name + " on that server.";
    }
    if (t.expired) {
      return "TLS fails: the certificate at " + t.address + " expired on " + t.not_after +
             ". Renew it, and check that automatic renewal runs.";
    }
    if (t.not_yet_valid) {
      return "TLS fails: the certificate at " + t.address + " is not valid before " + t.not_before +
             ". Check the server's clock, or the certificate's dates.";
    }
    return "TLS fails: the certificate at " + t.address + " does not verify (" + t.verify_error +
           "). Serve the full chain (intermediate certificates included) from a CA clients trust.";
  }
  return "TLS fails: " + r.name + " has no address to connect to.";
}

std::string http_failure(const CheckResult& r) {
  if (r.http.empty()) return "HTTP was not checked: no TLS handshake succeeded.";
  const HttpHop& h = r.http.back();
  if (!h.error.empty()) {
    return "HTTP fails: GET " + h.url + " got no usable answer (" + h.error +
           "). Make the web server answer for this host.";
  }
  std::string s =
      "HTTP fails: GET " + h.url + " answers " + std::to_string(h.status) + " " + h.reason + ".";
  if (h.leaves_name)
    s += " The redirects left " + r.name + " for another host; fix the site there or the redirect.";
  else
    s += " The server does not serve this site for Host: " + r.name +
         "; configure a virtual host for it.";
  return s;
}

}  // namespace

std::vector<std::string> make_verdict(const CheckResult& r) {
  std::vector<std::string> out;
  if (!r.dns_layer.ok) {
    out.push_back(dns_failure(r) + " TLS and HTTP were not checked.");
    return out;
  }
  std::string dns_fine = "DNS is fine: " + r.dns_layer.summary + ". ";
  if (!r.tls_layer.ok) out.push_back(dns_fine + tls_failure(r));
  if (r.http_layer.checked && !r.http_layer.ok)
    out.push_back((out.empty() ? dns_fine : "") + http_failure(r));
  if (out.empty()) {
    std::string s = dns_fine + "TLS is fine: " + r.tls_layer.summary +
                    ". HTTP is fine: " + r.http_layer.summary + ".";
    if (!r.hsts.empty()) s += " HSTS is on (" + r.hsts + ").";
    out.push_back(s);
  }
  return out;
}

}  // namespace canon::cli::check
