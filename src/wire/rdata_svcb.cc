// SVCB and HTTPS SvcParams (RFC 9460 §2.1, §7, Appendix A): "key=value" or "key" tokens in any
// order in text; on the wire (key, length, value) triples in strictly increasing key order.
#include <algorithm>

#include <fmt/format.h>

#include "wire/octets.h"
#include "wire/rdata_codec.h"
#include "wire/rdata_internal.h"

namespace canon::rdata_internal {

namespace {

enum Key : uint16_t {
  kMandatory = 0,
  kAlpn = 1,
  kNoDefaultAlpn = 2,
  kPort = 3,
  kIpv4Hint = 4,
  kEch = 5,
  kIpv6Hint = 6,
  kDohPath = 7,
  kOhttp = 8,
  kInvalidKey = 65535,
};

constexpr std::string_view kKeyNames[] = {"mandatory", "alpn",     "no-default-alpn",
                                          "port",      "ipv4hint", "ech",
                                          "ipv6hint",  "dohpath",  "ohttp"};
constexpr uint16_t kKnownKeys = std::size(kKeyNames);

// A key name, or keyNNNNN without leading zeros (RFC 9460 §2.1).
std::optional<uint16_t> parse_key(std::string_view s) {
  for (uint16_t k = 0; k < kKnownKeys; ++k)
    if (s == kKeyNames[k]) return k;
  if (s.size() < 4 || s.substr(0, 3) != "key" || (s[3] == '0' && s.size() > 4)) return std::nullopt;
  auto v = parse_uint(s.substr(3), 65535);
  if (!v || *v == kInvalidKey) return std::nullopt;
  return static_cast<uint16_t>(*v);
}

void append_key(uint16_t k, std::string& out) {
  if (k < kKnownKeys)
    out += kKeyNames[k];
  else
    fmt::format_to(std::back_inserter(out), "key{}", k);
}

// Splits a value list at commas that are not escaped; "\," and "\\" are the escapes of the
// second level (RFC 9460 Appendix A.1). False on an empty item or a dangling backslash.
bool split_list(std::span<const uint8_t> v, std::vector<std::vector<uint8_t>>& items) {
  items.emplace_back();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == ',') {
      if (items.back().empty()) return false;
      items.emplace_back();
    } else if (v[i] == '\\') {
      if (++i >= v.size()) return false;
      items.back().push_back(v[i]);
    } else {
      items.back().push_back(v[i]);
    }
  }
  return !items.back().empty();
}

struct Param {
  uint16_t key;
  std::vector<uint8_t> value;
};

// Converts the text value of one key to its wire value; false if it is not valid for the key.
bool encode_value(uint16_t key, bool has_value, std::span<const uint8_t> v,
                  std::vector<uint8_t>& out) {
  if (key == kNoDefaultAlpn || key == kOhttp) return v.empty();
  if (key >= kKnownKeys) {
    out.assign(v.begin(), v.end());
    return true;
  }
  if (!has_value || v.empty()) return false;
  std::string_view text(reinterpret_cast<const char*>(v.data()), v.size());
  if (key == kPort) {
    auto p = parse_uint(text, 65535);
    if (!p) return false;
    out = {static_cast<uint8_t>(*p >> 8), static_cast<uint8_t>(*p)};
    return true;
  }
  if (key == kEch) return base64_decode(text, out) && !out.empty();
  if (key == kDohPath) {
    out.assign(v.begin(), v.end());
    return true;
  }
  std::vector<std::vector<uint8_t>> items;
  if (!split_list(v, items)) return false;
  for (const auto& item : items) {
    std::string_view s(reinterpret_cast<const char*>(item.data()), item.size());
    uint8_t a[16];
    if (key == kAlpn) {
      if (item.size() > 255) return false;
      out.push_back(static_cast<uint8_t>(item.size()));
      out.insert(out.end(), item.begin(), item.end());
    } else if (key == kMandatory) {
      auto k = parse_key(s);
      if (!k) return false;
      out.push_back(static_cast<uint8_t>(*k >> 8));
      out.push_back(static_cast<uint8_t>(*k));
    } else if (key == kIpv4Hint ? !parse_ipv4(s, a) : !parse_ipv6(s, a)) {
      return false;
    } else {
      out.insert(out.end(), a, a + (key == kIpv4Hint ? 4 : 16));
    }
  }
  if (key == kMandatory) {
    // Sent in strictly increasing order (RFC 9460 §8).
    std::vector<uint16_t> keys;
    for (size_t i = 0; i < out.size(); i += 2) keys.push_back(load16(&out[i]));
    std::sort(keys.begin(), keys.end());
    out.clear();
    for (uint16_t k : keys) {
      out.push_back(static_cast<uint8_t>(k >> 8));
      out.push_back(static_cast<uint8_t>(k));
    }
  }
  return true;
}

// Checks one wire value against its key's format.
bool valid_value(uint16_t key, std::span<const uint8_t> v) {
  switch (key) {
    case kMandatory: {
      if (v.empty() || v.size() % 2) return false;
      for (size_t i = 0; i < v.size(); i += 2)
        if (load16(&v[i]) == kMandatory || (i && load16(&v[i]) <= load16(&v[i - 2]))) return false;
      return true;
    }
    case kAlpn: {
      if (v.empty()) return false;
      for (size_t i = 0; i < v.size(); i += 1 + v[i])
        if (v[i] == 0 || i + 1 + v[i] > v.size()) return false;
      return true;
    }
    case kNoDefaultAlpn:
    case kOhttp:
      return v.empty();
    case kPort:
      return v.size() == 2;
    case kIpv4Hint:
      return !v.empty() && v.size() % 4 == 0;
    case kIpv6Hint:
      return !v.empty() && v.size() % 16 == 0;
    case kEch:
    case kDohPath:
      return !v.empty();
    default:
      return key != kInvalidKey;
  }
}

