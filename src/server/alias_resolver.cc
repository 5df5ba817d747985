#include "server/alias_resolver.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "resolver/stub_client.h"
#include "server/resolver_glue.h"
#include "wire/message.h"

namespace canon::server {

struct AliasResolver::Fetch {
  std::string key;
  Name target;  // the ALIAS target: the cache key
  Name asking;  // the name asked now (the target, or where a CNAME chain led)
  RRType type = RRType::A;
  uint32_t ttl_cap = UINT32_MAX;
  int restarts = 0;
  int tries = 0;
  int fd = -1;
  uint16_t id = 0;
  size_t upstream = 0;
  int64_t started_ms = 0;
  int64_t try_deadline_ms = 0;
  std::string last_error = "no answer";
  std::vector<DeferredQuery> waiters;
};

namespace {

std::string fetch_key(const Name& target, RRType type) {
  Name low = target.lowered();
  std::string k(reinterpret_cast<const char*>(low.wire().data()), low.wire_size());
  k += static_cast<char>(static_cast<uint16_t>(type) >> 8);
  k += static_cast<char>(static_cast<uint16_t>(type) & 0xff);
  return k;
}

// Answers ALIAS lookups from a result just fetched (it may have a TTL of 0, so the cache
// would not give it back), and everything else from the cache.
class FreshSource : public AliasSource {
 public:
  FreshSource(const AliasCache& cache, const Name* target, const AliasAddresses* fresh)
      : cache_(cache), target_(target), fresh_(fresh) {}
  void find(const Name& target, RRType type, AliasAddresses* out) const override {
    if (fresh_ && type == fresh_->type && target == *target_) {
      *out = *fresh_;
      return;
    }
    cache_.find(target, type, out);
  }

 private:
  const AliasCache& cache_;
  const Name* target_;
  const AliasAddresses* fresh_;
};

uint32_t read_u32(const std::vector<uint8_t>& p, size_t at) {
  return (uint32_t{p[at]} << 24) | (uint32_t{p[at + 1]} << 16) | (uint32_t{p[at + 2]} << 8) |
         p[at + 3];
}

// RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); none without a SOA.
uint32_t negative_ttl(const Message& m) {
  for (const auto& rr : m.authority) {
    if (rr.type == RRType::SOA && rr.rdata.size() >= 4)
      return std::min(rr.ttl, read_u32(rr.rdata, rr.rdata.size() - 4));
  }
  return 0;
}

bool has_soa(const Message& m) {
  return std::any_of(m.authority.begin(), m.authority.end(),
                     [](const ResourceRecord& rr) { return rr.type == RRType::SOA; });
}

}  // namespace

AliasResolver::AliasResolver(std::vector<ListenAddress> upstreams, AliasCache* cache,
                             SnapshotStore* store, Logger& log)
    : upstreams_(std::move(upstreams)),
      cache_(cache),
      store_(store),
      log_(log),
      answer_buf_(65535) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = event_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, event_fd_, &ev);
}

AliasResolver::~AliasResolver() {
  for (auto& [key, f] : fetches_) close_socket(*f);
  if (event_fd_ >= 0) close(event_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool AliasResolver::submit(DeferredQuery&& q) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= kMaxQueue) return false;
    queue_.push_back(std::move(q));
  }
  uint64_t one = 1;
  ssize_t n = write(event_fd_, &one, sizeof one);
  (void)n;  // EAGAIN only when the counter is near 2^64: the loop is awake anyway
  return true;
}

