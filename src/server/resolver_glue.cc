#include "server/resolver_glue.h"

#include <fmt/format.h>
#include <algorithm>

#include "resolver/clock.h"
#include "server/log.h"
#include "server/test_clock.h"

namespace canon::server {

size_t ViewTable::respond(const AuthOptions& opt, const sockaddr_storage& client,
                          Transport transport, std::span<const uint8_t> query,
                          std::span<uint8_t> out, Deferral* d) const {
  const ViewZones* view = view_of(client);
  if (!view) return canon::respond(empty, opt, transport, query, out, d);  // REFUSED
  const Catalog& zones = view->catalog ? *view->catalog : empty;
  if (!view->config.recursion_allowed(client))
    return canon::respond(zones, opt, transport, query, out, d);
  AuthOptions o = opt;
  o.defer_outside = query.size() > 2 && (query[2] & 0x01);  // RD (RFC 1035 §4.1.1)
  size_t n = canon::respond(zones, o, transport, query, out, d);
  if (n > 3) out[3] |= 0x80;  // RA: this client may recurse
  return n;
}

const ViewZones* ViewTable::view_of(const sockaddr_storage& client) const {
  for (const auto& v : views)
    if (v.config.matches(client)) return &v;
  return nullptr;
}

bool ViewTable::cache_first(const sockaddr_storage& client, std::span<const uint8_t> query,
                            resolver::ViewChoice* chosen) const {
  if (query.size() < 12 || !(query[2] & 0x01)) return false;  // RD (RFC 1035 §4.1.1)
  const ViewZones* view = view_of(client);
  if (!view || (view->catalog && view->catalog->size() != 0) ||
      !view->config.recursion_allowed(client))
    return false;
  if (chosen) *chosen = {generation, static_cast<size_t>(view - views.data())};
  return true;
}

size_t respond_or_cached(const Snapshot& s, DeferredSink* sink, const sockaddr_storage& client,
                         Transport transport, std::span<const uint8_t> query,
                         std::span<uint8_t> out, Deferral* d) {
  bool asked = false;
  resolver::ViewChoice chosen;
  if (sink && s.views && s.views->cache_first(client, query, &chosen)) {
    if (size_t n = sink->answer_now(query, client, transport, out, &chosen)) return n;
    asked = true;  // a miss: respond() defers it, and the sink needs asking only once
  }
  size_t n = respond_to(s, client, transport, query, out, d);
  if (n == 0 && d->needed && sink && !asked)
    n = sink->answer_now(query, client, transport, out, nullptr);
  return n;
}

bool ResolverGlue::submit(DeferredQuery&& q) {
  std::shared_lock lock(mu_);
  if (!service_) return false;
  return service_->submit(std::move(q.packet), q.client, q.transport, std::move(q.reply));
}

size_t ResolverGlue::answer_now(std::span<const uint8_t> query, const sockaddr_storage& client,
                                Transport transport, std::span<uint8_t> out,
                                const resolver::ViewChoice* chosen) {
  std::shared_lock lock(mu_);
  return service_ ? service_->answer_cached(query, client, transport, out, chosen) : 0;
}

void ResolverGlue::replace(std::unique_ptr<resolver::ResolverService> next) {
  std::unique_ptr<resolver::ResolverService> old;
  {
    std::unique_lock lock(mu_);
    old = std::exchange(service_, std::move(next));
  }
  old.reset();  // joins its threads after they answer every query it accepted
}

Result<ResolutionBuild> build_resolution(const ServerConfig& config, const Catalog* top,
                                         resolver::Network& net,
                                         std::vector<Diagnostic>* diagnostics) {
  auto specs = build_views(config.resolution, top, diagnostics);
  if (!specs) return specs.error();
  auto opt = service_options(config.resolution, config.auth.max_cname_chain);
  if (!opt) return opt.error();
  // Each thread blocks on one upstream exchange at a time: enough of them for cold misses.
  opt->threads = config.resolution.resolver.threads;
  if (opt->threads == 0) opt->threads = std::max<size_t>(8, 2 * config.workers);
  auto table = std::make_shared<ViewTable>();
  for (size_t i = 0; i < specs->size(); ++i)
    table->views.push_back({config.resolution.views[i], (*specs)[i].zones});
  ResolutionBuild b;
  b.service = std::make_unique<resolver::ResolverService>(std::move(*specs), std::move(*opt), net,
                                                          resolver_clock());
  table->generation = b.service->generation();  // the table indexes this service's views
  b.table = std::move(table);
  return b;
}

bool check_resolution(const ServerConfig& config, const Catalog* top, int log_fd) {
  std::vector<Diagnostic> diagnostics;
  bool ok = true;
  auto specs = build_views(config.resolution, top, &diagnostics);
  for (const auto& d : diagnostics) write_all(log_fd, d.to_string() + "\n");
  if (!specs) {
    ok = false;
    write_all(log_fd, specs.error().message + "\n");
  }
  auto opt = service_options(config.resolution, config.auth.max_cname_chain);
  if (!opt) {
    ok = false;
    write_all(log_fd, opt.error().message + "\n");
  }
  return ok;
}

}  // namespace canon::server
