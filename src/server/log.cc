#include "server/log.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

namespace canon::server {

std::string utc_timestamp() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t{};
  gmtime_r(&ts.tv_sec, &t);
  char buf[32];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &t);
  return std::string(buf, n);
}

void append_json_escaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

std::string Logger::format_line(std::string_view level, std::string_view msg) const {
  std::string line;
  line.reserve(msg.size() + 64);
  if (format_ == LogFormat::kJson) {
    line += "{\"time\":\"";
    line += utc_timestamp();
    line += "\",\"level\":\"";
    line += level;
    line += "\",\"msg\":\"";
    append_json_escaped(line, msg);
    line += "\"}\n";
    return line;
  }
  line += utc_timestamp();
  line += ' ';
  line += level;
  line += ' ';
  line += msg;
  line += '\n';
  return line;
}

void Logger::write(std::string_view level, std::string_view msg) const {
  write_all(fd_, format_line(level, msg));
}

}  // namespace canon::server
