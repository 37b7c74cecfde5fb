#include "werkbaat/app/regress.h"

#include <filesystem>

#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/file_reader.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/error.h"

namespace werkbaat::app {

std::vector<io::ScenarioRegression> run_regress(const std::vector<BatchJob>& jobs, const RegressOptions& o) {
  namespace fs = std::filesystem;
  std::vector<io::ScenarioRegression> results;
  // First every run, then the comparisons: the noise band is chosen for all metrics of the
  // regression run together.
  std::vector<std::vector<analysis::MetricValue>> baselines(jobs.size()), currents(jobs.size());
  for (const auto& job : jobs) {
    io::ScenarioRegression r{job.run, job.file, true, "", false, 0.0, {}};
    try {
      const model::Scenario s = io::load_scenario(job.file, job.variant);
      analysis::EvaluateOptions eo;
      eo.overrides = o.overrides;
      eo.scenario_analyses = false;  // regressions compare the summaries only
      const io::ResultsDoc current = io::results_doc(s, analysis::evaluate(s, eo));
      const fs::path base = fs::path(o.baseline) / job.run / "results.json";
      if (o.update) io::write_file_atomic(base.string(), io::to_json_text(current, false));
      const io::FileText text = io::disk_files().read(base.string());
      if (text.ok()) {
        baselines[results.size()] = io::regression_metrics(io::read_results_json(text.text, base.string()));
        currents[results.size()] = io::regression_metrics(current);
      } else if (text.problem == "no such file") {
        r.has_baseline = false;
      } else {
        throw InputError({base.string(), 0, 0}, "", "cannot read the baseline: " + text.problem);
      }
    } catch (const InputError& e) {
      r.error = e.what();
      r.bad_input = true;
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    results.push_back(std::move(r));
  }
  std::vector<analysis::MetricValue> all;
  for (const auto& c : currents) all.insert(all.end(), c.begin(), c.end());
  analysis::RegressionOptions tolerances = o.tolerances;
  tolerances.k = analysis::noise_band(all, o.tolerances);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].error.empty() || !results[i].has_baseline) continue;
    results[i].band = tolerances.k;
    results[i].metrics = analysis::compare_metrics(baselines[i], currents[i], tolerances);
  }
  return results;
}

}  // namespace werkbaat::app
