// The TCP loop's parts without the loop: framing split at every octet, the output queue and
// its partial writes over a real socket pair, the hand-back of deferred answers across
// threads, deadlines, and the SERVFAIL written for a query that got no answer.
#include "server/tcp_conn.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "auth/auth_test_util.h"
#include "server/tcp_completions.h"
#include "server/tcp_deferred.h"

namespace canon::server {
namespace {

using auth_testing::make_query;

std::vector<uint8_t> framed(std::span<const uint8_t> m) {
  OutQueue q;
  EXPECT_TRUE(q.push(m));
  return {q.pending().begin(), q.pending().end()};
}

std::vector<uint8_t> message(size_t len, uint8_t fill) {
  return std::vector<uint8_t>(len, fill);
}

void feed(FrameReader& r, std::span<const uint8_t> data) {
  auto room = r.space();
  ASSERT_GE(room.size(), data.size());
  std::memcpy(room.data(), data.data(), data.size());
  r.commit(data.size());
}

std::vector<std::vector<uint8_t>> drain(FrameReader& r) {
  std::vector<std::vector<uint8_t>> out;
  while (auto m = r.next()) out.emplace_back(m->begin(), m->end());
  return out;
}

TEST(FrameReader, SplitsPipelinedMessagesAtEveryOctet) {
  auto a = message(30, 0xaa), b = message(0, 0), c = message(300, 0xcc);
  std::vector<uint8_t> wire = framed(a);
  for (const auto& m : {b, c}) {
    auto f = framed(m);
    wire.insert(wire.end(), f.begin(), f.end());
  }
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    FrameReader r;
    feed(r, {wire.data(), cut});
    auto got = drain(r);
    feed(r, {wire.data() + cut, wire.size() - cut});
    for (auto& m : drain(r)) got.push_back(std::move(m));
    ASSERT_EQ(got.size(), 3u) << "cut at " << cut;
    EXPECT_EQ(got[0], a);
    EXPECT_EQ(got[1], b);
    EXPECT_EQ(got[2], c);
    EXPECT_EQ(r.buffered(), 0u);
  }
}

TEST(FrameReader, HalfALengthPrefixIsNotAMessage) {
  FrameReader r;
  const uint8_t half[1] = {0x00};
  feed(r, half);
  EXPECT_FALSE(r.has_message());
  EXPECT_FALSE(r.next().has_value());
  EXPECT_EQ(r.buffered(), 1u);
  const uint8_t rest[3] = {0x02, 0x11, 0x22};
  feed(r, rest);
  auto m = r.next();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(std::vector<uint8_t>(m->begin(), m->end()), (std::vector<uint8_t>{0x11, 0x22}));
}

TEST(FrameReader, TakesALargestMessageInChunks) {
  auto big = message(kMaxTcpMessage, 0x5a);
  auto wire = framed(big);
  FrameReader r;
  for (size_t off = 0; off < wire.size(); off += 1000) {
    EXPECT_FALSE(r.has_message());
    feed(r, {wire.data() + off, std::min<size_t>(1000, wire.size() - off)});
  }
  auto got = drain(r);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], big);
}

TEST(FrameReader, KeepsThePartialTailWhenMessagesAreTaken) {
  FrameReader r;
  auto first = framed(message(10, 1));
  auto second = framed(message(20, 2));
  std::vector<uint8_t> wire = first;
  wire.insert(wire.end(), second.begin(), second.begin() + 7);
  feed(r, wire);
  EXPECT_EQ(drain(r).size(), 1u);
  EXPECT_EQ(r.buffered(), 7u);
  feed(r, {second.data() + 7, second.size() - 7});  // space() slides the tail to the front
  auto got = drain(r);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], message(20, 2));
}

