#include "server/alias_cache.h"

#include <time.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>

namespace canon::server {

namespace {

enum : uint8_t { kEmpty = 0, kHasAddresses = 1, kHasNoData = 2, kFailureOnly = 3 };

uint64_t make_tag(size_t hash, RRType type) {
  // Never 0, which marks an empty slot.
  return (static_cast<uint64_t>(hash) << 16 | static_cast<uint16_t>(type)) | (1ull << 63);
}

size_t words_for(size_t bytes) {
  return (bytes + 7) / 8;
}

size_t record_size(RRType type) {
  return type == RRType::AAAA ? 16 : 4;
}

RRType tag_type(uint64_t tag) {
  return static_cast<RRType>(static_cast<uint16_t>(tag));
}

// meta: the status, the key's length and the record count in one word, so that a reader never
// pairs one write's lengths with another's.
uint64_t make_meta(uint8_t status, size_t key_len, size_t count) {
  return status | uint64_t{key_len} << 8 | uint64_t{count} << 16;
}
uint8_t meta_status(uint64_t m) {
  return static_cast<uint8_t>(m);
}
size_t meta_key_len(uint64_t m) {
  return static_cast<uint8_t>(m >> 8);
}
size_t meta_count(uint64_t m) {
  return std::min<size_t>(static_cast<uint16_t>(m >> 16), kAliasMaxRecords);
}

}  // namespace

struct alignas(AliasCache::kEntrySize) AliasCache::Entry {
  std::atomic<uint64_t> seq{0};  // odd while the writer is inside
  std::atomic<uint64_t> tag{0};  // make_tag(hash of the lowered name, type); 0: empty
  std::atomic<uint64_t> meta{0};
  std::atomic<int64_t> expires_ms{0};
  std::atomic<int64_t> failed_until_ms{0};
  // The key (lowered wire form, zero-padded to words), then the records; what does not fit
  // goes on in the slot's spill_ block.
  std::atomic<uint64_t> data[kInlineWords] = {};
};

static_assert(sizeof(AliasCache::Entry) == AliasCache::kEntrySize);
static_assert(offsetof(AliasCache::Entry, data) <= 64, "the head shares the first cache line");
static_assert(kAliasMaxRdata % 8 == 0);

struct AliasCache::Payload {
  uint64_t tag = 0;
  uint64_t meta = 0;
  int64_t expires_ms = 0;
  int64_t failed_until_ms = 0;
  uint64_t data[kDataWords] = {};

