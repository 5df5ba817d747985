#include "zonefile/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace canon::zonefile {

Result<std::string> read_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Error(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  std::string out;
  // Read into a buffer of the file's size: appending 64 KiB at a time made a large zone's
  // buffer double, copy and fault in fresh pages a dozen times before the parse began.
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) == 0 && st.st_size > 0) {
    out.resize(static_cast<size_t>(st.st_size));
    out.resize(std::fread(out.data(), 1, out.size(), f.get()));
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) out.append(buf, n);  // pipes, growth
  if (std::ferror(f.get()))
    return Error(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  return out;
}

FileChunks::~FileChunks() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileChunks::open(const std::string& path) {
  path_ = path;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Error(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  buf_.resize(kChunk);
  // The first piece is read now, so that a file that opens but cannot be read (a directory)
  // fails here, as read_file() does, where the caller words it.
  return fill();
}

// Reads until the buffer is full or the file ends.
Status FileChunks::fill() {
  while (!eof_ && len_ < buf_.size()) {
    ssize_t n = ::read(fd_, buf_.data() + len_, buf_.size() - len_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error(fmt::format("cannot read '{}': {}", path_, std::strerror(errno)));
    if (n == 0) eof_ = true;
    len_ += static_cast<size_t>(n);
  }
  return {};
}

Result<std::string_view> FileChunks::next(size_t keep) {
  keep = std::min(keep, text_len_);
  std::memmove(buf_.data(), buf_.data() + keep, len_ - keep);
  len_ -= keep;
  text_len_ = 0;
  for (;;) {
    if (len_ == buf_.size()) buf_.resize(buf_.size() * 2);  // the tail fills it: a long entry
    if (Status st = fill(); !st.ok()) return st.error();
    if (eof_) {
      text_len_ = len_;
      return std::string_view(buf_.data(), len_);
    }
    if (const void* nl = ::memrchr(buf_.data(), '\n', len_)) {
      text_len_ = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      return std::string_view(buf_.data(), text_len_);
    }
  }
}

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {};
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string join_path(const std::string& dir, const std::string& rel) {
  if (rel.starts_with('/') || dir.empty()) return rel;
  if (dir.ends_with('/')) return dir + rel;
  return dir + "/" + rel;
}

std::string canonical_key(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return path;
  std::string key(real);
  std::free(real);
  return key;
}

}  // namespace canon::zonefile
