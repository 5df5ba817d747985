// Clock: the resolver's only source of time, so that tests (and the replay harness's
// TIME_PASSES steps) can move it by hand.
//
//   ManualClock c;             // starts at 1000 s
//   cache.put(..., c.now());
//   c.advance(std::chrono::seconds(301));
#pragma once

#include <atomic>
#include <chrono>

namespace canon::resolver {

using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic milliseconds from an arbitrary epoch.
  virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now() const override;
  static SystemClock& instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start = Millis(1'000'000)) : now_(start.count()) {}
  Millis now() const override { return Millis(now_.load()); }
  void advance(Millis d) { now_ += d.count(); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace canon::resolver
