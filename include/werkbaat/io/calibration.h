#pragma once
// The files of a calibration: the targets file it reads (observed quantities with their source
// and sample size, and which parameters to fit), and what it writes: fit.json, the posterior
// draws as a CSV and a parameter file that a scenario `uses:` to sample them jointly.
#include <string>
#include <vector>

#include "werkbaat/analysis/calibration.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/file_reader.h"
#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// Reads a targets file for scenario `s`; `fit` (when not empty) replaces the file's fit: list.
// Throws InputError at the file, line and column of anything wrong.
analysis::CalibrationProblem read_calibration(const model::Scenario& s, const std::string& targets_file,
                                              const std::vector<std::string>& fit = {},
                                              const FileReader& files = disk_files());

struct CalibrationRun {
  std::string scenario_file, targets_file, command;
  const analysis::MaximumLikelihood* mle = nullptr;
  const analysis::Posterior* posterior = nullptr;  // null: not sampled
  analysis::McmcOptions mcmc;
  double seconds = 0;
  long evaluations = 0;
  Lang lang = Lang::nl;  // of report.html
};

// The terminal summary: each target against the fit, each parameter's prior against its
// estimates, the targets that pull against each other, and the verdict.
std::string format_calibration(const analysis::CalibrationProblem& p, const CalibrationRun& run);

// Writes fit.json and report.html (each target against the model, prior against posterior, the
// pulls), and with a converged posterior posterior.csv and calibrated.yaml, into `dir`
// (created when missing). Every file is written whole or not at all.
struct CalibrationFiles {
  std::string fit_json, posterior_csv;  // posterior_csv: "" when not written
};
CalibrationFiles write_calibration(const std::string& dir, const analysis::CalibrationProblem& p, const CalibrationRun& run);

// The calibration as tidy tables for the run store: calibration_targets, calibration_parameters
// and, with a posterior written, calibration_draws (row, parameter, value).
std::vector<Table> calibration_tables(const analysis::CalibrationProblem& p, const CalibrationRun& run,
                                      const CalibrationFiles& files);

}  // namespace werkbaat::io
