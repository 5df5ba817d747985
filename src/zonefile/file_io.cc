#include "zonefile/file_io.h"

#include <sys/stat.h>

#include <fmt/format.h>

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
