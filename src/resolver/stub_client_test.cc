// stub_query against a scripted server on a loopback socket: mismatched answers are ignored,
// a truncated answer is retried over TCP, and failures say what happened.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "resolver/stub_client.h"

namespace canon {
namespace {

// A loopback socket of `type` bound to a free port.
struct Loopback {
  int fd = -1;
  ListenAddress addr;
  explicit Loopback(int type) {
    fd = ::socket(AF_INET, type, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    addr = *parse_listen_address("127.0.0.1:" + std::to_string(ntohs(sa.sin_port)));
  }
  ~Loopback() { ::close(fd); }
};

Message answer_to(const Message& q, const char* address, bool tc = false) {
  Message r = q;
  r.header.qr = true;
  r.header.tc = tc;
  if (!tc) {
    ResourceRecord rr{q.questions[0].name, RRType::A, RRClass::IN, 300, {}};
    in_addr a{};
    ::inet_pton(AF_INET, address, &a);
    auto* p = reinterpret_cast<const uint8_t*>(&a);
    rr.rdata.assign(p, p + 4);
    r.answer.push_back(rr);
  }
  return r;
}

TEST(StubClient, IgnoresAnswersWithTheWrongIdOrQuestion) {
  Loopback server(SOCK_DGRAM);
  std::thread t([&] {
    uint8_t buf[512];
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(server.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    auto q = Message::decode({buf, static_cast<size_t>(n)});
    ASSERT_TRUE(q);
    Message wrong_id = answer_to(*q, "192.0.2.66");
    wrong_id.header.id ^= 1;
    Message wrong_name = answer_to(*q, "192.0.2.67");
    wrong_name.questions[0].name = *Name::parse("evil.example.");
    for (const Message& m : {wrong_id, wrong_name, answer_to(*q, "192.0.2.1")}) {
      auto w = m.encode();
      ::sendto(server.fd, w.data(), w.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  });
  auto r = stub_query(server.addr, make_query(*Name::parse("www.example."), RRType::A));
  t.join();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->message.answer.size(), 1u);
  EXPECT_EQ(r->message.answer[0].to_text(), "www.example.\t300\tIN\tA\t192.0.2.1");
}

TEST(StubClient, TimesOutAndSaysSo) {
  Loopback silent(SOCK_DGRAM);
  StubOptions opt;
  opt.timeout_ms = 50;
  opt.udp_tries = 2;
  auto r = stub_query(silent.addr, make_query(*Name::parse("www.example."), RRType::A), opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "timed out after 100 ms");
}

TEST(StubClient, TcpToAClosedPortIsRefused) {
  Loopback l(SOCK_STREAM);  // bound, never listening: connects are refused
  StubOptions opt;
  opt.tcp = true;
  auto r = stub_query(l.addr, make_query(*Name::parse("www.example."), RRType::A), opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "connection refused");
}

}  // namespace
}  // namespace canon
