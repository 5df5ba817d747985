#include "server/view_config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <toml++/toml.h>
#include <cstring>

#include "resolver/cache.h"
#include "zone/zone.h"

namespace canon::server {

namespace {

bool prefix_equal(const uint8_t* a, const uint8_t* b, unsigned bits) {
  unsigned full = bits / 8, rest = bits % 8;
  if (std::memcmp(a, b, full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

// The table readers share one error sink and path resolver.
struct Ctx {
  const ResolvePathFn& resolve;
  const ConfigErrorFn& error;

  std::optional<std::string> string(const toml::node& n, std::string_view key) const {
    if (!n.is_string()) {
      error(n.source(), "'" + std::string(key) + "' must be a string");
      return std::nullopt;
    }
    return n.value<std::string>();
  }
  std::optional<bool> boolean(const toml::node& n, std::string_view key) const {
    if (!n.is_boolean()) {
      error(n.source(), "'" + std::string(key) + "' must be true or false");
      return std::nullopt;
    }
    return n.value<bool>();
  }
  std::optional<uint32_t> integer(const toml::node& n, std::string_view key, int64_t lo,
                                  int64_t hi) const {
    auto v = n.value<int64_t>();
    if (!n.is_integer() || !v || *v < lo || *v > hi) {
      error(n.source(), "'" + std::string(key) + "' must be an integer from " + std::to_string(lo) +
                            " to " + std::to_string(hi));
      return std::nullopt;
    }
    return static_cast<uint32_t>(*v);
  }
  std::optional<Name> name(const toml::node& n, std::string_view key) const {
    auto s = string(n, key);
    if (!s) return std::nullopt;
    auto r = Name::parse(*s, &Name::root());
    if (!r) {
      error(n.source(), "bad " + std::string(key) + " '" + *s + "': " + r.error().message);
      return std::nullopt;
    }
    return *r;
  }
  std::vector<Cidr> cidrs(const toml::node& n, std::string_view key) const {
    std::vector<Cidr> out;
    const toml::array* arr = n.as_array();
    if (!arr) {
      error(n.source(), "'" + std::string(key) + "' must be a list such as [\"10.0.0.0/8\"]");
      return out;
    }
    for (const toml::node& item : *arr) {
      auto s = string(item, key);
      if (!s) continue;
      auto c = parse_cidr(*s);
      if (c)
        out.push_back(*c);
      else
        error(item.source(), c.error().message);
    }
    return out;
  }
  std::vector<ListenAddress> servers(const toml::node& n) const {
    std::vector<ListenAddress> out;
    const toml::array* arr = n.as_array();
    if (!arr) {
      error(n.source(), "'servers' must be a list of \"ADDR:PORT\" strings");
      return out;
    }
    for (const toml::node& item : *arr) {
      auto s = string(item, "servers");
      if (!s) continue;
      auto a = parse_listen_address(*s);
      if (a)
        out.push_back(*a);
      else
        error(item.source(), a.error().message);
    }
    return out;
  }
};

void read_view_zone(const Ctx& cx, const toml::table& t, ViewConfig& v) {
  std::optional<Name> origin;
  std::optional<std::string> file;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "origin")
      origin = cx.name(node, k);
    else if (k == "file")
      file = cx.string(node, k);
    else
      cx.error(key.source(), "unknown key '" + std::string(k) + "' in [[view.zone]]");
  }
  if (!origin) cx.error(t.source(), "[[view.zone]] needs 'origin'");
  if (!file) cx.error(t.source(), "[[view.zone]] needs 'file'");
  if (origin && file) v.zones.push_back({*origin, cx.resolve(*file)});
}

void read_view_forward(const Ctx& cx, const toml::table& t, ViewConfig& v) {
  std::optional<Name> suffix;
  ViewForward f;
  bool have_servers = false;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "suffix") {
      suffix = cx.name(node, k);
    } else if (k == "servers") {
      f.servers = cx.servers(node);
      have_servers = true;
    } else if (k == "first") {
      if (auto b = cx.boolean(node, k)) f.first = *b;
    } else {
      cx.error(key.source(), "unknown key '" + std::string(k) + "' in [[view.forward]]");
    }
  }
  if (!suffix) cx.error(t.source(), "[[view.forward]] needs 'suffix'");
  if (!have_servers)
    cx.error(t.source(), "[[view.forward]] needs 'servers'");
  else if (f.servers.empty())
    cx.error(t.source(), "[[view.forward]] 'servers' is empty");
  if (!suffix || f.servers.empty()) return;
  for (const auto& other : v.forwards)
    if (other.suffix == *suffix)
      cx.error(t.source(), "a second [[view.forward]] for '" + suffix->to_string() + "'");
  f.suffix = *suffix;
  v.forwards.push_back(std::move(f));
}

template <typename Fn>
void each_table(const Ctx& cx, const toml::node& n, std::string_view what, Fn fn) {
  const toml::array* arr = n.as_array();
  if (!arr) {
    cx.error(n.source(), "'" + std::string(what) + "' must be an array of tables: write [[" +
                             std::string(what) + "]]");
    return;
  }
  for (const toml::node& item : *arr) {
    if (item.is_table())
      fn(*item.as_table());
    else
      cx.error(item.source(), "each [[" + std::string(what) + "]] must be a table");
  }
}

void read_view(const Ctx& cx, const toml::table& t, ViewConfig& v) {
  v.line = t.source().begin.line;
  bool have_match = false;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "name") {
      if (auto s = cx.string(node, k)) v.name = *s;
    } else if (k == "match-clients") {
      v.match_clients = cx.cidrs(node, k);
      have_match = true;
    } else if (k == "recursion") {
      if (auto b = cx.boolean(node, k)) v.recursion = *b;
    } else if (k == "allow-recursion") {
      v.allow_recursion = cx.cidrs(node, k);
    } else if (k == "zone") {
      each_table(cx, node, "view.zone", [&](const toml::table& z) { read_view_zone(cx, z, v); });
    } else if (k == "forward") {
      each_table(cx, node, "view.forward",
                 [&](const toml::table& f) { read_view_forward(cx, f, v); });
    } else {
      cx.error(key.source(), "unknown key '" + std::string(k) + "' in [[view]]");
    }
  }
  if (v.name.empty()) cx.error(t.source(), "[[view]] needs a 'name'");
  if (!have_match) cx.error(t.source(), "[[view]] '" + v.name + "' needs 'match-clients'");
}

