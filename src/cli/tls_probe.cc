#include "cli/tls_probe.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace canon::cli {

void TlsSessionDeleter::operator()(TlsSession* s) const {
  if (s->ssl) {
    SSL_shutdown(s->ssl);
    SSL_free(s->ssl);
  }
  if (s->ctx) SSL_CTX_free(s->ctx);
  if (s->fd >= 0) ::close(s->fd);
  delete s;
}

int tcp_connect(const ListenAddress& addr, int timeout_ms, std::string& error) {
  int fd = ::socket(addr.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  int rc = ::connect(fd, addr.sockaddr_ptr(), addr.length);
  if (rc < 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, timeout_ms);
    if (rc == 0) {
      error = "connection timed out after " + std::to_string(timeout_ms) + " ms";
      ::close(fd);
      return -1;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    errno = err;
    rc = err == 0 ? 0 : -1;
  }
  if (rc < 0) {
    error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

namespace {

std::string ssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out.empty() ? "handshake failed (connection closed)" : out;
}

std::string name_text(const X509_NAME* n) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, n, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string time_text(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return "";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<std::string> dns_sans(X509* cert) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
    if (g->type != GEN_DNS) continue;
    const auto* s = g->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     ASN1_STRING_length(s));
  }
  GENERAL_NAMES_free(names);
  return out;
}

void read_certificate(TlsResult& r, SSL* ssl, const std::string& host) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) {
    r.error = "the server sent no certificate";
    return;
  }
  long v = SSL_get_verify_result(ssl);
  r.verified = v == X509_V_OK;
  if (!r.verified) r.verify_error = X509_verify_cert_error_string(v);
  // RFC 6125 §6.4.3: a wildcard matches one whole leftmost label, never part of one.
  r.covers_name = X509_check_host(cert, host.data(), host.size(),
                                  X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr) == 1;
  r.subject = name_text(X509_get_subject_name(cert));
  r.issuer = name_text(X509_get_issuer_name(cert));
  r.sans = dns_sans(cert);
  r.not_before = time_text(X509_get0_notBefore(cert));
  r.not_after = time_text(X509_get0_notAfter(cert));
  r.expired = X509_cmp_current_time(X509_get0_notAfter(cert)) < 0;
  r.not_yet_valid = X509_cmp_current_time(X509_get0_notBefore(cert)) > 0;
  X509_free(cert);
}

}  // namespace

TlsResult tls_probe(const ListenAddress& addr, const std::string& name, const TlsOptions& opt) {
  TlsResult r;
  r.address = addr.to_string();
  std::string host = !name.empty() && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
  int fd = tcp_connect(addr, opt.timeout_ms, r.error);
  if (fd < 0) return r;
  r.connected = true;
  r.session.reset(new TlsSession);
  r.session->fd = fd;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  r.session->ctx = ctx;
  bool store = opt.ca_file.empty()
                   ? SSL_CTX_set_default_verify_paths(ctx) == 1
                   : SSL_CTX_load_verify_locations(ctx, opt.ca_file.c_str(), nullptr) == 1;
  if (!store) {
    r.error = "cannot load trust store " + (opt.ca_file.empty() ? "(system)" : opt.ca_file) + ": " +
              ssl_errors();
    return r;
  }
  // Verification is read after the handshake, so a bad certificate is described, not just refused.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL* ssl = SSL_new(ctx);
  r.session->ssl = ssl;
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, host.c_str());
  ERR_clear_error();
  if (SSL_connect(ssl) != 1) {
    r.error = ssl_errors();
    return r;
  }
  r.handshake = true;
  r.protocol = SSL_get_version(ssl);
  read_certificate(r, ssl, host);
  return r;
}

}  // namespace canon::cli
