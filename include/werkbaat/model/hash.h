#pragma once
// FNV-1a, 64 bit: a stable hash of text. Keys a parameter's random stream by its path (so adding
// or removing other parameters does not change its draws), and names a run's inputs by content.
#include <cstdint>
#include <string_view>

namespace werkbaat::model {

inline std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace werkbaat::model
