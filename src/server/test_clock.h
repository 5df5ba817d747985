// The resolver's clock, with a TEST-ONLY way to move it: when canond starts with the
// environment variable CANOND_TEST_CLOCK=FILE, the resolver's time is the system's plus the
// milliseconds written in FILE (re-read on every reading, so a harness moves time by
// rewriting it; tests/rpl uses this for testbound's TIME_PASSES). Without the variable this is
// SystemClock, untouched, so normal operation pays nothing.
//
//   ResolverService svc(..., resolver_clock());
#pragma once

#include <string>

#include "resolver/clock.h"

namespace canon::server {

// The clock canond's resolver uses: SystemClock, or a FileOffsetClock in test mode.
const resolver::Clock& resolver_clock();

// System time plus the offset (integer milliseconds) in a file; a missing or unreadable file
// counts as 0.
class FileOffsetClock final : public resolver::Clock {
 public:
  explicit FileOffsetClock(std::string path) : path_(std::move(path)) {}
  resolver::Millis now() const override;
  resolver::Millis offset() const;

 private:
  std::string path_;
};

}  // namespace canon::server
