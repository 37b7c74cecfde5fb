#include <fmt/format.h>

#include <cstdio>

#include "commands.h"
#include "progress.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/results_writer.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/table_printer.h"

namespace werkbaat::cli {

void setup_run(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run a scenario and print the business case per party");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", o.out, "Write results.json and tidy CSVs into this folder");
  cmd->add_option("--threads", o.threads, "Threads (default: the scenario's setting, else all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--draws", o.draws, "Override simulation.draws")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o.seed, "Override simulation.seed")->check(CLI::NonNegativeNumber);
  cmd->add_option("--mode", o.mode, "Override simulation.mode")->check(CLI::IsMember({"cohort", "micro"}));
  cmd->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  cmd->add_flag("--json", o.json, "Print the summary as JSON on stdout instead of the table");
  cmd->callback([&o] { throw CLI::RuntimeError(run_run(o)); });
}

int run_run(const RunOptions& o) {
  model::Scenario s = io::load_scenario(o.scenario);
  if (o.draws >= 0) s.settings.draws = o.draws;
  if (o.seed >= 0) s.settings.seed = static_cast<std::uint64_t>(o.seed);
  if (!o.mode.empty()) s.settings.mode = o.mode == "cohort" ? model::Mode::cohort : model::Mode::micro;
  Progress progress(!o.quiet && !o.json);
  engine::RunOptions ro;
  ro.threads = o.threads;
  ro.progress = [&progress](int done, int total) { progress.update(done, total); };
  const engine::RunResult result = engine::simulate(s, ro);
  progress.finish();
  const analysis::Summary summary = analysis::summarise(s, result);
  const io::RunReport report{s, result, summary};
  if (!o.out.empty()) io::write_results(o.out, report);
  if (o.json) std::fputs(io::results_json(report, false).c_str(), stdout);
  else if (!o.quiet) std::fputs(io::format_table(report).c_str(), stdout);
  if (!o.out.empty() && !o.quiet && !o.json) fmt::print("\nresults written to {}/\n", o.out);
  return Exit::ok;
}

}  // namespace werkbaat::cli
