#include "server/alias_resolver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace canon::server {
namespace {

ListenAddress at(const char* text) {
  return *parse_listen_address(text);
}

// After a SIGHUP that moves [alias] upstream, "reload done" is logged once reconfigure()
// returns: from then on no answer learnt from the old upstream may be served. The resolver
// thread is started late here, so a reconfigure() that only posted the change would return
// with the old answer still cached.
TEST(AliasResolver, ReconfigureReturnsOnceTheOldAnswersAreGone) {
  AliasCache cache;
  SnapshotStore store(1);
  Logger log(LogFormat::kText, -1);
  AliasResolver resolver({at("127.0.0.1:9")}, &cache, &store, log);
  Name target = *Name::parse("cdn.ext.test.");
  const uint8_t old_address[4] = {203, 0, 113, 10};
  cache.store_addresses(target, RRType::A, 300, old_address, 1);  // no other writer yet
  AliasAddresses got;
  cache.find(target, RRType::A, &got);
  ASSERT_EQ(got.status, AliasStatus::kAddresses);

  std::atomic<bool> stop{false};
  std::thread late([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    resolver.run(&stop);
  });
  resolver.reconfigure({at("127.0.0.1:10")});
  cache.find(target, RRType::A, &got);
  EXPECT_EQ(got.status, AliasStatus::kMiss);
  stop = true;
  late.join();
}

}  // namespace
}  // namespace canon::server
