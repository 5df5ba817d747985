#include "resolver/answer_cache.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace canon::resolver {

namespace {

constexpr size_t kHeaderSize = 12;
// The OPT record answer_cached() writes: root owner, OPT, 1232 octets, extended rcode 0,
// version 0, no DO, no options (RFC 6891 §6.1.2).
constexpr std::array<uint8_t, 11> kOpt = {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0};

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

uint16_t get16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

// As the RRset cache counts a TTL down: whole seconds left, rounded down.
uint32_t remaining(Millis expires, Millis now) {
  return expires <= now ? 0 : static_cast<uint32_t>((expires - now).count() / 1000);
}

// The key: the lowered wire name, then the type's two octets. Empty when the name is too long.
std::string_view make_key(std::span<const uint8_t> qname, RRType qtype,
                          std::array<char, Name::kMaxWire + 2>& buf) {
  if (qname.size() > Name::kMaxWire) return {};
  for (size_t i = 0; i < qname.size(); ++i) buf[i] = static_cast<char>(ascii_lower(qname[i]));
  auto t = static_cast<uint16_t>(qtype);
  buf[qname.size()] = static_cast<char>(t >> 8);
  buf[qname.size() + 1] = static_cast<char>(t & 0xFF);
  return {buf.data(), qname.size() + 2};
}

struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
};

struct KeyEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

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

}  // namespace

struct AnswerCache::Entry {
  struct Ttl {
    uint16_t offset;  // in `sections`
    uint16_t source;  // index in `sources`
  };
  std::vector<uint8_t> qname;  // the octets it was built for
  uint8_t rcode = 0;
  uint16_t ancount = 0, nscount = 0;
  std::vector<uint8_t> sections;  // answer and authority, compressed against the question
  std::vector<Ttl> ttls;
  std::vector<ReplySource> sources;
  Millis earliest{0};  // the first expiry among the sources
  size_t bytes = 0;
  std::list<std::string>::iterator order;

  bool usable(Millis now) const {
    if (now >= earliest) return false;
    return std::all_of(sources.begin(), sources.end(),
                       [](const ReplySource& s) { return s.watch.live(); });
  }
};

struct AnswerCache::Shard {
  using Map = std::unordered_map<std::string, std::unique_ptr<Entry>, KeyHash, KeyEq>;
  std::mutex mu;
  Map map;
  std::list<std::string> order;  // oldest first
  size_t bytes = 0;
  size_t max_bytes = 0;

  void erase(Map::iterator it) {
    bytes -= it->second->bytes;
    order.erase(it->second->order);
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

size_t AnswerCache::write(const AnswerQuery& q, Millis now, std::span<uint8_t> out) const {
  std::array<char, Name::kMaxWire + 2> buf;
  std::string_view key = make_key(q.qname, q.qtype, buf);
  if (key.empty()) return 0;
  Shard& s = shard_for(KeyHash{}(key));
  std::lock_guard lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) return 0;
  const Entry& e = *it->second;
  if (!e.usable(now)) {
    s.erase(it);
    return 0;
  }
  size_t qlen = q.qname.size();
  if (e.qname.size() != qlen || std::memcmp(e.qname.data(), q.qname.data(), qlen) != 0) return 0;
  size_t at = kHeaderSize + qlen + 4;
  size_t total = at + e.sections.size() + (q.edns ? kOpt.size() : 0);
  if (total > std::min(q.limit, out.size())) return 0;  // the slow path does not fit it either
  // As answer_cached(): ID, RD and CD from the query; QR and RA set; opcode QUERY.
  uint8_t* p = out.data();
  put16(p, q.id);
  p[2] = static_cast<uint8_t>(0x80 | (q.rd ? 0x01 : 0));
  p[3] = static_cast<uint8_t>(0x80 | (q.cd ? 0x10 : 0) | e.rcode);
  put16(p + 4, 1);
  put16(p + 6, e.ancount);
  put16(p + 8, e.nscount);
  put16(p + 10, q.edns ? 1 : 0);
  std::memcpy(p + kHeaderSize, q.qname.data(), qlen);
  put16(p + kHeaderSize + qlen, static_cast<uint16_t>(q.qtype));
  put16(p + kHeaderSize + qlen + 2, static_cast<uint16_t>(RRClass::IN));
  std::memcpy(p + at, e.sections.data(), e.sections.size());
  for (const auto& t : e.ttls)
    put32(p + at + t.offset, remaining(e.sources[t.source].expires, now));
  if (q.edns) std::memcpy(p + at + e.sections.size(), kOpt.data(), kOpt.size());
  return total;
}

void AnswerCache::store(const AnswerQuery& q, std::span<const uint8_t> reply,
                        std::span<const ReplySource> sources) {
  size_t qlen = q.qname.size();
  size_t at = kHeaderSize + qlen + 4;
  size_t opt = q.edns ? kOpt.size() : 0;
  if (sources.empty() || sources.size() > 0xFFFF || reply.size() < at + opt ||
      reply.size() - opt - at > 0xFFFF || get16(&reply[10]) != (q.edns ? 1 : 0))
    return;
  auto e = std::make_unique<Entry>();
  e->qname.assign(q.qname.begin(), q.qname.end());
  e->rcode = reply[3] & 0x0F;
  e->ancount = get16(&reply[6]);
  e->nscount = get16(&reply[8]);
  e->sections.assign(reply.begin() + static_cast<ptrdiff_t>(at),
                     reply.end() - static_cast<ptrdiff_t>(opt));
  e->sources.assign(sources.begin(), sources.end());
  // Each record's TTL, in the order the sources were written.
  std::span<const uint8_t> d = e->sections;
  size_t pos = 0, src = 0, left = sources[0].records;
  for (size_t i = 0; i < size_t{e->ancount} + e->nscount; ++i) {
    while (left == 0 && ++src < sources.size()) left = sources[src].records;
    pos = skip_name(d, pos);
    if (left == 0 || pos == 0 || pos + 10 > d.size()) return;
    e->ttls.push_back({static_cast<uint16_t>(pos + 4), static_cast<uint16_t>(src)});
    pos += 10 + get16(&d[pos + 8]);
    --left;
  }
  while (left == 0 && ++src < sources.size()) left = sources[src].records;
  if (pos != d.size() || left != 0) return;  // not the records the sources say
  e->earliest = std::min_element(sources.begin(), sources.end(), [](const auto& a, const auto& b) {
                  return a.expires < b.expires;
                })->expires;
  std::array<char, Name::kMaxWire + 2> buf;
  std::string key(make_key(q.qname, q.qtype, buf));
  if (key.empty()) return;
  e->bytes = sizeof(Entry) + 2 * key.size() + e->qname.size() + e->sections.size() +
             e->ttls.size() * sizeof(Entry::Ttl) + e->sources.size() * sizeof(ReplySource) +
             64;  // the hash and list nodes
  Shard& s = shard_for(KeyHash{}(key));
  std::lock_guard lock(s.mu);
  if (auto old = s.map.find(key); old != s.map.end()) s.erase(old);
  if (e->bytes > s.max_bytes) return;
  while (s.bytes + e->bytes > s.max_bytes && !s.order.empty()) s.erase(s.map.find(s.order.front()));
  s.order.push_back(key);
  e->order = std::prev(s.order.end());
  s.bytes += e->bytes;
  s.map.emplace(std::move(key), std::move(e));
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
