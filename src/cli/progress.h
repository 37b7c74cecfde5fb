#pragma once
// Progress of a long run on stderr: only on a terminal, only after the first second.
#include <chrono>

namespace werkbaat::cli {

class Progress {
 public:
  explicit Progress(bool enabled);
  void update(int done, int total);
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace werkbaat::cli
