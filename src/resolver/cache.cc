#include "resolver/cache.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <string>
#include <string_view>

namespace canon::resolver {

namespace {

// NXDOMAIN covers every type of a name: it is kept under this key type (0 is reserved).
constexpr RRType kAnyTypeKey = static_cast<RRType>(0);

// Keys are small (the lowered wire name in a string, the type) and entries live behind a
// pointer, so that a hash node fits a cache line or two: a lookup walks nodes, not entries.
struct KeyView {
  std::string_view name;  // lowered wire form
  RRType type;
};

struct Key {
  std::string name;  // lowered wire form
  RRType type;
  operator KeyView() const { return {name, type}; }
};

struct KeyHash {
  using is_transparent = void;
  size_t operator()(KeyView k) const {
    return std::hash<std::string_view>{}(k.name) * 31 + static_cast<uint16_t>(k.type);
  }
};

struct KeyEq {
  using is_transparent = void;
  bool operator()(KeyView a, KeyView b) const { return a.type == b.type && a.name == b.name; }
};

// The lowered wire form of `name` in `buf` (no allocation).
KeyView key_view(const Name& name, RRType type, std::array<char, Name::kMaxWire>& buf) {
  auto w = name.wire();
  for (size_t i = 0; i < w.size(); ++i) buf[i] = static_cast<char>(ascii_lower(w[i]));
  return {std::string_view(buf.data(), w.size()), type};
}

Key make_key(const Name& name, RRType type) {
  std::array<char, Name::kMaxWire> buf;
  return Key{std::string(key_view(name, type, buf).name), type};
}

}  // namespace

// A flag that moves with nothing: CacheEntry is built by value and then moved into place.
struct UsedMark {
  mutable std::atomic<bool> set{false};
  UsedMark() = default;
  UsedMark(UsedMark&&) noexcept {}
  UsedMark& operator=(UsedMark&&) noexcept { return *this; }
};

struct CacheEntry {
  CacheKind kind = CacheKind::kRRset;
  Trust trust = Trust::kGlue;
  RRset rrset;
  std::optional<RRset> soa;
  Millis expires{0};
  Millis keep_until{0};  // expires, or expires + stale_ttl with serve-stale
  size_t bytes = 0;
  std::list<Key>::iterator lru;
  UsedMark used;  // set by CacheWatch::touch(), cleared when eviction spares the entry
};

void CacheWatch::touch() const {
  if (auto e = entry_.lock()) e->used.set.store(true, std::memory_order_relaxed);
}

namespace {

// Entries are shared so that a CacheWatch can tell when one is gone. They are never made with
// make_shared: a watch outliving its entry then keeps only the control block.
using Map = std::unordered_map<Key, std::shared_ptr<CacheEntry>, KeyHash, KeyEq>;

uint32_t remaining(Millis expires, Millis now) {
  return expires <= now ? 0 : static_cast<uint32_t>((expires - now).count() / 1000);
}

}  // namespace

struct Cache::Shard {
  mutable std::mutex mu;
  Map map;
  mutable std::list<Key> lru;  // front: most recently used
  size_t bytes = 0;
  size_t max_bytes = 0;

  void erase(Map::iterator it) {
    bytes -= it->second->bytes;
    lru.erase(it->second->lru);
    map.erase(it);
  }

  void insert(Key key, CacheEntry e) {
    auto old = map.find(key);
    if (old != map.end()) erase(old);
    lru.push_front(key);
    e.lru = lru.begin();
    bytes += e.bytes;
    map.emplace(std::move(key), std::shared_ptr<CacheEntry>(new CacheEntry(std::move(e))));
    evict();
  }

