#pragma once
// The PSA driver: draws parameters, simulates every draw in cohort or micro mode, books the
// ledger, and keeps per-draw results. The same seed gives the same bits for any thread count:
// each draw is a pure function of (scenario, seed, draw), micro counts are integers summed
// exactly, and draws are reduced in draw order.
#include <functional>

#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

// Called on the calling thread after each block of draws: (draws done, draws in total).
using ProgressFn = std::function<void(int, int)>;

// Runs the scenario with the given simulation settings (threads 0: all cores). The result
// records the settings it ran with, the thread count resolved.
RunResult simulate(const model::Scenario& s, const model::SimulationSettings& simulation,
                   const ProgressFn& progress = {});

// What a run will need, known before it starts: memory for the per-draw results and the threads'
// working storage, and a rough time on this kind of machine (one core does about 1.5e8 micro
// person-months, or 2e8 cohort row entries, a second).
struct RunEstimate {
  double bytes = 0;
  double seconds = 0;
  int expanded_states = 0;  // the model's states told apart by months in them, clocks and changing values
};
RunEstimate estimate(const model::Scenario& s, const model::SimulationSettings& simulation);

// The groups' shares as micro mode simulates `clients` clients: whole clients per group (the
// largest-remainder split of each entry month's clients), as shares of the population.
std::vector<double> micro_shares(const model::Scenario& s, int clients);

// Runs the scenario with its own simulation settings.
inline RunResult simulate(const model::Scenario& s) { return simulate(s, s.simulation); }

}  // namespace werkbaat::engine
