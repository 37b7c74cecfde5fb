#include "werkbaat/app/regress.h"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/file_reader.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/error.h"

namespace werkbaat::app {

std::vector<io::ScenarioRegression> run_regress(const std::vector<BatchJob>& jobs, const RegressOptions& o) {
  namespace fs = std::filesystem;
  std::vector<io::ScenarioRegression> results;
  // First every run, then the comparisons: the noise band is chosen for all metrics of the
  // regression run together.
  std::vector<std::vector<analysis::MetricValue>> baselines(jobs.size()), currents(jobs.size());
  // A baseline in a run store: STORE:ID, one stored run (for one scenario), or STORE, each
  // scenario's newest stored run.
  std::unique_ptr<io::RunStore> store;
  std::optional<std::int64_t> stored_run;
  std::error_code ec;
  if (const auto ref = io::parse_store_ref(o.baseline)) {
    store = std::make_unique<io::RunStore>(ref->file);
    stored_run = ref->id;
    store->run(ref->id);  // there is such a run
  } else if (fs::is_regular_file(o.baseline, ec)) {
    store = std::make_unique<io::RunStore>(o.baseline);
  }
  if (store && o.update)
    throw InputError({o.baseline, 0, 0}, "--update", "--update rewrites baseline folders; keep runs in a store with run --store");
  if (stored_run && jobs.size() != 1)
    throw InputError({o.baseline, 0, 0}, "--baseline",
                     fmt::format("one stored run is the baseline of one scenario, and {} are given; give the store alone "
                                 "to compare each with its newest stored run",
                                 jobs.size()));
  for (const auto& job : jobs) {
    io::ScenarioRegression r{job.run, job.file, true, "", false, 0.0, {}};
    try {
      const model::Scenario s = io::load_scenario(job.file, job.variant);
      analysis::EvaluateOptions eo;
      eo.overrides = o.overrides;
      eo.scenario_analyses = false;  // regressions compare the summaries only
      const io::ResultsDoc current = io::results_doc(s, analysis::evaluate(s, eo));
      if (store) {
        const auto id = stored_run ? stored_run : store->latest(s.name, s.variant);
        if (id) {
          baselines[results.size()] = io::regression_metrics(store->results(*id));
          currents[results.size()] = io::regression_metrics(current);
        } else {
          r.has_baseline = false;
        }
        results.push_back(std::move(r));
        continue;
      }
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
