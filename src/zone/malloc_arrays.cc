#include "zone/malloc_arrays.h"

#include <sys/mman.h>

#include <algorithm>

namespace canon::zone_internal {

namespace {

size_t huge_round(size_t n) {
  return (n + kHugePage - 1) & ~(kHugePage - 1);
}

uintptr_t address(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// A block from malloc (small) or map_huge (kHugePage or more), as OctetBuffer and SlotTable
// choose by their capacity in octets.
void release_block(void* p, size_t bytes) noexcept {
  if (bytes >= kHugePage) {
    unmap_huge(p, bytes);
  } else {
    std::free(p);
  }
}

}  // namespace

void* map_huge(size_t bytes) {
  const size_t len = huge_round(bytes);
  // One huge page more than needed, then the ends trimmed: what is left is aligned.
  void* raw =
      mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t begin = (address(raw) + kHugePage - 1) & ~(kHugePage - 1);
  if (begin > address(raw)) munmap(raw, begin - address(raw));
  const uintptr_t end = address(raw) + len + kHugePage;
  if (end > begin + len) munmap(reinterpret_cast<void*>(begin + len), end - begin - len);
  auto* p = reinterpret_cast<void*>(begin);
  (void)madvise(p, len, MADV_HUGEPAGE);  // a hint: refused, small pages serve
  return p;
}

void* remap_huge(void* p, size_t old_bytes, size_t new_bytes) {
  const size_t from = huge_round(old_bytes), to = huge_round(new_bytes);
  if (from == to) return p;
  // A moved mapping keeps its advice.
  void* q = mremap(p, from, to, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) throw std::bad_alloc();
  return q;
}

void unmap_huge(void* p, size_t bytes) noexcept {
  if (p) munmap(p, huge_round(bytes));
}

SlotTable::SlotTable(size_t n) : size_(n) {
  const size_t bytes = n * sizeof(uint64_t);
  void* p = bytes >= kHugePage ? map_huge(bytes) : std::calloc(n, sizeof(uint64_t));
  if (!p && n) throw std::bad_alloc();
  slots_ = static_cast<uint64_t*>(p);
}

SlotTable::~SlotTable() {
  release_block(slots_, size_ * sizeof(uint64_t));
}

OctetBuffer::~OctetBuffer() {
  release_block(data_, cap_);
}

// Both sides mapped: mremap. Both on malloc: realloc (in place when it can). Across the
// threshold: a new block and one copy of the octets held.
void OctetBuffer::regrow(size_t n) {
  const bool was_big = cap_ >= kHugePage, big = n >= kHugePage;
  void* p = nullptr;
  if (was_big && big) {
    p = remap_huge(data_, cap_, n);
  } else if (!was_big && !big) {
    p = std::realloc(data_, n);
    if (!p) throw std::bad_alloc();
  } else {
    p = big ? map_huge(n) : std::malloc(n);
    if (!p) throw std::bad_alloc();
    if (size_) std::memcpy(p, data_, std::min(size_, n));
    release_block(data_, cap_);
  }
  data_ = static_cast<uint8_t*>(p);
  cap_ = n;
}

}  // namespace canon::zone_internal
