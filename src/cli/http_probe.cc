#include "cli/http_probe.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace canon::cli {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool send_all(TlsSession& s, const std::string& data) {
  if (s.ssl)
    return SSL_write(s.ssl, data.data(), static_cast<int>(data.size())) ==
           static_cast<int>(data.size());
  return ::send(s.fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

int recv_some(TlsSession& s, char* buf, int n) {
  if (s.ssl) return SSL_read(s.ssl, buf, n);
  return static_cast<int>(::recv(s.fd, buf, n, 0));
}

constexpr size_t kMaxRead = 64 * 1024;

}  // namespace

std::string Url::to_string() const {
  bool def = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return scheme + "://" + host + (def ? "" : ":" + std::to_string(port)) + path;
}

Result<Url> parse_url(const std::string& text, const Url* base) {
  Url u;
  size_t sep = text.find("://");
  if (sep == std::string::npos) {
    if (!base) return Error("not an absolute URL: " + text);
    u = *base;
    if (text.rfind("//", 0) == 0) return parse_url(base->scheme + ":" + text, nullptr);
    if (!text.empty() && text[0] == '/') {
      u.path = text;
    } else {
      u.path = base->path.substr(0, base->path.rfind('/') + 1) + text;
    }
    return u;
  }
  u.scheme = lower(text.substr(0, sep));
  if (u.scheme != "http" && u.scheme != "https") return Error("unsupported scheme in " + text);
  std::string rest = text.substr(sep + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!u.path.empty() && u.path[0] != '/') u.path = "/" + u.path;
  authority = authority.substr(authority.find('@') + 1);  // drop userinfo
  size_t colon = authority.rfind(':');
  u.port = u.scheme == "https" ? 443 : 80;
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    int p = std::atoi(authority.substr(colon + 1).c_str());
    if (p <= 0 || p > 65535) return Error("bad port in " + text);
    u.port = static_cast<uint16_t>(p);
    authority.resize(colon);
  }
  u.host = lower(authority);
  if (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  if (u.host.empty()) return Error("no host in " + text);
  return u;
}

std::string HttpResponse::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return "";
}

HttpResponse http_get(TlsSession& s, const Url& url) {
  HttpResponse r;
  bool def = (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  std::string req = "GET " + url.path + " HTTP/1.1\r\nHost: " + url.host +
                    (def ? "" : ":" + std::to_string(url.port)) +
                    "\r\nUser-Agent: canon-check/0.1\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  if (!send_all(s, req)) {
    r.error = std::string("cannot send the request: ") + std::strerror(errno);
    return r;
  }
  std::string data;
  char buf[8192];
  for (;;) {
    int n = recv_some(s, buf, sizeof buf);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > kMaxRead) break;
  }
  size_t end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/", 0) != 0 || end == std::string::npos) {
    r.error =
        data.empty() ? "no HTTP response (connection closed or timed out)" : "not an HTTP response";
    return r;
  }
  size_t line_end = data.find("\r\n");
  std::string status_line = data.substr(0, line_end);
  size_t sp = status_line.find(' ');
  r.status = std::atoi(status_line.c_str() + sp + 1);
  size_t sp2 = status_line.find(' ', sp + 1);
  if (sp2 != std::string::npos) r.reason = status_line.substr(sp2 + 1);
  for (size_t pos = line_end + 2; pos < end;) {
    size_t nl = data.find("\r\n", pos);
    std::string line = data.substr(pos, nl - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos)
      r.headers.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
    pos = nl + 2;
  }
  r.body = data.substr(end + 4, 16 * 1024);
  return r;
}

}  // namespace canon::cli
