// libFuzzer target: Message::decode on arbitrary octets. Whatever decodes must encode, and the
// encoding must decode again to a message that encodes to the same octets (a fixed point).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "wire/message.h"
#include "wire/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using canon::Message;
  std::span<const uint8_t> in(data, size);
  (void)canon::parse_query(in);
  auto m = Message::decode(in);
  if (!m) return 0;
  (void)m->to_text();
  auto once = m->encode();
  auto again = Message::decode(once);
  if (!again) std::abort();  // our own encoding must decode
  if (again->encode() != once) std::abort();
  // Unless the encoding had to drop records (65535 octets), nothing may change on the way.
  bool same_counts = again->questions.size() == m->questions.size() &&
                     again->answer.size() == m->answer.size() &&
                     again->authority.size() == m->authority.size() &&
                     again->additional.size() == m->additional.size();
  if (same_counts && again->to_text() != m->to_text()) std::abort();
  return 0;
}
