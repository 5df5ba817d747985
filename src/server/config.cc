#include "server/config.h"

#include <toml++/toml.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace canon::server {

namespace {

// Reads the tables of one TOML document into a ServerConfig, collecting every problem.
class Reader {
 public:
  Reader(const std::string& path, std::vector<Diagnostic>* errors) : path_(path), errors_(errors) {}

  void read(const toml::table& root, ServerConfig& c);
  size_t error_count() const { return count_; }

 private:
  void error(const toml::source_region& at, std::string msg) {
    ++count_;
    if (errors_) {
      errors_->push_back({path_, at.begin.line, at.begin.column, std::move(msg), false});
    }
  }
  void read_server(const toml::table& t, ServerConfig& c);
  void read_log(const toml::table& t, ServerConfig& c);
  void read_alias(const toml::table& t, ServerConfig& c);
  void read_zones(const toml::node& n, ServerConfig& c);
  void read_zone(const toml::table& t, ServerConfig& c);
  void read_listen(const toml::node& n, ServerConfig& c);
  std::optional<int64_t> integer(const toml::node& n, std::string_view key, int64_t lo, int64_t hi);
  std::optional<bool> boolean(const toml::node& n, std::string_view key);
  std::optional<std::string> string(const toml::node& n, std::string_view key);
  std::string resolve(const std::string& file) const;

  std::string path_;
  std::vector<Diagnostic>* errors_;
  size_t count_ = 0;
};

void Reader::read(const toml::table& root, ServerConfig& c) {
  for (auto&& [key, node] : root) {
    if (key == "server" && node.is_table()) {
      read_server(*node.as_table(), c);
    } else if (key == "log" && node.is_table()) {
      read_log(*node.as_table(), c);
    } else if (key == "zone") {
      read_zones(node, c);
    } else if (key == "resolver" || key == "view") {
      auto err = [this](const toml::source_region& at, std::string m) { error(at, std::move(m)); };
      auto path = [this](const std::string& f) { return resolve(f); };
      if (key == "resolver")
        read_resolver_table(node, c.resolution, path, err);
      else
        read_view_array(node, c.resolution, path, err);
    } else if (key == "alias" && node.is_table()) {
      read_alias(*node.as_table(), c);
    } else if (key == "server" || key == "log" || key == "alias") {
      error(node.source(), "'" + std::string(key.str()) + "' must be a table");
    } else {
      error(key.source(), "unknown key '" + std::string(key.str()) + "'");
    }
  }
}

void Reader::read_server(const toml::table& t, ServerConfig& c) {
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "listen") {
      read_listen(node, c);
    } else if (k == "workers") {
      if (auto v = integer(node, k, 1, 1024)) c.workers = static_cast<unsigned>(*v);
    } else if (k == "max-cname-chain") {
      if (auto v = integer(node, k, 0, 1000)) c.auth.max_cname_chain = static_cast<size_t>(*v);
    } else if (k == "minimal-responses") {
      if (auto v = boolean(node, k)) c.auth.minimal_responses = *v;
    } else if (k == "strict-mx-cname") {
      if (auto v = boolean(node, k)) c.strict_mx_cname = *v;
    } else if (k == "udp-max-size") {
      if (auto v = integer(node, k, 512, 65535)) c.auth.udp_max_size = static_cast<uint16_t>(*v);
    } else if (k == "udp-coalesce-usecs") {
      if (auto v = integer(node, k, 0, 1000)) c.udp_coalesce_us = static_cast<unsigned>(*v);
    } else if (k == "tcp-max-connections") {
      if (auto v = integer(node, k, 1, 1000000)) c.tcp_max_connections = static_cast<size_t>(*v);
    } else if (k == "tcp-idle-timeout") {
      if (auto v = integer(node, k, 1, 86400)) {
        c.tcp_idle_timeout_ms = static_cast<unsigned>(*v) * 1000;
      }
    } else {
      error(key.source(), "unknown key '" + std::string(k) + "' in [server]");
    }
  }
}

void Reader::read_listen(const toml::node& n, ServerConfig& c) {
  const toml::array* arr = n.as_array();
  if (!arr) {
    error(n.source(), "'listen' must be a list of \"ADDR:PORT\" strings");
    return;
  }
  c.listen.clear();
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!item.is_string() || !s) {
      error(item.source(), "'listen' entries must be strings such as \"127.0.0.1:53\"");
      continue;
    }
    auto a = parse_listen_address(*s);
    if (!a) {
      error(item.source(), a.error().message);
      continue;
    }
    c.listen.push_back(*a);
  }
}

void Reader::read_log(const toml::table& t, ServerConfig& c) {
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "format") {
      auto s = string(node, k);
      if (!s) continue;
      auto f = parse_log_format(*s);
      if (f) {
        c.log_format = *f;
      } else {
        error(node.source(), f.error().message);
      }
    } else if (k == "queries") {
      if (auto v = boolean(node, k)) c.query_log = *v;
    } else {
      error(key.source(), "unknown key '" + std::string(k) + "' in [log]");
    }
  }
}

void Reader::read_alias(const toml::table& t, ServerConfig& c) {
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "serve-stale") {
      if (auto v = boolean(node, k)) c.alias_serve_stale = *v;
    } else if (k == "upstream" && node.is_array()) {
      c.alias_upstream.clear();
      for (const toml::node& item : *node.as_array()) {
        auto a = item.is_string() ? parse_listen_address(*item.value<std::string>())
                                  : Result<ListenAddress>(Error("must be a string"));
        if (a) {
          c.alias_upstream.push_back(*a);
        } else {
          error(item.source(),
                "'upstream' entries are \"ADDR:PORT\" strings: " + a.error().message);
        }
      }
    } else if (k == "upstream") {
      error(node.source(), "'upstream' must be a list of \"ADDR:PORT\" strings");
    } else {
      error(key.source(), "unknown key '" + std::string(k) + "' in [alias]");
    }
  }
}

