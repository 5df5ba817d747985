#include "cli/query_args.h"

#include <arpa/inet.h>

#include <fmt/format.h>
#include <charconv>

#include "base/idn.h"

namespace canon::cli {

namespace {

Error usage(std::string msg) {
  return Error(std::move(msg));
}

// "time=5" → 5 within [lo, hi]; the error names the option.
Result<int> option_number(std::string_view opt, std::string_view value, int lo, int hi) {
  int n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < lo || n > hi)
    return usage(fmt::format("+{}: expected a number from {} to {}, not '{}'", opt, lo, hi, value));
  return n;
}

// The on/off options: "+tcp" sets, "+notcp" clears.
bool* flag_for(std::string_view name, QueryArgs& a) {
  if (name == "tcp" || name == "vc") return &a.tcp;
  if (name == "ignore") return &a.ignore_tc;
  if (name == "rec" || name == "recurse") return &a.rd;
  if (name == "cdflag" || name == "cd") return &a.cd;
  if (name == "adflag" || name == "ad") return &a.ad;
  if (name == "edns") return &a.edns;
  if (name == "dnssec") return &a.dnssec;
  if (name == "json") return &a.json;
  if (name == "short") return &a.short_form;
  if (name == "idnout") return &a.idn_out;
  return nullptr;
}

bool word_is_type(std::string_view w) {
  return rrtype_from_string(w).has_value();
}

bool word_is_class(std::string_view w) {
  // Only the mnemonics: "CLASS3" looks like a host name more often than a class.
  auto c = rrclass_from_string(w);
  return c && (w.size() < 5 || (w.substr(0, 5) != "CLASS" && w.substr(0, 5) != "class"));
}

}  // namespace

Status apply_plus_option(std::string_view option, QueryArgs& a) {
  auto eq = option.find('=');
  std::string_view name = option.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? "" : option.substr(eq + 1);
  if (name == "bufsize" || name == "time" || name == "tries" || name == "retry") {
    if (eq == std::string_view::npos) return usage(fmt::format("+{} needs =N", name));
    int lo = name == "bufsize" ? 512 : name == "retry" ? 0 : 1;
    int hi = name == "bufsize" ? 65535 : name == "time" ? 300 : 10;
    auto n = option_number(name, value, lo, hi);
    if (!n) return n.error();
    if (name == "bufsize") a.bufsize = static_cast<uint16_t>(*n);
    if (name == "time") a.timeout_s = *n;
    if (name == "tries") a.tries = *n;
    if (name == "retry") a.tries = *n + 1;
    return {};
  }
  if (name == "color" || name == "nocolor") {
    if (eq != std::string_view::npos) return usage(fmt::format("+{} takes no value", name));
    a.color = name == "color" ? ColorMode::kAlways : ColorMode::kNever;
    return {};
  }
  bool on = true;
  std::string_view base = name;
  if (base.substr(0, 2) == "no" && flag_for(base.substr(2), a)) {
    on = false;
    base = base.substr(2);
  }
  bool* flag = flag_for(base, a);
  if (!flag) return usage(fmt::format("unknown option '+{}' (see canon query --help)", option));
  if (eq != std::string_view::npos) return usage(fmt::format("+{} takes no value", name));
  *flag = on;
  return {};
}

Status set_query_type(std::string_view text, QueryArgs& a) {
  auto t = rrtype_from_string(text);
  if (!t)
    return usage(
        fmt::format("unknown record type '{}' (use a mnemonic such as AAAA, or "
                    "TYPEnnn)",
                    text));
  a.type = *t;
  a.have_type = true;
  return {};
}

Status set_query_class(std::string_view text, QueryArgs& a) {
  auto c = rrclass_from_string(text);
  if (!c) return usage(fmt::format("unknown class '{}' (IN, CH, HS or CLASSnnn)", text));
  a.cls = *c;
  a.have_class = true;
  return {};
}

Status set_query_name(std::string_view text, QueryArgs& a) {
  if (a.have_name)
    return usage(fmt::format("one name per query: '{}' and '{}'", a.name_text, text));
  auto ascii = idn_to_ascii(text);
  if (!ascii) return usage(ascii.error().message);
  auto name = Name::parse(*ascii, &Name::root());
  if (!name) return usage(fmt::format("bad name '{}': {}", text, name.error().message));
  a.name_text = std::string(text);
  a.name = *name;
  a.have_name = true;
  return {};
}

Status set_reverse_name(std::string_view address, QueryArgs& a) {
  std::string text(address);
  std::string name;
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    auto* b = reinterpret_cast<const uint8_t*>(&v4);
    name = fmt::format("{}.{}.{}.{}.in-addr.arpa.", b[3], b[2], b[1], b[0]);
  } else if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    for (int i = 15; i >= 0; --i)
      name += fmt::format("{:x}.{:x}.", v6.s6_addr[i] & 0xf, v6.s6_addr[i] >> 4);
    name += "ip6.arpa.";
  } else {
    return usage(fmt::format("-x: '{}' is not an IPv4 or IPv6 address", address));
  }
  if (auto s = set_query_name(name, a); !s) return s;
  if (!a.have_type) a.type = RRType::PTR;
  a.have_type = true;
  return {};
}

Status parse_query_words(const std::vector<std::string>& words, QueryArgs& a) {
  for (const std::string& w : words) {
    Status s;
    if (w.size() > 1 && w[0] == '@') {
      a.server = w.substr(1);
    } else if (w.size() > 1 && w[0] == '+') {
      s = apply_plus_option(std::string_view(w).substr(1), a);
    } else if (w.empty() || w == "@" || w == "+") {
      s = usage(fmt::format("unexpected argument '{}'", w));
    } else if (!a.have_type && word_is_type(w)) {
      s = set_query_type(w, a);
    } else if (!a.have_class && word_is_class(w)) {
      s = set_query_class(w, a);
    } else {
      s = set_query_name(w, a);
    }
    if (!s) return s;
  }
  if (!a.have_name) return usage("missing NAME: what should be looked up? (see --help)");
  return {};
}

std::optional<std::string> first_nameserver(std::string_view conf) {
  while (!conf.empty()) {
    auto nl = conf.find('\n');
    std::string_view line = conf.substr(0, nl);
    conf = nl == std::string_view::npos ? std::string_view() : conf.substr(nl + 1);
    auto skip = [&line] {
      while (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
    };
    skip();
    if (line.substr(0, 10) != "nameserver") continue;
    line.remove_prefix(10);
    if (line.empty() || (line[0] != ' ' && line[0] != '\t')) continue;
    skip();
    auto end = line.find_first_of(" \t\r#;");
    std::string_view addr = line.substr(0, end);
    if (!addr.empty()) return std::string(addr);
  }
  return std::nullopt;
}

}  // namespace canon::cli
