#include "commands.h"

namespace werkbaat::cli {

void add_overrides(CLI::App& cmd, model::SimulationOverrides& o) {
  cmd.add_option_function<int>("--draws", [&o](const int& v) { o.draws = v; }, "Override simulation.draws")
      ->check(CLI::Range(0, 10'000'000));
  cmd.add_option_function<std::uint64_t>("--seed", [&o](const std::uint64_t& v) { o.seed = v; }, "Override simulation.seed");
  cmd.add_option_function<std::string>(
         "--mode", [&o](const std::string& v) { o.mode = model::kModes.parse(v); }, "Override simulation.mode")
      ->check(CLI::IsMember(model::kModes.names()));
  cmd.add_option_function<int>("--clients", [&o](const int& v) { o.clients = v; },
                               "Override simulation.clients (micro mode)")
      ->check(CLI::Range(1, 2'000'000'000));
  cmd.add_option_function<int>("--threads", [&o](const int& v) { if (v > 0) o.threads = v; },
                               "Threads per run (0 or unset: the scenario's setting, else all cores; batch: "
                               "cores / jobs)")
      ->check(CLI::Range(0, 4096));
}

}  // namespace werkbaat::cli
