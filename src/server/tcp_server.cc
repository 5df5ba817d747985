#include "server/tcp_server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "server/log.h"
#include "server/query_log.h"
#include "server/resolver_glue.h"

namespace canon::server {

namespace {

constexpr size_t kReadChunk = 16384;
constexpr size_t kMaxPending = 256 * 1024;  // stop reading a client that does not read
constexpr size_t kMaxMessage = 65535;

int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

struct TcpServer::Conn {
  int fd = -1;
  sockaddr_storage peer{};
  std::vector<uint8_t> in;
  size_t in_len = 0;
  std::vector<uint8_t> out;
  size_t out_off = 0;
  int64_t last_ms = 0;
  uint32_t events = 0;
  bool peer_closed = false;

  size_t pending() const { return out.size() - out_off; }
};

TcpServer::TcpServer(std::vector<int> listen_fds, size_t slot, const WorkerShared& shared,
                     TcpLimits limits)
    : listen_fds_(std::move(listen_fds)),
      slot_(slot),
      shared_(shared),
      limits_(limits),
      answer_(kMaxMessage + 2) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  for (int fd : listen_fds_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
}

TcpServer::~TcpServer() {
  for (auto& [fd, c] : conns_) close(fd);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void TcpServer::run() {
  epoll_event events[64];
  int timeout = static_cast<int>(std::min<unsigned>(200, limits_.idle_timeout_ms));
  int64_t last_sweep = now_ms();
  while (!shared_.stop->load(std::memory_order_relaxed)) {
    int n = epoll_wait(epoll_fd_, events, 64, timeout);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (std::find(listen_fds_.begin(), listen_fds_.end(), fd) != listen_fds_.end()) {
        accept_all(fd);
        continue;
      }
      auto it = conns_.find(fd);
      if (it == conns_.end()) continue;
      Conn& c = *it->second;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
      if (conns_.count(fd) && (events[i].events & EPOLLOUT)) on_writable(c);
    }
    int64_t now = now_ms();
    if (now - last_sweep >= timeout) {
      sweep_idle(now);
      last_sweep = now;
    }
  }
}

void TcpServer::accept_all(int listen_fd) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: all taken; EMFILE and others: try again on the next event
    if (conns_.size() >= limits_.max_connections) {
      close(fd);  // RFC 7766 §6.2.2: a server may close connections to stay within its limits
      continue;
    }
    auto c = std::make_unique<Conn>();
    c->fd = fd;
    c->peer = peer;
    c->in.resize(kReadChunk);
    c->last_ms = now_ms();
    c->events = EPOLLIN;
    epoll_event ev{};
    ev.events = c->events;
    ev.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
    conns_.emplace(fd, std::move(c));
  }
}

void TcpServer::on_readable(Conn& c) {
  if (c.in.size() - c.in_len < kReadChunk) c.in.resize(c.in_len + kReadChunk);
  ssize_t n = recv(c.fd, c.in.data() + c.in_len, c.in.size() - c.in_len, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) {
    c.peer_closed = true;  // answer what already arrived, then close (RFC 7766 §6.2.4)
  } else {
    c.in_len += static_cast<size_t>(n);
    c.last_ms = now_ms();
  }
  answer_frames(c);
  flush(c);
}

void TcpServer::answer_frames(Conn& c) {
  const Snapshot* snap = shared_.store->enter(slot_);
  size_t used = split_frames({c.in.data(), c.in_len}, [&](std::span<const uint8_t> query) {
    Deferral defer;
    size_t len = snap ? respond_to(*snap, c.peer, Transport::kTcp, query,
                                   {answer_.data() + 2, kMaxMessage}, &defer)
                      : 0;
    // TCP waits for a deferred answer (deferred.h); the sink bounds the wait to a few seconds.
    if (defer.needed && shared_.deferred)
      len = answer_and_wait(*shared_.deferred, query, defer, Transport::kTcp,
                            {answer_.data() + 2, kMaxMessage}, 6000, &c.peer);
    if (shared_.query_log) {
      log_buf_.clear();
      append_query_line(log_buf_, shared_.log_format, utc_timestamp(), c.peer, Transport::kTcp,
                        query, {answer_.data() + 2, len});
      write_all(shared_.log_fd, log_buf_);
    }
    if (len == 0) return;
    answer_[0] = static_cast<uint8_t>(len >> 8);
    answer_[1] = static_cast<uint8_t>(len);
    c.out.insert(c.out.end(), answer_.begin(), answer_.begin() + static_cast<long>(len + 2));
  });
  shared_.store->leave(slot_);
  if (used > 0) {
    std::memmove(c.in.data(), c.in.data() + used, c.in_len - used);
    c.in_len -= used;
  }
}

void TcpServer::flush(Conn& c) {
  while (c.pending() > 0) {
    ssize_t n = send(c.fd, c.out.data() + c.out_off, c.pending(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n <= 0) {
      close_conn(c);
      return;
    }
    c.out_off += static_cast<size_t>(n);
  }
  if (c.pending() == 0) {
    c.out.clear();
    c.out_off = 0;
    if (c.peer_closed) {
      close_conn(c);
      return;
    }
  }
  update_interest(c);
}

void TcpServer::on_writable(Conn& c) {
  c.last_ms = now_ms();
  flush(c);
}

void TcpServer::update_interest(Conn& c) {
  uint32_t want = 0;
  if (!c.peer_closed && c.pending() < kMaxPending) want |= EPOLLIN;
  if (c.pending() > 0) want |= EPOLLOUT;
  if (want == c.events) return;
  c.events = want;
  epoll_event ev{};
  ev.events = want;
  ev.data.fd = c.fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

void TcpServer::close_conn(Conn& c) {
  int fd = c.fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  close(fd);
  conns_.erase(fd);  // destroys c
}

void TcpServer::sweep_idle(int64_t now) {
  std::vector<int> idle;
  for (auto& [fd, c] : conns_) {
    if (now - c->last_ms >= static_cast<int64_t>(limits_.idle_timeout_ms)) idle.push_back(fd);
  }
  for (int fd : idle) close_conn(*conns_.at(fd));
}

}  // namespace canon::server
