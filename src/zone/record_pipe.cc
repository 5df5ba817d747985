#include "zone/record_pipe.h"

#include <cstring>

namespace canon {

namespace {

constexpr size_t kBatchBytes = 64 * 1024;

// The first octet of each record in a batch: which of the rarely changing fields follow.
constexpr uint8_t kNewOwner = 1;  // u8 length, then the owner's wire octets
constexpr uint8_t kNewFile = 2;   // u32 length, then the file name

// The fixed fields, after the owner and file when those are present, then the rdata.
struct Fixed {
  uint16_t type;
  uint16_t cls;
  uint32_t ttl;
  uint32_t line;
  uint32_t col;
  uint32_t rdata_len;
};

void put(std::vector<uint8_t>& out, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  out.insert(out.end(), b, b + n);
}

}  // namespace

void RecordPipe::push(const ParsedRecord& r) {
  auto owner = r.owner.wire();
  uint8_t flags = 0;
  if (owner.size() != owner_len_ || std::memcmp(owner.data(), owner_, owner_len_) != 0) {
    flags |= kNewOwner;
    std::memcpy(owner_, owner.data(), owner.size());
    owner_len_ = owner.size();
  }
  if (!file_sent_ || r.file != file_) {
    flags |= kNewFile;
    file_.assign(r.file);
    file_sent_ = true;
  }
  filling_.push_back(flags);
  if (flags & kNewOwner) {
    filling_.push_back(static_cast<uint8_t>(owner.size()));
    put(filling_, owner.data(), owner.size());
  }
  if (flags & kNewFile) {
    auto len = static_cast<uint32_t>(file_.size());
    put(filling_, &len, sizeof len);
    put(filling_, file_.data(), file_.size());
  }
  Fixed f{static_cast<uint16_t>(r.type),        static_cast<uint16_t>(r.cls), r.ttl, r.line, r.col,
          static_cast<uint32_t>(r.rdata.size())};
  put(filling_, &f, sizeof f);
  put(filling_, r.rdata.data(), r.rdata.size());
  if (filling_.size() >= kBatchBytes) hand_off();
}

void RecordPipe::hand_off() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return full_.size() < max_batches_; });
  full_.push_back(std::move(filling_));
  if (!spare_.empty()) {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    filling_ = Batch();
    filling_.reserve(kBatchBytes + 1024);
  }
  lock.unlock();
  cv_.notify_all();
}

void RecordPipe::close() {
  if (!filling_.empty()) hand_off();
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool RecordPipe::take(Batch& out) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !full_.empty() || closed_; });
  if (full_.empty()) return false;
  out = std::move(full_.front());
  full_.pop_front();
  lock.unlock();
  cv_.notify_all();  // the producer may be waiting for room
  return true;
}

void RecordPipe::recycle(Batch&& b) {
  b.clear();
  std::lock_guard<std::mutex> lock(mu_);
  spare_.push_back(std::move(b));
}

void RecordPipe::drain(const RecordSink& sink) {
  Name owner;
  std::string file;
  Batch b;
  while (take(b)) {
    const uint8_t* p = b.data();
    const uint8_t* end = p + b.size();
    while (p < end) {
      uint8_t flags = *p++;
      if (flags & kNewOwner) {
        size_t len = *p++;
        // The octets came from a Name, so they read back as one.
        owner = *Name::from_wire({p, len});
        p += len;
      }
      if (flags & kNewFile) {
        uint32_t len;
        std::memcpy(&len, p, sizeof len);
        p += sizeof len;
        file.assign(reinterpret_cast<const char*>(p), len);
        p += len;
      }
      Fixed f;
      std::memcpy(&f, p, sizeof f);
      p += sizeof f;
      sink(ParsedRecord{owner, static_cast<RRType>(f.type), static_cast<RRClass>(f.cls), f.ttl,
                        std::span<const uint8_t>(p, f.rdata_len), file, f.line, f.col});
      p += f.rdata_len;
    }
    recycle(std::move(b));
  }
}

}  // namespace canon
