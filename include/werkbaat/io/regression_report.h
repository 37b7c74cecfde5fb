#pragma once
// The metrics a regression compares, and the regression reports: JUnit XML (one testsuite per
// scenario, one testcase per metric) and a Markdown summary for a CI job page.
#include <string>
#include <vector>

#include "werkbaat/analysis/regression.h"
#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// The compared metrics of a run: per comparison, account and metric (npv, investment, return,
// and the NPV of each of the account's lines) the mean (with its MCSE) and, in cohort mode, the
// base case; per effect the discounted difference.
std::vector<analysis::MetricValue> regression_metrics(const ResultsDoc& doc);

struct ScenarioRegression {
  std::string run;    // name of the run (baseline sub-folder)
  std::string file;
  bool has_baseline = true;
  std::string error;  // the scenario failed to load or run
  bool bad_input = false;  // ... because of bad input (an InputError)
  double band = 0;         // the noise band used, in standard errors (analysis::noise_band)
  std::vector<analysis::MetricComparison> metrics;
};

std::string junit_xml(const std::vector<ScenarioRegression>& results);
std::string markdown_summary(const std::vector<ScenarioRegression>& results, const analysis::RegressionOptions& o);

}  // namespace werkbaat::io
