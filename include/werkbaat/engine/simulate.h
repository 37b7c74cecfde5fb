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

// Runs the scenario with its own simulation settings.
inline RunResult simulate(const model::Scenario& s) { return simulate(s, s.simulation); }

}  // namespace werkbaat::engine
