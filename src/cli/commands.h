#pragma once
// Sub-commands: each has an options struct, a setup function that registers it with CLI11, and a
// run function that returns the process exit code.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace werkbaat::cli {

// Exit codes, mapped in one place.
enum Exit : int { ok = 0, failed = 1, bad_input = 2 };

struct RunOptions {
  std::string scenario;
  std::string out;
  bool quiet = false;
  bool json = false;
  int threads = 0;
  int draws = -1;
  long seed = -1;
  std::string mode;
};
void setup_run(CLI::App& app, RunOptions& o);
int run_run(const RunOptions& o);

struct ValidateOptions {
  std::vector<std::string> files;
  bool quiet = false;
};
void setup_validate(CLI::App& app, ValidateOptions& o);
int run_validate(const ValidateOptions& o);

}  // namespace werkbaat::cli
