// SnapshotStore: publishes the current catalog to the query threads without ever making a
// reader wait (quiescent-state-based reclamation).
//
//   SnapshotStore store(worker_count);
//   store.publish(std::make_shared<const Snapshot>(...));      // reload thread
//   // in worker i, around each batch:
//   const Snapshot* s = store.enter(i);   // two atomic operations, no lock, no allocation
//   ... answer the batch with *s ...
//   store.leave(i);                       // quiescent: s may be freed after this
//   store.reclaim();                      // reload thread: frees what no reader can still see
//
// Each reader announces the epoch it saw when entering; an old snapshot is released once every
// reader is either quiescent or has entered at the epoch of its replacement or later. A worker
// blocked in recvmmsg is quiescent, so an idle worker never holds a snapshot back.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "auth/responder.h"

namespace canon::server {

struct ViewTable;  // resolver_glue.h

// What a query needs: the zones and the answer options, replaced together on reload.
struct Snapshot {
  std::shared_ptr<const Catalog> catalog;
  AuthOptions options;
  std::shared_ptr<const ViewTable> views;  // with [[view]]s: each view's zones (resolver_glue.h)
  uint64_t generation = 0;                 // 1 for the first catalog, +1 per reload
};

class SnapshotStore {
 public:
  explicit SnapshotStore(size_t readers);
  ~SnapshotStore();

  // Reader side: only reader `slot` may call these, and never nested.
  const Snapshot* enter(size_t slot) {
    Slot& s = slots_[slot];
    s.epoch.store(epoch_.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
    return current_.load(std::memory_order_seq_cst);
  }
  void leave(size_t slot) { slots_[slot].epoch.store(0, std::memory_order_release); }

  // Writer side (any thread; writers serialise on a mutex readers never touch). The store owns
  // `next` from now on; the previous snapshot is retired and freed by a later reclaim().
  void publish(std::shared_ptr<const Snapshot> next);
  // Frees retired snapshots that no reader can hold. Returns how many are still pending.
  size_t reclaim();
  // The current snapshot, for the writer side (reload builds on it).
  std::shared_ptr<const Snapshot> current() const;
  size_t readers() const { return slots_.size(); }

 private:
  struct alignas(64) Slot {          // one cache line per reader: no false sharing
    std::atomic<uint64_t> epoch{0};  // 0: quiescent
  };
  struct Retired {
    std::shared_ptr<const Snapshot> snapshot;
    uint64_t epoch;  // readers at this epoch or later see its replacement
  };

  std::vector<Slot> slots_;
  std::atomic<uint64_t> epoch_{1};
  std::atomic<const Snapshot*> current_{nullptr};
  mutable std::mutex writer_mu_;
  std::shared_ptr<const Snapshot> owner_;  // keeps *current_ alive
  std::vector<Retired> retired_;
};

}  // namespace canon::server