void AliasResolver::run(const std::atomic<bool>* stop) {
  epoll_event events[64];
  while (!stop->load(std::memory_order_relaxed)) {
    int n = epoll_wait(epoll_fd_, events, 64, 50);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == event_fd_) {
        uint64_t count;
        ssize_t r = read(event_fd_, &count, sizeof count);
        (void)r;
        drain_queue();
        continue;
      }
      auto it = by_fd_.find(fd);
      if (it != by_fd_.end()) on_readable(*it->second);
    }
    check_deadlines();
  }
  // Stopping: nobody will answer these; TCP waiters are released at once.
  std::deque<DeferredQuery> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    left.swap(queue_);
  }
  taken_cv_.notify_all();  // a reconfigure() waiting now would wait in vain
  for (auto& q : left) q.reply({});
  for (auto& q : backlog_) q.reply({});
  backlog_.clear();
  for (auto& [key, f] : fetches_) {
    for (auto& w : f->waiters) w.reply({});
    close_socket(*f);
  }
  fetches_.clear();
}

void AliasResolver::reconfigure(std::vector<ListenAddress> upstreams,
                                std::chrono::milliseconds wait) {
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    new_upstreams_ = std::move(upstreams);
    ticket = ++asked_;
  }
  uint64_t one = 1;
  ssize_t n = write(event_fd_, &one, sizeof one);
  (void)n;
  std::unique_lock<std::mutex> lock(mu_);
  taken_cv_.wait_for(lock, wait, [&] { return taken_ >= ticket || stopping_; });
}

void AliasResolver::drain_queue() {
  std::deque<DeferredQuery> batch;
  std::optional<std::vector<ListenAddress>> upstreams;
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(queue_);
    upstreams.swap(new_upstreams_);
    ticket = asked_;
  }
  if (upstreams) {
    apply_upstreams(std::move(*upstreams));
    {
      std::lock_guard<std::mutex> lock(mu_);
      taken_ = ticket;
    }
    taken_cv_.notify_all();
  }
  for (auto& q : batch) take(std::move(q));
}

// On the resolver thread, the cache's only writer.
void AliasResolver::apply_upstreams(std::vector<ListenAddress> upstreams) {
  cache_->clear();
  if (upstreams.empty()) return;
  upstreams_ = std::move(upstreams);
  next_upstream_ = 0;
  // start_try() may finish a fetch (and erase it) when a socket fails: keys first.
  std::vector<std::string> keys;
  for (const auto& [key, f] : fetches_) keys.push_back(key);
  for (const auto& key : keys) {
    auto it = fetches_.find(key);
    if (it == fetches_.end()) continue;
    Fetch& f = *it->second;
    f.started_ms = AliasCache::now_ms();
    f.tries = 0;
    f.upstream = next_upstream_++;
    start_try(f);
  }
}

// A query joins the fetch for its target, starting one when none runs. The cache is asked
// again first: a fetch may have finished while the query sat in the queue.
void AliasResolver::take(DeferredQuery q) {
  if (answer_now(q, nullptr, true)) return;
  std::string key = fetch_key(q.need.target, q.need.type);
  auto it = fetches_.find(key);
  if (it != fetches_.end()) {
    it->second->waiters.push_back(std::move(q));
    return;
  }
  if (fetches_.size() >= kMaxFetches) {
    if (backlog_.size() < kMaxQueue) backlog_.push_back(std::move(q));  // else dropped
    return;
  }
  auto f = std::make_unique<Fetch>();
  f->key = key;
  f->target = q.need.target;
  f->asking = q.need.target;
  f->type = q.need.type;
  f->started_ms = AliasCache::now_ms();
  f->upstream = next_upstream_++;
  f->waiters.push_back(std::move(q));
  Fetch& ref = *f;
  fetches_.emplace(key, std::move(f));
  start_try(ref);
}

