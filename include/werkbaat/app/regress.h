#pragma once
// Regression runs: each scenario (and sweep variant) is evaluated and its metrics are compared
// with a stored baseline (<baseline>/<run>/results.json, or a run in a run store), knowing Monte
// Carlo noise (see analysis/regression.h). With `update`, the baseline folders are rewritten first.
#include <string>
#include <vector>

#include "werkbaat/analysis/regression.h"
#include "werkbaat/app/batch.h"
#include "werkbaat/io/regression_report.h"

namespace werkbaat::app {

struct RegressOptions {
  std::string baseline;                  // folder of baselines, or a run store (STORE or STORE:ID)
  analysis::RegressionOptions tolerances;
  model::SimulationOverrides overrides;
  bool update = false;
};

// One result per job, in order; a job that fails to load or run is reported in its result.
std::vector<io::ScenarioRegression> run_regress(const std::vector<BatchJob>& jobs, const RegressOptions& options);

}  // namespace werkbaat::app