  uint8_t status() const { return meta_status(meta); }
  // Addresses stay servable as stale this long after they expire (RFC 8767).
  int64_t stale_until_ms() const {
    return status() == kHasAddresses ? expires_ms + kMaxStaleMs : 0;
  }
  // When the entry stops being worth anything: the victim for a new key is the least useful.
  int64_t useful_until_ms() const {
    return std::max({expires_ms, stale_until_ms(), failed_until_ms});
  }
  // Key, type and status; the records follow with set_records().
  void set_key(const Name& low, RRType type, uint8_t status) {
    tag = make_tag(low.hash(), type);
    meta = make_meta(status, low.wire_size(), 0);
    std::memcpy(data, low.wire().data(), low.wire_size());
  }
  void set_records(std::span<const uint8_t> rdata, size_t count) {
    size_t key_len = meta_key_len(meta);
    meta = make_meta(status(), key_len, count);
    std::memcpy(data + words_for(key_len), rdata.data(), rdata.size());
  }
  bool holds(const Name& low, uint64_t t) const {
    return tag == t && meta_key_len(meta) == low.wire_size() &&
           std::memcmp(data, low.wire().data(), low.wire_size()) == 0;
  }
  // The words of key and records in use.
  size_t data_words() const {
    if (tag == 0) return 0;
    return words_for(meta_key_len(meta)) + words_for(meta_count(meta) * record_size(tag_type(tag)));
  }
};

struct AliasCache::Head {
  uint64_t meta;
  int64_t expires_ms;
  int64_t failed_until_ms;
};

AliasCache::AliasCache(size_t capacity, bool serve_stale) : serve_stale_(serve_stale) {
  size_t n = 64;
  while (n < capacity) n <<= 1;
  mask_ = n - 1;
  entries_ = std::make_unique<Entry[]>(n);
  spill_ = std::make_unique<std::atomic<uint64_t>[]>(n * kSpillWords);
}

AliasCache::~AliasCache() = default;

int64_t AliasCache::now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Word `i` of the slot's key-and-records area: in the entry itself for a common target's key
// and records, in the slot's spill_ block past kInlineWords.
inline uint64_t AliasCache::data_word(size_t slot, size_t i) const {
  if (i < kInlineWords) [[likely]]
    return entries_[slot].data[i].load(std::memory_order_relaxed);
  return spill_[slot * kSpillWords + i - kInlineWords].load(std::memory_order_relaxed);
}

namespace {

// Word `i` of `key` as an entry stores it: octets [8i, 8i + 8), zero past the end.
inline uint64_t key_word(std::span<const uint8_t> key, size_t i) {
  uint64_t w = 0;
  size_t left = key.size() - 8 * i;
  if (left >= 8) {
    std::memcpy(&w, key.data() + 8 * i, 8);
  } else if (std::endian::native == std::endian::little && key.size() >= 8) {
    // The last word: the name's last 8 octets in one load, shifted down past the ones that
    // belong to the word before (no copy loop, which the compiler makes a memcpy call).
    std::memcpy(&w, key.data() + key.size() - 8, 8);
    w >>= 8 * (8 - left);
  } else {
    uint8_t tail[8] = {};
    for (size_t j = 0; j < left; ++j) tail[j] = key[8 * i + j];
    std::memcpy(&w, tail, 8);
  }
  return w;
}

}  // namespace

// The stored key is lowered; the name asked for may have any case (RFC 4343). Names from zone
// files are mostly lower case already, so the word compare in probe() settles most probes and
// this runs only when it failed.
bool AliasCache::same_key_lowered(size_t slot, std::span<const uint8_t> key) const {
  for (size_t i = 0; i < key.size(); i += 8) {
    uint64_t w = data_word(slot, i / 8);
    uint8_t stored[8];
    std::memcpy(stored, &w, 8);
    for (size_t j = 0; j < 8 && i + j < key.size(); ++j)
      if (stored[j] != ascii_lower(key[i + j])) return false;
  }
  return true;
}

// One consistent look at the slot: empty, another key, or `key` (type in `tag`) with its head
// in `h` and, for addresses, its records (`record_size` octets each) copied to `rdata`. Word by
// word, nothing copied twice: this is most of what a cached ALIAS answer costs.
[[gnu::always_inline]] inline AliasCache::Probe AliasCache::probe(size_t slot, uint64_t tag,
                                                                  std::span<const uint8_t> key,
                                                                  size_t record_size, Head* h,
                                                                  uint8_t* rdata) const {
  const Entry& e = entries_[slot];
  for (;;) {
    uint64_t s1 = e.seq.load(std::memory_order_acquire);
    if (s1 & 1) continue;  // the writer is inside: a handful of stores, spin
    uint64_t t = e.tag.load(std::memory_order_relaxed);
    Probe found = t == 0 ? Probe::kEmpty : Probe::kOther;
    h->meta = e.meta.load(std::memory_order_relaxed);
    if (t == tag && meta_key_len(h->meta) == key.size()) {
      h->expires_ms = e.expires_ms.load(std::memory_order_relaxed);
      h->failed_until_ms = e.failed_until_ms.load(std::memory_order_relaxed);
      size_t key_words = words_for(key.size());
      size_t n =
          meta_status(h->meta) == kHasAddresses ? words_for(meta_count(h->meta) * record_size) : 0;
      // Compares the key and copies the records with `word(i)` reading the entry's words; one
      // instance reads the entry alone (the common case), the other its overflow block too.
      auto match = [&](auto word) {
        uint64_t diff = 0;
        size_t full = key.size() / 8;
        for (size_t i = 0; i < full; ++i) {
          uint64_t k;
          std::memcpy(&k, key.data() + 8 * i, 8);
          diff |= word(i) ^ k;
        }
        if (full < key_words) diff |= word(full) ^ key_word(key, full);
        if (diff != 0 && !same_key_lowered(slot, key)) return false;
        for (size_t i = 0; i < n; ++i) {
          uint64_t w = word(key_words + i);
          std::memcpy(rdata + 8 * i, &w, 8);
        }
        return true;
      };
      bool same = key_words + n <= kInlineWords
                      ? match([&](size_t i) { return e.data[i].load(std::memory_order_relaxed); })
                      : match([&](size_t i) { return data_word(slot, i); });
      if (same) found = Probe::kMatch;
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e.seq.load(std::memory_order_relaxed) == s1) return found;
  }
}

// Both cache lines of the first slot a probe for `hash` reads.
void AliasCache::prefetch(size_t hash) const {
  const char* e = reinterpret_cast<const char*>(&entries_[hash & mask_]);
  __builtin_prefetch(e);
  __builtin_prefetch(e + 64);
}

void AliasCache::find_hashed(std::span<const uint8_t> target, size_t hash, RRType type,
                             AliasAddresses* out) const {
  // hash is target.hash(): case-insensitive, so equal to the stored lowered key's.
  size_t slot = hash & mask_;  // prefetched by find(), or by respond() through prefetch()
  out->status = AliasStatus::kMiss;
  out->type = type;
  out->count = 0;
  uint64_t tag = make_tag(hash, type);
  Head h;
  for (size_t k = 0;; ++k) {
    Probe p = probe(slot, tag, target, record_size(type), &h, out->rdata);
    if (p == Probe::kMatch) break;
    if (p == Probe::kEmpty || k + 1 == kProbe) return;
    slot = (slot + 1) & mask_;
  }
  int64_t now = now_ms();
  bool fresh = now < h.expires_ms;
  uint8_t status = meta_status(h.meta);
  if (status == kHasAddresses && fresh) {
    out->status = AliasStatus::kAddresses;
    out->ttl = static_cast<uint32_t>((h.expires_ms - now + 999) / 1000);
  } else if (status == kHasNoData && fresh) {
    out->status = AliasStatus::kNoData;
    return;
  } else if (now < h.failed_until_ms) {
    bool stale = serve_stale() && status == kHasAddresses && now < h.expires_ms + kMaxStaleMs;
    out->status = stale ? AliasStatus::kStale : AliasStatus::kFailed;
    out->ttl = kStaleTtl;
    if (!stale) return;
  } else {
    return;
  }
  out->count = static_cast<uint16_t>(meta_count(h.meta));
}

// Writer side. The writer is the only thread that changes entries, so it reads its own
// writes without the sequence lock.
void AliasCache::read_own(size_t slot, Payload* p) const {
  const Entry& e = entries_[slot];
  p->tag = e.tag.load(std::memory_order_relaxed);
  p->meta = e.meta.load(std::memory_order_relaxed);
  p->expires_ms = e.expires_ms.load(std::memory_order_relaxed);
  p->failed_until_ms = e.failed_until_ms.load(std::memory_order_relaxed);
  for (size_t i = 0; i < kDataWords; ++i) p->data[i] = data_word(slot, i);
}

void AliasCache::write(size_t slot, const Payload& p) {
  Entry& e = entries_[slot];
  uint64_t s = e.seq.load(std::memory_order_relaxed);
  e.seq.store(s + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  e.tag.store(p.tag, std::memory_order_relaxed);
  e.meta.store(p.meta, std::memory_order_relaxed);
  e.expires_ms.store(p.expires_ms, std::memory_order_relaxed);
  e.failed_until_ms.store(p.failed_until_ms, std::memory_order_relaxed);
  for (size_t i = 0, n = p.data_words(); i < n; ++i) {
    std::atomic<uint64_t>& w =
        i < kInlineWords ? e.data[i] : spill_[slot * kSpillWords + i - kInlineWords];
    w.store(p.data[i], std::memory_order_relaxed);
  }
  e.seq.store(s + 2, std::memory_order_release);
}

// The slot holding (low, tag), else the first empty slot, else the one whose data is least
// useful (expired longest ago).
size_t AliasCache::slot_for_write(const Name& low, uint64_t tag) const {
  size_t victim = 0;
  int64_t victim_time = INT64_MAX;
  Payload p;
  for (size_t k = 0; k < kProbe; ++k) {
    size_t slot = (low.hash() + k) & mask_;
    read_own(slot, &p);
    if (p.tag == 0) return slot;
    if (p.holds(low, tag)) return slot;
    if (p.useful_until_ms() < victim_time) {
      victim_time = p.useful_until_ms();
      victim = slot;
    }
  }
  return victim;
}

void AliasCache::store_addresses(const Name& target, RRType type, uint32_t ttl,
                                 std::span<const uint8_t> rdata, uint16_t count) {
  Name low = target.lowered();
  Payload p;
  p.set_key(low, type, kHasAddresses);
  size_t size = record_size(type);
  size_t n = std::min<size_t>({count, kAliasMaxRecords, rdata.size() / size});
  p.set_records(rdata.first(n * size), n);
  p.expires_ms = now_ms() + int64_t{ttl} * 1000;
  write(slot_for_write(low, p.tag), p);
}

void AliasCache::store_negative(const Name& target, RRType type, uint32_t ttl) {
  Name low = target.lowered();
  Payload p;
  p.set_key(low, type, kHasNoData);
  p.expires_ms = now_ms() + int64_t{ttl} * 1000;
  write(slot_for_write(low, p.tag), p);
}

void AliasCache::clear() {
  Payload empty;
  for (size_t slot = 0; slot <= mask_; ++slot) {
    if (entries_[slot].tag.load(std::memory_order_relaxed) != 0) write(slot, empty);
  }
}

void AliasCache::store_failure(const Name& target, RRType type) {
  Name low = target.lowered();
  Payload p;
  uint64_t tag = make_tag(low.hash(), type);
  size_t slot = slot_for_write(low, tag);
  read_own(slot, &p);
  if (!p.holds(low, tag)) {
    p = Payload{};  // nothing known before: a failure alone
    p.set_key(low, type, kFailureOnly);
  }
  p.failed_until_ms = now_ms() + kFailHoldMs;
  write(slot, p);
}

}  // namespace canon::server