// Answers `q` from the current zones and the cache (plus `fresh`, a result just fetched).
// Returns false when it still needs the network (only when `may_defer`); q.need then says for
// what. Without `may_defer` a target still unknown answers SERVFAIL.
bool AliasResolver::answer_now(DeferredQuery& q, const AliasAddresses* fresh, bool may_defer) {
  auto snap = store_->current();
  if (!snap) {
    q.reply({});
    return true;
  }
  AuthOptions opt = snap->options;
  FreshSource source(*cache_, &q.need.target, fresh);
  opt.alias = &source;
  Deferral d;
  Snapshot view_of_client = *snap;  // respond_to() picks the client's view, if any
  view_of_client.options = opt;
  size_t n = respond_to(view_of_client, q.client, q.transport, q.packet, answer_buf_,
                        may_defer ? &d : nullptr);
  if (n == 0 && d.needed && !d.alias) {  // the zones changed meanwhile: no resolver here
    n = respond_to(view_of_client, q.client, q.transport, q.packet, answer_buf_, nullptr);
  } else if (n == 0 && d.needed) {
    q.need = d;
    return false;
  }
  q.reply({answer_buf_.data(), n});
  return true;
}

void AliasResolver::start_try(Fetch& f) {
  close_socket(f);
  if (upstreams_.empty()) {  // a query taken before the first upstream was configured
    f.tries = 1 << 20;
    next_try(f, "no ALIAS upstream configured");
    return;
  }
  const ListenAddress& up = upstreams_[f.upstream % upstreams_.size()];
  ++f.tries;
  int64_t now = AliasCache::now_ms();
  f.try_deadline_ms = std::min(now + kTryMs, f.started_ms + kDeadlineMs);
  int fd = socket(up.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    next_try(f, std::strerror(errno));
    return;
  }
  f.fd = fd;
  by_fd_[fd] = &f;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  if (getrandom(&f.id, sizeof f.id, 0) != sizeof f.id) f.id ^= static_cast<uint16_t>(now);
  Message m = make_query(f.asking, f.type, /*rd=*/true, 1232);
  m.header.id = f.id;
  std::vector<uint8_t> wire = m.encode();
  // connect(): the kernel drops datagrams from anyone but the upstream (RFC 5452 §9.1).
  if (connect(fd, up.sockaddr_ptr(), up.length) != 0 ||
      send(fd, wire.data(), wire.size(), 0) != static_cast<ssize_t>(wire.size())) {
    next_try(f, fmt::format("{}: {}", up.to_string(), std::strerror(errno)));
  }
}

void AliasResolver::on_readable(Fetch& f) {
  for (;;) {
    ssize_t n = recv(f.fd, answer_buf_.data(), answer_buf_.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n < 0) {  // ICMP unreachable comes back as ECONNREFUSED on a connected socket
      const ListenAddress& up = upstreams_[f.upstream % upstreams_.size()];
      next_try(f, fmt::format("{}: {}", up.to_string(), std::strerror(errno)));
      return;
    }
    std::vector<uint8_t> packet(answer_buf_.begin(), answer_buf_.begin() + n);
    if (on_response(f, packet)) return;  // f may be gone
  }
}

