// The zone build's big arrays, on memory chosen for a load that touches 130 MiB of fresh pages
// for a million records. Internal to src/zone.
//
//   SlotTable    fixed-size u64 slots, zero when empty: fresh pages come zeroed from the
//                kernel, so only the slots written are touched (a vector writes every zero)
//   OctetBuffer  a growable octet arena whose shrink_to_fit() keeps the block in place (a
//                vector's copies everything into a fresh block of the exact size)
//   BigVector    a std::vector on HugePageAllocator
//
// Blocks of 2 MiB or more are mapped by the functions below, 2 MiB-aligned and advised for
// transparent huge pages (madvise(MADV_HUGEPAGE), honoured in the THP modes "always" and
// "madvise"), and grown or shrunk by mremap, in place or moved without a copy. On the KVM
// guest of docs/PERFORMANCE.md the 4 KiB page faults of such a load were a quarter of its
// time; a 2 MiB page costs one fault instead of 512, and the served zone's lookups miss the
// TLB less. The cost is at most one partly used huge page per block. Smaller blocks stay on
// malloc, and so under the sanitizers' checks in the unit tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace canon::zone_internal {

inline constexpr size_t kHugePage = size_t{2} << 20;

// A zeroed block of at least `bytes` (>= kHugePage), 2 MiB-aligned, advised huge; throws
// std::bad_alloc when the kernel refuses.
void* map_huge(size_t bytes);
// The block of `old_bytes` at `p` (from map_huge) resized to `new_bytes` (both >= kHugePage):
// in place when it can, else moved by the kernel without copying.
void* remap_huge(void* p, size_t old_bytes, size_t new_bytes);
void unmap_huge(void* p, size_t bytes) noexcept;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    if (n * sizeof(T) >= kHugePage) return static_cast<T*>(map_huge(n * sizeof(T)));
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) >= kHugePage) return unmap_huge(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  friend bool operator==(HugePageAllocator, HugePageAllocator) { return true; }
};

template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

class SlotTable {
 public:
  SlotTable() = default;
  explicit SlotTable(size_t n);
  SlotTable(SlotTable&& o) noexcept { swap(o); }
  SlotTable& operator=(SlotTable&& o) noexcept {
    SlotTable(std::move(o)).swap(*this);
    return *this;
  }
  ~SlotTable();
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint64_t& operator[](size_t i) { return slots_[i]; }
  uint64_t operator[](size_t i) const { return slots_[i]; }
  void swap(SlotTable& o) noexcept {
    std::swap(slots_, o.slots_);
    std::swap(size_, o.size_);
  }
  void release() { *this = SlotTable(); }

 private:
  uint64_t* slots_ = nullptr;
  size_t size_ = 0;
};

class OctetBuffer {
 public:
  OctetBuffer() = default;
  // A moved-from buffer is empty.
  OctetBuffer(OctetBuffer&& o) noexcept { swap(o); }
  OctetBuffer& operator=(OctetBuffer&& o) noexcept {
    OctetBuffer(std::move(o)).swap(*this);
    return *this;
  }
  ~OctetBuffer();

  const uint8_t* data() const { return data_; }
  uint8_t* data() { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }

  void reserve(size_t n) {
    if (n > cap_) regrow(n);
  }
  void append(const uint8_t* p, size_t n) {
    if (n == 0) return;
    if (n > cap_ - size_) regrow(std::max(size_ + n, cap_ * 2));
    std::memcpy(data_ + size_, p, n);
    size_ += n;
  }
  // Appends a copy of the `n` octets at offset `at` of this buffer (at + n <= size()).
  void append_within(size_t at, size_t n) {
    if (n > cap_ - size_) regrow(std::max(size_ + n, cap_ * 2));
    std::memcpy(data_ + size_, data_ + at, n);
    size_ += n;
  }
  // Drops the octets from `n` on; n <= size().
  void truncate(size_t n) { size_ = n; }
  void shrink_to_fit() {
    if (cap_ != size_ && size_ != 0) regrow(size_);
  }
  void swap(OctetBuffer& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
  }

 private:
  void regrow(size_t n);

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

}  // namespace canon::zone_internal
