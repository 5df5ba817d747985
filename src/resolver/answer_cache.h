// AnswerCache: finished replies of the resolver's cache-hit path (ResolverService::
// answer_cached), so that a query asked again costs one hash probe and a copy instead of
// rebuilding its chain name by name from the RRset cache (issue 5 §5).
//
//   AnswerCache answers(1 << 20);
//   if (size_t n = answers.write(q, clock.now(), out)) return n;   // a hit
//   n = build_the_reply_from_the_rrset_cache(..., &sources);       // write_from_cache()
//   answers.store(q, {out.data(), n}, sources);
//
// One entry per (qname lowered, qtype) holds the answer and authority sections exactly as
// write_from_cache() wrote them, the offset of each record's TTL with the expiry of the RRset
// it came from, and a CacheWatch on each of those RRsets. A hit copies the header's ID, RD and
// CD and the question from the query, the sections from the entry, patches every TTL to what
// the RRset cache would say now, and adds the OPT record when the query had one: the bytes
// the slow path would write, TTLs included. Compression is case-sensitive (wire/writer.h), so
// the layout depends on the qname's case: an entry answers only the octets it was built for;
// a query in another case takes the slow path and replaces it.
//
// An entry is used only while every RRset it copied is the one stored (not replaced by a
// put(), evicted or dropped) and unexpired: never past the earliest expiry, so stale data
// (RFC 8767) always comes from the slow path. It stands for the chain as it was built: a
// contradicting RRset put later beside it (an A record at a name whose CNAME it followed) is
// seen once it expires, as in Unbound's message cache. A hit marks its RRsets used in the RRset
// cache at most once a second (CacheWatch::touch), so that eviction there spares them. Sharded as
// the RRset cache; each shard is bounded in bytes and evicts the oldest entry first.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "resolver/cache.h"
#include "resolver/clock.h"

namespace canon::resolver {

// One RRset a reply was built from, in the order it was written.
struct ReplySource {
  Millis expires{0};
  uint16_t records = 0;  // how many records of it the reply holds
  CacheWatch watch;
};

// What the reply echoes from the query, and the room it has.
struct AnswerQuery {
  uint16_t id = 0;
  bool rd = false;
  bool cd = false;
  std::span<const uint8_t> qname;  // wire form, as asked (case kept)
  RRType qtype = RRType::A;
  bool edns = false;  // the reply carries an OPT record (1232 octets, no options)
  size_t limit = 512;
};

class AnswerCache {
 public:
  explicit AnswerCache(size_t max_bytes, size_t shards = 16);
  ~AnswerCache();
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // The reply to `q` at `now`, written into `out`; its length, or 0 when there is no usable
  // entry (none, another case, past an expiry, a source gone) or the reply passes q.limit.
  size_t write(const AnswerQuery& q, Millis now, std::span<uint8_t> out) const;
  // Keeps `reply`, the whole message answer_cached() wrote for `q` (header, question, answer
  // and authority, OPT when q.edns), built from `sources`. Replaces the entry of the same
  // (qname lowered, qtype). Ignored when the sections do not hold the sources' records.
  void store(const AnswerQuery& q, std::span<const uint8_t> reply,
             std::span<const ReplySource> sources);
  void clear();
  size_t entry_count() const;

 private:
  struct Entry;
  struct Shard;
  Shard& shard_for(size_t hash) const;
  static void touch_sources(Entry& e, Millis now);

  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace canon::resolver
