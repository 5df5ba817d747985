// tls_probe(): one TLS handshake with OpenSSL to ADDR:PORT, with SNI = the name, verifying the
// chain against the system store (or a CA file) and the name against the certificate
// (RFC 6125 §6.4, wildcards only as the whole leftmost label, via X509_check_host).
//
//   TlsOptions o;  o.ca_file = "ca.pem";
//   TlsResult r = tls_probe(addr, "www.example.com", o);
//   if (!r.verified) puts(r.verify_error.c_str());
//
// The connection stays open in `session` when the caller wants to speak HTTP over it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/address.h"

struct ssl_st;
struct ssl_ctx_st;

namespace canon::cli {

struct TlsOptions {
  std::string ca_file;  // empty: the system trust store
  int timeout_ms = 5000;
};

// An open connection: the socket, and the TLS state when it is https (null for plain http).
struct TlsSession {
  ssl_ctx_st* ctx = nullptr;
  ssl_st* ssl = nullptr;
  int fd = -1;
};
struct TlsSessionDeleter {
  void operator()(TlsSession* s) const;
};
using TlsSessionPtr = std::unique_ptr<TlsSession, TlsSessionDeleter>;

struct TlsResult {
  std::string address;  // "192.0.2.1:443"
  bool connected = false;
  bool handshake = false;
  bool verified = false;     // the chain verifies against the trust store
  std::string verify_error;  // OpenSSL's reason when not
  bool covers_name = false;  // the certificate covers the name asked
  bool expired = false;
  bool not_yet_valid = false;
  std::string protocol;  // "TLSv1.3"
  std::string subject, issuer;
  std::vector<std::string> sans;      // DNS names in subjectAltName
  std::string not_before, not_after;  // "2025-01-31T12:00:00Z"
  std::string error;                  // connection or handshake failure
  TlsSessionPtr session;

  bool ok() const { return handshake && verified && covers_name && !expired; }
};

TlsResult tls_probe(const ListenAddress& addr, const std::string& name, const TlsOptions& opt);

// A plain TCP connection for http://, with the same timeout rules; -1 and `error` on failure.
int tcp_connect(const ListenAddress& addr, int timeout_ms, std::string& error);

}  // namespace canon::cli
