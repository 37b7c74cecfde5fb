#pragma once
// Writers of a run's results: results.json (everything: summaries, per-draw results, the
// resolved scenario, seed, draws, version) and tidy long-format CSVs that R and pandas read as
// they are. Every file is written atomically.
#include <string>

#include "werkbaat/analysis/analyses.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::io {

struct RunReport {
  const model::Scenario& scenario;
  const engine::RunResult& result;
  const analysis::Summary& summary;
  std::string content_hash = "";  // set by batch runs (see batch_runner.h)
  const analysis::Analyses* analyses = nullptr;  // when analyses ran
};

// The results as JSON; with `per_draw` false the per-draw arrays are left out (for --json).
std::string results_json(const RunReport& r, bool per_draw);

// Writes results.json, summary.csv, annual.csv, effects.csv, monthly.csv, cumulative.csv and
// draws.csv into `dir`; with analyses also settlement.csv, transfers.csv, tornado.csv,
// breakeven.csv and voi.csv.
void write_results(const std::string& dir, const RunReport& r);

}  // namespace werkbaat::io
