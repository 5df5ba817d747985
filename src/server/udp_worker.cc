#include "server/udp_worker.h"

#include <sys/prctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>

#include "server/log.h"
#include "server/query_log.h"
#include "server/resolver_glue.h"

namespace canon::server {

namespace {

int64_t monotonic_us() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);  // vDSO: no syscall
  return int64_t{t.tv_sec} * 1000000 + t.tv_nsec / 1000;
}

}  // namespace

UdpWorker::UdpWorker(int fd, size_t slot, const WorkerShared& shared, size_t out_size,
                     unsigned coalesce_us)
    : fd_(fd),
      slot_(slot),
      shared_(shared),
      out_size_(std::max<size_t>(out_size, 4096)),
      coalesce_us_(coalesce_us),
      in_(kBatch * kInSize),
      out_(kBatch * out_size_),
      in_msgs_(kBatch),
      out_msgs_(kBatch),
      in_iov_(kBatch),
      out_iov_(kBatch),
      peers_(kBatch),
      out_len_(kBatch) {
  for (size_t i = 0; i < kBatch; ++i) {
    in_iov_[i] = {in_.data() + i * kInSize, kInSize};
    in_msgs_[i].msg_hdr.msg_iov = &in_iov_[i];
    in_msgs_[i].msg_hdr.msg_iovlen = 1;
    in_msgs_[i].msg_hdr.msg_name = &peers_[i];
  }
  if (shared_.query_log) log_buf_.reserve(kBatch * 256);
}

void UdpWorker::prepare_receive() {
  for (size_t i = 0; i < kBatch; ++i) {
    in_msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    in_msgs_[i].msg_hdr.msg_flags = 0;
  }
}

void UdpWorker::run() {
  // The default timer slack (50 µs) would stretch a short wait by half again or more.
  if (coalesce_us_ != 0) prctl(PR_SET_TIMERSLACK, 1000UL);
  while (!shared_.stop->load(std::memory_order_relaxed)) {
    prepare_receive();
    int64_t before = coalesce_us_ ? monotonic_us() : 0;
    // MSG_WAITFORONE: block for the first datagram, then take whatever else is queued.
    int n = recvmmsg(fd_, in_msgs_.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) continue;  // timeout (checks stop), EINTR, or a transient error
    int64_t blocked = coalesce_us_ ? monotonic_us() - before : 0;
    unsigned received = static_cast<unsigned>(n);
    unsigned answers = answer_batch(received);
    send_batch(answers);
    if (shared_.query_log) log_batch(received);
    coalesce(received, blocked);
  }
}

void UdpWorker::coalesce(unsigned received, int64_t blocked_us) const {
  if (coalesce_us_ == 0 || received >= kCoalesceBelow) return;
  // Blocked longer than the wait: queries come too seldom for a wait to gather any, so it
  // would cost a timer wake-up and gain nothing.
  if (blocked_us >= static_cast<int64_t>(coalesce_us_)) return;
  timespec wait{0, static_cast<long>(coalesce_us_) * 1000};
  nanosleep(&wait, nullptr);  // EINTR (a signal) only shortens the wait
}

unsigned UdpWorker::answer_batch(unsigned received) {
  const Snapshot* snap = shared_.store->enter(slot_);
  unsigned answers = 0;
  for (unsigned i = 0; i < received; ++i) {
    std::span<const uint8_t> query(in_.data() + i * kInSize, in_msgs_[i].msg_len);
    std::span<uint8_t> out(out_.data() + i * out_size_, out_size_);
    Deferral defer;
    // From the zones, or a resolver cache hit now; else deferred to another thread.
    size_t len = snap ? respond_or_cached(*snap, shared_.deferred, peers_[i], Transport::kUdp,
                                          query, out, &defer)
                      : 0;
    if (defer.needed && len == 0)  // another thread answers it on this socket (deferred.h)
      defer_udp(shared_.deferred, fd_, peers_[i], in_msgs_[i].msg_hdr.msg_namelen, query, defer);
    out_len_[i] = static_cast<uint32_t>(len);
    if (len == 0) continue;
    out_iov_[answers] = {out.data(), len};
    msghdr& h = out_msgs_[answers].msg_hdr;
    h = {};
    h.msg_name = &peers_[i];
    h.msg_namelen = in_msgs_[i].msg_hdr.msg_namelen;
    h.msg_iov = &out_iov_[answers];
    h.msg_iovlen = 1;
    ++answers;
  }
  shared_.store->leave(slot_);
  return answers;
}

void UdpWorker::send_batch(unsigned count) {
  unsigned sent = 0;
  while (sent < count) {
    int n = sendmmsg(fd_, out_msgs_.data() + sent, count - sent, 0);
    if (n > 0) {
      sent += static_cast<unsigned>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      ++sent;  // the first message failed (e.g. an unreachable peer): skip it, send the rest
    }
  }
  answered_.fetch_add(count, std::memory_order_relaxed);
}

void UdpWorker::log_batch(unsigned received) {
  std::string now = utc_timestamp();
  log_buf_.clear();
  for (unsigned i = 0; i < received; ++i) {
    std::span<const uint8_t> query(in_.data() + i * kInSize, in_msgs_[i].msg_len);
    std::span<const uint8_t> answer(out_.data() + i * out_size_, out_len_[i]);
    append_query_line(log_buf_, shared_.log_format, now, peers_[i], Transport::kUdp, query, answer);
  }
  write_all(shared_.log_fd, log_buf_);
}

}  // namespace canon::server
