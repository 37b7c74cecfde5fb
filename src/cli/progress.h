#pragma once
// Progress of a long run on stderr: only on a terminal, only after the first second.
#include <chrono>

namespace werkbaat::cli {

// Installs SIGINT and SIGTERM handlers that ask the running command to stop (it stops after the
// current block of draws, or the current batch job, and writes nothing half).
void install_stop_handlers();
bool stop_requested();

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
