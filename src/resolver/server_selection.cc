#include "resolver/server_selection.h"

#include <sys/random.h>

#include <algorithm>

namespace canon::resolver {

namespace {

int64_t small_random() {
  uint8_t b = 0;
  if (::getrandom(&b, 1, 0) != 1) b = 0;
  return b % 8;
}

}  // namespace

std::vector<ListenAddress> ServerSelection::order(const std::vector<ListenAddress>& servers) const {
  std::vector<std::pair<int64_t, size_t>> keyed;
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < servers.size(); ++i) {
      auto it = srtt_.find(servers[i].to_string());
      keyed.push_back({it == srtt_.end() ? small_random() - 8 : it->second, i});
    }
  }
  std::stable_sort(keyed.begin(), keyed.end());
  std::vector<ListenAddress> out;
  for (const auto& k : keyed) out.push_back(servers[k.second]);
  return out;
}

void ServerSelection::record(const ListenAddress& server, Millis rtt) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = srtt_.try_emplace(server.to_string(), rtt.count());
  // The classic TCP smoothing (RFC 6298 §2): 7/8 of the old estimate, 1/8 of the new sample.
  if (!fresh) it->second = (it->second * 7 + rtt.count()) / 8;
}

void ServerSelection::timed_out(const ListenAddress& server, Millis timeout) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = srtt_.try_emplace(server.to_string(), timeout.count());
  if (!fresh) it->second = std::min(kMaxSrtt, std::max(it->second * 2, timeout.count()));
}

int64_t ServerSelection::srtt(const ListenAddress& server) const {
  std::lock_guard lock(mu_);
  auto it = srtt_.find(server.to_string());
  return it == srtt_.end() ? -1 : it->second;
}

}  // namespace canon::resolver
