#pragma once
// Counter-based random numbers (Random123's Philox4x32-10). A number is addressed by
// (seed, draw, a, b, purpose), never by a position in a stream, so results do not depend on the
// number of threads, and every arm of a scenario sees the same numbers (common random numbers).
#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace werkbaat::engine {

// duration: the months on a value a client draws for itself (ChangeRule::per_client), keyed by
// (draw, client, month * rules + rule).
enum class Purpose : std::uint32_t { transition = 1, parameter = 2, calibration = 3, duration = 4 };

// Four 32-bit random words for the counter (draw, a, b, purpose) under key seed.
inline std::array<std::uint32_t, 4> philox_block(std::uint64_t seed, std::uint32_t draw, std::uint32_t a,
                                                 std::uint32_t b, Purpose purpose) {
  using G = r123::Philox4x32;
  const G::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const G::ctr_type ctr = {{draw, a, b, static_cast<std::uint32_t>(purpose)}};
  const G::ctr_type r = G()(ctr, key);
  return {r[0], r[1], r[2], r[3]};
}

// A double in the open interval (0, 1) from two words (53 bits).
inline double uniform53(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  return (static_cast<double>(bits & ((1ULL << 53) - 1)) + 0.5) * 0x1p-53;
}

// A parameter's stream is keyed by the FNV-1a hash of its path (model/hash.h), so adding or
// removing other parameters does not change its draws.

}  // namespace werkbaat::engine
