#include "server/tcp_completions.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace canon::server {

TcpCompletions::TcpCompletions() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

TcpCompletions::~TcpCompletions() {
  if (fd_ >= 0) close(fd_);
}

void TcpCompletions::post(uint64_t token, std::span<const uint8_t> answer) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back({token, {answer.begin(), answer.end()}});
  }
  uint64_t one = 1;
  // The counter only saturates after 2^64-2 posts the loop never took; a failed write then
  // still leaves the eventfd readable, which is all the loop needs.
  (void)!write(fd_, &one, sizeof one);
}

std::function<void(std::span<const uint8_t>)> TcpCompletions::reply_for(uint64_t token) {
  return [self = shared_from_this(), token](std::span<const uint8_t> answer) {
    self->post(token, answer);
  };
}

std::vector<TcpCompletion> TcpCompletions::take() {
  uint64_t count = 0;
  (void)!read(fd_, &count, sizeof count);  // reset before taking: a later post wakes again
  std::vector<TcpCompletion> out;
  std::lock_guard lock(mu_);
  out.swap(queue_);
  return out;
}

}  // namespace canon::server
