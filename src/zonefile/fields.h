// Fast recognition of the class and type fields of a record. The common mnemonics are matched
// inline; anything else goes to rrtype_from_string / rrclass_from_string (TYPEnnn, CLASSnnn).
//
//   field_type("aaaa");   // RRType::AAAA
//   field_class("IN");    // RRClass::IN
#pragma once

#include <optional>
#include <string_view>

#include "wire/rrtype.h"

namespace canon::zonefile {

std::optional<RRType> field_type(std::string_view text);
std::optional<RRClass> field_class(std::string_view text);

}  // namespace canon::zonefile
