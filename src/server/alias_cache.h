// AliasCache: upstream answers for ALIAS targets outside the zones, read by the query workers
// without locks or allocation, written by the one ALIAS resolver thread.
//
//   AliasCache cache(4096, /*serve_stale=*/false);
//   cache.store_addresses(target, RRType::A, /*ttl=*/300, rdata, 2);   // resolver thread only
//   AliasAddresses a;
//   cache.find(target, RRType::A, &a);      // any worker: a.status == kAddresses, a.ttl <= 300
//
// Layout: a fixed open-addressed table (linear probing over kProbe slots) of 128-octet entries
// aligned on 128 octets, each guarded by a sequence lock: the single writer makes the sequence
// odd, writes the words and makes it even again; a reader reads what it needs and retries when
// the sequence moved. An entry holds, in its first cache line, the sequence, the tag (hash and
// type), the lengths and the times, then the key (the lowered wire name, padded to words) and
// the records right after it; key and records that do not fit in the entry's 88 octets go on in
// the slot's overflow block (`spill_`, 424 octets per slot), which a common target (a name of
// a few dozen octets, a few addresses) never reaches. So a hit reads one or two adjacent cache
// lines, both prefetched by prefetch() (respond() calls it before it writes the header and
// question) or by find() before its probe, and copies only the wanted records into the answer:
// 512 KiB of entries for 4096 slots can stay in a core's L2, where the former 560-octet entries
// (2.3 MiB) could not. The words are std::atomic<uint64_t> read and written relaxed, so
// the reads are race-free C++ and cost plain loads on x86. Times come from
// CLOCK_MONOTONIC_COARSE (vDSO, no system call).
//
// Expiry (RFC 1035 §3.2.1, RFC 2308): addresses and negative answers are fresh until their TTL
// runs out, then find() reports kMiss and the worker defers the query for a refresh. A failure
// (no upstream answered) is remembered for kFailHoldMs so that a dead upstream costs each
// client one wait, not one per query; meanwhile find() says kFailed, or kStale with the old
// addresses when serve-stale is on and they expired less than kMaxStaleMs ago (RFC 8767 §4,
// stale answers carry a TTL of 30 s).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>

#include "auth/alias.h"

namespace canon::server {

class AliasCache : public AliasSource {
 public:
  static constexpr int64_t kFailHoldMs = 5000;
  static constexpr int64_t kMaxStaleMs = 86400 * 1000;  // RFC 8767 §5 suggests 1 to 3 days
  static constexpr uint32_t kStaleTtl = 30;             // RFC 8767 §4
  static constexpr size_t kProbe = 8;

  // `capacity` is rounded up to a power of two.
  explicit AliasCache(size_t capacity = 4096, bool serve_stale = false);
  ~AliasCache() override;

  void find(const Name& target, RRType type, AliasAddresses* out) const override {
    size_t hash = target.hash();
    AliasCache::prefetch(hash);
    AliasCache::find_hashed(target.wire(), hash, type, out);
  }
  void prefetch(size_t hash) const override;
  void find_hashed(std::span<const uint8_t> target, size_t hash, RRType type,
                   AliasAddresses* out) const override;

  // Writer side: one thread only. `rdata` holds `count` records of 4 (A) or 16 (AAAA) octets;
  // more than kAliasMaxRecords are cut.
  void store_addresses(const Name& target, RRType type, uint32_t ttl,
                       std::span<const uint8_t> rdata, uint16_t count);
  void store_negative(const Name& target, RRType type, uint32_t ttl);
  void store_failure(const Name& target, RRType type);
  // Forgets every entry (writer side): on reload, when the upstreams changed, so that no
  // answer from the old ones is served.
  void clear();
  // [alias] serve-stale, changed on reload; readers see it on their next find().
  void set_serve_stale(bool on) { serve_stale_.store(on, std::memory_order_relaxed); }
  bool serve_stale() const { return serve_stale_.load(std::memory_order_relaxed); }

  static int64_t now_ms();

  struct Entry;    // one slot as the readers see it (alias_cache.cc); public for its layout checks
  struct Payload;  // the writer's plain copy of an entry
  struct Head;     // what a reader keeps of an entry besides the records

  static constexpr size_t kEntrySize = 128;
  static constexpr size_t kInlineWords = 11;  // key and records kept in the entry itself
  static constexpr size_t kDataWords = (256 + kAliasMaxRdata) / 8;  // the largest key and records
  static constexpr size_t kSpillWords = kDataWords - kInlineWords;

 private:
  enum class Probe : uint8_t { kEmpty, kOther, kMatch };

  Probe probe(size_t slot, uint64_t tag, std::span<const uint8_t> key, size_t record_size, Head* h,
              uint8_t* rdata) const;
  bool same_key_lowered(size_t slot, std::span<const uint8_t> key) const;
  uint64_t data_word(size_t slot, size_t i) const;
  size_t slot_for_write(const Name& low, uint64_t tag) const;
  void read_own(size_t slot, Payload* p) const;
  void write(size_t slot, const Payload& p);

  size_t mask_;
  std::atomic<bool> serve_stale_;
  std::unique_ptr<Entry[]> entries_;
  std::unique_ptr<std::atomic<uint64_t>[]> spill_;  // kSpillWords per slot
};

}  // namespace canon::server
