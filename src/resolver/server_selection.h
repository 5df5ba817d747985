// ServerSelection: smoothed round-trip times per upstream address, to ask the fastest server
// of a zone first (as BIND and Unbound do). A server never heard from sorts first, with a small
// random value, so that every server gets tried; a timeout doubles the estimate.
//
//   auto order = sel.order(servers);      // fastest first
//   sel.record(server, Millis(12));       // after an answer
//   sel.timed_out(server, Millis(800));
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/address.h"
#include "resolver/clock.h"

namespace canon::resolver {

class ServerSelection {
 public:
  std::vector<ListenAddress> order(const std::vector<ListenAddress>& servers) const;
  void record(const ListenAddress& server, Millis rtt);
  void timed_out(const ListenAddress& server, Millis timeout);
  // The estimate in milliseconds, or -1 when the server was never tried.
  int64_t srtt(const ListenAddress& server) const;

 private:
  static constexpr int64_t kMaxSrtt = 120000;
  mutable std::mutex mu_;
  std::unordered_map<std::string, int64_t> srtt_;
};

}  // namespace canon::resolver
