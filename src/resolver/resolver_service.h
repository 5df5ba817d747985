// ResolverService: the views of a recursive canond, with their own caches, routers and
// iterators, and a pool of threads that do the upstream I/O. A UDP worker never waits on it:
// it submit()s the packet with a reply function and goes on; the service's threads answer.
//
//   std::vector<ViewSpec> views = ...;       // server/view_config.h builds them from canond.toml
//   ResolverService svc(std::move(views), {}, net, SystemClock::instance());
//   svc.submit(packet, client_addr, Transport::kUdp, [&](std::span<const uint8_t> r) { send(r); });
//   std::vector<uint8_t> r = svc.answer(packet, client_addr, Transport::kTcp);   // blocking
//   size_t n = svc.answer_cached(packet, client_addr, Transport::kUdp, out);     // or 0: submit
//
// Each view has its own cache: data learnt for one view (a forwarder's answers, say) never
// reaches a client of another (issue 5 §1, "private data never reaches a client of another
// view"). A client that matches no view is REFUSED; one outside the view's allow-recursion gets
// only the view's own zones and REFUSED for anything else, with RA clear.
#pragma once

#include <sys/socket.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "resolver/answer_cache.h"
#include "resolver/cache.h"
#include "resolver/iterator.h"
#include "resolver/router.h"

namespace canon::resolver {

struct ViewSpec {
  std::string name;
  std::function<bool(const sockaddr_storage&)> matches;
  std::function<bool(const sockaddr_storage&)> recursion_allowed;
  std::shared_ptr<const Catalog> zones;  // top-level zones, shadowed by the view's own
  std::vector<ForwardRule> forwards;
  bool recursion = false;
};

struct ServiceOptions {
  CacheOptions cache;  // max_bytes is shared out between the views
  IteratorOptions iterator;
  std::optional<RootHints> hints;  // nullopt: built in
  size_t max_cname_chain = 12;
  Millis forward_timeout{1500};
  // The share of each view's cache memory kept for finished replies (answer_cache.h):
  // 1/answer_share of it; 0 turns the AnswerCache off.
  size_t answer_share = 8;
  size_t threads = 2;
  size_t max_queue = 4096;  // submit() refuses past this many waiting queries
};

using ReplyFn = std::function<void(std::span<const uint8_t>)>;

// A view the caller has already picked for a client (the first whose match-clients holds it)
// and found the client in its allow-recursion: the index of the view, and the generation of
// the service whose views it indexed (ResolverService::generation()). A server's view table
// and its service are built together from one configuration but swapped one after the other on
// reload, so a choice made against another generation is ignored and the view picked afresh.
struct ViewChoice {
  uint64_t generation = 0;
  size_t index = 0;
};

class ResolverService {
 public:
  ResolverService(std::vector<ViewSpec> views, ServiceOptions opt, Network& net,
                  const Clock& clock);
  ~ResolverService();
  ResolverService(const ResolverService&) = delete;
  ResolverService& operator=(const ResolverService&) = delete;

  // The reply to `packet` for `client`; empty when the packet must be dropped (a response, a
  // runt). Over UDP at most 512 octets, or the client's EDNS size up to 1232 (TC set past it).
  // Blocks on upstream I/O.
  std::vector<uint8_t> answer(std::span<const uint8_t> packet, const sockaddr_storage& client,
                              Transport transport);
  // Queues the packet for the service's threads, which call `reply` once with the answer (not
  // at all for a dropped packet). False when the queue is full or the service is stopping.
  bool submit(std::vector<uint8_t> packet, const sockaddr_storage& client, Transport transport,
              ReplyFn reply);

  // The reply from memory alone, written into `out` on the caller's thread (a UDP worker's):
  // a recursive client's query whose whole chain is in the view's cache (cached_answer.h,
  // write_from_cache). Returns its length, or 0 when it needs more (a miss, anything but a
  // plain IN query from a client allowed to recurse): then answer() or submit() it. The same
  // reply as answer() would give, bytes aside (compression may differ). A reply written once
  // is kept in the view's AnswerCache; asked again, it is copied from there with its TTLs
  // counted down, the same octets as rebuilding it would give.
  // With `chosen` of this generation, its view is taken as the client's, recursion allowed.
  size_t answer_cached(std::span<const uint8_t> packet, const sockaddr_storage& client,
                       Transport transport, std::span<uint8_t> out,
                       const ViewChoice* chosen = nullptr) const;
  // Drops every view's finished replies (the RRset caches stay): the next answer_cached()
  // rebuilds each from its RRsets.
  void clear_answers();

  // The view of a client, or -1.
  int view_index(const sockaddr_storage& client) const;
  // Unique to this service among all built in the process (ViewChoice).
  uint64_t generation() const { return generation_; }
  const Cache& cache(size_t view) const { return *views_[view].cache; }

 private:
  struct View {
    ViewSpec spec;
    std::unique_ptr<Cache> cache;
    std::unique_ptr<AnswerCache> answers;  // null when off
    std::unique_ptr<Iterator> iterator;
    std::unique_ptr<Router> router;
  };
  struct Job {
    std::vector<uint8_t> packet;
    sockaddr_storage client;
    Transport transport;
    ReplyFn reply;
  };
  void run();

  // The view a recursive client's query goes to, or nullptr (no view, recursion refused).
  const View* recursive_view(const sockaddr_storage& client, const ViewChoice* chosen) const;

  std::vector<View> views_;
  uint64_t generation_;
  const Clock& clock_;
  size_t max_cname_chain_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  size_t max_queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace canon::resolver
