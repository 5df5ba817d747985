#include "server/alias_cache.h"

#include <time.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace canon::server {

namespace {

enum : uint8_t { kEmpty = 0, kHasAddresses = 1, kHasNoData = 2, kFailureOnly = 3 };

uint64_t make_tag(size_t hash, RRType type) {
  // Never 0, which marks an empty slot.
  return (static_cast<uint64_t>(hash) << 16 | static_cast<uint16_t>(type)) | (1ull << 63);
}

}  // namespace

struct AliasCache::Payload {
  uint64_t tag;  // make_tag(hash of the lowered name, type); 0: empty
  int64_t expires_ms;
  int64_t stale_until_ms;
  int64_t failed_until_ms;
  uint8_t status;
  uint8_t key_len;
  uint16_t count;
  uint16_t type;
  uint16_t pad;
  uint8_t key[256];  // the target, lowered wire form
  uint8_t rdata[kAliasMaxRdata];
};

namespace {
constexpr size_t kWords = sizeof(AliasCache::Payload) / 8;
constexpr size_t kHeadWords = offsetof(AliasCache::Payload, key) / 8;
constexpr size_t kKeyWord = offsetof(AliasCache::Payload, key) / 8;
constexpr size_t kRdataWord = offsetof(AliasCache::Payload, rdata) / 8;
size_t words_for(size_t bytes) {
  return (bytes + 7) / 8;
}
}  // namespace

static_assert(sizeof(AliasCache::Payload) % 8 == 0);
static_assert(offsetof(AliasCache::Payload, key) % 8 == 0);
static_assert(offsetof(AliasCache::Payload, rdata) % 8 == 0);

struct AliasCache::Entry {
  std::atomic<uint32_t> seq{0};  // odd while the writer is inside
  std::atomic<uint64_t> words[kWords];
};

AliasCache::AliasCache(size_t capacity, bool serve_stale) : serve_stale_(serve_stale) {
  size_t n = 64;
  while (n < capacity) n <<= 1;
  mask_ = n - 1;
  entries_ = std::make_unique<Entry[]>(n);
  for (size_t i = 0; i < n; ++i)
    for (auto& w : entries_[i].words) w.store(0, std::memory_order_relaxed);
}

AliasCache::~AliasCache() = default;

int64_t AliasCache::now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

namespace {

// The stored key is lowered; `name` may have any case (RFC 4343). Names from zone files are
// mostly lower case already, so one memcmp settles most probes.
bool same_key(const AliasCache::Payload& p, const Name& name) {
  auto w = name.wire();
  if (p.key_len != w.size()) return false;
  if (std::memcmp(p.key, w.data(), w.size()) == 0) return true;
  for (size_t i = 0; i < w.size(); ++i)
    if (p.key[i] != ascii_lower(w[i])) return false;
  return true;
}

void load_words(const std::atomic<uint64_t>* from, size_t first, size_t n, void* to) {
  auto* out = static_cast<uint64_t*>(to) + first;
  for (size_t i = 0; i < n; ++i) out[i] = from[first + i].load(std::memory_order_relaxed);
}

}  // namespace

// One consistent copy of the slot's header, key and (for addresses) records. Returns false
// when the slot is empty.
bool AliasCache::read(size_t slot, Payload* p) const {
  const Entry& e = entries_[slot];
  for (;;) {
    uint32_t s1 = e.seq.load(std::memory_order_acquire);
    if (s1 & 1) continue;  // the writer is inside: a handful of stores, spin
    load_words(e.words, 0, kHeadWords, p);
    if (p->tag != 0) {
      load_words(e.words, kKeyWord, words_for(p->key_len), p);
      size_t rd = p->status == kHasAddresses
                      ? p->count * (p->type == static_cast<uint16_t>(RRType::AAAA) ? 16u : 4u)
                      : 0;
      load_words(e.words, kRdataWord, words_for(std::min(rd, kAliasMaxRdata)), p);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e.seq.load(std::memory_order_relaxed) == s1) return p->tag != 0;
  }
}

