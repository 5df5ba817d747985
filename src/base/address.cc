#include "base/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace canon {

namespace {

Result<uint16_t> parse_port(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535) {
    return Error("bad port in listen address '" + std::string(whole) +
                 "': expected a number from 1 to 65535");
  }
  if (value == 0) {
    return Error("bad port in listen address '" + std::string(whole) + "': port 0 is not allowed");
  }
  return static_cast<uint16_t>(value);
}

Result<ListenAddress> make_v4(std::string_view host, uint16_t port, std::string_view whole) {
  ListenAddress a;
  auto* sin = reinterpret_cast<sockaddr_in*>(&a.storage);
  std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), &sin->sin_addr) != 1) {
    return Error("bad listen address '" + std::string(whole) +
                 "': expected an IPv4 address, or an IPv6 address in brackets as \"[::1]:53\"");
  }
  sin->sin_family = AF_INET;
  sin->sin_port = htons(port);
  a.length = sizeof(sockaddr_in);
  return a;
}

Result<ListenAddress> make_v6(std::string_view host, uint16_t port, std::string_view whole) {
  ListenAddress a;
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  std::string h(host);
  if (inet_pton(AF_INET6, h.c_str(), &sin6->sin6_addr) != 1) {
    return Error("bad listen address '" + std::string(whole) + "': '" + h +
                 "' is not an IPv6 address");
  }
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(port);
  a.length = sizeof(sockaddr_in6);
  return a;
}

// "[addr]" or "[addr]:port".
Result<ListenAddress> parse_bracketed(std::string_view text) {
  size_t close = text.find(']');
  if (close == std::string_view::npos) {
    return Error("bad listen address '" + std::string(text) + "': missing ']'");
  }
  std::string_view host = text.substr(1, close - 1);
  std::string_view rest = text.substr(close + 1);
  uint16_t port = 53;
  if (!rest.empty()) {
    if (rest[0] != ':') {
      return Error("bad listen address '" + std::string(text) + "': expected ':PORT' after ']'");
    }
    auto p = parse_port(rest.substr(1), text);
    if (!p) return p.error();
    port = *p;
  }
  return make_v6(host, port, text);
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text) {
  if (text.empty()) return Error("empty listen address");
  if (text.front() == '[') return parse_bracketed(text);
  size_t colons = 0;
  for (char c : text) colons += c == ':';
  if (colons > 1) {
    // A bare IPv6 address; with a port it would be ambiguous, so ports need brackets.
    auto a = make_v6(text, 53, text);
    if (!a) {
      return Error("bad listen address '" + std::string(text) +
                   "': write IPv6 addresses in brackets, as \"[::1]:53\"");
    }
    return a;
  }
  if (colons == 0) return make_v4(text, 53, text);
  size_t colon = text.find(':');
  auto port = parse_port(text.substr(colon + 1), text);
  if (!port) return port.error();
  return make_v4(text.substr(0, colon), *port, text);
}

uint16_t ListenAddress::port() const {
  if (family() == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
}

std::string ListenAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr, buf,
              sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(port());
  }
  inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr, buf, sizeof buf);
  return std::string(buf) + ":" + std::to_string(port());
}

void append_peer(std::string& out, const sockaddr_storage& peer) {
  char buf[INET6_ADDRSTRLEN] = {};
  uint16_t port = 0;
  if (peer.ss_family == AF_INET6) {
    const auto* s = reinterpret_cast<const sockaddr_in6*>(&peer);
    inet_ntop(AF_INET6, &s->sin6_addr, buf, sizeof buf);
    port = ntohs(s->sin6_port);
  } else {
    const auto* s = reinterpret_cast<const sockaddr_in*>(&peer);
    inet_ntop(AF_INET, &s->sin_addr, buf, sizeof buf);
    port = ntohs(s->sin_port);
  }
  out += buf;
  out += '#';
  char num[8];
  auto [end, ec] = std::to_chars(num, num + sizeof num, port);
  (void)ec;
  out.append(num, end);
}

std::string format_peer(const sockaddr_storage& peer) {
  std::string s;
  append_peer(s, peer);
  return s;
}

}  // namespace canon
