#include "server/server.h"

#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cstdio>
#include <ctime>

#include "resolver/udp_network.h"
#include "server/alias_check.h"
#include "server/sockets.h"
#include "server/zone_loader.h"

namespace canon::server {

namespace {

sigset_t control_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

unsigned loader_threads(size_t zones) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(zones, cores));
}

size_t record_total(const Catalog& c) {
  size_t n = 0;
  for (const auto& z : c.zones()) n += z->record_count();
  return n;
}

}  // namespace

Server::Server(ServerConfig config, Overrides overrides, Logger& log)
    : config_(std::move(config)), overrides_(std::move(overrides)), log_(log) {}

Server::~Server() {
  stop();
}

Status Server::start() {
  // Threads inherit the mask: only the main thread takes these signals, in run().
  sigset_t set = control_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  if (auto st = open_sockets(); !st) return st;
  // Without views the cache and its resolver exist even with no upstream yet, so that a
  // reload can add one (the workers' hand-off is fixed at start); the thread starts then.
  if (!config_.alias_upstream.empty() || config_.resolution.views.empty())
    alias_cache_ = std::make_unique<AliasCache>(4096, config_.alias_serve_stale);
  if (auto st = load_initial(); !st) return st;
  start_threads();
  for (const auto& a : config_.listen) {
    log_.info(fmt::format("listening on {} udp+tcp ({} worker{})", a.to_string(), config_.workers,
                          config_.workers == 1 ? "" : "s"));
  }
  return {};
}

Status Server::open_sockets() {
  // TCP first: it does not share ports, so another server on the port is caught here. It
  // listens last: whoever sees a TCP port accept may send over UDP at once (readiness probes
  // do), and the datagram must find its socket bound (queued until the workers start).
  for (const auto& a : config_.listen) {
    auto fd = bind_tcp_socket(a);
    if (!fd) return fd.error();
    tcp_fds_.push_back(*fd);
  }
  for (const auto& a : config_.listen) {
    for (unsigned w = 0; w < config_.workers; ++w) {
      auto fd = open_udp_socket(a);
      if (!fd) return fd.error();
      udp_fds_.push_back(*fd);
    }
  }
  for (size_t i = 0; i < tcp_fds_.size(); ++i)
    if (auto st = start_listening(tcp_fds_[i], config_.listen[i]); !st) return st;
  return {};
}

Status Server::load_initial() {
  auto loads = load_zones(config_.zones, loader_threads(config_.zones.size()));
  for (const auto& l : loads) {
    log_diagnostics(l.diagnostics);
    if (!l.zone) {
      return Error(
          fmt::format("zone {} did not load from {}", l.config.origin.to_string(), l.config.file));
    }
    log_.info(fmt::format("loaded zone {} ({} records) from {} in {:.3f} s",
                          l.config.origin.to_string(), l.zone->record_count(), l.config.file,
                          l.seconds));
  }
  store_ = std::make_unique<SnapshotStore>(udp_fds_.size() + 1);
  auto catalog = build_catalog(loads, nullptr).catalog;
  if (config_.alias_upstream.empty() && config_.resolution.views.empty())
    log_diagnostics(alias_upstream_warnings(loads, *catalog));
  if (auto st = build_views_for(catalog.get(), true); !st) return st;
  publish(catalog, config_.auth);
  return {};
}

Status Server::build_views_for(const Catalog* top, bool initial) {
  if (config_.resolution.views.empty()) {
    views_.reset();
    return {};
  }
  if (!net_) net_ = std::make_unique<resolver::UdpNetwork>();
  std::vector<Diagnostic> diagnostics;
  auto b = build_resolution(config_, top, *net_, &diagnostics);
  log_diagnostics(diagnostics);
  if (!b) {
    if (initial) return b.error();
    log_.error(b.error().message + ": keeping the views loaded before");
    return {};
  }
  views_ = std::move(b->table);
  if (resolver_) {
    resolver_->replace(std::move(b->service));
  } else {
    resolver_ = std::make_unique<ResolverGlue>(std::move(b->service));
  }
  log_.info(fmt::format("resolver: {} views", config_.resolution.views.size()));
  return {};
}

