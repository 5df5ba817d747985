#include <fmt/format.h>

#include "zonefile/zonefile.h"

namespace canon {

std::string Diagnostic::to_string() const {
  return fmt::format("{}:{}:{}: {}{}", file, line, col, warning ? "warning: " : "", message);
}

}  // namespace canon