  // Least recently used first, but an entry touched since it was last passed over moves to the
  // front instead (the second-chance rule); each mark is cleared as it is passed, so this ends.
  void evict() {
    size_t spared = 0;
    while (bytes > max_bytes && !lru.empty()) {
      auto it = map.find(lru.back());
      bool used = it->second->used.set.exchange(false, std::memory_order_relaxed);
      if (used && spared++ < map.size()) {
        lru.splice(lru.begin(), lru, it->second->lru);
        continue;
      }
      erase(it);
    }
  }
};

Cache::Cache(const Clock& clock, CacheOptions opt) : clock_(clock), opt_(opt) {
  if (opt_.shards == 0) opt_.shards = 1;
  for (size_t i = 0; i < opt_.shards; ++i) {
    shards_.push_back(std::make_unique<Shard>());
    shards_.back()->max_bytes = opt_.max_bytes / opt_.shards;
  }
}

Cache::~Cache() = default;

Cache::Shard& Cache::shard_for(size_t hash) const {
  return *shards_[hash % shards_.size()];
}

uint32_t Cache::clamp_ttl(uint32_t ttl) const {
  return std::clamp(ttl, std::min(opt_.min_ttl, opt_.max_ttl), opt_.max_ttl);
}

void Cache::put(const RRset& rrset, Trust trust) {
  Key key = make_key(rrset.owner, rrset.type);
  Shard& s = shard_for(KeyHash{}(key));
  Millis now = clock_.now();
  CacheEntry e;
  e.kind = CacheKind::kRRset;
  e.trust = trust;
  e.rrset = rrset;
  e.expires = now + Millis(int64_t{clamp_ttl(rrset.ttl)} * 1000);
  e.keep_until = e.expires + Millis(opt_.serve_stale ? int64_t{opt_.stale_ttl} * 1000 : 0);
  e.bytes = rrset.memory_bytes() + sizeof(CacheEntry);
  {
    std::lock_guard lock(s.mu);
    auto old = s.map.find(key);
    if (old != s.map.end() && old->second->kind == CacheKind::kRRset &&
        old->second->trust > trust && old->second->expires > now)
      return;  // RFC 2181 §5.4.1: keep the better data
    s.insert(std::move(key), std::move(e));
  }
  // A name that now has data is no longer a name error.
  Key nx = make_key(rrset.owner, kAnyTypeKey);
  Shard& ns = shard_for(KeyHash{}(nx));
  std::lock_guard lock(ns.mu);
  if (auto it = ns.map.find(nx); it != ns.map.end()) ns.erase(it);
}

void Cache::put_negative(const Name& name, RRType type, bool nxdomain, const RRset* soa) {
  if (!soa || soa->rdatas.empty()) return;
  // RFC 2308 §5: the negative TTL is the lesser of the SOA's TTL and its MINIMUM field.
  const auto& rd = soa->rdatas.front();
  uint32_t minimum = rd.size() >= 4
                         ? (uint32_t{rd[rd.size() - 4]} << 24 | uint32_t{rd[rd.size() - 3]} << 16 |
                            uint32_t{rd[rd.size() - 2]} << 8 | rd[rd.size() - 1])
                         : 0;
  uint32_t ttl = std::min({soa->ttl, minimum, opt_.max_negative_ttl});
  ttl = clamp_ttl(ttl);
  Key key = make_key(name, nxdomain ? kAnyTypeKey : type);
  Shard& s = shard_for(KeyHash{}(key));
  Millis now = clock_.now();
  CacheEntry e;
  e.kind = nxdomain ? CacheKind::kNxDomain : CacheKind::kNoData;
  e.trust = Trust::kAnswer;
  e.soa = *soa;
  e.soa->ttl = ttl;
  e.expires = now + Millis(int64_t{ttl} * 1000);
  e.keep_until = e.expires + Millis(opt_.serve_stale ? int64_t{opt_.stale_ttl} * 1000 : 0);
  e.bytes = soa->memory_bytes() + sizeof(CacheEntry);
  std::lock_guard lock(s.mu);
  s.insert(std::move(key), std::move(e));
}

bool Cache::visit(const Name& name, RRType type, bool allow_stale,
                  const std::function<void(const CacheView&)>& fn) const {
  std::array<char, Name::kMaxWire> buf;
  KeyView key = key_view(name, type, buf);
  Millis now = clock_.now();
  for (RRType t : {type, kAnyTypeKey}) {
    key.type = t;
    Shard& s = shard_for(KeyHash{}(key));
    std::lock_guard lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) continue;
    CacheEntry& e = *it->second;
    if (e.keep_until <= now) {
      s.erase(it);
      continue;
    }
    bool stale = e.expires <= now;
    if (stale && !allow_stale) continue;
    s.lru.splice(s.lru.begin(), s.lru, e.lru);
    CacheView v;
    v.kind = e.kind;
    v.trust = e.trust;
    v.stale = stale;
    // RFC 8767 §4: stale data goes out with a TTL of 30 seconds.
    v.ttl = stale ? 30 : remaining(e.expires, now);
    v.expires = e.expires;
    v.entry = &it->second;
    if (e.kind == CacheKind::kRRset)
      v.rrset = &e.rrset;
    else if (e.soa)
      v.soa = &*e.soa;
    fn(v);
    return true;
  }
  return false;
}

std::optional<CacheHit> Cache::get(const Name& name, RRType type, bool allow_stale) const {
  std::optional<CacheHit> hit;
  visit(name, type, allow_stale, [&](const CacheView& v) {
    hit.emplace();
    hit->kind = v.kind;
    hit->stale = v.stale;
    hit->trust = v.trust;
    if (v.rrset) {
      hit->rrset = *v.rrset;
      hit->rrset.owner = name;
      hit->rrset.ttl = v.ttl;
    } else if (v.soa) {
      hit->soa = *v.soa;
      hit->soa->ttl = v.ttl;
    }
  });
  return hit;
}

size_t Cache::memory_bytes() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->bytes;
  }
  return n;
}

size_t Cache::entry_count() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->map.size();
  }
  return n;
}

std::optional<size_t> parse_byte_size(std::string_view text) {
  size_t i = 0;
  uint64_t v = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    v = v * 10 + static_cast<uint64_t>(text[i] - '0');
    if (v > (uint64_t{1} << 50)) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::tolower(text[i]));
  uint64_t mult = 1;
  if (unit.empty() || unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kib" || unit == "kb")
    mult = 1u << 10;
  else if (unit == "m" || unit == "mib" || unit == "mb")
    mult = 1u << 20;
  else if (unit == "g" || unit == "gib" || unit == "gb")
    mult = 1u << 30;
  else
    return std::nullopt;
  return static_cast<size_t>(v * mult);
}

}  // namespace canon::resolver
