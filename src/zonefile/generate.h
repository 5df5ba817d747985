// $GENERATE support (a BIND extension): the iteration range and the template expansion.
//
//   $GENERATE 1-4/2 host-${10,3,d} A 192.0.2.$
//
// yields host-011 A 192.0.2.1 and host-013 A 192.0.2.3. In a template `$` is the iterator,
// `${offset,width,base}` shifts and formats it (bases d, o, x, X, and n/N for reversed nibbles
// with dots, as in ip6.arpa names), and `$$` or `\$` is a literal `$`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace canon::zonefile {

struct GenerateRange {
  int64_t start = 0;
  int64_t stop = 0;
  int64_t step = 1;
  uint64_t count() const { return static_cast<uint64_t>((stop - start) / step) + 1; }
};

// Parses `start-stop` or `start-stop/step`; start <= stop, step >= 1, values below 2^31.
Result<GenerateRange> parse_generate_range(std::string_view text);

// Appends `tmpl` with every `$` expanded for the iterator value `it`.
Status expand_generate(std::string_view tmpl, int64_t it, std::string& out);

}  // namespace canon::zonefile
