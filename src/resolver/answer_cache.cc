#include "resolver/answer_cache.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "wire/name_hash.h"
#include "wire/octets.h"

namespace canon::resolver {

namespace {

constexpr size_t kHeaderSize = 12;
// The OPT record answer_cached() writes: root owner, OPT, 1232 octets, extended rcode 0,
// version 0, no DO, no options (RFC 6891 §6.1.2).
constexpr std::array<uint8_t, 11> kOpt = {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0};

// As the RRset cache counts a TTL down: whole seconds left, rounded down.
uint32_t remaining(Millis expires, Millis now) {
  return expires <= now ? 0 : static_cast<uint32_t>((expires - now).count() / 1000);
}

// The key: the case-blind word hash of the wire name the zones use too (eight octets a step), with
// the type mixed in. Entries hold the exact qname and type, which a hit compares anyway: two
// keys that collide only replace each other.
uint64_t key_of(std::span<const uint8_t> qname, RRType qtype) {
  uint64_t t = static_cast<uint16_t>(qtype);
  return name_hash(qname.data(), qname.size()) ^ (t * kNameHashSeed);
}

// The end of the (possibly compressed) name at `pos` in `d`, or 0 when it runs out of `d`.
size_t skip_name(std::span<const uint8_t> d, size_t pos) {
  while (pos < d.size()) {
    uint8_t len = d[pos];
    if (len == 0) return pos + 1;
    if ((len & 0xC0) == 0xC0) return pos + 2 <= d.size() ? pos + 2 : 0;
    if (len & 0xC0) return 0;
    pos += 1u + len;
  }
  return 0;
}

// How often a hit marks its RRsets used in the RRset cache: often enough for any LRU cycle of
// a cache worth having, seldom enough that hits do not pay the weak_ptr lock each time.
constexpr Millis kTouchEvery{1000};

}  // namespace

// Laid out for few cache misses on a hit: the fields in the hash node, the octets in one block.
struct AnswerCache::Entry {
  struct Ttl {
    uint16_t offset;  // in the sections
    uint16_t source;  // index in `sources`
  };
  RRType qtype = RRType::A;
  uint8_t rcode = 0;
  uint16_t qlen = 0;  // the qname's octets, as built for
  uint16_t size = 0;  // the sections' octets
  uint16_t ancount = 0, nscount = 0;
  uint16_t nttl = 0;
  // The qname, then answer and authority (compressed against the question), then nttl Ttls.
  std::vector<uint8_t> data;
  std::vector<ReplySource> sources;
  Millis earliest{0};  // the first expiry among the sources
  Millis touched{0};   // when the sources were last marked used (CacheWatch::touch)
  size_t bytes = 0;
  std::list<uint64_t>::iterator order;

  const uint8_t* qname() const { return data.data(); }
  const uint8_t* sections() const { return data.data() + qlen; }
  Ttl ttl(size_t i) const {
    Ttl t;
    std::memcpy(&t, data.data() + qlen + size + i * sizeof(Ttl), sizeof(Ttl));
    return t;
  }
  bool usable(Millis now) const {
    if (now >= earliest) return false;
    return std::all_of(sources.begin(), sources.end(),
                       [](const ReplySource& s) { return s.watch.live(); });
  }
};

struct AnswerCache::Shard {
  using Map = std::unordered_map<uint64_t, Entry>;
  std::mutex mu;
  Map map;
  std::list<uint64_t> order;  // oldest first
  size_t bytes = 0;
  size_t max_bytes = 0;