// True when the views before `j` already match every client of view j.
const ViewConfig* hidden_by(const std::vector<ViewConfig>& views, size_t j) {
  if (views[j].match_clients.empty()) return nullptr;
  std::vector<Cidr> blocks;
  for (const Cidr& c : views[j].match_clients) {
    if (!c.any) {
      blocks.push_back(c);
      continue;
    }
    blocks.push_back(*parse_cidr("0.0.0.0/0"));
    blocks.push_back(*parse_cidr("::/0"));
  }
  const ViewConfig* by = nullptr;
  for (const Cidr& c : blocks) {
    const ViewConfig* found = nullptr;
    for (size_t i = 0; i < j && !found; ++i)
      for (const Cidr& e : views[i].match_clients)
        if (e.covers(c)) found = &views[i];
    if (!found) return nullptr;
    by = by ? by : found;
  }
  return by;
}

}  // namespace

Result<Cidr> parse_cidr(std::string_view text) {
  Cidr c;
  if (text == "any") {
    c.any = true;
    return c;
  }
  std::string addr(text.substr(0, text.find('/')));
  bool v6 = addr.find(':') != std::string::npos;
  c.family = v6 ? AF_INET6 : AF_INET;
  unsigned max = v6 ? 128 : 32;
  if (::inet_pton(c.family, addr.c_str(), c.bytes.data()) != 1)
    return Error("bad address block '" + std::string(text) +
                 "': expected ADDR/PREFIX such as 10.0.0.0/8, or \"any\"");
  c.prefix = static_cast<uint8_t>(max);
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string p(text.substr(slash + 1));
    char* end = nullptr;
    unsigned long v = std::strtoul(p.c_str(), &end, 10);
    if (p.empty() || *end || v > max)
      return Error("bad prefix length in '" + std::string(text) + "': 0 to " + std::to_string(max));
    c.prefix = static_cast<uint8_t>(v);
  }
  return c;
}

bool Cidr::contains(const sockaddr_storage& a) const {
  if (any) return true;
  if (a.ss_family != family) return false;
  const uint8_t* p =
      family == AF_INET
          ? reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(&a)->sin_addr)
          : reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(&a)->sin6_addr);
  return prefix_equal(p, bytes.data(), prefix);
}

bool Cidr::covers(const Cidr& o) const {
  if (any) return true;
  if (o.any) return false;  // callers split "any" into its two families first
  return family == o.family && prefix <= o.prefix &&
         prefix_equal(bytes.data(), o.bytes.data(), prefix);
}