// Every key that "mandatory" lists must be present (RFC 9460 §8).
bool mandatory_present(std::span<const uint8_t> list, const std::vector<uint16_t>& keys) {
  for (size_t i = 0; i + 1 < list.size(); i += 2)
    if (!std::binary_search(keys.begin(), keys.end(), load16(&list[i]))) return false;
  return true;
}

// The value text of a param token: after '=', or the quoted token that follows "key=".
bool value_text(TextIn& in, std::string_view tok, std::string_view& value) {
  size_t eq = tok.find('=');
  if (eq == std::string_view::npos) return false;
  value = tok.substr(eq + 1);
  if (value.empty() && in.i + 1 < in.toks.size() && in.toks[in.i + 1].quoted) {
    value = in.toks[++in.i].text;
  } else if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return true;
}

void print_list_item(std::span<const uint8_t> item, std::string& out) {
  std::vector<uint8_t> escaped;
  for (uint8_t c : item) {
    if (c == ',' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  append_escaped(escaped, out);
}

void print_value(uint16_t key, std::span<const uint8_t> v, std::string& out) {
  switch (key) {
    case kMandatory:
      for (size_t i = 0; i < v.size(); i += 2) {
        if (i) out += ',';
        append_key(load16(&v[i]), out);
      }
      break;
    case kAlpn:
      out += '"';
      for (size_t i = 0; i < v.size(); i += 1 + v[i]) {
        if (i) out += ',';
        print_list_item(v.subspan(i + 1, v[i]), out);
      }
      out += '"';
      break;
    case kPort:
      fmt::format_to(std::back_inserter(out), "{}", load16(v.data()));
      break;
    case kIpv4Hint:
    case kIpv6Hint: {
      size_t n = key == kIpv4Hint ? 4 : 16;
      for (size_t i = 0; i < v.size(); i += n) {
        if (i) out += ',';
        if (n == 4)
          append_ipv4(&v[i], out);
        else
          append_ipv6(&v[i], out);
      }
      break;
    }
    case kEch:
      base64_encode(v, out);
      break;
    default:
      out += '"';
      append_escaped(v, out);
      out += '"';
      break;
  }
}

}  // namespace

Status parse_svc_params(TextIn& in) {
  std::vector<Param> params;
  std::vector<size_t> where;  // token index of each param, for errors
  for (; !in.done(); ++in.i) {
    size_t at = in.i;
    std::string_view tok = in.toks[in.i].text;
    std::string_view value;
    bool has_value = value_text(in, tok, value);
    std::string_view key_text = tok.substr(0, std::min(tok.find('='), tok.size()));
    auto key = parse_key(key_text);
    if (!key) return in.fail(at, fmt::format("bad SvcParamKey '{}'", key_text));
    std::vector<uint8_t> raw, wire;
    if (!unescape(value, raw)) return in.fail(in.i, fmt::format("bad escape in '{}'", value));
    if (!encode_value(*key, has_value, raw, wire) || wire.size() > 65535)
      return in.fail(in.i, fmt::format("bad value for SvcParam {}: '{}'", key_text, value));
    params.push_back({*key, std::move(wire)});
    where.push_back(at);
  }
  std::vector<size_t> order(params.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return params[a].key < params[b].key; });
  std::vector<uint16_t> keys;
  for (size_t k = 0; k < order.size(); ++k) {
    const Param& p = params[order[k]];
    if (k && p.key == keys.back())
      return in.fail(where[order[k]],
                     fmt::format("SvcParamKey '{}' appears twice", in.toks[where[order[k]]].text));
    keys.push_back(p.key);
  }
  if (!keys.empty() && keys[0] == kMandatory) {
    const Param& m = params[order[0]];
    if (!valid_value(kMandatory, m.value) || !mandatory_present(m.value, keys))
      return in.fail(where[order[0]], "mandatory lists a key that is itself, repeated or absent");
  }
  for (size_t k : order) {
    in.put16(params[k].key);
    in.put16(static_cast<uint16_t>(params[k].value.size()));
    in.out.insert(in.out.end(), params[k].value.begin(), params[k].value.end());
  }
  return {};
}

size_t svc_params_size(std::span<const uint8_t> d, size_t pos) {
  std::vector<uint16_t> keys;
  size_t p = pos, mandatory_at = kBad;
  while (p < d.size()) {
    if (p + 4 > d.size()) return kBad;
    uint16_t key = load16(&d[p]);
    size_t len = load16(&d[p + 2]);
    if ((!keys.empty() && key <= keys.back()) || p + 4 + len > d.size()) return kBad;
    if (!valid_value(key, d.subspan(p + 4, len))) return kBad;
    if (key == kMandatory) mandatory_at = p;
    keys.push_back(key);
    p += 4 + len;
  }
  if (mandatory_at != kBad &&
      !mandatory_present(d.subspan(mandatory_at + 4, load16(&d[mandatory_at + 2])), keys))
    return kBad;
  return p - pos;
}

void print_svc_params(std::span<const uint8_t> d, std::string& out) {
  for (size_t p = 0; p < d.size();) {
    uint16_t key = load16(&d[p]);
    size_t len = load16(&d[p + 2]);
    if (p) out += ' ';
    append_key(key, out);
    if (len > 0) {
      out += '=';
      print_value(key, d.subspan(p + 4, len), out);
    }
    p += 4 + len;
  }
}

}  // namespace canon::rdata_internal
