#pragma once
// A part of a run (a shard of its PSA draws, or an MPI rank's share) as bytes: what `run --shard`
// writes, what an MPI rank sends, and what `merge` reads back. A short text header (JSON) names
// the run it belongs to; a binary body holds the part's per-draw results and its blocks' sums,
// exactly, with a checksum. Format: docs/results.md, "Shards".
#include <string>

#include "werkbaat/engine/run_result.h"

namespace werkbaat::io {

struct PartHeader {
  std::string scenario;      // the scenario file, as an absolute path
  std::string content_hash;  // of the resolved scenario, werkbaat's version and the settings
  int k = 1, n = 1;          // part k of n
};

std::string encode_part(const PartHeader& h, const engine::RunResult& part);

// Throws InputError naming `name` when the bytes are not a whole, intact part of this version.
struct DecodedPart {
  PartHeader header;
  engine::RunResult result;
};
DecodedPart decode_part(const std::string& bytes, const std::string& name);

// The file a shard's folder holds.
inline constexpr const char* kPartFile = "part.werkbaat";

}  // namespace werkbaat::io
