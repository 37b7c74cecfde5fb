#pragma once
// Where scenario files come from: the disk, or (in tests) memory. The loader reads every file of
// a `uses:` chain through one of these, so a chain can be tested without touching the disk.
#include <map>
#include <string>

namespace werkbaat::io {

// A file's text, or what is wrong with the path ("no such file", "a directory, not a file", ...).
struct FileText {
  std::string text;
  std::string problem;  // empty when the text was read
  bool ok() const { return problem.empty(); }
};

class FileReader {
 public:
  virtual ~FileReader() = default;
  virtual FileText read(const std::string& path) const = 0;
  // One name per file, however it is reached (a/../b.yaml and b.yaml): finds cycles and
  // files reached twice.
  virtual std::string canonical(const std::string& path) const = 0;
};

// Reads regular files only (never a directory, device, pipe or socket, so that nothing blocks or
// reads forever), of at most kMaxFileSize bytes.
class DiskFileReader : public FileReader {
 public:
  static constexpr std::size_t kMaxFileSize = 16u << 20;
  FileText read(const std::string& path) const override;
  std::string canonical(const std::string& path) const override;
};

// A regular file of at most max_bytes from the disk (what DiskFileReader reads with its limit);
// `too_large` ends the problem given for a larger file.
FileText read_regular_file(const std::string& path, std::size_t max_bytes, const std::string& too_large);

// The disk, for everyone who does not need another reader.
const FileReader& disk_files();

class MemoryFileReader : public FileReader {
 public:
  void add(const std::string& path, std::string text) { files_[canonical(path)] = std::move(text); }
  FileText read(const std::string& path) const override;
  std::string canonical(const std::string& path) const override;  // the path made lexically normal

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace werkbaat::io
