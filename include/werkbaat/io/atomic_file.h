#pragma once
// Files are written to a temporary name beside the target and renamed over it, so a reader never
// sees a half-written file and an interrupted run leaves the old file intact. Only regular files
// are replaced: a target that is a symlink, a directory or a device is refused.
#include <string>

namespace werkbaat::io {

// Writes `content` to `path` atomically; creates missing parent folders. Throws InputError for a
// target that is not a regular file, std::runtime_error when the disk refuses.
void write_file_atomic(const std::string& path, const std::string& content);

// Throws InputError when `path` exists and is not a regular file.
void check_file_target(const std::string& path);

// Checks, before a long run, that the output folder `dir` can be made and written (its parent is
// created); throws InputError naming the folder otherwise.
void check_output_dir(const std::string& dir);

// Fills a fresh folder through `write(tmp)` and puts it in place of `dir` whole, so that `dir` is
// always one complete run's output or the previous one; leftovers of a killed earlier attempt are
// removed first.
template <class Write>
void replace_dir(const std::string& dir, Write&& write);

// The parts of replace_dir that are not templates.
std::string begin_replace_dir(const std::string& dir);       // returns the fresh temporary folder
void finish_replace_dir(const std::string& tmp, const std::string& dir);

template <class Write>
void replace_dir(const std::string& dir, Write&& write) {
  const std::string tmp = begin_replace_dir(dir);
  write(tmp);
  finish_replace_dir(tmp, dir);
}

}  // namespace werkbaat::io