// Returns true when the response was taken (f may then be finished and destroyed), false
// when it was ignored (not ours, or unreadable) and the wait goes on.
bool AliasResolver::on_response(Fetch& f, std::span<const uint8_t> packet) {
  auto m = Message::decode(packet);
  if (!m || !m->header.qr || m->header.id != f.id || m->questions.size() != 1) return false;
  const Question& q = m->questions[0];
  if (!(q.name == f.asking) || q.type != f.type || q.cls != RRClass::IN) return false;
  if (m->header.tc) {
    next_try(f, "truncated answer");
    return true;
  }
  Rcode rc = m->rcode();
  if (rc != Rcode::NOERROR && rc != Rcode::NXDOMAIN) {
    next_try(f, "upstream answered " + to_string(rc));
    return true;
  }
  Name name = f.asking;
  uint32_t ttl = f.ttl_cap;
  for (int hop = 0; hop < 16; ++hop) {  // the CNAME chain inside the answer
    auto it = std::find_if(m->answer.begin(), m->answer.end(), [&](const ResourceRecord& rr) {
      return rr.type == RRType::CNAME && rr.owner == name;
    });
    if (it == m->answer.end()) break;
    auto next = Name::from_wire(it->rdata);
    if (!next) break;
    ttl = std::min(ttl, it->ttl);
    name = *next;
  }
  AliasAddresses result;
  result.type = f.type;
  size_t size = result.rdata_size();
  uint32_t addr_ttl = ttl;
  for (const auto& rr : m->answer) {
    if (rr.type != f.type || !(rr.owner == name) || rr.rdata.size() != size) continue;
    if (result.count == kAliasMaxRecords) break;
    std::memcpy(result.rdata + result.count * size, rr.rdata.data(), size);
    ++result.count;
    addr_ttl = std::min(addr_ttl, rr.ttl);
  }
  if (result.count > 0) {
    result.status = AliasStatus::kAddresses;
    result.ttl = addr_ttl;
    cache_->store_addresses(f.target, f.type, addr_ttl, {result.rdata, result.count * size},
                            result.count);
    finish(f, result);
    return true;
  }
  if (rc == Rcode::NXDOMAIN || has_soa(*m)) {
    result.status = AliasStatus::kNoData;
    result.ttl = std::min(ttl, negative_ttl(*m));
    cache_->store_negative(f.target, f.type, result.ttl);
    finish(f, result);
    return true;
  }
  if (!(name == f.asking) && f.restarts < kMaxRestarts) {  // the chain left the upstream's data
    f.asking = name;
    f.ttl_cap = ttl;
    ++f.restarts;
    start_try(f);
    return true;
  }
  next_try(f, "answer with neither data nor SOA");
  return true;
}

void AliasResolver::next_try(Fetch& f, const std::string& why) {
  close_socket(f);
  f.last_error = why;
  int64_t now = AliasCache::now_ms();
  size_t max_tries = std::max<size_t>(3, 2 * upstreams_.size());
  if (now - f.started_ms >= kDeadlineMs || static_cast<size_t>(f.tries) >= max_tries) {
    log_failure(f, why);
    cache_->store_failure(f.target, f.type);
    AliasAddresses failed;
    failed.status = AliasStatus::kFailed;
    failed.type = f.type;
    finish(f, failed);
    return;
  }
  ++f.upstream;
  start_try(f);
}

void AliasResolver::finish(Fetch& f, const AliasAddresses& result) {
  close_socket(f);
  std::vector<DeferredQuery> waiters = std::move(f.waiters);
  Name target = f.target;
  std::string key = f.key;
  fetches_.erase(key);  // destroys f
  bool fresh = result.status == AliasStatus::kAddresses || result.status == AliasStatus::kNoData;
  for (auto& w : waiters) {
    if (!(w.need.target == target) || w.need.type != result.type) {
      take(std::move(w));  // a reload moved its ALIAS meanwhile
      continue;
    }
    // A failure is answered from the cache, which knows about serve-stale.
    answer_now(w, fresh ? &result : nullptr, false);
  }
  while (!backlog_.empty() && fetches_.size() < kMaxFetches) {
    DeferredQuery q = std::move(backlog_.front());
    backlog_.pop_front();
    take(std::move(q));
  }
}

void AliasResolver::close_socket(Fetch& f) {
  if (f.fd < 0) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, f.fd, nullptr);
  by_fd_.erase(f.fd);
  close(f.fd);
  f.fd = -1;
}

void AliasResolver::check_deadlines() {
  int64_t now = AliasCache::now_ms();
  std::vector<std::string> due;
  for (auto& [key, f] : fetches_)
    if (now >= f->try_deadline_ms) due.push_back(key);
  for (const auto& key : due) {
    auto it = fetches_.find(key);
    if (it != fetches_.end()) next_try(*it->second, "timed out");
  }
}

void AliasResolver::log_failure(const Fetch& f, const std::string& why) {
  log_.warning(fmt::format("ALIAS target {} {}: no upstream answered after {} tries ({})",
                           f.target.to_string(), to_string(f.type), f.tries, why));
}

}  // namespace canon::server
