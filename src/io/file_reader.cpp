#include "werkbaat/io/file_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace werkbaat::io {

namespace fs = std::filesystem;

std::optional<std::string> DiskFileReader::read(const std::string& path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DiskFileReader::canonical(const std::string& path) const {
  std::error_code ec;
  return fs::weakly_canonical(fs::path(path), ec).string();
}

const FileReader& disk_files() {
  static const DiskFileReader disk;
  return disk;
}

std::optional<std::string> MemoryFileReader::read(const std::string& path) const {
  const auto it = files_.find(canonical(path));
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::string MemoryFileReader::canonical(const std::string& path) const {
  return fs::path(path).lexically_normal().string();
}

}  // namespace werkbaat::io
