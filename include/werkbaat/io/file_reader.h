#pragma once
// Where scenario files come from: the disk, or (in tests) memory. The loader reads every file of
// a `uses:` chain through one of these, so a chain can be tested without touching the disk.
#include <map>
#include <optional>
#include <string>

namespace werkbaat::io {

class FileReader {
 public:
  virtual ~FileReader() = default;
  // The file's text, or nullopt when it cannot be read.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
  // One name per file, however it is reached (a/../b.yaml and b.yaml): finds cycles and
  // files reached twice.
  virtual std::string canonical(const std::string& path) const = 0;
};

class DiskFileReader : public FileReader {
 public:
  std::optional<std::string> read(const std::string& path) const override;
  std::string canonical(const std::string& path) const override;
};

// The disk, for everyone who does not need another reader.
const FileReader& disk_files();

class MemoryFileReader : public FileReader {
 public:
  void add(const std::string& path, std::string text) { files_[canonical(path)] = std::move(text); }
  std::optional<std::string> read(const std::string& path) const override;
  std::string canonical(const std::string& path) const override;  // the path made lexically normal

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace werkbaat::io
