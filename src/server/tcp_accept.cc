// TcpServer: taking new connections (tcp_server.h): the connection cap and the pause after
// accept() runs out of descriptors.
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/tcp_server.h"

namespace canon::server {

namespace {

constexpr int kAcceptsPerEvent = 64;  // then the other sockets get a turn; epoll reports again

bool out_of_resources(int err) {
  return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

}  // namespace

void TcpServer::accept_all(size_t index, int64_t now) {
  int listen_fd = listen_fds_[index];
  for (int i = 0; i < kAcceptsPerEvent && accept_resume_ms_ == 0; ++i) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      if (err == EINTR || err == ECONNABORTED) continue;  // that client gave up; take the next
      if (out_of_resources(err)) pause_accepting(err, now);
      return;  // EAGAIN: none left. Anything else: try again on the next event.
    }
    if (accept_failures_ > 0) {
      log_.info(fmt::format("tcp: accepting connections again after {} failed accept() calls",
                            accept_failures_));
      accept_failures_ = 0;
    }
    if (conns_.size() >= limits_.max_connections) {
      refuse_over_cap(fd);
      continue;
    }
    add_conn(fd, peer, now);
  }
}

void TcpServer::add_conn(int fd, const sockaddr_storage& peer, int64_t now) {
  if (refused_ > 0) {
    log_.info(fmt::format(
        "tcp: below tcp-max-connections again; {} connections were closed at once", refused_));
    refused_ = 0;
  }
  // Answers are queued and sent together; Nagle would only hold back a lone late (deferred)
  // answer until the client's delayed ACK.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto c = std::make_unique<TcpConn>();
  c->id = next_id_++;
  c->fd = fd;
  c->peer = peer;
  c->last_active_ms = now;
  c->events = EPOLLIN;
  epoll_event ev{};
  ev.events = c->events;
  ev.data.u64 = c->id;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    close(fd);
    return;
  }
  conns_.emplace(c->id, std::move(c));
}

void TcpServer::refuse_over_cap(int fd) {
  // Closed before reading anything: the client sees the close at once and can go elsewhere
  // (RFC 7766 §6.2.2 lets a server close connections to stay within its limits).
  close(fd);
  if (refused_++ == 0) {
    log_.warning(fmt::format(
        "tcp: {} connections open (tcp-max-connections); new connections are closed at once",
        conns_.size()));
  }
}

void TcpServer::pause_accepting(int err, int64_t now) {
  // Level-triggered epoll would report the listening socket again at once and accept() fail
  // again: a spin. The pending clients wait in the kernel's backlog meanwhile.
  if (accept_failures_++ == 0) {
    log_.warning(
        fmt::format("tcp: accept: {}; not accepting for {} ms at a time until it succeeds again "
                    "({} connections open)",
                    std::strerror(err), limits_.accept_pause_ms, conns_.size()));
  }
  accept_resume_ms_ = now + std::max<int64_t>(1, limits_.accept_pause_ms);
  watch_listeners(false);
}

void TcpServer::watch_listeners(bool on) {
  for (size_t i = 0; i < listen_fds_.size(); ++i) {
    if (!on) {
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fds_[i], nullptr);
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenTag | i;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fds_[i], &ev);
  }
}

}  // namespace canon::server
