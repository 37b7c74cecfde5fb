#include "werkbaat/io/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;

// The folder's own name and its parent, also for "out/" and "out/.".
std::pair<fs::path, std::string> split_dir(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return {p.parent_path().empty() ? fs::path(".") : p.parent_path(), p.filename().string()};
}

// Temporary files of an earlier write of `target` that was killed before it could rename them.
void remove_stale_temporaries(const fs::path& target) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + ".tmp.";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove(e.path(), ec);
}

}  // namespace

void check_file_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // missing: it will be made
  if (S_ISLNK(st.st_mode))
    throw InputError({path, 0, 0}, "", "is a symbolic link; werkbaat writes only to a regular file or a new path");
  if (!S_ISREG(st.st_mode))
    throw InputError({path, 0, 0}, "",
                     S_ISDIR(st.st_mode) ? "is a directory, not a file to write"
                                         : "is not a regular file (a device, pipe or socket); werkbaat does not "
                                           "replace it");
}

void write_file_atomic(const std::string& path, const std::string& content) {
  check_file_target(path);
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  remove_stale_temporaries(target);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + tmp);
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size() && std::fflush(f) == 0 &&
                  ::fsync(::fileno(f)) == 0;
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + ec.message());
  }
}

void check_output_dir(const std::string& dir) {
  const auto [parent, name] = split_dir(dir);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw InputError({dir, 0, 0}, "", "cannot make the folder it goes in: " + ec.message());
  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError({dir, 0, 0}, "", "exists and is not a folder");
  const fs::path probe = parent / ("." + name + ".probe-" + std::to_string(::getpid()));
  if (!fs::create_directory(probe, ec) || ec)
    throw InputError({dir, 0, 0}, "", "cannot write in " + parent.string() + (ec ? ": " + ec.message() : ""));
  fs::remove(probe, ec);
}

std::string begin_replace_dir(const std::string& dir) {
  check_output_dir(dir);
  const auto [parent, name] = split_dir(dir);
  // Leftovers of an attempt killed before it could tidy up.
  for (const auto& e : fs::directory_iterator(parent)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("." + name + ".partial-", 0) == 0 || n.rfind("." + name + ".old-", 0) == 0) fs::remove_all(e.path());
  }
  const fs::path tmp = parent / ("." + name + ".partial-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  return tmp.string();
}

void finish_replace_dir(const std::string& tmp, const std::string& dir) {
  const auto [parent, name] = split_dir(dir);
  const fs::path target = parent / name;
  if (fs::exists(target)) {
    const fs::path old = parent / ("." + name + ".old-" + std::to_string(::getpid()));
    fs::rename(target, old);
    fs::rename(tmp, target);
    fs::remove_all(old);
  } else {
    fs::rename(tmp, target);
  }
}

}  // namespace werkbaat::io