TEST(OutQueue, FramesMessagesAndConsumesPartially) {
  OutQueue q;
  EXPECT_TRUE(q.push(message(3, 7)));
  EXPECT_TRUE(q.push(message(1, 9)));
  EXPECT_EQ(q.size(), 8u);
  EXPECT_EQ(std::vector<uint8_t>(q.pending().begin(), q.pending().end()),
            (std::vector<uint8_t>{0, 3, 7, 7, 7, 0, 1, 9}));
  q.consume(4);
  EXPECT_EQ(std::vector<uint8_t>(q.pending().begin(), q.pending().end()),
            (std::vector<uint8_t>{7, 0, 1, 9}));
  q.consume(4);
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.push(message(kMaxTcpMessage + 1, 0)));
  EXPECT_TRUE(q.empty());
}

struct SocketPair {
  int fd[2] = {-1, -1};
  SocketPair() {
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd), 0);
    int small = 4096;
    setsockopt(fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    setsockopt(fd[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  }
  ~SocketPair() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
};

TEST(TcpIo, PartialWritesResumeWhereTheyStopped) {
  SocketPair sp;
  OutQueue out;
  std::vector<std::vector<uint8_t>> sent;
  for (int i = 0; i < 20; ++i) {
    sent.push_back(message(10000 + i, static_cast<uint8_t>(i)));
    out.push(sent.back());
  }
  FrameReader in;
  std::vector<std::vector<uint8_t>> got;
  bool blocked_once = false;
  for (int round = 0; round < 100000 && got.size() < sent.size(); ++round) {
    IoStatus w = write_from(sp.fd[0], out);
    ASSERT_NE(w, IoStatus::kError);
    if (!out.empty()) blocked_once = true;  // the socket took only part of it
    while (read_into(sp.fd[1], in) == IoStatus::kProgress) {
      for (auto& m : drain(in)) got.push_back(std::move(m));
    }
  }
  EXPECT_TRUE(blocked_once);
  EXPECT_EQ(got, sent);
  EXPECT_EQ(write_from(sp.fd[0], out), IoStatus::kWouldBlock);  // nothing left to write
}

TEST(TcpIo, ReadReportsWouldBlockEofAndReset) {
  SocketPair sp;
  FrameReader in;
  EXPECT_EQ(read_into(sp.fd[1], in), IoStatus::kWouldBlock);
  shutdown(sp.fd[0], SHUT_WR);
  EXPECT_EQ(read_into(sp.fd[1], in), IoStatus::kClosed);
  OutQueue out;
  out.push(message(10, 1));
  close(sp.fd[1]);
  sp.fd[1] = -1;
  EXPECT_EQ(write_from(sp.fd[0], out), IoStatus::kError);  // EPIPE, and no SIGPIPE
}

// A sink that keeps what it is given; the test plays its thread.
struct KeepingSink : DeferredSink {
  std::vector<DeferredQuery> taken;
  bool full = false;
  bool submit(DeferredQuery&& q) override {
    if (full) return false;
    taken.push_back(std::move(q));
    return true;
  }
};

bool readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1;
}

TEST(TcpDeferrals, AnswersComeBackFromAnotherThreadInAnyOrder) {
  auto done = std::make_shared<TcpCompletions>();
  TcpDeferrals d(done);
  KeepingSink sink;
  sockaddr_storage client{};
  auto q1 = make_query({.qname = "a.example.", .id = 1});
  auto q2 = make_query({.qname = "b.example.", .id = 2});
  ASSERT_TRUE(d.submit(sink, 7, client, q1, {}, 1000));
  ASSERT_TRUE(d.submit(sink, 8, client, q2, {}, 1000));
  ASSERT_EQ(sink.taken.size(), 2u);
  EXPECT_EQ(sink.taken[0].packet, q1);
  EXPECT_EQ(sink.taken[0].transport, Transport::kTcp);
  EXPECT_FALSE(readable(done->fd(), 0));
  const uint8_t answer2[3] = {2, 2, 2};
  std::thread([&] { sink.taken[1].reply(answer2); }).join();  // the second finishes first
  ASSERT_TRUE(readable(done->fd(), 1000));
  auto got = done->take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].answer, (std::vector<uint8_t>{2, 2, 2}));
  auto e = d.finish(got[0].token);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->conn, 8u);
  EXPECT_EQ(e->query, q2);
  EXPECT_FALSE(d.finish(got[0].token).has_value());  // once only
  EXPECT_FALSE(readable(done->fd(), 0));
  EXPECT_EQ(d.size(), 1u);
}

