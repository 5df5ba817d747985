// One DNS-over-TCP connection's buffers: the framing of what it reads (RFC 1035 §4.2.2: a
// two-octet length before every message) and the queue of answers it still has to write.
// Neither touches epoll; read_into()/write_from() are the only syscalls, so the TCP loop
// (tcp_server.h) and the unit tests share the same code.
//
//   TcpConn c;
//   if (read_into(fd, c.in) == IoStatus::kProgress)
//     while (auto q = c.in.next()) c.out.push(answer_for(*q));   // pipelining: every frame
//   write_from(fd, c.out);                                      // as much as the socket takes
//
// A reader that already holds a complete message is not read from again until the loop takes
// it (the loop stops taking while the connection is at its limits), so the input buffer never
// holds more than one message plus one read.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace canon::server {

// The largest DNS message and its length prefix.
inline constexpr size_t kMaxTcpMessage = 65535;

class FrameReader {
 public:
  static constexpr size_t kReadChunk = 16384;

  // Room for at least kReadChunk more octets; fill some of it, then commit() how many.
  std::span<uint8_t> space();
  void commit(size_t n) { end_ += n; }

  // The next complete message (without its prefix), or nullopt when its octets have not all
  // arrived. The span stays valid until the next space().
  std::optional<std::span<const uint8_t>> next();
  // Whether a complete message is buffered (next() would return one).
  bool has_message() const;
  // Octets received and not yet returned by next(): a partial message, or whole ones.
  size_t buffered() const { return end_ - start_; }

 private:
  std::vector<uint8_t> buf_;
  size_t start_ = 0, end_ = 0;
};

class OutQueue {
 public:
  // Appends `message` with its two-octet length prefix. Messages over 65535 octets cannot be
  // framed and are refused (false).
  bool push(std::span<const uint8_t> message);
  // What is still to be written, oldest first.
  std::span<const uint8_t> pending() const { return {buf_.data() + start_, buf_.size() - start_}; }
  // `n` octets of pending() were written.
  void consume(size_t n);
  size_t size() const { return buf_.size() - start_; }
  bool empty() const { return size() == 0; }

 private:
  std::vector<uint8_t> buf_;
  size_t start_ = 0;
};

enum class IoStatus : uint8_t {
  kProgress,    // some octets moved
  kWouldBlock,  // none now: wait for epoll
  kClosed,      // read: the peer closed its side (EOF)
  kError,       // reset or another failure: the connection is finished
};

// One recv() into `in` (non-blocking socket).
IoStatus read_into(int fd, FrameReader& in);
// send() until `out` is empty or the socket is full. kProgress when anything was written,
// kWouldBlock when nothing could be.
IoStatus write_from(int fd, OutQueue& out);

// A connection of the TCP loop.
struct TcpConn {
  uint64_t id = 0;  // never reused: late deferred answers find no connection, not a new one
  int fd = -1;
  sockaddr_storage peer{};
  FrameReader in;
  OutQueue out;
  int64_t last_active_ms = 0;  // the last read, or the last write that moved octets
  size_t in_flight = 0;        // queries handed to the resolver, not yet answered
  uint32_t events = 0;         // the epoll interest now registered
  bool peer_closed = false;    // EOF read: answer what arrived, then close (RFC 7766 §6.2.4)
};

}  // namespace canon::server