void Server::publish(std::shared_ptr<const Catalog> catalog, const AuthOptions& options) {
  auto snap = std::make_shared<Snapshot>();
  snap->catalog = std::move(catalog);
  snap->options = options;
  snap->options.alias = config_.alias_upstream.empty() ? nullptr : alias_cache_.get();
  snap->views = views_;
  snap->generation = ++generation_;
  store_->publish(std::move(snap));
}

void Server::start_threads() {
  WorkerShared shared{store_.get(), &stop_, config_.query_log, config_.log_format, 2};
  if (resolver_ && alias_cache_) {
    // Views and an [alias] upstream: ALIAS targets are cached and refreshed as without views.
    alias_resolver_ = std::make_unique<AliasResolver>(config_.alias_upstream, alias_cache_.get(),
                                                      store_.get(), log_);
    split_ = std::make_unique<DeferralSplit>(alias_resolver_.get(), resolver_.get());
    shared.deferred = split_.get();
    start_alias_thread();
  } else if (resolver_) {
    shared.deferred = resolver_.get();  // the view's router flattens ALIAS itself
  } else if (alias_cache_) {
    alias_resolver_ = std::make_unique<AliasResolver>(config_.alias_upstream, alias_cache_.get(),
                                                      store_.get(), log_);
    shared.deferred = alias_resolver_.get();
    if (!config_.alias_upstream.empty()) start_alias_thread();
  }
  for (size_t i = 0; i < udp_fds_.size(); ++i) {
    udp_.push_back(std::make_unique<UdpWorker>(udp_fds_[i], i, shared, config_.auth.udp_max_size,
                                               config_.udp_coalesce_us));
  }
  tcp_ = std::make_unique<TcpServer>(
      tcp_fds_, udp_fds_.size(), shared,
      TcpLimits{config_.tcp_max_connections, config_.tcp_idle_timeout_ms});
  for (auto& w : udp_) threads_.emplace_back([p = w.get()] { p->run(); });
  threads_.emplace_back([p = tcp_.get()] { p->run(); });
}

void Server::start_alias_thread() {
  threads_.emplace_back([p = alias_resolver_.get(), stop = &stop_] { p->run(stop); });
  alias_thread_ = true;
}

namespace {

std::string address_list(const std::vector<ListenAddress>& list) {
  std::string out;
  for (const auto& a : list) out += (out.empty() ? "" : ", ") + a.to_string();
  return out.empty() ? "none" : out;
}

}  // namespace

void Server::apply_alias(const ServerConfig& next) {
  std::string before = address_list(config_.alias_upstream);
  std::string after = address_list(next.alias_upstream);
  bool stale_changed = next.alias_serve_stale != config_.alias_serve_stale;
  if (before == after && !stale_changed) return;
  config_.alias_upstream = next.alias_upstream;
  config_.alias_serve_stale = next.alias_serve_stale;
  if (!alias_resolver_) {
    log_.warning(
        "SIGHUP: [alias] changed, but canond started with [[view]]s and no [alias] upstream "
        "resolves ALIAS targets through the client's view; the change takes effect on restart");
    return;
  }
  if (stale_changed) {
    alias_cache_->set_serve_stale(next.alias_serve_stale);
    log_.info(fmt::format("SIGHUP: [alias] serve-stale {} -> {}", !next.alias_serve_stale,
                          next.alias_serve_stale));
  }
  if (before != after) {
    // The thread first: reconfigure() waits for it to take the list. (Without a thread the
    // old list was empty, so the new one is not.)
    if (!next.alias_upstream.empty() && !alias_thread_) start_alias_thread();
    alias_resolver_->reconfigure(next.alias_upstream);
    log_.info(fmt::format(
        "SIGHUP: [alias] upstream {} -> {}; cached ALIAS answers dropped{}", before, after,
        next.alias_upstream.empty() ? "; ALIAS targets outside the zones answer SERVFAIL" : ""));
  }
}

int Server::run() {
  sigset_t set = control_signals();
  timespec tick{0, 100 * 1000 * 1000};
  for (;;) {
    int sig = sigtimedwait(&set, nullptr, &tick);
    store_->reclaim();
    if (sig == SIGHUP) {
      reload();
    } else if (sig == SIGTERM || sig == SIGINT) {
      log_.info(fmt::format("{}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT"));
      stop();
      log_.info("stopped");
      return 0;
    }
  }
}

