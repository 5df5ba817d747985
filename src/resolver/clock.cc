#include "resolver/clock.h"

namespace canon::resolver {

Millis SystemClock::now() const {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

SystemClock& SystemClock::instance() {
  static SystemClock c;
  return c;
}

}  // namespace canon::resolver
