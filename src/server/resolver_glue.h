// Resolver glue: how canond's workers reach the resolver (issue 5).
//
// With [[view]]s in the config, each snapshot carries a ViewTable: every view's match-clients
// and its catalog (the top-level zones shadowed by its [[view.zone]]s). A worker answers with
// respond_to(), which picks the client's view (first match) and runs the authoritative
// respond() on that view's catalog: a name the view's zones answer costs what it did before.
// For a client in the view's allow-recursion asking with RD, a query the zones cannot finish
// (a name outside them, a referral, a chain that leaves them) comes back as a Deferral; the
// worker hands it to the ResolverGlue (a DeferredSink), which queues it on the
// ResolverService, whose threads resolve it through the view's routing and send the answer
// themselves (UDP: sendto on the worker's socket; TCP: the answer comes back to the TCP
// thread through TcpCompletions). Before handing a query off, the worker asks answer_now(): a
// chain that is all in the view's cache is written into the worker's own output buffer and
// goes out with its batch. For a view without zones respond() could only defer, so a
// recursive query there asks the cache first and skips respond() on a hit.
//
//   auto b = build_resolution(config, top_catalog.get(), net, &diagnostics);
//   snapshot->views = b->table;
//   ResolverGlue glue(std::move(b->service));   // shared.deferred = &glue
//   size_t n = respond_or_cached(*snapshot, &glue, peer, Transport::kUdp, query, out, &deferral);
#pragma once

#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <vector>

#include "auth/responder.h"
#include "base/result.h"
#include "resolver/network.h"
#include "resolver/resolver_service.h"
#include "server/config.h"
#include "server/deferred.h"
#include "server/snapshot.h"
#include "server/view_config.h"

namespace canon::server {

struct ViewZones {
  ViewConfig config;                       // match-clients, allow-recursion
  std::shared_ptr<const Catalog> catalog;  // may be null: no zones
};

struct ViewTable {
  std::vector<ViewZones> views;
  Catalog empty;

  // The answer from the client's view's zones; a client of no view is REFUSED. Recursive
  // clients (allow-recursion, RD set) get RA, and what the zones cannot finish is deferred.
  size_t respond(const AuthOptions& opt, const sockaddr_storage& client, Transport transport,
                 std::span<const uint8_t> query, std::span<uint8_t> out, Deferral* d) const;
  // True for a recursive query (RD set, the client in allow-recursion) to a view without
  // zones: respond() would defer every query that the resolver's cache can answer. Then
  // `chosen`, when not null, names that view for the resolver (ViewChoice).
  bool cache_first(const sockaddr_storage& client, std::span<const uint8_t> query,
                   resolver::ViewChoice* chosen = nullptr) const;

  // The generation of the ResolverService built with this table (build_resolution()).
  uint64_t generation = 0;

 private:
  const ViewZones* view_of(const sockaddr_storage& client) const;
};

// The workers' entry point: the plain authoritative path without views.
inline size_t respond_to(const Snapshot& s, const sockaddr_storage& client, Transport transport,
                         std::span<const uint8_t> query, std::span<uint8_t> out, Deferral* d) {
  if (!s.views) return respond(*s.catalog, s.options, transport, query, out, d);
  return s.views->respond(s.options, client, transport, query, out, d);
}

// respond_to(), with the resolver's cache behind it: a query respond() defers is asked of
// `sink`'s answer_now() (a cache hit), and a ViewTable::cache_first() query is asked there
// first. Returns the reply's length; 0 with d->needed set: submit the query to `sink`.
size_t respond_or_cached(const Snapshot& s, DeferredSink* sink, const sockaddr_storage& client,
                         Transport transport, std::span<const uint8_t> query,
                         std::span<uint8_t> out, Deferral* d);

// Takes deferred queries for the ResolverService. replace() swaps the service on reload.
class ResolverGlue final : public DeferredSink {
 public:
  explicit ResolverGlue(std::unique_ptr<resolver::ResolverService> service)
      : service_(std::move(service)) {}
  bool submit(DeferredQuery&& q) override;
  // A cache hit answered on the worker's thread (ResolverService::answer_cached).
  size_t answer_now(std::span<const uint8_t> query, const sockaddr_storage& client,
                    Transport transport, std::span<uint8_t> out,
                    const resolver::ViewChoice* chosen) override;
  // The old service is destroyed in the caller's thread once it has answered what it queued.
  void replace(std::unique_ptr<resolver::ResolverService> next);

 private:
  std::shared_mutex mu_;  // workers share it; replace() takes it alone
  std::unique_ptr<resolver::ResolverService> service_;
};

struct ResolutionBuild {
  std::shared_ptr<const ViewTable> table;
  std::unique_ptr<resolver::ResolverService> service;
};

// The views of `config` over the top-level zones `top` (may be null): their zones loaded
// (problems added to `diagnostics` as file:line:col), root hints read, the service started.
Result<ResolutionBuild> build_resolution(const ServerConfig& config, const Catalog* top,
                                         resolver::Network& net,
                                         std::vector<Diagnostic>* diagnostics);

// canond --check: loads the view zones and the root hints and writes every problem to
// `log_fd`. Returns true when nothing failed.
bool check_resolution(const ServerConfig& config, const Catalog* top, int log_fd);

}  // namespace canon::server
