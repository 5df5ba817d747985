#include "server/tcp_conn.h"

#include <cerrno>
#include <cstring>

namespace canon::server {

namespace {

size_t frame_length(const uint8_t* p) {
  return static_cast<size_t>(p[0]) << 8 | p[1];
}

}  // namespace

std::span<uint8_t> FrameReader::space() {
  if (start_ == end_) {
    start_ = end_ = 0;
  } else if (start_ > 0 && buf_.size() - end_ < kReadChunk) {
    // Slide the partial message to the front rather than grow: the buffer stays near one
    // message plus one read.
    std::memmove(buf_.data(), buf_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (buf_.size() - end_ < kReadChunk) buf_.resize(end_ + kReadChunk);
  return {buf_.data() + end_, buf_.size() - end_};
}

bool FrameReader::has_message() const {
  if (end_ - start_ < 2) return false;
  return end_ - start_ - 2 >= frame_length(buf_.data() + start_);
}

std::optional<std::span<const uint8_t>> FrameReader::next() {
  if (!has_message()) return std::nullopt;
  size_t len = frame_length(buf_.data() + start_);
  std::span<const uint8_t> msg{buf_.data() + start_ + 2, len};
  start_ += 2 + len;
  return msg;
}

bool OutQueue::push(std::span<const uint8_t> message) {
  if (message.size() > kMaxTcpMessage) return false;
  if (start_ > 0 && start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
  }
  buf_.push_back(static_cast<uint8_t>(message.size() >> 8));
  buf_.push_back(static_cast<uint8_t>(message.size()));
  buf_.insert(buf_.end(), message.begin(), message.end());
  return true;
}

void OutQueue::consume(size_t n) {
  start_ += n;
  if (start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
  } else if (start_ > 65536 && start_ * 2 > buf_.size()) {
    // Written octets are dropped once they are most of the buffer, so a connection that is
    // always a little behind does not keep growing it.
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
}

IoStatus read_into(int fd, FrameReader& in) {
  auto room = in.space();
  for (;;) {
    ssize_t n = recv(fd, room.data(), room.size(), 0);
    if (n > 0) {
      in.commit(static_cast<size_t>(n));
      return IoStatus::kProgress;
    }
    if (n == 0) return IoStatus::kClosed;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::kWouldBlock : IoStatus::kError;
  }
}

IoStatus write_from(int fd, OutQueue& out) {
  bool moved = false;
  while (!out.empty()) {
    auto data = out.pending();
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      out.consume(static_cast<size_t>(n));
      moved = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return IoStatus::kError;
  }
  return moved ? IoStatus::kProgress : IoStatus::kWouldBlock;
}

}  // namespace canon::server
