// Logger: canond's log lines on stderr, as readable text or as JSON lines.
//
//   Logger log(LogFormat::kText);
//   log.info("loaded zone example.com. (123 records) from db.example");
//   // 2026-11-21T10:00:00Z info loaded zone example.com. (123 records) from db.example
//   // JSON: {"time":"2026-11-21T10:00:00Z","level":"info","msg":"loaded zone ..."}
//
// Lines are written whole with one write(2), so lines from several threads never interleave.
// Not for the per-query path: the query log (query_log.h) batches its own lines.
#pragma once

#include <string>
#include <string_view>

#include "server/config.h"

namespace canon::server {

class Logger {
 public:
  explicit Logger(LogFormat format = LogFormat::kText, int fd = 2) : format_(format), fd_(fd) {}

  void set_format(LogFormat f) { format_ = f; }
  LogFormat format() const { return format_; }

  void info(std::string_view msg) const { write("info", msg); }
  void warning(std::string_view msg) const { write("warning", msg); }
  void error(std::string_view msg) const { write("error", msg); }

  // The whole line, newline included, for `level` and `msg` at the current time.
  std::string format_line(std::string_view level, std::string_view msg) const;

 private:
  void write(std::string_view level, std::string_view msg) const;

  LogFormat format_;
  int fd_;
};

// "2026-11-21T10:00:00Z" for the current time, UTC.
std::string utc_timestamp();
// Appends `s` to `out` as the inside of a JSON string (quotes, backslashes and controls escaped).
void append_json_escaped(std::string& out, std::string_view s);
// Writes all of `data` to `fd`, retrying short writes; errors are ignored (a log must not stop
// the server).
void write_all(int fd, std::string_view data);

}  // namespace canon::server
