#pragma once
// The analyses for the negotiating table, run after a PSA: settlement, one-way sensitivity
// (tornado), break-even thresholds and value of information. See the header of each.
#include <vector>

#include "werkbaat/analysis/sensitivity.h"
#include "werkbaat/analysis/settlement.h"
#include "werkbaat/analysis/voi.h"
#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::analysis {

struct Analyses {
  std::vector<model::Analysis> ran;    // in the order of model::kAnalyses
  std::vector<Settlement> settlement;  // per intervention
  std::vector<Tornado> tornado;        // per intervention
  std::vector<BreakEven> breakeven;    // per parameter, intervention and account
  Voi voi;

  bool has(model::Analysis a) const;
};

// Runs the named analyses with the scenario's `analyses:` settings on the run's results; the
// base cases they add use the run's simulation settings. Throws InputError for an analysis the
// run cannot do: settlement or voi without PSA draws, the break-even of a fixed parameter
// without a range.
// `breakeven` replaces the scenario's analyses.breakeven list when given.
Analyses run_analyses(const model::Scenario& s, const engine::RunResult& r, const std::vector<model::Analysis>& names,
                      const std::vector<model::AnalysisSettings::BreakEvenSpec>* breakeven = nullptr);

}  // namespace werkbaat::analysis
