#include "server/sockets.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace canon::server {
namespace {

int int_option(int fd, int level, int opt) {
  int v = -1;
  socklen_t len = sizeof v;
  EXPECT_EQ(getsockopt(fd, level, opt, &v, &len), 0);
  return v;
}

// "127.0.0.1:PORT" with a port free right now (listen addresses must name a port).
ListenAddress free_address(const std::string& host) {
  bool v6 = host.front() == '[';
  int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
  sockaddr_storage ss{};
  socklen_t len = v6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  ss.ss_family = v6 ? AF_INET6 : AF_INET;
  if (v6) {
    reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr = in6addr_loopback;
  } else {
    reinterpret_cast<sockaddr_in*>(&ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  uint16_t port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
    port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                    : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  }
  if (fd >= 0) close(fd);
  auto a = parse_listen_address(host + ":" + std::to_string(port ? port : 1));
  EXPECT_TRUE(a);
  return *a;
}

// Forged ICMP must not make canond fragment its answers (sockets.cc, no_path_mtu).
TEST(Sockets, UdpIgnoresPathMtuOnIpv4) {
  auto fd = open_udp_socket(free_address("127.0.0.1"));
  ASSERT_TRUE(fd) << fd.error().message;
  EXPECT_EQ(int_option(*fd, IPPROTO_IP, IP_MTU_DISCOVER), IP_PMTUDISC_OMIT);
  EXPECT_EQ(int_option(*fd, SOL_SOCKET, SO_REUSEPORT), 1);
  close(*fd);
}

TEST(Sockets, UdpIgnoresPathMtuOnIpv6) {
  auto fd = open_udp_socket(free_address("[::1]"));
  if (!fd) GTEST_SKIP() << "no IPv6 loopback here: " << fd.error().message;
  EXPECT_EQ(int_option(*fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER), IPV6_PMTUDISC_OMIT);
  EXPECT_EQ(int_option(*fd, IPPROTO_IPV6, IPV6_V6ONLY), 1);
  close(*fd);
}

TEST(Sockets, TakenTcpPortSaysWhatToDo) {
  ListenAddress addr = free_address("127.0.0.1");
  auto first = open_tcp_listener(addr);
  ASSERT_TRUE(first) << first.error().message;
  auto second = open_tcp_listener(addr);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another server has this port"), std::string::npos)
      << second.error().message;
  close(*first);
}

// A bound TCP socket holds the port but refuses connections until it listens: the server
// binds everything, UDP included, before a TCP client can see it ready.
TEST(Sockets, BoundTcpRefusesUntilItListens) {
  ListenAddress addr = free_address("127.0.0.1");
  auto fd = bind_tcp_socket(addr);
  ASSERT_TRUE(fd) << fd.error().message;
  auto connects = [&] {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    bool ok = connect(c, addr.sockaddr_ptr(), addr.length) == 0;
    close(c);
    return ok;
  };
  EXPECT_FALSE(connects());
  ASSERT_TRUE(start_listening(*fd, addr));
  EXPECT_TRUE(connects());
  EXPECT_FALSE(open_tcp_listener(addr));  // and another server cannot take the port
  close(*fd);
}

}  // namespace
}  // namespace canon::server