void AliasCache::write(size_t slot, const Payload& p) {
  Entry& e = entries_[slot];
  uint32_t s = e.seq.load(std::memory_order_relaxed);
  e.seq.store(s + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  const auto* w = reinterpret_cast<const uint64_t*>(&p);
  for (size_t i = 0; i < kWords; ++i) e.words[i].store(w[i], std::memory_order_relaxed);
  e.seq.store(s + 2, std::memory_order_release);
}

// The slot holding (name, type), its copy left in `p`; for writing, else the first empty
// slot, else the one whose data is least useful (expired longest ago). mask_ + 1 when reading
// finds nothing.
size_t AliasCache::find_slot(const Name& name, size_t h, RRType type, bool for_write,
                             Payload* p) const {
  // h is name.hash(): case-insensitive, so equal to the stored lowered key's
  uint64_t tag = make_tag(h, type);
  size_t victim = mask_ + 1;
  int64_t victim_time = INT64_MAX;
  for (size_t k = 0; k < kProbe; ++k) {
    size_t slot = (h + k) & mask_;
    if (!read(slot, p)) return for_write ? slot : mask_ + 1;
    if (p->tag == tag && same_key(*p, name)) return slot;
    int64_t useful = std::max({p->expires_ms, p->stale_until_ms, p->failed_until_ms});
    if (useful < victim_time) {
      victim_time = useful;
      victim = slot;
    }
  }
  return for_write ? victim : mask_ + 1;
}

void AliasCache::find_hashed(const Name& target, size_t hash, RRType type,
                             AliasAddresses* out) const {
  out->status = AliasStatus::kMiss;
  out->type = type;
  out->count = 0;
  Payload p;
  if (find_slot(target, hash, type, false, &p) > mask_) return;
  int64_t now = now_ms();
  bool fresh = now < p.expires_ms;
  if (p.status == kHasAddresses && fresh) {
    out->status = AliasStatus::kAddresses;
    out->ttl = static_cast<uint32_t>((p.expires_ms - now + 999) / 1000);
  } else if (p.status == kHasNoData && fresh) {
    out->status = AliasStatus::kNoData;
    return;
  } else if (now < p.failed_until_ms) {
    bool stale = serve_stale() && p.status == kHasAddresses && now < p.stale_until_ms;
    out->status = stale ? AliasStatus::kStale : AliasStatus::kFailed;
    out->ttl = kStaleTtl;
    if (!stale) return;
  } else {
    return;
  }
  out->count = p.count;
  std::memcpy(out->rdata, p.rdata, p.count * out->rdata_size());
}

void AliasCache::store_addresses(const Name& target, RRType type, uint32_t ttl,
                                 std::span<const uint8_t> rdata, uint16_t count) {
  Name low = target.lowered();
  Payload p{};
  p.tag = make_tag(low.hash(), type);
  p.key_len = static_cast<uint8_t>(low.wire_size());
  std::memcpy(p.key, low.wire().data(), low.wire_size());
  p.type = static_cast<uint16_t>(type);
  size_t size = type == RRType::AAAA ? 16 : 4;
  p.count = static_cast<uint16_t>(std::min<size_t>({count, kAliasMaxRecords, rdata.size() / size}));
  std::memcpy(p.rdata, rdata.data(), p.count * size);
  p.status = kHasAddresses;
  p.expires_ms = now_ms() + int64_t{ttl} * 1000;
  p.stale_until_ms = p.expires_ms + kMaxStaleMs;
  Payload old;
  write(find_slot(low, low.hash(), type, true, &old), p);
}

void AliasCache::store_negative(const Name& target, RRType type, uint32_t ttl) {
  Name low = target.lowered();
  Payload p{};
  p.tag = make_tag(low.hash(), type);
  p.key_len = static_cast<uint8_t>(low.wire_size());
  std::memcpy(p.key, low.wire().data(), low.wire_size());
  p.type = static_cast<uint16_t>(type);
  p.status = kHasNoData;
  p.expires_ms = now_ms() + int64_t{ttl} * 1000;
  Payload old;
  write(find_slot(low, low.hash(), type, true, &old), p);
}

void AliasCache::clear() {
  Payload empty{};
  for (size_t slot = 0; slot <= mask_; ++slot) {
    if (entries_[slot].words[0].load(std::memory_order_relaxed) != 0) write(slot, empty);
  }
}

void AliasCache::store_failure(const Name& target, RRType type) {
  Name low = target.lowered();
  Payload p{};
  size_t slot = find_slot(low, low.hash(), type, true, &p);
  uint64_t tag = make_tag(low.hash(), type);
  if (!read(slot, &p) || p.tag != tag) {  // nothing known before: a failure alone
    p = Payload{};
    p.tag = tag;
    p.key_len = static_cast<uint8_t>(low.wire_size());
    std::memcpy(p.key, low.wire().data(), low.wire_size());
    p.type = static_cast<uint16_t>(type);
    p.status = kFailureOnly;
  }
  p.failed_until_ms = now_ms() + kFailHoldMs;
  write(slot, p);
}

}  // namespace canon::server
