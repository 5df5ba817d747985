#include "resolver/stub_client.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace canon {

namespace {

using Clock = std::chrono::steady_clock;

// Closes the descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Error sys_error(const char* what) {
  return Error(std::string(what) + ": " + std::strerror(errno));
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on fd until the deadline; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

uint16_t random_id() {
  uint16_t id = 0;
  if (::getrandom(&id, sizeof id, 0) != sizeof id) id = static_cast<uint16_t>(::getpid());
  return id;
}

// A response answers the query when its ID and question are the query's (RFC 5452 §9.1).
bool matches(const Message& q, const Message& r) {
  if (r.header.id != q.header.id || !r.header.qr) return false;
  if (r.questions.empty()) return true;  // FORMERR and the like may carry no question
  if (q.questions.empty() || r.questions.size() != 1) return false;
  const Question& a = q.questions[0];
  const Question& b = r.questions[0];
  return a.name == b.name && a.type == b.type && a.cls == b.cls;
}

Result<StubResponse> decode_response(std::vector<uint8_t> wire, Clock::time_point start) {
  auto m = Message::decode(wire);
  if (!m) return Error("malformed response: " + m.error().message);
  StubResponse r;
  r.message = std::move(*m);
  r.wire = std::move(wire);
  r.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return r;
}

Result<int> connected_socket(const ListenAddress& server, int type) {
  int fd = ::socket(server.family(), type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return sys_error("socket");
  if (::connect(fd, server.sockaddr_ptr(), server.length) != 0 && errno != EINPROGRESS) {
    Error e = sys_error("connect");
    ::close(fd);
    return e;
  }
  return fd;
}

Result<StubResponse> query_udp(const ListenAddress& server, const Message& q,
                               const std::vector<uint8_t>& wire, const StubOptions& opt) {
  auto fd = connected_socket(server, SOCK_DGRAM);
  if (!fd) return fd.error();
  Fd guard{*fd};
  std::vector<uint8_t> buf(65535);
  for (int attempt = 0; attempt < opt.udp_tries; ++attempt) {
    auto start = Clock::now();
    if (::send(*fd, wire.data(), wire.size(), 0) < 0) return sys_error("send");
    auto deadline = start + std::chrono::milliseconds(opt.timeout_ms);
    while (wait_for(*fd, POLLIN, deadline)) {
      ssize_t n = ::recv(*fd, buf.data(), buf.size(), 0);
      if (n < 0) {
        if (errno == ECONNREFUSED) return Error("connection refused");
        if (errno == EAGAIN || errno == EINTR) continue;
        return sys_error("recv");
      }
      auto r = decode_response({buf.begin(), buf.begin() + n}, start);
      if (r && matches(q, r->message)) return r;
      // A stray or spoofed datagram: keep waiting for the real answer.
    }
  }
  return Error("timed out after " + std::to_string(opt.timeout_ms * opt.udp_tries) + " ms");
}

bool write_all(int fd, const uint8_t* p, size_t n, Clock::time_point deadline) {
  while (n > 0) {
    if (!wait_for(fd, POLLOUT, deadline)) return false;
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Reads exactly n octets; the error says whether the peer closed or time ran out.
Status read_all(int fd, uint8_t* p, size_t n, Clock::time_point deadline) {
  while (n > 0) {
    if (!wait_for(fd, POLLIN, deadline)) return Error("timed out");
    ssize_t r = ::recv(fd, p, n, 0);
    if (r == 0) return Error("connection closed by the server");
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      if (errno == ECONNREFUSED) return Error("connection refused");
      return sys_error("recv");
    }
    p += r;
    n -= static_cast<size_t>(r);
  }
  return {};
}

// Waits for a non-blocking connect to finish and reports why it failed, if it did.
Status await_connect(int fd, Clock::time_point deadline, int timeout_ms) {
  if (!wait_for(fd, POLLOUT, deadline))
    return Error("TCP connect timed out after " + std::to_string(timeout_ms) + " ms");
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err == ECONNREFUSED) return Error("connection refused");
  if (err != 0) return Error(std::string("connect: ") + std::strerror(err));
  return {};
}

Result<StubResponse> query_tcp(const ListenAddress& server, const Message& q,
                               const std::vector<uint8_t>& wire, const StubOptions& opt) {
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(opt.timeout_ms);
  auto fd = connected_socket(server, SOCK_STREAM);
  if (!fd) return fd.error();
  Fd guard{*fd};
  std::vector<uint8_t> framed{static_cast<uint8_t>(wire.size() >> 8),
                              static_cast<uint8_t>(wire.size())};
  framed.insert(framed.end(), wire.begin(), wire.end());
  if (auto s = await_connect(*fd, deadline, opt.timeout_ms); !s) return s.error();
  if (!write_all(*fd, framed.data(), framed.size(), deadline))
    return Error("TCP send failed or timed out after " + std::to_string(opt.timeout_ms) + " ms");
  uint8_t len[2];
  if (auto s = read_all(*fd, len, 2, deadline); !s) return s.error();
  std::vector<uint8_t> body(static_cast<size_t>(len[0] << 8 | len[1]));
  if (auto s = read_all(*fd, body.data(), body.size(), deadline); !s) return s.error();
  auto r = decode_response(std::move(body), start);
  if (!r) return r;
  if (!matches(q, r->message)) return Error("the TCP response does not match the query");
  r->over_tcp = true;
  return r;
}

}  // namespace

Message make_query(const Name& name, RRType type, bool rd, uint16_t udp_size) {
  Message q;
  q.header.rd = rd;
  q.questions.push_back({name, type, RRClass::IN});
  if (udp_size) {
    Edns e;
    e.udp_size = udp_size;
    q.edns = e;
  }
  return q;
}

Result<StubResponse> stub_query(const ListenAddress& server, const Message& query,
                                const StubOptions& opt) {
  Message q = query;
  if (!opt.keep_id) q.header.id = random_id();
  std::vector<uint8_t> wire = q.encode();
  if (opt.tcp) return query_tcp(server, q, wire, opt);
  auto r = query_udp(server, q, wire, opt);
  if (r && r->message.header.tc && opt.tcp_fallback) return query_tcp(server, q, wire, opt);
  return r;
}

}  // namespace canon
