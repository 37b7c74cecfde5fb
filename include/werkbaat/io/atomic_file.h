#pragma once
// Files are written to a temporary name beside the target and renamed over it, so a reader never
// sees a half-written file and an interrupted run leaves the old file intact.
#include <string>

namespace werkbaat::io {

// Writes `content` to `path` atomically; creates missing parent folders. Throws std::runtime_error.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace werkbaat::io
