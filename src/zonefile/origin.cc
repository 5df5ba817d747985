#include "zonefile/origin.h"

#include <strings.h>

#include "zonefile/lexer.h"

namespace canon {

namespace {

bool is_word(std::string_view t, std::string_view w) {
  return t.size() == w.size() && strncasecmp(t.data(), w.data(), w.size()) == 0;
}

// The SOA owner of an entry `owner [ttl] [class] SOA ...`, when it is an absolute name.
std::optional<Name> soa_owner(const zonefile::Entry& e) {
  if (e.blank_owner || e.size() < 2) return std::nullopt;
  for (size_t i = 1; i < e.size() && i <= 3; ++i) {
    if (!is_word(e[i].text, "SOA")) continue;
    std::string_view owner = e[0].text;
    if (owner.empty() || owner.back() != '.') return std::nullopt;
    auto n = Name::parse(owner, &Name::root());
    if (n) return *n;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Name> find_origin(std::string_view text) {
  zonefile::Lexer lexer(text);
  zonefile::Entry e;
  while (lexer.next(e)) {
    if (e.error || e.size() == 0) continue;
    if (!e.blank_owner && e.size() >= 2 && is_word(e[0].text, "$ORIGIN")) {
      auto n = Name::parse(e[1].text, &Name::root());
      if (n) return *n;
      return std::nullopt;
    }
    if (auto n = soa_owner(e)) return n;
  }
  return std::nullopt;
}

}  // namespace canon