void Server::reload() {
  log_.info("SIGHUP: reloading zones");
  ServerConfig next = config_;
  if (!config_.config_path.empty()) {
    std::vector<Diagnostic> errors;
    auto c = load_config(config_.config_path, &errors);
    if (c) {
      next.zones = c->zones;
      next.auth = c->auth;
      next.alias_upstream = c->alias_upstream;
      next.alias_serve_stale = c->alias_serve_stale;
      // Views are rebuilt only when canond started with them: the workers' hand-off is fixed
      // at start.
      if (resolver_) next.resolution = c->resolution;
      Overrides again{.zones = overrides_.zones, .alias_upstream = overrides_.alias_upstream};
      if (auto st = apply_overrides(next, again); !st) {
        log_.error(st.error().message);
      }
    } else {
      log_diagnostics(errors);
      log_.error("config has errors: reloading the zones configured before");
    }
  }
  auto loads = load_zones(next.zones, loader_threads(next.zones.size()));
  auto previous = store_->current();
  for (const auto& l : loads) {
    log_diagnostics(l.diagnostics);
    if (l.zone) {
      log_.info(fmt::format("loaded zone {} ({} records) from {} in {:.3f} s",
                            l.config.origin.to_string(), l.zone->record_count(), l.config.file,
                            l.seconds));
    } else {
      log_.error(fmt::format("zone {} failed to load; {}", l.config.origin.to_string(),
                             previous->catalog->zone_at(l.config.origin)
                                 ? "keeping the version loaded before"
                                 : "it is not served"));
    }
  }
  CatalogBuild b = build_catalog(loads, previous->catalog.get());
  size_t records = record_total(*b.catalog);
  config_.zones = next.zones;
  config_.auth = next.auth;
  if (resolver_ && !next.resolution.views.empty()) {
    config_.resolution = next.resolution;
    (void)build_views_for(b.catalog.get(), false);  // a failure keeps the views loaded before
  }
  apply_alias(next);  // before publish: the new snapshot's ALIAS source follows config_
  publish(b.catalog, next.auth);
  log_.info(fmt::format("reload done: {} zones ({} records), {} reloaded, {} kept old, {} failed",
                        b.catalog->size(), records, b.loaded, b.kept, b.failed));
}

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  stop_.store(true);
  for (auto& t : threads_) t.join();
  threads_.clear();
  split_.reset();
  alias_resolver_.reset();  // before the UDP sockets it answers on are closed
  resolver_.reset();        // the same: its threads answer on the workers' sockets
  udp_.clear();
  tcp_.reset();
  for (int fd : udp_fds_) close(fd);
  for (int fd : tcp_fds_) close(fd);
  udp_fds_.clear();
  tcp_fds_.clear();
}

void Server::log_diagnostics(const std::vector<Diagnostic>& diagnostics) const {
  for (const auto& d : diagnostics) {
    if (d.warning) {
      log_.warning(d.to_string());
    } else {
      log_.error(d.to_string());
    }
  }
}

bool check_config(const ServerConfig& config, int log_fd) {
  auto loads = load_zones(config.zones, loader_threads(config.zones.size()));
  bool ok = true;
  size_t records = 0;
  if (config.alias_upstream.empty()) {
    auto catalog = build_catalog(loads, nullptr).catalog;
    for (const auto& d : alias_upstream_warnings(loads, *catalog))
      write_all(log_fd, d.to_string() + "\n");
  }
  for (const auto& l : loads) {
    for (const auto& d : l.diagnostics) {
      std::string line = d.to_string() + "\n";
      write_all(log_fd, line);
    }
    if (!l.zone) {
      ok = false;
      write_all(log_fd, fmt::format("zone {} did not load from {}\n", l.config.origin.to_string(),
                                    l.config.file));
      continue;
    }
    records += l.zone->record_count();
  }
  if (!config.resolution.views.empty()) {
    auto catalog = build_catalog(loads, nullptr).catalog;
    if (!check_resolution(config, catalog.get(), log_fd)) ok = false;
  }
  if (ok) {
    std::printf("ok: %zu zones, %zu records\n", loads.size(), records);
  }
  return ok;
}

}  // namespace canon::server
