#pragma once
// The PSA driver: draws parameters, simulates every draw in cohort or micro mode, books the
// ledger, and keeps per-draw results. The same seed gives the same bits for any thread count:
// each draw is a pure function of (scenario, seed, draw), micro counts are integers summed
// exactly, and draws are reduced in draw order.
#include <functional>

#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

struct RunOptions {
  int threads = 0;  // 0: the scenario's setting (0 there: all cores)
  // Called on the calling thread after each block of draws: (draws done, draws in total).
  std::function<void(int, int)> progress;
};

RunResult simulate(const model::Scenario& s, const RunOptions& options = {});

}  // namespace werkbaat::engine