TEST(TcpDeferrals, ExpiryComesFirstAndALateAnswerFindsNothing) {
  auto done = std::make_shared<TcpCompletions>();
  TcpDeferrals d(done);
  KeepingSink sink;
  sockaddr_storage client{};
  ASSERT_TRUE(d.submit(sink, 1, client, make_query({.qname = "a.example."}), {}, 100));
  ASSERT_TRUE(d.submit(sink, 2, client, make_query({.qname = "b.example."}), {}, 200));
  EXPECT_TRUE(d.expire(99).empty());
  auto expired = d.expire(150);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].conn, 1u);
  const uint8_t late[1] = {1};
  sink.taken[0].reply(late);
  auto got = done->take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(d.finish(got[0].token).has_value());
  EXPECT_EQ(d.size(), 1u);
}

TEST(TcpDeferrals, ARefusedQueryLeavesNothingPending) {
  auto done = std::make_shared<TcpCompletions>();
  TcpDeferrals d(done);
  KeepingSink sink;
  sink.full = true;
  sockaddr_storage client{};
  EXPECT_FALSE(d.submit(sink, 1, client, make_query({.qname = "a.example."}), {}, 100));
  EXPECT_EQ(d.size(), 0u);
  EXPECT_TRUE(d.expire(1000).empty());
}

TEST(TcpDeferrals, AReplyAfterTheLoopIsGoneIsHarmless) {
  KeepingSink sink;
  {
    auto done = std::make_shared<TcpCompletions>();
    TcpDeferrals d(done);
    sockaddr_storage client{};
    ASSERT_TRUE(d.submit(sink, 1, client, make_query({.qname = "a.example."}), {}, 100));
  }
  const uint8_t late[1] = {1};
  sink.taken[0].reply(late);  // the reply holds the queue alive
  SUCCEED();
}

TEST(WriteServfail, KeepsIdQuestionAndRdAndSaysWhy) {
  auto q = make_query(
      {.qname = "Www.Example.", .qtype = "AAAA", .edns = true, .id = 0x1234, .rd = true});
  std::vector<uint8_t> out(512);
  size_t n = write_servfail(q, out, "no answer within 10000 ms");
  ASSERT_GT(n, 12u);
  auto m = Message::decode({out.data(), n});
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->rcode(), Rcode::SERVFAIL) << m->to_text();
  EXPECT_EQ(m->header.id, 0x1234);
  EXPECT_TRUE(m->header.qr);
  EXPECT_TRUE(m->header.rd);
  EXPECT_FALSE(m->header.aa);
  ASSERT_EQ(m->questions.size(), 1u);
  EXPECT_EQ(m->questions[0].name.to_string(), "Www.Example.");
  EXPECT_EQ(m->questions[0].type, RRType::AAAA);
  ASSERT_TRUE(m->edns.has_value());
  ASSERT_EQ(m->edns->errors.size(), 1u);
  EXPECT_EQ(m->edns->errors[0].info_code, 0);
  EXPECT_EQ(m->edns->errors[0].extra_text, "no answer within 10000 ms");

  auto plain = make_query({.qname = "a.example.", .id = 9});
  n = write_servfail(plain, out, "x");
  m = Message::decode({out.data(), n});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rcode(), Rcode::SERVFAIL);
  EXPECT_FALSE(m->edns.has_value());
  EXPECT_FALSE(m->header.rd);
}

}  // namespace
}  // namespace canon::server