  void erase(Map::iterator it) {
    bytes -= it->second.bytes;
    order.erase(it->second.order);
    map.erase(it);
  }
};

AnswerCache::AnswerCache(size_t max_bytes, size_t shards) {
  shards = std::max<size_t>(shards, 1);
  for (size_t i = 0; i < shards; ++i) {
    shards_.push_back(std::make_unique<Shard>());
    shards_.back()->max_bytes = max_bytes / shards;
  }
}

AnswerCache::~AnswerCache() = default;

AnswerCache::Shard& AnswerCache::shard_for(size_t hash) const {
  return *shards_[hash % shards_.size()];
}

// The RRset cache never sees a hit served from here: without the mark, the RRsets of the
// hottest chains would look unused there and be evicted first under memory pressure.
void AnswerCache::touch_sources(Entry& e, Millis now) {
  if (now - e.touched < kTouchEvery) return;
  e.touched = now;
  for (const ReplySource& src : e.sources) src.watch.touch();
}

size_t AnswerCache::write(const AnswerQuery& q, Millis now, std::span<uint8_t> out) const {
  uint64_t key = key_of(q.qname, q.qtype);
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) return 0;
  Entry& e = it->second;
  size_t qlen = q.qname.size();
  if (e.qtype != q.qtype || e.qlen != qlen || std::memcmp(e.qname(), q.qname.data(), qlen) != 0)
    return 0;
  if (!e.usable(now)) {
    s.erase(it);
    return 0;
  }
  touch_sources(e, now);
  size_t at = kHeaderSize + qlen + 4;
  size_t total = at + e.size + (q.edns ? kOpt.size() : 0);
  if (total > std::min(q.limit, out.size())) return 0;  // the slow path does not fit it either
  // As answer_cached(): ID, RD and CD from the query; QR and RA set; opcode QUERY.
  uint8_t* p = out.data();
  store16(p, q.id);
  p[2] = static_cast<uint8_t>(0x80 | (q.rd ? 0x01 : 0));
  p[3] = static_cast<uint8_t>(0x80 | (q.cd ? 0x10 : 0) | e.rcode);
  store16(p + 4, 1);
  store16(p + 6, e.ancount);
  store16(p + 8, e.nscount);
  store16(p + 10, q.edns ? 1 : 0);
  std::memcpy(p + kHeaderSize, q.qname.data(), qlen);
  store16(p + kHeaderSize + qlen, static_cast<uint16_t>(q.qtype));
  store16(p + kHeaderSize + qlen + 2, static_cast<uint16_t>(RRClass::IN));
  std::memcpy(p + at, e.sections(), e.size);
  for (size_t i = 0; i < e.nttl; ++i) {
    Entry::Ttl t = e.ttl(i);
    store32(p + at + t.offset, remaining(e.sources[t.source].expires, now));
  }
  if (q.edns) std::memcpy(p + at + e.size, kOpt.data(), kOpt.size());
  return total;
}

void AnswerCache::store(const AnswerQuery& q, std::span<const uint8_t> reply,
                        std::span<const ReplySource> sources) {
  size_t qlen = q.qname.size();
  size_t at = kHeaderSize + qlen + 4;
  size_t opt = q.edns ? kOpt.size() : 0;
  if (sources.empty() || sources.size() > 0xFFFF || qlen > Name::kMaxWire ||
      reply.size() < at + opt || reply.size() - opt - at > 0xFFFF ||
      load16(&reply[10]) != (q.edns ? 1 : 0))
    return;
  std::span<const uint8_t> d = reply.subspan(at, reply.size() - opt - at);
  uint16_t ancount = load16(&reply[6]), nscount = load16(&reply[8]);
  // Each record's TTL, in the order the sources were written.
  std::vector<Entry::Ttl> ttls;
  size_t pos = 0, src = 0, left = sources[0].records;
  for (size_t i = 0; i < size_t{ancount} + nscount; ++i) {
    while (left == 0 && ++src < sources.size()) left = sources[src].records;
    pos = skip_name(d, pos);
    if (left == 0 || pos == 0 || pos + 10 > d.size()) return;
    ttls.push_back({static_cast<uint16_t>(pos + 4), static_cast<uint16_t>(src)});
    pos += 10 + load16(&d[pos + 8]);
    --left;
  }
  while (left == 0 && ++src < sources.size()) left = sources[src].records;
  if (pos != d.size() || left != 0 || ttls.size() > 0xFFFF) return;  // not the sources' records
  Entry e;
  e.qtype = q.qtype;
  e.rcode = reply[3] & 0x0F;
  e.qlen = static_cast<uint16_t>(qlen);
  e.size = static_cast<uint16_t>(d.size());
  e.ancount = ancount;
  e.nscount = nscount;
  e.nttl = static_cast<uint16_t>(ttls.size());
  e.data.resize(qlen + d.size() + ttls.size() * sizeof(Entry::Ttl));
  std::memcpy(e.data.data(), q.qname.data(), qlen);
  std::memcpy(e.data.data() + qlen, d.data(), d.size());
  if (!ttls.empty())
    std::memcpy(e.data.data() + qlen + d.size(), ttls.data(), ttls.size() * sizeof(Entry::Ttl));
  e.sources.assign(sources.begin(), sources.end());
  e.earliest = std::min_element(sources.begin(), sources.end(), [](const auto& a, const auto& b) {
                 return a.expires < b.expires;
               })->expires;
  e.bytes = sizeof(Entry) + e.data.size() + e.sources.size() * sizeof(ReplySource) +
            64;  // the hash and list nodes
  uint64_t key = key_of(q.qname, q.qtype);
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mu);
  if (auto old = s.map.find(key); old != s.map.end()) s.erase(old);
  if (e.bytes > s.max_bytes) return;
  while (s.bytes + e.bytes > s.max_bytes && !s.order.empty()) s.erase(s.map.find(s.order.front()));
  s.order.push_back(key);
  e.order = std::prev(s.order.end());
  s.bytes += e.bytes;
  s.map.emplace(key, std::move(e));
}

void AnswerCache::clear() {
  for (auto& s : shards_) {
    std::lock_guard lock(s->mu);
    s->map.clear();
    s->order.clear();
    s->bytes = 0;
  }
}

size_t AnswerCache::entry_count() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->map.size();
  }
  return n;
}

}  // namespace canon::resolver
