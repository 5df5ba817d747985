// in_zone: is a record's owner at or below the zone's origin? The parser and the zone builder
// ask it for every record, so the common case is made cheap: owners mostly end in the origin
// written in the same case, which one memcmp at the label boundary confirms. Anything else
// takes Name::is_subdomain_of, which folds case (RFC 4343).
#pragma once

#include <cstring>

#include "wire/name.h"

namespace canon {

inline bool in_zone(const Name& owner, const Name& origin) {
  size_t ol = origin.label_count(), n = owner.label_count();
  if (n >= ol) {
    size_t at = owner.label_offset(n - ol);
    if (owner.wire_size() - at == origin.wire_size() &&
        std::memcmp(owner.wire().data() + at, origin.wire().data(), origin.wire_size()) == 0)
      return true;
  }
  return owner.is_subdomain_of(origin);
}

}  // namespace canon
