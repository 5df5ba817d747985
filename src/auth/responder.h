// The authoritative responder: one packet in, one packet out, no I/O. The server's workers
// call respond() for every UDP datagram and TCP message; tests and fuzzers call it directly.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "wire/name.h"
#include "zone/zone.h"

namespace canon {

// Catalog: the zones one view serves. Immutable once built; replaced whole on reload.
class Catalog {
 public:
  void add(std::shared_ptr<const Zone> zone);  // a later zone with the same origin replaces
  // The zone that most closely encloses `name`, or nullptr.
  const Zone* find_zone(const Name& name) const;
  // The zone whose origin is exactly `name`, or nullptr.
  const Zone* zone_at(const Name& name) const;
  // The closest enclosing zone strictly above `name` (for DS at a cut, RFC 4035 §3.1.4.1).
  const Zone* find_parent_zone(const Name& name) const;
  size_t size() const { return zones_.size(); }
  const std::vector<std::shared_ptr<const Zone>>& zones() const { return zones_; }

 private:
  std::vector<std::shared_ptr<const Zone>> zones_;  // owned by the responder's author
};

struct AuthOptions {
  size_t max_cname_chain = 12;     // hops followed; the 13th fails
  bool minimal_responses = false;  // leave the additional section empty
  uint16_t udp_max_size = 1232;    // cap on the EDNS UDP size we honour
};

enum class Transport : uint8_t { kUdp, kTcp };

// Writes the response to `query` into `out` (at least 65535 octets for TCP, 4096 suffices for
// UDP) and returns its length, or 0 when the packet must be dropped (too short for a header,
// or a response rather than a query).
size_t respond(const Catalog& catalog, const AuthOptions& opt, Transport transport,
               std::span<const uint8_t> query, std::span<uint8_t> out);

}  // namespace canon
