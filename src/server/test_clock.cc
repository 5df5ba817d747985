#include "server/test_clock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace canon::server {

resolver::Millis FileOffsetClock::offset() const {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return resolver::Millis(0);
  char buf[32];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return resolver::Millis(0);
  buf[n] = '\0';
  return resolver::Millis(std::strtoll(buf, nullptr, 10));
}

resolver::Millis FileOffsetClock::now() const {
  return resolver::SystemClock::instance().now() + offset();
}

const resolver::Clock& resolver_clock() {
  // Decided once: the variable is read at the first resolver build, never on the query path.
  static const resolver::Clock* clock = []() -> const resolver::Clock* {
    const char* path = std::getenv("CANOND_TEST_CLOCK");
    if (path && *path) return new FileOffsetClock(path);
    return &resolver::SystemClock::instance();
  }();
  return *clock;
}

}  // namespace canon::server
