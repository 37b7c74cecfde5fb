#pragma once
// The analyses for the negotiating table, run after a PSA: settlement, one-way sensitivity
// (tornado), break-even thresholds and value of information. See the header of each.
#include <string>
#include <vector>

#include "werkbaat/analysis/sensitivity.h"
#include "werkbaat/analysis/settlement.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/analysis/voi.h"
#include "werkbaat/engine/run_result.h"

namespace werkbaat::analysis {

const std::vector<std::string>& analysis_names();  // settlement, tornado, breakeven, voi

struct Analyses {
  std::vector<std::string> ran;
  std::vector<Settlement> settlement;  // per intervention
  std::vector<Tornado> tornado;        // per intervention
  std::vector<BreakEven> breakeven;    // per parameter, intervention and account
  Voi voi;
};

// Runs the named analyses with the scenario's `analyses:` settings. Throws std::invalid_argument
// for an unknown name or a break-even parameter without a range.
Analyses run_analyses(const model::Scenario& s, const engine::RunResult& r, const std::vector<std::string>& names);

}  // namespace werkbaat::analysis