std::string Cidr::to_string() const {
  if (any) return "any";
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(family, bytes.data(), buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(prefix);
}

bool ViewConfig::matches(const sockaddr_storage& client) const {
  for (const auto& c : match_clients)
    if (c.contains(client)) return true;
  return false;
}

bool ViewConfig::recursion_allowed(const sockaddr_storage& client) const {
  if (!recursion && forwards.empty()) return false;
  if (!allow_recursion) return matches(client);
  for (const auto& c : *allow_recursion)
    if (c.contains(client)) return true;
  return false;
}

const ViewConfig* choose_view(const std::vector<ViewConfig>& views,
                              const sockaddr_storage& client) {
  for (const auto& v : views)
    if (v.matches(client)) return &v;
  return nullptr;
}

Result<std::vector<resolver::ViewSpec>> build_views(const ResolverSettings& s, const Catalog* top,
                                                    std::vector<Diagnostic>* diagnostics) {
  std::vector<resolver::ViewSpec> out;
  bool failed = false;
  for (const ViewConfig& v : s.views) {
    auto cat = std::make_shared<Catalog>();
    if (top)
      for (const auto& z : top->zones()) cat->add(z);
    for (const ViewZone& vz : v.zones) {
      std::vector<Diagnostic> d;
      auto z = load_zone(vz.file, vz.origin, &d);
      if (diagnostics) diagnostics->insert(diagnostics->end(), d.begin(), d.end());
      if (!z) {
        failed = true;
        if (diagnostics && d.empty())
          diagnostics->push_back({vz.file, 0, 0, z.error().message, false});
        continue;
      }
      cat->add(*z);  // a later zone with the same origin replaces: the view's own shadows
    }
    cat->flatten_aliases();  // ALIAS targets as this view sees them
    resolver::ViewSpec spec;
    spec.name = v.name;
    spec.matches = [v](const sockaddr_storage& c) { return v.matches(c); };
    spec.recursion_allowed = [v](const sockaddr_storage& c) { return v.recursion_allowed(c); };
    spec.zones = cat->size() ? cat : nullptr;
    for (const ViewForward& f : v.forwards) spec.forwards.push_back({f.suffix, f.servers, f.first});
    spec.recursion = v.recursion;
    out.push_back(std::move(spec));
  }
  if (failed) return Error("a zone of a [[view]] failed to load");
  return out;
}

Result<resolver::ServiceOptions> service_options(const ResolverSettings& s,
                                                 size_t max_cname_chain) {
  const ResolverConfig& r = s.resolver;
  resolver::ServiceOptions o;
  o.cache.max_bytes = r.cache_size;
  o.cache.max_ttl = r.cache_max_ttl;
  o.cache.min_ttl = r.cache_min_ttl;
  o.cache.max_negative_ttl = r.cache_max_negative_ttl;
  o.cache.serve_stale = r.serve_stale;
  o.iterator.qname_minimisation = r.qname_minimisation;
  o.iterator.timeout = resolver::Millis(r.upstream_timeout_ms);
  o.forward_timeout = resolver::Millis(r.upstream_timeout_ms);
  o.max_cname_chain = max_cname_chain;
  if (!r.root_hints.empty()) {
    auto h = resolver::load_root_hints(r.root_hints);
    if (!h) return h.error();
    o.hints = std::move(*h);
  }
  return o;
}

void read_resolver_table(const toml::node& node, ResolverSettings& out,
                         const ResolvePathFn& resolve, const ConfigErrorFn& error) {
  Ctx cx{resolve, error};
  const toml::table* t = node.as_table();
  if (!t) {
    error(node.source(), "'resolver' must be a table");
    return;
  }
  ResolverConfig& r = out.resolver;
  for (auto&& [key, n] : *t) {
    std::string_view k = key.str();
    if (k == "root-hints") {
      if (auto s = cx.string(n, k)) r.root_hints = resolve(*s);
    } else if (k == "cache-size") {
      auto s = n.is_integer() ? std::optional<size_t>(static_cast<size_t>(*n.value<int64_t>()))
                              : (n.is_string() ? resolver::parse_byte_size(*n.value<std::string>())
                                               : std::nullopt);
      if (s && *s >= 4096)
        r.cache_size = *s;
      else
        error(n.source(), "'cache-size' must be a size such as \"256MiB\" (at least 4096 bytes)");
    } else if (k == "cache-max-ttl") {
      if (auto v = cx.integer(n, k, 1, 604800)) r.cache_max_ttl = *v;
    } else if (k == "cache-min-ttl") {
      if (auto v = cx.integer(n, k, 0, 3600)) r.cache_min_ttl = *v;
    } else if (k == "cache-max-negative-ttl") {
      if (auto v = cx.integer(n, k, 0, 86400)) r.cache_max_negative_ttl = *v;
    } else if (k == "serve-stale") {
      if (auto b = cx.boolean(n, k)) r.serve_stale = *b;
    } else if (k == "qname-minimisation") {
      if (auto b = cx.boolean(n, k)) r.qname_minimisation = *b;
    } else if (k == "upstream-timeout") {
      if (auto v = cx.integer(n, k, 10, 60000)) r.upstream_timeout_ms = *v;
    } else if (k == "threads") {
      if (auto v = cx.integer(n, k, 1, 1024)) r.threads = static_cast<size_t>(*v);
    } else {
      error(key.source(), "unknown key '" + std::string(k) + "' in [resolver]");
    }
  }
}

void read_view_array(const toml::node& node, ResolverSettings& out, const ResolvePathFn& resolve,
                     const ConfigErrorFn& error) {
  Ctx cx{resolve, error};
  size_t first = out.views.size();
  each_table(cx, node, "view", [&](const toml::table& t) {
    ViewConfig v;
    read_view(cx, t, v);
    for (const auto& other : out.views)
      if (!v.name.empty() && other.name == v.name)
        error(t.source(), "a second [[view]] named '" + v.name + "'");
    out.views.push_back(std::move(v));
  });
  const toml::array* arr = node.as_array();
  for (size_t j = first; arr && j < out.views.size(); ++j) {
    if (const ViewConfig* by = hidden_by(out.views, j)) {
      const toml::node* at = arr->get(j - first);
      error(at ? at->source() : node.source(),
            "view '" + out.views[j].name + "' can never match: view '" + by->name + "' (line " +
                std::to_string(by->line) + ") already matches all its clients");
    }
  }
}

}  // namespace canon::server
