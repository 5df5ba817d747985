#include "server/sockets.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace canon::server {

namespace {

std::string advice(int err) {
  switch (err) {
    case EADDRINUSE:
      return ": another server has this port (stop it, or choose another with --listen)";
    case EADDRNOTAVAIL:
      return ": no interface has this address (is IPv6 enabled? try --listen 127.0.0.1:PORT)";
    case EACCES:
      return ": ports below 1024 need root or CAP_NET_BIND_SERVICE";
    case EAFNOSUPPORT:
      return ": this address family is not available on this machine";
    default:
      return "";
  }
}

Error socket_error(const ListenAddress& addr, const char* proto, int err) {
  return Error("cannot listen on " + addr.to_string() + " (" + proto + "): " + std::strerror(err) +
               advice(err));
}

void set_int(int fd, int level, int opt, int value) {
  setsockopt(fd, level, opt, &value, sizeof value);
}

// IPv6 sockets take only IPv6 so that "[::]:53" and "0.0.0.0:53" can both be listed.
void v6_only(int fd, const ListenAddress& addr) {
  if (addr.family() == AF_INET6) set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
}

// Answers go out at the interface MTU, never at a path MTU learnt from ICMP "fragmentation
// needed" messages: those are easily forged, and a server tricked into fragmenting its answers
// exposes resolvers to spoofed fragments (the fragmentation attacks RFC 9715 §1 describes).
// Answers are capped by udp-max-size (1232 by default) so they fit without fragments anyway.
// Knot and NSD set the same (IP_PMTUDISC_OMIT, seen with strace).
void no_path_mtu(int fd, const ListenAddress& addr) {
  if (addr.family() == AF_INET6) {
    set_int(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_OMIT);
  } else {
    set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT);
  }
}

}  // namespace

Result<int> open_udp_socket(const ListenAddress& addr, int timeout_ms) {
  int fd = socket(addr.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return socket_error(addr, "udp", errno);
  set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
  v6_only(fd, addr);
  no_path_mtu(fd, addr);
  // 4 MiB absorbs bursts while a worker is busy; without privilege the kernel caps it.
  constexpr int kRcvBuf = 4 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kRcvBuf, sizeof kRcvBuf) != 0) {
    set_int(fd, SOL_SOCKET, SO_RCVBUF, kRcvBuf);
  }
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (bind(fd, addr.sockaddr_ptr(), addr.length) != 0) {
    int err = errno;
    close(fd);
    return socket_error(addr, "udp", err);
  }
  return fd;
}

Result<int> bind_tcp_socket(const ListenAddress& addr) {
  int fd = socket(addr.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return socket_error(addr, "tcp", errno);
  set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
  v6_only(fd, addr);
  if (bind(fd, addr.sockaddr_ptr(), addr.length) != 0) {
    int err = errno;
    close(fd);
    return socket_error(addr, "tcp", err);
  }
  return fd;
}

Status start_listening(int fd, const ListenAddress& addr, int backlog) {
  if (listen(fd, backlog) != 0) return socket_error(addr, "tcp", errno);
  return {};
}

Result<int> open_tcp_listener(const ListenAddress& addr, int backlog) {
  auto fd = bind_tcp_socket(addr);
  if (!fd) return fd;
  if (auto st = start_listening(*fd, addr, backlog); !st) {
    close(*fd);
    return st.error();
  }
  return fd;
}

}  // namespace canon::server
