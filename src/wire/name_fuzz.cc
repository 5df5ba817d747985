// libFuzzer target: Name::parse on arbitrary text. Whatever parses must print and parse back
// to an identical name (case included).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "wire/name.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const canon::Name origin = *canon::Name::parse("origin.example.");
  auto n = canon::Name::parse(text, &origin);
  if (!n) return 0;
  std::string printed = n->to_string();
  auto back = canon::Name::parse(printed);
  if (!back || !back->identical(*n)) std::abort();
  if (back->to_string() != printed) std::abort();
  return 0;
}
