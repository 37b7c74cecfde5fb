#include <fmt/format.h>

#include "commands.h"
#include "werkbaat/app/regress.h"
#include "werkbaat/io/atomic_file.h"

namespace werkbaat::cli {

CLI::App* setup_regress(CLI::App& app, RegressOptions& o) {
  auto* cmd = app.add_subcommand("regress", "Compare scenarios' results with stored baselines, knowing Monte Carlo noise");
  cmd->add_option("scenarios", o.inputs, "Scenario files, folders or glob patterns")->required();
  cmd->add_option("--baseline", o.baseline, "Folder of baselines (<run>/results.json), or a run store: STORE (each scenario's newest run) or STORE:ID")->required();
  cmd->add_option("--junit", o.junit, "Write a JUnit XML report here");
  cmd->add_option("--markdown", o.markdown, "Write a Markdown summary here");
  cmd->add_option("--false-alarm", o.false_alarm,
                  "Share of unchanged runs that may be flagged, for each scenario's metrics together (default 0.01)")
      ->check(CLI::Range(1e-9, 0.5));
  cmd->add_option("--k", o.k, "A fixed noise band in Monte Carlo standard errors per metric instead")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--rel-tol", o.rel_tol, "Relative tolerance for other compilers (default 1e-9)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--abs-tol", o.abs_tol, "Absolute tolerance in euros (default 1e-6)")->check(CLI::NonNegativeNumber);
  add_overrides(*cmd, o.overrides, o.no_limits);
  cmd->add_flag("--update", o.update, "Rewrite the baselines with the current results");
  cmd->add_flag("--quiet,-q", o.quiet, "Print only what changed");
  return cmd;
}

// Bad input in any scenario: 2; a changed metric, a missing baseline or a failed run: 1.
Exit run_regress(const RegressOptions& o) {
  app::RegressOptions ro{o.baseline, {o.k, o.rel_tol, o.abs_tol, o.false_alarm}, o.overrides, o.update};
  const auto results = app::run_regress(app::plan_batch(app::expand_inputs(o.inputs)), ro);
  if (!o.junit.empty()) io::write_file_atomic(o.junit, io::junit_xml(results));
  const std::string md = io::markdown_summary(results, ro.tolerances);
  if (!o.markdown.empty()) io::write_file_atomic(o.markdown, md);
  bool changed = false, bad_input = false;
  for (const auto& r : results) {
    changed |= !r.error.empty() || !r.has_baseline || analysis::worst(r.metrics) == analysis::Verdict::changed;
    bad_input |= r.bad_input;
    if (!r.error.empty()) fmt::print(stderr, "error: {}: {}\n", r.file, r.error);
  }
  if (!o.quiet || changed) fmt::print("{}", md);
  if (bad_input) return Exit::bad_input;
  return changed ? Exit::failed : Exit::ok;
}

}  // namespace werkbaat::cli
