#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/batch_runner.h"
#include "werkbaat/io/regression_report.h"
#include "werkbaat/io/results_writer.h"
#include "werkbaat/io/scenario_loader.h"

namespace werkbaat::cli {

void setup_regress(CLI::App& app, RegressOptions& o) {
  auto* cmd = app.add_subcommand("regress", "Compare scenarios' results with stored baselines, knowing Monte Carlo noise");
  cmd->add_option("scenarios", o.inputs, "Scenario files, folders or glob patterns")->required();
  cmd->add_option("--baseline", o.baseline, "Folder of baselines: <run>/results.json")->required();
  cmd->add_option("--junit", o.junit, "Write a JUnit XML report here");
  cmd->add_option("--markdown", o.markdown, "Write a Markdown summary here");
  cmd->add_option("--k", o.k, "Noise band in Monte Carlo standard errors (default 4)")->check(CLI::PositiveNumber);
  cmd->add_option("--rel-tol", o.rel_tol, "Relative tolerance for other compilers (default 1e-9)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--abs-tol", o.abs_tol, "Absolute tolerance in euros (default 1e-6)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--draws", o.draws, "Override simulation.draws")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o.seed, "Override simulation.seed")->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", o.threads, "Threads per scenario")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--update", o.update, "Rewrite the baselines with the current results");
  cmd->add_flag("--quiet,-q", o.quiet, "Print only what changed");
  cmd->callback([&o] { throw CLI::RuntimeError(run_regress(o)); });
}

int run_regress(const RegressOptions& o) {
  namespace fs = std::filesystem;
  const analysis::RegressionOptions ro{o.k, o.rel_tol, o.abs_tol};
  std::vector<io::ScenarioRegression> results;
  bool input_error = false;
  for (const auto& job : io::plan_batch(io::expand_inputs(o.inputs))) {
    io::ScenarioRegression r{job.run, job.file, true, "", {}};
    try {
      model::Scenario s = io::load_scenario(job.file, job.variant);
      io::apply_overrides(s, o.draws, o.seed);
      engine::RunOptions eo;
      eo.threads = o.threads;
      const auto run = engine::simulate(s, eo);
      const auto summary = analysis::summarise(s, run);
      const std::string current = io::results_json({s, run, summary}, false);
      const fs::path base = fs::path(o.baseline) / job.run / "results.json";
      if (o.update) io::write_file_atomic(base.string(), current);
      if (fs::exists(base)) {
        std::ifstream in(base);
        std::stringstream ss;
        ss << in.rdbuf();
        r.metrics = analysis::compare_metrics(io::metrics_from_results(ss.str()), io::metrics_from_results(current), ro);
      } else {
        r.has_baseline = false;
      }
    } catch (const std::exception& e) {
      r.error = e.what();
      input_error = true;
    }
    results.push_back(std::move(r));
  }
  if (!o.junit.empty()) io::write_file_atomic(o.junit, io::junit_xml(results));
  const std::string md = io::markdown_summary(results, ro);
  if (!o.markdown.empty()) io::write_file_atomic(o.markdown, md);
  bool changed = false;
  for (const auto& r : results) {
    const bool bad = !r.has_baseline || analysis::worst(r.metrics) == analysis::Verdict::changed;
    changed |= bad;
    if (!r.error.empty()) fmt::print(stderr, "error: {}: {}\n", r.file, r.error);
  }
  if (!o.quiet || changed) fmt::print("{}", md);
  if (input_error) return Exit::bad_input;
  return changed ? Exit::failed : Exit::ok;
}

}  // namespace werkbaat::cli
