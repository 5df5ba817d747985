// Internationalised domain names (IDNA2008, RFC 5890-5891, with the UTS #46 mapping that
// browsers and dig apply): U-labels typed by people become A-labels on the wire, and A-labels
// are shown back as U-labels.
//
//   idn_to_ascii("bücher.example");          // "xn--bcher-kva.example"
//   idn_to_ascii("www.example.com.");         // unchanged: ASCII names are never touched
//   idn_to_ascii("☃.net");                    // Error: "'☃.net' is not a valid IDN: ..."
//   idn_to_unicode("xn--bcher-kva.example.");  // "bücher.example."
//   idn_to_unicode("www.example.com.");        // nullopt: nothing to show
//
// Both work on presentation text (what Name::parse reads and Name::to_string writes), label by
// label, so ASCII labels keep their case, underscores and `\DDD` escapes exactly as written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace canon {

// True when every octet of `s` is below 0x80.
bool is_ascii(std::string_view s);

// Converts each label holding non-ASCII characters to its A-label (UTS #46 non-transitional
// mapping, so "BÜCHER" maps to "xn--bcher-kva" like "bücher"). The ideographic full stops
// U+3002, U+FF0E and U+FF61 separate labels too (UTS #46 §4). A trailing dot is kept. Errors
// say which name failed and why; a label that mixes non-ASCII characters and escapes is
// refused.
Result<std::string> idn_to_ascii(std::string_view name);

// The name with each valid A-label ("xn--...") replaced by its U-label, for display. An
// A-label that does not round-trip (bad Punycode, a disallowed code point) stays as it is, as
// dig does, so that what is shown is never a lie. nullopt when no label changed.
std::optional<std::string> idn_to_unicode(std::string_view name);

}  // namespace canon
