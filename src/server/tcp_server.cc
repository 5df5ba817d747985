#include "server/tcp_server.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

namespace canon::server {

namespace {

constexpr int kTickMs = 50;  // timers: deferred deadlines, end of an accept pause
constexpr int64_t kIdleSweepMs = 250;

int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

TcpServer::TcpServer(std::vector<int> listen_fds, size_t slot, const WorkerShared& shared,
                     TcpLimits limits)
    : listen_fds_(std::move(listen_fds)),
      slot_(slot),
      shared_(shared),
      limits_(limits),
      log_(shared.log_format),
      completions_(std::make_shared<TcpCompletions>()),
      deferrals_(completions_),
      answer_(kMaxTcpMessage) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  watch_listeners(true);
  if (completions_->fd() >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, completions_->fd(), &ev);
  }
}

TcpServer::~TcpServer() {
  for (auto& [id, c] : conns_) close(c->fd);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void TcpServer::run() {
  epoll_event events[128];
  int64_t last_tick = now_ms();
  while (!shared_.stop->load(std::memory_order_relaxed)) {
    int n = epoll_wait(epoll_fd_, events, 128, kTickMs);
    int64_t now = now_ms();
    for (int i = 0; i < n; ++i) dispatch(events[i], now);
    if (now - last_tick >= kTickMs) {
      on_tick(now);
      last_tick = now;
    }
  }
}

void TcpServer::dispatch(const epoll_event& ev, int64_t now) {
  uint64_t key = ev.data.u64;
  if (key == kWakeTag) {
    take_completions(now);
  } else if (key & kListenTag) {
    accept_all(static_cast<size_t>(key & ~kListenTag), now);
  } else if (TcpConn* c = find(key)) {
    on_conn_event(*c, ev.events, now);
  }
}

TcpConn* TcpServer::find(uint64_t id) {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : it->second.get();
}

void TcpServer::on_conn_event(TcpConn& c, uint32_t events, int64_t now) {
  // HUP is both directions shut (a reset, in practice): nothing more can be delivered.
  if (events & (EPOLLERR | EPOLLHUP)) {
    close_conn(c);
    return;
  }
  if (events & EPOLLIN) {
    switch (read_into(c.fd, c.in)) {
      case IoStatus::kProgress:
        c.last_active_ms = now;
        break;
      case IoStatus::kClosed:
        c.peer_closed = true;  // answer what already arrived, then close (RFC 7766 §6.2.4)
        break;
      case IoStatus::kError:
        close_conn(c);
        return;
      case IoStatus::kWouldBlock:
        break;
    }
  }
  serve(c, now);
}

bool TcpServer::serve(TcpConn& c, int64_t now) {
  // Writing may drain the output below output_pause while messages are still buffered; they
  // are answered then, since no epoll event would come for them (the socket is not read
  // while a complete message waits).
  for (;;) {
    answer_buffered(c, now);
    if (!flush(c, now)) return false;
    if (!c.in.has_message() || !may_take(c)) return true;
  }
}

bool TcpServer::may_take(const TcpConn& c) const {
  return c.in_flight < limits_.max_in_flight && c.out.size() < limits_.output_pause;
}

void TcpServer::answer_buffered(TcpConn& c, int64_t now) {
  const Snapshot* snap = nullptr;
  bool entered = false;
  while (may_take(c)) {
    auto query = c.in.next();
    if (!query) break;
    if (!entered) {
      snap = shared_.store->enter(slot_);
      entered = true;
    }
    answer_one(c, snap, *query, now);
  }
  if (entered) shared_.store->leave(slot_);
}

bool TcpServer::flush(TcpConn& c, int64_t now) {
  if (!c.out.empty()) {
    IoStatus st = write_from(c.fd, c.out);
    if (st == IoStatus::kError) {
      close_conn(c);
      return false;
    }
    if (st == IoStatus::kProgress) c.last_active_ms = now;
  }
  if (c.peer_closed && c.out.empty() && c.in_flight == 0 && !c.in.has_message()) {
    close_conn(c);
    return false;
  }
  update_interest(c);
  return true;
}

void TcpServer::update_interest(TcpConn& c) {
  uint32_t want = 0;
  // A buffered complete message waits for the limits to ease; reading more would only grow
  // the buffer.
  if (!c.peer_closed && !c.in.has_message()) want |= EPOLLIN;
  if (!c.out.empty()) want |= EPOLLOUT;
  if (want == c.events) return;
  c.events = want;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

void TcpServer::close_conn(TcpConn& c) {
  uint64_t id = c.id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
  close(c.fd);
  conns_.erase(id);  // destroys c; its deferred queries' answers will find no connection
}

void TcpServer::on_tick(int64_t now) {
  if (completions_->fd() < 0) take_completions(now);
  expire_deferred(now);
  // The idle sweep walks every connection: a few times per timeout is precise enough.
  int64_t every = std::clamp<int64_t>(limits_.idle_timeout_ms / 4, kTickMs, kIdleSweepMs);
  if (now - last_sweep_ms_ >= every) {
    sweep_idle(now);
    last_sweep_ms_ = now;
  }
  if (accept_resume_ms_ != 0 && now >= accept_resume_ms_) {
    accept_resume_ms_ = 0;
    watch_listeners(true);
    for (size_t i = 0; i < listen_fds_.size(); ++i) accept_all(i, now);
  }
}

void TcpServer::sweep_idle(int64_t now) {
  std::vector<uint64_t> idle;
  for (auto& [id, c] : conns_) {
    if (c->in_flight == 0 &&
        now - c->last_active_ms >= static_cast<int64_t>(limits_.idle_timeout_ms))
      idle.push_back(id);
  }
  for (uint64_t id : idle) close_conn(*conns_.at(id));
}

}  // namespace canon::server
