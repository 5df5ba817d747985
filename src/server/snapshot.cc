#include "server/snapshot.h"

#include <algorithm>

namespace canon::server {

SnapshotStore::SnapshotStore(size_t readers) : slots_(readers) {}

SnapshotStore::~SnapshotStore() = default;

void SnapshotStore::publish(std::shared_ptr<const Snapshot> next) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  current_.store(next.get(), std::memory_order_seq_cst);
  // A reader that loads this epoch (or a later one) entered after the store above, so it can
  // only have loaded `next` or something newer.
  uint64_t e = epoch_.fetch_add(1, std::memory_order_seq_cst) + 1;
  if (owner_) retired_.push_back({std::move(owner_), e});
  owner_ = std::move(next);
}

size_t SnapshotStore::reclaim() {
  std::lock_guard<std::mutex> lock(writer_mu_);
  if (retired_.empty()) return 0;
  // The oldest epoch any active reader announced; quiescent readers hold nothing.
  uint64_t oldest_active = UINT64_MAX;
  for (const Slot& s : slots_) {
    uint64_t e = s.epoch.load(std::memory_order_seq_cst);
    if (e != 0) oldest_active = std::min(oldest_active, e);
  }
  std::erase_if(retired_, [&](const Retired& r) { return r.epoch <= oldest_active; });
  return retired_.size();
}

std::shared_ptr<const Snapshot> SnapshotStore::current() const {
  std::lock_guard<std::mutex> lock(writer_mu_);
  return owner_;
}

}  // namespace canon::server
