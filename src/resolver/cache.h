// Cache: the resolver's RRset cache. Each RRset is stored on its own under (owner, type), so a
// CNAME chain is rebuilt from its parts and a part shared by two chains is stored once. Negative
// answers (RFC 2308) are stored too: NXDOMAIN under the name for every type, NODATA under
// (name, type), both with the TTL of RFC 2308 §5 (min of the SOA's TTL and its MINIMUM).
//
//   Cache cache(clock, {.max_bytes = 256 << 20});
//   cache.put(rrset, Trust::kAnswer);
//   if (auto hit = cache.get(name, RRType::A)) use(hit->rrset);   // TTL counted down
//
// Sharded by a hash of the key, one mutex per shard, each shard bounded by max_bytes / shards
// with least-recently-used eviction. TTLs are clamped to [min_ttl, max_ttl]. With serve_stale
// (RFC 8767) expired entries are kept for stale_ttl more seconds and returned only when the
// caller asks for stale data (after its upstreams failed), with a TTL of 30 (RFC 8767 §4).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "resolver/clock.h"
#include "resolver/rrset.h"

namespace canon::resolver {

struct CacheOptions {
  size_t max_bytes = 256u << 20;
  uint32_t max_ttl = 86400;
  uint32_t min_ttl = 0;
  uint32_t max_negative_ttl = 3600;  // RFC 2308 §5: one to three hours is reasonable
  bool serve_stale = false;
  uint32_t stale_ttl = 86400;  // how long past expiry stale data is kept (RFC 8767 §5)
  size_t shards = 16;
};

// How much an RRset is believed (RFC 2181 §5.4.1): data from a better source replaces data from
// a worse one; never the other way while the better data lives.
enum class Trust : uint8_t { kGlue = 0, kReferral = 1, kAnswer = 2 };

enum class CacheKind : uint8_t { kRRset, kNxDomain, kNoData };

struct CacheHit {
  CacheKind kind = CacheKind::kRRset;
  RRset rrset;               // for kRRset, with the remaining TTL
  std::optional<RRset> soa;  // for negative entries, with the remaining TTL
  bool stale = false;
  Trust trust = Trust::kAnswer;
};

struct CacheEntry;  // cache.cc

// Whether an entry seen through Cache::visit() is still the one stored: false once a put()
// replaced it, or it was evicted or dropped as expired. Asked without the cache's lock, from
// any thread (the AnswerCache checks the RRsets a finished reply was built from with it).
class CacheWatch {
 public:
  CacheWatch() = default;
  explicit CacheWatch(std::weak_ptr<const CacheEntry> entry) : entry_(std::move(entry)) {}
  bool live() const { return !entry_.expired(); }
  // Marks the entry as used, as a visit() would, for data served without asking the cache
  // (AnswerCache hits): eviction gives a marked entry a second chance instead of dropping it,
  // so that a chain hot only through the AnswerCache is not the first to go.
  void touch() const;

 private:
  std::weak_ptr<const CacheEntry> entry_;
};

// An entry as stored, seen without a copy during Cache::visit(): owners and case are as the
// upstream wrote them, TTLs are the remaining ones.
struct CacheView {
  CacheKind kind = CacheKind::kRRset;
  Trust trust = Trust::kAnswer;
  bool stale = false;
  uint32_t ttl = 0;              // remaining (30 for stale data, RFC 8767 §4)
  Millis expires{0};             // when the TTL runs out, on the cache's clock
  const RRset* rrset = nullptr;  // for kRRset
  const RRset* soa = nullptr;    // for negative entries
  const std::shared_ptr<CacheEntry>* entry = nullptr;  // the entry itself, for watch()

  CacheWatch watch() const { return CacheWatch(*entry); }
};

class Cache {
 public:
  Cache(const Clock& clock, CacheOptions opt = {});
  ~Cache();

  void put(const RRset& rrset, Trust trust);
  // A negative answer for `name` (NXDOMAIN: for every type; NODATA: for `type`). Without an
  // SOA nothing is stored (RFC 2308 §5).
  void put_negative(const Name& name, RRType type, bool nxdomain, const RRset* soa);

  // The RRset (name, type), else a negative entry covering it. Expired data only when
  // `allow_stale` and serve-stale is on.
  std::optional<CacheHit> get(const Name& name, RRType type, bool allow_stale = false) const;
  // The entry get() would return, shown to `fn` under the shard's lock instead of copied (the
  // answer path of a cache hit: no allocation). False, and `fn` not called, when get() would
  // return nullopt. `fn` must not call into the cache.
  bool visit(const Name& name, RRType type, bool allow_stale,
             const std::function<void(const CacheView&)>& fn) const;

  size_t memory_bytes() const;
  size_t entry_count() const;
  const CacheOptions& options() const { return opt_; }

 private:
  struct Shard;
  Shard& shard_for(size_t hash) const;
  uint32_t clamp_ttl(uint32_t ttl) const;

  const Clock& clock_;
  CacheOptions opt_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

// "256MiB", "64M", "1G", "1048576": a byte size as the configuration writes it.
std::optional<size_t> parse_byte_size(std::string_view text);

}  // namespace canon::resolver
