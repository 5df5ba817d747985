// Colour for `canon` output: on only when the stream is a terminal and NO_COLOR is unset
// (https://no-color.org), so pipes and files get plain text.
//
//   Style st = Style::for_stream(stdout);
//   std::printf("%s%s%s\n", st.red(), "error", st.reset());
#pragma once

#include <unistd.h>
#include <cstdio>
#include <cstdlib>

namespace canon::cli {

class Style {
 public:
  static Style for_stream(std::FILE* f) {
    return Style(::isatty(::fileno(f)) == 1 && std::getenv("NO_COLOR") == nullptr);
  }
  explicit Style(bool on) : on_(on) {}

  bool on() const { return on_; }
  const char* bold() const { return pick("\033[1m"); }
  const char* dim() const { return pick("\033[2m"); }
  const char* red() const { return pick("\033[31m"); }
  const char* green() const { return pick("\033[32m"); }
  const char* yellow() const { return pick("\033[33m"); }
  const char* blue() const { return pick("\033[34m"); }
  const char* cyan() const { return pick("\033[36m"); }
  const char* reset() const { return pick("\033[0m"); }

 private:
  const char* pick(const char* code) const { return on_ ? code : ""; }
  bool on_;
};

}  // namespace canon::cli
