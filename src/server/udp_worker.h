// UdpWorker: one thread's UDP loop: recvmmsg a batch, answer each query with respond(),
// sendmmsg the answers.
//
//   UdpWorker w(fd, slot, shared);
//   std::thread t([&] { w.run(); });   // returns once shared.stop is set
//
// Every buffer is allocated in the constructor. Per batch the loop makes two syscalls
// (recvmmsg, sendmmsg), two atomic stores and loads to enter and leave the snapshot, and no
// lock or allocation. The query log, when on, adds one write(2) per batch.
//
// Coalescing (`[server] udp-coalesce-usecs`, off by default). Under moderate load each
// datagram arrives alone, so every query pays a wake-up of this thread, a recvmmsg and a
// sendmmsg of one message, and the wake-up of the client (docs/PERFORMANCE.md). With coalescing
// on, a batch of fewer than kCoalesceBelow datagrams is followed by a sleep of that many
// microseconds, so that the next recvmmsg takes what arrived meanwhile: the interrupt
// moderation NICs apply (ethtool rx-usecs). The sleep is skipped when the worker had blocked in
// recvmmsg longer than the wait (traffic that sparse would gain nothing from it), so at low
// rates every query is answered at once; under load a query waits at most the wait.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "server/config.h"
#include "server/deferred.h"
#include "server/snapshot.h"

namespace canon::server {

// What the query threads share: the snapshot, the stop flag and the query-log switch.
struct WorkerShared {
  SnapshotStore* store = nullptr;
  const std::atomic<bool>* stop = nullptr;
  bool query_log = false;
  LogFormat log_format = LogFormat::kText;
  int log_fd = 2;
  DeferredSink* deferred = nullptr;  // takes queries that need network I/O (deferred.h)
};

class UdpWorker {
 public:
  static constexpr size_t kBatch = 64;
  static constexpr size_t kInSize = 4096;  // larger datagrams are cut and answered FORMERR
  // A batch this large already spreads the wake-up and the two syscalls thin: no wait after it,
  // so that coalescing never holds back a server that is busy anyway.
  static constexpr size_t kCoalesceBelow = 16;

  // `slot` is this worker's reader slot in the store. `out_size` is the largest answer
  // (the udp-max-size cap; at least 4096). `coalesce_us`: the wait after a short batch, 0 for
  // none.
  UdpWorker(int fd, size_t slot, const WorkerShared& shared, size_t out_size,
            unsigned coalesce_us = 0);
  UdpWorker(const UdpWorker&) = delete;
  UdpWorker& operator=(const UdpWorker&) = delete;

  void run();
  uint64_t answered() const { return answered_.load(std::memory_order_relaxed); }

 private:
  void prepare_receive();
  unsigned answer_batch(unsigned received);
  void send_batch(unsigned count);
  void log_batch(unsigned received);
  void coalesce(unsigned received, int64_t blocked_us) const;

  int fd_;
  size_t slot_;
  WorkerShared shared_;
  size_t out_size_;
  unsigned coalesce_us_;
  std::vector<uint8_t> in_, out_;
  std::vector<mmsghdr> in_msgs_, out_msgs_;
  std::vector<iovec> in_iov_, out_iov_;
  std::vector<sockaddr_storage> peers_;
  std::vector<uint32_t> out_len_;  // per received message, 0 when dropped
  std::string log_buf_;
  std::atomic<uint64_t> answered_{0};
};

}  // namespace canon::server
