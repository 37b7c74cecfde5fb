#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/error.h"

namespace werkbaat::cli {

void check_fits(const model::Scenario& s, const model::SimulationOverrides& o, bool no_limits) {
  const auto sim = o.applied_to(s.simulation);
  const auto e = engine::estimate(s, sim);
  const double physical = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  const double gib = 1024.0 * 1024 * 1024;
  if (!no_limits && e.bytes > 0.75 * physical)
    throw InputError({s.files.empty() ? s.name : s.files.front(), 0, 0}, "simulation",
                     fmt::format("this run needs about {:.1f} GiB of memory ({} draws, {} arms, {} client groups, {} "
                                 "months), more than this machine's {:.1f} GiB can hold; lower --draws or --clients, "
                                 "or give --no-limits to try anyway",
                                 e.bytes / gib, sim.draws, s.arms.size(), s.groups.size(), s.settings.horizon,
                                 physical / gib));
  if (e.seconds > 120)
    fmt::print(stderr, "note: this run will take about {:.0f} minutes (estimated before it starts)\n", e.seconds / 60);
}

void add_overrides(CLI::App& cmd, model::SimulationOverrides& o, bool& no_limits) {
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
  cmd.add_flag("--no-limits", no_limits, "Run even when the run's estimated memory exceeds this machine's");
}

}  // namespace werkbaat::cli
