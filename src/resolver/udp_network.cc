#include "resolver/udp_network.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "resolver/stub_client.h"

namespace canon::resolver {

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

uint32_t random32() {
  uint32_t v = 0;
  if (::getrandom(&v, sizeof v, 0) != sizeof v)
    v = static_cast<uint32_t>(SteadyClock::now().time_since_epoch().count());
  return v;
}

// Binds to a random port above 1024 (RFC 5452 §10: the whole range, not the kernel's
// sequential choice); falls back to the kernel's choice after a few ports in use.
void bind_random_port(int fd, int family) {
  for (int i = 0; i < 16; ++i) {
    uint16_t port = static_cast<uint16_t>(1024 + random32() % (65536 - 1024));
    sockaddr_storage ss{};
    socklen_t len;
    if (family == AF_INET) {
      auto* s = reinterpret_cast<sockaddr_in*>(&ss);
      s->sin_family = AF_INET;
      s->sin_port = htons(port);
      len = sizeof *s;
    } else {
      auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
      s->sin6_family = AF_INET6;
      s->sin6_port = htons(port);
      len = sizeof *s;
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0) return;
    if (errno != EADDRINUSE && errno != EACCES) return;
  }
}

bool same_peer(const sockaddr_storage& a, const ListenAddress& b) {
  if (a.ss_family != b.family()) return false;
  if (a.ss_family == AF_INET) {
    auto* x = reinterpret_cast<const sockaddr_in*>(&a);
    auto* y = reinterpret_cast<const sockaddr_in*>(&b.storage);
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  auto* x = reinterpret_cast<const sockaddr_in6*>(&a);
  auto* y = reinterpret_cast<const sockaddr_in6*>(&b.storage);
  return x->sin6_port == y->sin6_port &&
         std::memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
}

int remaining_ms(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<Millis>(deadline - SteadyClock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

bool reply_matches(const Message& q, const Message& r) {
  if (r.header.id != q.header.id || !r.header.qr) return false;
  if (q.questions.size() != 1 || r.questions.size() != 1) return false;
  const Question& a = q.questions[0];
  const Question& b = r.questions[0];
  return a.name == b.name && a.type == b.type && a.cls == b.cls;
}

Result<Message> UdpNetwork::send(const ListenAddress& server, const Message& query,
                                 Millis timeout) {
  Message q = query;
  q.header.id = static_cast<uint16_t>(random32());
  if (!q.edns) q.edns = Edns{};
  q.edns->udp_size = 1232;
  std::vector<uint8_t> wire = q.encode();
  auto deadline = SteadyClock::now() + timeout;

  Fd fd{::socket(server.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (fd.fd < 0) return Error(std::string("socket: ") + std::strerror(errno), kNetOther);
  bind_random_port(fd.fd, server.family());
  if (::sendto(fd.fd, wire.data(), wire.size(), 0, server.sockaddr_ptr(), server.length) < 0)
    return Error(std::string("send: ") + std::strerror(errno), kNetOther);

  std::vector<uint8_t> buf(65535);
  for (;;) {
    pollfd p{fd.fd, POLLIN, 0};
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n == 0) return Error("timed out", kNetTimeout);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(std::string("poll: ") + std::strerror(errno), kNetOther);
    }
    sockaddr_storage from{};
    socklen_t flen = sizeof from;
    ssize_t got =
        ::recvfrom(fd.fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &flen);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      if (errno == ECONNREFUSED) return Error("connection refused", kNetRefused);
      return Error(std::string("recv: ") + std::strerror(errno), kNetOther);
    }
    if (!same_peer(from, server)) continue;  // RFC 5452 §9.1: wrong address or port
    auto m = Message::decode({buf.data(), static_cast<size_t>(got)});
    if (!m || !reply_matches(q, *m)) continue;  // wrong ID or question: keep waiting
    if (!m->header.tc) return std::move(*m);
    break;
  }
  // Truncated: the same question over TCP (RFC 7766 §5), in the time left.
  StubOptions opt;
  opt.tcp = true;
  opt.keep_id = true;
  opt.timeout_ms = std::max(remaining_ms(deadline), 1);
  auto r = stub_query(server, q, opt);
  if (!r) {
    bool to = r.error().message.find("timed out") != std::string::npos;
    return Error("TCP: " + r.error().message, to ? kNetTimeout : kNetOther);
  }
  return std::move(r->message);
}

}  // namespace canon::resolver
