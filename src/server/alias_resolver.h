// AliasResolver: the thread that asks the upstream for ALIAS targets outside the zones, fills
// the AliasCache and answers the queries that waited (a DeferredSink, deferred.h).
//
//   AliasCache cache;
//   AliasResolver r({upstream}, &cache, &store, log);
//   std::thread t([&] { r.run(&stop); });
//   r.submit(std::move(deferred_query));     // from any worker; never waits for the network
//
// With [[view]]s the query is answered again from its client's view (respond_to()), so the
// ALIAS owner is looked up in the zones that client sees.
//
// One epoll loop: an eventfd for the queue, and one connected, non-blocking UDP socket per
// query in flight (a fresh ephemeral port each, plus a random ID: RFC 5452 §9.1). Queries for
// the same target and type share one fetch. A try waits kTryMs; the next goes to the next
// upstream; after kDeadlineMs in all (or when every try failed) the target is stored as
// failed and its queries answer SERVFAIL with EDE 22 (or stale data, RFC 8767). A response
// counts only when it comes from the upstream asked, with the ID sent, QR set and the same
// question. CNAMEs in the answer are followed; a chain that leaves the upstream's data is
// asked again for its last name (up to kMaxRestarts times). The answer's TTL is the least TTL
// of the chain and the addresses; NXDOMAIN and NODATA are cached for min(SOA TTL, MINIMUM)
// (RFC 2308 §5). TC answers count as a failed try (addresses fit in UDP in practice).
// At most kMaxFetches targets are asked at once; queries for others wait in a backlog (up to
// kMaxQueue, then they are dropped) and start as fetches finish, so under a flood of distinct
// dead targets the 5 s bound holds for each fetch, not for the backlog's tail.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/address.h"
#include "server/alias_cache.h"
#include "server/deferred.h"
#include "server/log.h"
#include "server/snapshot.h"

namespace canon::server {

class AliasResolver : public DeferredSink {
 public:
  static constexpr int64_t kTryMs = 1000;
  static constexpr int64_t kDeadlineMs = 4000;  // the brief's bound is 5 s, answered or not
  static constexpr size_t kMaxQueue = 4096;
  static constexpr int kMaxRestarts = 8;
  static constexpr size_t kMaxFetches = 256;  // upstream queries in flight (one socket each)

  AliasResolver(std::vector<ListenAddress> upstreams, AliasCache* cache, SnapshotStore* store,
                Logger& log);
  ~AliasResolver() override;
  AliasResolver(const AliasResolver&) = delete;
  AliasResolver& operator=(const AliasResolver&) = delete;

  bool submit(DeferredQuery&& q) override;
  // The thread body; returns once `stop` is set. Queries still waiting get no answer.
  void run(const std::atomic<bool>* stop);
  // Reload ([alias] upstream changed): the resolver thread takes the new upstreams, empties
  // the cache (nothing learnt from the old ones is served again) and sends the fetches in
  // flight to the new upstreams. An empty list keeps the old upstreams for the fetches in
  // flight only: the snapshot published with it sends no new ones. Returns once the thread
  // has taken them (or after `wait`): a query that follows a SIGHUP's "reload done" must not
  // be answered from the old upstreams' cache. The thread must be running (run()).
  void reconfigure(std::vector<ListenAddress> upstreams,
                   std::chrono::milliseconds wait = std::chrono::milliseconds(5000));

 private:
  struct Fetch;
  void drain_queue();
  void apply_upstreams(std::vector<ListenAddress> upstreams);
  void take(DeferredQuery q);
  bool answer_now(DeferredQuery& q, const AliasAddresses* fresh, bool may_defer);
  void start_try(Fetch& f);
  void on_readable(Fetch& f);
  bool on_response(Fetch& f, std::span<const uint8_t> packet);
  void next_try(Fetch& f, const std::string& why);
  void finish(Fetch& f, const AliasAddresses& result);
  void close_socket(Fetch& f);
  void check_deadlines();
  void log_failure(const Fetch& f, const std::string& why);

  std::vector<ListenAddress> upstreams_;
  AliasCache* cache_;
  SnapshotStore* store_;
  Logger& log_;
  int epoll_fd_ = -1;
  int event_fd_ = -1;
  std::mutex mu_;
  std::deque<DeferredQuery> queue_;
  bool stopping_ = false;
  std::optional<std::vector<ListenAddress>> new_upstreams_;  // from reconfigure(), under mu_
  uint64_t asked_ = 0, taken_ = 0;  // reconfigure() calls made and applied, under mu_
  std::condition_variable taken_cv_;
  std::unordered_map<std::string, std::unique_ptr<Fetch>> fetches_;  // by lowered name + type
  std::unordered_map<int, Fetch*> by_fd_;
  std::deque<DeferredQuery> backlog_;  // waiting for a fetch slot (kMaxFetches)
  size_t next_upstream_ = 0;
  std::vector<uint8_t> answer_buf_;
};

// With [[view]]s and an [alias] upstream: a query waiting for an ALIAS target the cache
// missed (Deferral::alias) goes to the AliasResolver, so that ALIAS answers are cached and
// refreshed as without views; everything else goes to the views' resolver. Cache hits are the
// views' resolver's: the AliasResolver has none to give (its cache is read by respond()), and
// an ALIAS owner is in a zone of the view, which the resolver's cache never answers for.
class DeferralSplit final : public DeferredSink {
 public:
  DeferralSplit(DeferredSink* alias, DeferredSink* other) : alias_(alias), other_(other) {}
  bool submit(DeferredQuery&& q) override {
    return (q.need.alias ? alias_ : other_)->submit(std::move(q));
  }
  size_t answer_now(std::span<const uint8_t> query, const sockaddr_storage& client,
                    Transport transport, std::span<uint8_t> out,
                    const resolver::ViewChoice* chosen) override {
    return other_->answer_now(query, client, transport, out, chosen);
  }

 private:
  DeferredSink* alias_;
  DeferredSink* other_;
};

}  // namespace canon::server
