// Arrays on malloc/calloc/realloc rather than std::vector, for the zone build's big buffers,
// where a vector's zero fill or its copy on shrinking costs fresh pages (page faults were a
// fifth of a million-record load). Internal to src/zone.
//
//   SlotTable    fixed-size u64 slots, zero when empty: calloc's fresh pages come zeroed from
//                the kernel, only the slots written are touched (a vector writes every zero)
//   OctetBuffer  a growable octet arena whose shrink_to_fit() keeps the block: glibc's
//                realloc shrinks in place (a mapped block by mremap), where a vector's
//                shrink_to_fit copies everything into a fresh block of the exact size
//   BigVector    a std::vector whose blocks of 2 MiB or more ask for transparent huge pages
//
// All three ask the kernel for transparent huge pages (madvise(MADV_HUGEPAGE), honoured in the
// THP modes "always" and "madvise") for blocks of 2 MiB or more, before they are touched.
// A million-record load touches about 130 MiB of fresh memory: 33k page faults of 4 KiB, each
// dearer under virtualisation than the work it waits for (a quarter of the load's time on the
// KVM guest of docs/PERFORMANCE.md), against 65 of 2 MiB; the served zone's lookups then also
// miss the TLB less. The cost is at most one partly used huge page per block.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include <sys/mman.h>

namespace canon::zone_internal {

inline constexpr size_t kHugePage = size_t{2} << 20;

// Asks for huge pages under the `bytes` at `p` (a hint: when refused, small pages serve).
inline void advise_huge_pages(void* p, size_t bytes) {
  if (!p || bytes < kHugePage) return;
  constexpr uintptr_t kPage = 4096;
  const auto begin = reinterpret_cast<uintptr_t>(p) & ~(kPage - 1);
  const auto end = (reinterpret_cast<uintptr_t>(p) + bytes + kPage - 1) & ~(kPage - 1);
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    T* p = std::allocator<T>{}.allocate(n);
    advise_huge_pages(p, n * sizeof(T));
    return p;
  }
  void deallocate(T* p, size_t n) noexcept { std::allocator<T>{}.deallocate(p, n); }
  friend bool operator==(HugePageAllocator, HugePageAllocator) { return true; }
};

template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

struct MallocFree {
  void operator()(void* p) const { std::free(p); }
};

class SlotTable {
 public:
  SlotTable() = default;
  explicit SlotTable(size_t n)
      : slots_(static_cast<uint64_t*>(std::calloc(n, sizeof(uint64_t)))), size_(n) {
    if (!slots_) throw std::bad_alloc();
    advise_huge_pages(slots_.get(), n * sizeof(uint64_t));
  }
  SlotTable(SlotTable&& o) noexcept { swap(o); }
  SlotTable& operator=(SlotTable&& o) noexcept {
    SlotTable(std::move(o)).swap(*this);
    return *this;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint64_t& operator[](size_t i) { return slots_.get()[i]; }
  uint64_t operator[](size_t i) const { return slots_.get()[i]; }
  void swap(SlotTable& o) noexcept {
    slots_.swap(o.slots_);
    std::swap(size_, o.size_);
  }
  void release() { *this = SlotTable(); }

 private:
  std::unique_ptr<uint64_t, MallocFree> slots_;
  size_t size_ = 0;
};

class OctetBuffer {
 public:
  OctetBuffer() = default;
  // A moved-from buffer is empty (the defaults would leave its size behind).
  OctetBuffer(OctetBuffer&& o) noexcept
      : data_(std::move(o.data_)),
        size_(std::exchange(o.size_, 0)),
        cap_(std::exchange(o.cap_, 0)) {}
  OctetBuffer& operator=(OctetBuffer&& o) noexcept {
    data_ = std::move(o.data_);
    size_ = std::exchange(o.size_, 0);
    cap_ = std::exchange(o.cap_, 0);
    return *this;
  }

  const uint8_t* data() const { return data_.get(); }
  uint8_t* data() { return data_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }

  void reserve(size_t n) {
    if (n > cap_) regrow(n);
  }
  void append(const uint8_t* p, size_t n) {
    if (n == 0) return;
    if (n > cap_ - size_) regrow(std::max(size_ + n, cap_ * 2));
    std::memcpy(data_.get() + size_, p, n);
    size_ += n;
  }
  // Appends a copy of the `n` octets at offset `at` of this buffer (at + n <= size()).
  void append_within(size_t at, size_t n) {
    if (n > cap_ - size_) regrow(std::max(size_ + n, cap_ * 2));
    std::memcpy(data_.get() + size_, data_.get() + at, n);
    size_ += n;
  }
  // Drops the octets from `n` on; n <= size().
  void truncate(size_t n) { size_ = n; }
  void shrink_to_fit() {
    if (cap_ != size_ && size_ != 0) regrow(size_);
  }

 private:
  void regrow(size_t n) {
    void* p = std::realloc(data_.get(), n);
    if (!p) throw std::bad_alloc();
    (void)data_.release();
    data_.reset(static_cast<uint8_t*>(p));
    if (n > cap_) advise_huge_pages(p, n);
    cap_ = n;
  }

  std::unique_ptr<uint8_t, MallocFree> data_;
  size_t size_ = 0;
  size_t cap_ = 0;
};

}  // namespace canon::zone_internal
