// The real UdpNetwork against scripted servers on loopback: spoofed answers (wrong ID, wrong
// source port, wrong question) are ignored, TC falls back to TCP, IDs and ports vary.
#include "resolver/udp_network.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "resolver/resolver_test_util.h"

namespace canon::resolver {
namespace {

using namespace testing;

int udp_socket(uint16_t* port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(*port);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
  socklen_t len = sizeof sin;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  *port = ntohs(sin.sin_port);
  return fd;
}

struct Received {
  Message query;
  sockaddr_in from{};
};

Received receive(int fd) {
  std::vector<uint8_t> buf(65535);
  Received r;
  socklen_t len = sizeof r.from;
  ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&r.from), &len);
  r.query = *Message::decode({buf.data(), static_cast<size_t>(n)});
  return r;
}

void send_to(int fd, const Message& m, const sockaddr_in& to) {
  auto w = m.encode();
  ::sendto(fd, w.data(), w.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

TEST(UdpNetwork, SpoofedAnswersAreIgnored) {
  uint16_t port = 0, other_port = 0;
  int server = udp_socket(&port);
  int other = udp_socket(&other_port);
  std::thread t([&] {
    Received r = receive(server);
    const Message& q = r.query;
    Message wrong_port = reply_with(q, Rcode::NOERROR, {"www.example. 60 IN A 192.0.2.66"});
    send_to(other, wrong_port, r.from);
    Message wrong_id = reply_with(q, Rcode::NOERROR, {"www.example. 60 IN A 192.0.2.67"});
    wrong_id.header.id ^= 0x5a5a;
    send_to(server, wrong_id, r.from);
    Message wrong_q = reply_with(q, Rcode::NOERROR, {"www.example. 60 IN A 192.0.2.68"});
    wrong_q.questions[0].name = n("www.evil.");
    send_to(server, wrong_q, r.from);
    send_to(server, reply_with(q, Rcode::NOERROR, {"www.example. 60 IN A 192.0.2.1"}), r.from);
  });
  UdpNetwork net;
  auto r = net.send(addr("127.0.0.1:" + std::to_string(port)),
                    make_query(n("www.example."), RRType::A, false), Millis(2000));
  t.join();
  ::close(server);
  ::close(other);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(lines(group_rrsets(r->answer)), (Lines{"www.example. 60 IN A 192.0.2.1"}));
}

TEST(UdpNetwork, RandomIdPortAndEdns) {
  uint16_t port = 0;
  int server = udp_socket(&port);
  std::vector<Received> got;
  std::thread t([&] {
    for (int i = 0; i < 4; ++i) {
      got.push_back(receive(server));
      send_to(server, reply_with(got.back().query, Rcode::NOERROR, {}), got.back().from);
    }
  });
  UdpNetwork net;
  for (int i = 0; i < 4; ++i) {
    Message q = make_query(n("www.example."), RRType::A, false);
    q.header.id = 7;
    ASSERT_TRUE(net.send(addr("127.0.0.1:" + std::to_string(port)), q, Millis(2000)));
  }
  t.join();
  ::close(server);
  std::set<uint16_t> ids, ports;
  for (const auto& g : got) {
    ids.insert(g.query.header.id);
    ports.insert(ntohs(g.from.sin_port));
    ASSERT_TRUE(g.query.edns);
    EXPECT_EQ(g.query.edns->udp_size, 1232);
  }
  EXPECT_GE(ids.size(), 3u);    // random, not the 7 given
  EXPECT_GE(ports.size(), 3u);  // a fresh random port for every query
}

TEST(UdpNetwork, TimeoutAndTruncationFallsBackToTcp) {
  uint16_t port = 0;
  int server = udp_socket(&port);
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(port);
  int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
  ::listen(listener, 1);
  std::thread t([&] {
    Received r = receive(server);
    Message tc = reply_with(r.query, Rcode::NOERROR, {});
    tc.header.tc = true;
    send_to(server, tc, r.from);
    int c = ::accept(listener, nullptr, nullptr);
    uint8_t len[2];
    ::recv(c, len, 2, MSG_WAITALL);
    std::vector<uint8_t> body(len[0] << 8 | len[1]);
    ::recv(c, body.data(), body.size(), MSG_WAITALL);
    Message q = *Message::decode(body);
    auto w = reply_with(q, Rcode::NOERROR, {"big.example. 60 IN TXT \"over tcp\""}).encode();
    uint8_t out_len[2] = {static_cast<uint8_t>(w.size() >> 8), static_cast<uint8_t>(w.size())};
    ::send(c, out_len, 2, 0);
    ::send(c, w.data(), w.size(), 0);
    ::close(c);
  });
  UdpNetwork net;
  auto r = net.send(addr("127.0.0.1:" + std::to_string(port)),
                    make_query(n("big.example."), RRType::TXT, false), Millis(2000));
  t.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(lines(group_rrsets(r->answer)), (Lines{"big.example. 60 IN TXT \"over tcp\""}));
  // Nobody answers: a timeout error.
  auto to = net.send(addr("127.0.0.1:" + std::to_string(port)),
                     make_query(n("big.example."), RRType::TXT, false), Millis(100));
  ASSERT_FALSE(to);
  EXPECT_EQ(to.error().code, kNetTimeout);
  ::close(server);
  ::close(listener);
}

}  // namespace
}  // namespace canon::resolver
