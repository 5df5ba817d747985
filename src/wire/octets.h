// Network-order loads and stores shared by every reader of wire data (RFC 1035 §2.3.2: big-endian
// fields). Callers check bounds first; these only assemble octets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace canon {

inline uint16_t load16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
inline uint32_t load32(const uint8_t* p) {
  return static_cast<uint32_t>(load16(p)) << 16 | load16(p + 2);
}
inline void store16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void store32(uint8_t* p, uint32_t v) {
  store16(p, static_cast<uint16_t>(v >> 16));
  store16(p + 2, static_cast<uint16_t>(v));
}
inline uint16_t load16(std::span<const uint8_t> m, size_t pos) {
  return load16(m.data() + pos);
}
inline uint32_t load32(std::span<const uint8_t> m, size_t pos) {
  return load32(m.data() + pos);
}

}  // namespace canon
