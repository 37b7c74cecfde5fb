#pragma once
// Settings of a scenario. ModelSettings belong to the model (they change what is computed);
// SimulationSettings say how it is computed (they change precision and speed, never the
// expected result). Command-line overrides are a SimulationOverrides value applied to a copy,
// never writes into the loaded scenario.
#include <cstdint>
#include <optional>

#include "werkbaat/model/names.h"

namespace werkbaat::model {

struct ModelSettings {
  int horizon = 60;                // months
  double discount_costs = 0.0225;  // annual
  double discount_effects = 0.0225;
  Timing timing = Timing::middle;
  int price_year = 2025;
};

struct SimulationSettings {
  Mode mode = Mode::cohort;
  int draws = 1000;       // PSA draws, besides the base case
  int clients = 1000;     // simulated clients per draw (micro)
  std::uint64_t seed = 1;
  int threads = 0;        // 0 = all cores
  bool base_case = true;  // also run draw 0, every parameter at its mean
};

// What a command line (or a batch, or a regression run) changes; unset fields keep the scenario's.
struct SimulationOverrides {
  std::optional<Mode> mode;
  std::optional<int> draws, clients, threads;
  std::optional<std::uint64_t> seed;

  SimulationSettings applied_to(SimulationSettings s) const {
    if (mode) s.mode = *mode;
    if (draws) s.draws = *draws;
    if (clients) s.clients = *clients;
    if (threads) s.threads = *threads;
    if (seed) s.seed = *seed;
    return s;
  }
};

}  // namespace werkbaat::model
