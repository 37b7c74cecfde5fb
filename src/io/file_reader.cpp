#include "werkbaat/io/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace werkbaat::io {

namespace fs = std::filesystem;

FileText DiskFileReader::read(const std::string& path) const {
  return read_regular_file(path, kMaxFileSize, "a scenario file is far smaller");
}

FileText read_regular_file(const std::string& path, std::size_t max_bytes, const std::string& too_large) {
  // Open without blocking (a FIFO would wait for a writer), then look at what was opened.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {"", errno == ENOENT ? "no such file" : std::strerror(errno)};
  struct stat st {};
  std::string problem;
  if (::fstat(fd, &st) != 0) problem = std::strerror(errno);
  else if (S_ISDIR(st.st_mode)) problem = "a directory, not a file";
  else if (!S_ISREG(st.st_mode)) problem = "not a regular file (a device, pipe or socket)";
  else if (static_cast<std::size_t>(st.st_size) > max_bytes)
    problem = "larger than " + std::to_string(max_bytes >> 20) + " MiB; " + too_large;
  FileText out;
  out.text.resize(problem.empty() ? static_cast<std::size_t>(st.st_size) : 0);
  for (std::size_t got = 0; problem.empty() && got < out.text.size();) {
    const ssize_t n = ::read(fd, out.text.data() + got, out.text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      problem = n < 0 ? std::strerror(errno) : "the file shrank while it was read";
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (!problem.empty()) return {"", problem};
  return out;
}

std::string DiskFileReader::canonical(const std::string& path) const {
  std::error_code ec;
  return fs::weakly_canonical(fs::path(path), ec).string();
}

const FileReader& disk_files() {
  static const DiskFileReader disk;
  return disk;
}

FileText MemoryFileReader::read(const std::string& path) const {
  const auto it = files_.find(canonical(path));
  if (it == files_.end()) return {"", "no such file"};
  return {it->second, ""};
}

std::string MemoryFileReader::canonical(const std::string& path) const {
  return fs::path(path).lexically_normal().string();
}

}  // namespace werkbaat::io