void Reader::read_zones(const toml::node& n, ServerConfig& c) {
  const toml::array* arr = n.as_array();
  if (!arr) {
    error(n.source(), "'zone' must be an array of tables: write [[zone]]");
    return;
  }
  for (const toml::node& item : *arr) {
    if (!item.is_table()) {
      error(item.source(), "each [[zone]] must be a table");
      continue;
    }
    read_zone(*item.as_table(), c);
  }
}

void Reader::read_zone(const toml::table& t, ServerConfig& c) {
  std::optional<Name> origin;
  std::optional<std::string> file;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "origin") {
      auto s = string(node, k);
      if (!s) continue;
      auto name = Name::parse(*s, &Name::root());
      if (!name) {
        error(node.source(), "bad zone origin '" + *s + "': " + name.error().message);
        continue;
      }
      origin = *name;
    } else if (k == "file") {
      file = string(node, k);
    } else {
      error(key.source(), "unknown key '" + std::string(k) + "' in [[zone]]");
    }
  }
  if (!origin) error(t.source(), "[[zone]] needs 'origin'");
  if (!file) error(t.source(), "[[zone]] needs 'file'");
  if (origin && file) c.zones.push_back({*origin, resolve(*file)});
}

std::optional<int64_t> Reader::integer(const toml::node& n, std::string_view key, int64_t lo,
                                       int64_t hi) {
  auto v = n.value<int64_t>();
  if (!n.is_integer() || !v) {
    error(n.source(), "'" + std::string(key) + "' must be an integer");
    return std::nullopt;
  }
  if (*v < lo || *v > hi) {
    error(n.source(), "'" + std::string(key) + "' must be from " + std::to_string(lo) + " to " +
                          std::to_string(hi) + ", not " + std::to_string(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const toml::node& n, std::string_view key) {
  if (!n.is_boolean()) {
    error(n.source(), "'" + std::string(key) + "' must be true or false");
    return std::nullopt;
  }
  return n.value<bool>();
}

std::optional<std::string> Reader::string(const toml::node& n, std::string_view key) {
  if (!n.is_string()) {
    error(n.source(), "'" + std::string(key) + "' must be a string");
    return std::nullopt;
  }
  return n.value<std::string>();
}

std::string Reader::resolve(const std::string& file) const {
  std::filesystem::path p(file);
  if (p.is_absolute() || path_.empty()) return file;
  std::filesystem::path dir = std::filesystem::path(path_).parent_path();
  return dir.empty() ? file : (dir / p).string();
}

unsigned core_count() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace

ServerConfig default_config() {
  ServerConfig c;
  c.listen.push_back(*parse_listen_address("127.0.0.1:53"));
  c.listen.push_back(*parse_listen_address("[::1]:53"));
  c.workers = core_count();
  return c;
}

Result<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return Error("log format must be \"text\" or \"json\", not \"" + std::string(text) + "\"");
}

Result<ServerConfig> parse_config(std::string_view text, const std::string& path,
                                  std::vector<Diagnostic>* errors) {
  ServerConfig c = default_config();
  c.config_path = path;
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    Diagnostic d{path, at.line, at.column, std::string(e.description()), false};
    std::string msg = d.to_string();
    if (errors) errors->push_back(std::move(d));
    return Error(msg);
  }
  Reader reader(path, errors);
  reader.read(root, c);
  if (reader.error_count() > 0) {
    return Error(path + ": " + std::to_string(reader.error_count()) + " error(s) in config");
  }
  for (ZoneConfig& z : c.zones) z.mx_srv_cname_is_error = c.strict_mx_cname;
  return c;
}

Result<ServerConfig> load_config(const std::string& path, std::vector<Diagnostic>* errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string reason = std::error_code(errno, std::generic_category()).message();
    if (errors) errors->push_back({path, 0, 0, "cannot read: " + reason, false});
    return Error(path + ": cannot read: " + reason);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path, errors);
}

Status apply_overrides(ServerConfig& c, const Overrides& o) {
  if (!o.listen.empty()) {
    c.listen.clear();
    for (const auto& text : o.listen) {
      auto a = parse_listen_address(text);
      if (!a) return Error("--listen: " + a.error().message);
      c.listen.push_back(*a);
    }
  }
  for (const auto& z : o.zones) {
    size_t eq = z.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == z.size()) {
      return Error("--zone '" + z + "': expected ORIGIN=FILE, as example.com=db.example.com");
    }
    auto origin = Name::parse(z.substr(0, eq), &Name::root());
    if (!origin) return Error("--zone '" + z + "': bad origin: " + origin.error().message);
    c.zones.push_back({*origin, z.substr(eq + 1), c.strict_mx_cname});
  }
  if (o.workers) {
    if (*o.workers == 0 || *o.workers > 1024) return Error("--workers must be from 1 to 1024");
    c.workers = *o.workers;
  }
  if (o.log_format) c.log_format = *o.log_format;
  if (o.query_log) c.query_log = *o.query_log;
  if (!o.alias_upstream.empty()) c.alias_upstream.clear();
  for (const auto& text : o.alias_upstream) {
    auto a = parse_listen_address(text);
    if (!a) return Error("--alias-upstream: " + a.error().message);
    c.alias_upstream.push_back(*a);
  }
  return {};
}

}  // namespace canon::server
