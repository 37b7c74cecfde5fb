#pragma once
// One scenario evaluated in memory: simulate, summarise, and the analyses asked for. This is the
// one pipeline that `run`, `batch` and `regress` share; it does no I/O.
#include <optional>
#include <vector>

#include "werkbaat/analysis/analyses.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/engine/run_result.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::analysis {

struct EvaluateOptions {
  model::SimulationOverrides overrides;    // applied to the scenario's simulation settings
  bool scenario_analyses = true;           // run the scenario's analyses.run
  std::vector<model::Analysis> analyses;   // and these
  // Replaces the scenario's analyses.breakeven list (the breakeven command's --parameter).
  std::optional<std::vector<model::AnalysisSettings::BreakEvenSpec>> breakeven;
  engine::ProgressFn progress;             // may be empty
};

struct Evaluation {
  engine::RunResult result;           // result.simulation: the settings it ran with
  Summary summary;
  std::optional<Analyses> analyses;   // when any analysis was asked for
};

// Same scenario and options give the same bits, for any thread count (see engine/simulate.h).
// Throws InputError for an analysis the run cannot do (see analyses.h).
Evaluation evaluate(const model::Scenario& s, const EvaluateOptions& options = {});

// The same after the simulation: summarises a finished run (one made at once, or merged from
// parts) and runs the analyses asked for. Not for a run that simulates a real population one for
// one (its chance split needs a second run; simulates_real_population()).
Evaluation evaluate_run(const model::Scenario& s, engine::RunResult run, const EvaluateOptions& options = {});

}  // namespace werkbaat::analysis
