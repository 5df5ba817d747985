// The TCP loop with a real catalog and real loopback sockets, and a sink whose answers the test
// hands back when it likes (or never): out-of-order answers, the deadline's SERVFAIL, a refused
// hand-off, an answer for a connection that is gone, and the output cap.
#include "server/tcp_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "auth/auth_test_util.h"
#include "server/snapshot.h"

namespace canon::server {
namespace {

using auth_testing::make_query;

// An ALIAS target nobody has looked up: respond() defers every query that needs one.
struct NothingCached : AliasSource {
  void find(const Name&, RRType, AliasAddresses* out) const override {
    out->status = AliasStatus::kMiss;
  }
};

// Keeps the deferred queries; the test answers them from its own thread, as a resolver would.
struct HeldSink : DeferredSink {
  std::mutex mu;
  std::vector<DeferredQuery> held;
  bool refuse = false;
  bool submit(DeferredQuery&& q) override {
    std::lock_guard lock(mu);
    if (refuse) return false;
    held.push_back(std::move(q));
    return true;
  }
  size_t count() {
    std::lock_guard lock(mu);
    return held.size();
  }
  // Answers the i-th held query with `answer`, from another thread.
  void answer(size_t i, std::vector<uint8_t> answer) {
    std::function<void(std::span<const uint8_t>)> reply;
    {
      std::lock_guard lock(mu);
      reply = held.at(i).reply;
    }
    std::thread([reply, answer] { reply(answer); }).join();
  }
};

// The query turned into a response (QR set): enough for the client to match it by ID.
std::vector<uint8_t> echo(std::vector<uint8_t> query, size_t pad = 0) {
  query[2] |= 0x80;
  query.resize(query.size() + pad);
  return query;
}

class TcpServerTest : public ::testing::Test {
 protected:
  void start(TcpLimits limits) {
    auto catalog = std::make_shared<Catalog>(auth_testing::make_catalog(
        {{"ex.",
          "@ SOA ns hm 1 2 3 4 300\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.1\n"
          "flat ALIAS far.out.\n"}}));
    auto snap = std::make_shared<Snapshot>();
    snap->catalog = catalog;
    snap->options.alias = &nothing_;
    store_.publish(snap);
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(listen(listen_fd_, 16), 0);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    WorkerShared shared{&store_, &stop_};
    shared.deferred = &sink_;
    server_ = std::make_unique<TcpServer>(std::vector<int>{listen_fd_}, 0, shared, limits);
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    server_.reset();
    if (listen_fd_ >= 0) close(listen_fd_);
  }

  int connect_client() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port_);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }
  static void send_frame(int fd, const std::vector<uint8_t>& m) {
    std::vector<uint8_t> f{static_cast<uint8_t>(m.size() >> 8), static_cast<uint8_t>(m.size())};
    f.insert(f.end(), m.begin(), m.end());
    ASSERT_EQ(send(fd, f.data(), f.size(), MSG_NOSIGNAL), static_cast<ssize_t>(f.size()));
  }
  // The next message, or nullopt on EOF, reset or a 2 s timeout.
  static std::optional<Message> read_message(int fd) {
    uint8_t len[2];
    if (!read_exact(fd, len, 2)) return std::nullopt;
    std::vector<uint8_t> body(static_cast<size_t>(len[0] << 8 | len[1]));
    if (!read_exact(fd, body.data(), body.size())) return std::nullopt;
    auto m = Message::decode(body);
    if (!m) return std::nullopt;
    return *m;
  }
  static bool read_exact(int fd, uint8_t* p, size_t n) {
    while (n > 0) {
      ssize_t r = recv(fd, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }
  void wait_for_held(size_t n) {
    for (int i = 0; i < 200 && sink_.count() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(sink_.count(), n);
  }

  NothingCached nothing_;
  HeldSink sink_;
  SnapshotStore store_{1};
  std::atomic<bool> stop_{false};
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::unique_ptr<TcpServer> server_;
  std::thread thread_;
};

TEST_F(TcpServerTest, ALaterQueryIsAnsweredBeforeTheDeferredOne) {
  start({});
  int fd = connect_client();
  auto deferred = make_query({.qname = "flat.ex.", .id = 1});
  send_frame(fd, deferred);
  send_frame(fd, make_query({.qname = "www.ex.", .id = 2}));
  auto first = read_message(fd);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->header.id, 2);
  ASSERT_EQ(first->answer.size(), 1u);
  EXPECT_EQ(auth_testing::squeeze(first->answer[0].to_text()), "www.ex. 3600 IN A 192.0.2.1");
  wait_for_held(1);
  EXPECT_EQ(sink_.held[0].packet, deferred);
  EXPECT_EQ(sink_.held[0].transport, Transport::kTcp);
  sink_.answer(0, echo(deferred));
  auto second = read_message(fd);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->header.id, 1);
  close(fd);
}

TEST_F(TcpServerTest, NoAnswerByTheDeadlineIsServfailAndALateOneIsDropped) {
  start({.deferred_timeout_ms = 200});
  int fd = connect_client();
  auto deferred = make_query({.qname = "flat.ex.", .edns = true, .id = 7});
  send_frame(fd, deferred);
  auto t0 = std::chrono::steady_clock::now();
  auto m = read_message(fd);
  auto waited = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header.id, 7);
  EXPECT_EQ(m->rcode(), Rcode::SERVFAIL);
  ASSERT_TRUE(m->edns.has_value());
  ASSERT_EQ(m->edns->errors.size(), 1u);
  EXPECT_EQ(m->edns->errors[0].extra_text, "no answer within 200 ms");
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  wait_for_held(1);
  sink_.answer(0, echo(deferred));  // too late: not sent
  send_frame(fd, make_query({.qname = "www.ex.", .id = 8}));
  m = read_message(fd);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header.id, 8);
  close(fd);
}

TEST_F(TcpServerTest, ARefusedHandOffIsServfailAtOnce) {
  sink_.refuse = true;
  start({});
  int fd = connect_client();
  send_frame(fd, make_query({.qname = "flat.ex.", .id = 3}));
  auto m = read_message(fd);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header.id, 3);
  EXPECT_EQ(m->rcode(), Rcode::SERVFAIL);
  close(fd);
}

TEST_F(TcpServerTest, AnAnswerForAClosedConnectionGoesNowhere) {
  start({});
  int fd = connect_client();
  auto deferred = make_query({.qname = "flat.ex.", .id = 4});
  send_frame(fd, deferred);
  wait_for_held(1);
  close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  sink_.answer(0, echo(deferred));
  int again = connect_client();
  send_frame(again, make_query({.qname = "www.ex.", .id = 5}));
  auto m = read_message(again);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header.id, 5);
  close(again);
}

TEST_F(TcpServerTest, ALateAnswerPastTheOutputLimitClosesTheConnection) {
  start({.output_pause = 500, .output_limit = 1000});
  int fd = connect_client();
  auto deferred = make_query({.qname = "flat.ex.", .id = 6});
  send_frame(fd, deferred);
  wait_for_held(1);
  sink_.answer(0, echo(deferred, 2000));
  EXPECT_FALSE(read_message(fd).has_value());
  close(fd);
}

}  // namespace
}  // namespace canon::server
