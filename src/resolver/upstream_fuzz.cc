// libFuzzer target: the input is every upstream's reply (to the forwarder's and the iterator's
// queries alike). Whatever the replies say, resolution must end (bounded referrals, sends and
// chain hops) without a crash, and only first hops inside the bailiwick may be cached.
#include <cstddef>
#include <cstdint>
#include <span>

#include "resolver/iterator.h"
#include "resolver/router.h"

namespace {

using namespace canon;
using namespace canon::resolver;

class FuzzNetwork final : public Network {
 public:
  explicit FuzzNetwork(std::span<const uint8_t> reply) : reply_(reply) {}
  Result<Message> send(const ListenAddress&, const Message& q, Millis) override {
    auto m = Message::decode(reply_);
    if (!m) return Error("timed out", kNetTimeout);
    m->header.id = q.header.id;
    // The first octet's low bit keeps the reply's own question: mismatches get exercised too.
    if (reply_.empty() || !(reply_[0] & 1)) m->questions = q.questions;
    return std::move(*m);
  }

 private:
  std::span<const uint8_t> reply_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const RootHints hints =
      *parse_root_hints(". NS a.root.\na.root. A 192.0.2.1\n", "fuzz hints");
  ManualClock clock;
  Cache cache(clock, {.max_bytes = 1 << 20, .shards = 2});
  FuzzNetwork net({data, size});
  Iterator it(net, cache, clock, hints, {.max_sends = 16});
  ForwardRule fwd{*Name::parse("fwd."), {*parse_listen_address("192.0.2.2")}, true};
  Router router(nullptr, {fwd}, &net, &cache, &it, {12, true});
  for (const char* name : {"www.fwd.", "www.example.", "a.b.c.d.example."})
    (void)router.resolve(*Name::parse(name), RRType::A, true);
  return 0;
}
