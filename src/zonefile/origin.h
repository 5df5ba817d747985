// find_origin: the origin a zone file implies when none is given: the argument of its first
// $ORIGIN, or else the owner of its first SOA record when that owner is absolute. Tools that
// take a bare FILE (`canon zone print`, `canon lint FILE`) use it; the server always has the
// origin from its configuration.
//
//   std::optional<Name> o = find_origin("$ORIGIN example.com.\n@ SOA ...");  // example.com.
#pragma once

#include <optional>
#include <string_view>

#include "wire/name.h"

namespace canon {

std::optional<Name> find_origin(std::string_view text);

}  // namespace canon
