// Server: canond's process: sockets, zone snapshots, worker threads and signals.
//
//   Logger log(config.log_format);
//   Server s(config, overrides, log);
//   if (auto st = s.start(); !st) { log.error(st.error().message); return 1; }
//   return s.run();   // until SIGTERM or SIGINT; SIGHUP reloads
//
// Threads: `workers` UDP threads per listen address (each with its own SO_REUSEPORT socket),
// one TCP thread for every address, and with an ALIAS upstream the ALIAS resolver thread
// (alias_resolver.h), which answers the queries the others defer (deferred.h). The main
// thread handles signals, reloads and frees old snapshots; it never touches the query path.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "base/result.h"
#include "server/alias_cache.h"
#include "server/alias_resolver.h"
#include "server/config.h"
#include "server/log.h"
#include "server/resolver_glue.h"
#include "server/snapshot.h"
#include "server/tcp_server.h"
#include "server/udp_worker.h"

namespace canon::server {

class Server {
 public:
  // `overrides` are kept so that a reload re-applies the --zone flags to the re-read file.
  Server(ServerConfig config, Overrides overrides, Logger& log);
  ~Server();

  // Opens every socket (so "address in use" is reported before a long zone load), loads the
  // zones in parallel, starts the threads and logs "listening on ...". Fails when a socket
  // cannot be opened or a zone does not load.
  Status start();
  // Handles signals until SIGTERM/SIGINT, then stops gracefully. Returns the exit code.
  int run();
  // Re-reads the config file's zones and swaps in a new snapshot. A zone that fails keeps its
  // old version; its errors are logged as file:line:col.
  void reload();
  // Asks the threads to stop, waits for them (each finishes its batch) and closes sockets.
  void stop();

  uint64_t generation() const { return generation_; }

 private:
  Status open_sockets();
  Status load_initial();
  void start_threads();
  void log_diagnostics(const std::vector<Diagnostic>& diagnostics) const;
  void publish(std::shared_ptr<const Catalog> catalog, const AuthOptions& options);
  // SIGHUP: applies a changed [alias] (upstream, serve-stale) and logs what changed.
  void apply_alias(const ServerConfig& next);
  void start_alias_thread();

  ServerConfig config_;
  Overrides overrides_;
  Logger& log_;
  std::vector<int> udp_fds_;  // workers per address, address-major
  std::vector<int> tcp_fds_;
  std::unique_ptr<SnapshotStore> store_;
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<UdpWorker>> udp_;
  std::unique_ptr<TcpServer> tcp_;
  // Without views always (a reload may add an upstream); with views only with an upstream.
  std::unique_ptr<AliasCache> alias_cache_;
  std::unique_ptr<AliasResolver> alias_resolver_;  // its thread is in threads_, once started
  bool alias_thread_ = false;
  std::unique_ptr<DeferralSplit> split_;  // views and an [alias] upstream
  // With [[view]]s (resolver_glue.h): the views' zones, the resolver and its upstream sockets.
  Status build_views_for(const Catalog* top, bool initial);
  std::shared_ptr<const ViewTable> views_;
  std::unique_ptr<resolver::Network> net_;
  std::unique_ptr<ResolverGlue> resolver_;
  std::vector<std::thread> threads_;
  uint64_t generation_ = 0;
  bool stopped_ = false;
};

// Loads the config's zones and reports every problem, as `canond --check` does. Diagnostics
// go to `log_fd` one per line as file:line:col; returns true when nothing failed.
bool check_config(const ServerConfig& config, int log_fd);

}  // namespace canon::server
