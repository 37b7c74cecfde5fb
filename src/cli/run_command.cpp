#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "werkbaat/analysis/analyses.h"

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
  cmd->add_option("--analyses", o.analyses, "Also run: settlement, tornado, breakeven, voi (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember({"settlement", "tornado", "breakeven", "voi"}));
  cmd->add_option("--report", o.report, "Write the business case as a self-contained HTML file");
  cmd->add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  cmd->add_option("--lang", o.lang, "Language of the report: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  cmd->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  cmd->add_flag("--json", o.json, "Print the summary as JSON on stdout instead of the table");
  cmd->callback([&o] { throw CLI::RuntimeError(run_run(o)); });
}

void setup_analysis_commands(CLI::App& app, RunOptions& o) {
  const std::pair<const char*, const char*> commands[] = {
      {"settlement", "Who should pay what: a split that makes every financier gain when society gains"},
      {"tornado", "One-way sensitivity of each party's NPV to each uncertain parameter"},
      {"breakeven", "The value of a parameter at which each party's NPV crosses zero"},
      {"voi", "Expected value of (partial) perfect information from the PSA draws"}};
  for (const auto& [name, help] : commands) {
    auto* cmd = app.add_subcommand(name, help);
    cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--out", o.out, "Also write results.json and the CSVs into this folder");
    cmd->add_option("--draws", o.draws, "Override simulation.draws")->check(CLI::NonNegativeNumber);
    cmd->add_option("--seed", o.seed, "Override simulation.seed")->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", o.threads, "Threads")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", o.json, "Print the results as JSON instead");
    if (std::string(name) == "breakeven") {
      cmd->add_option("--parameter", o.breakeven_parameter, "The parameter (dotted path); default: the scenario's");
      cmd->add_option("--low", o.low, "Lower end of the search (in the parameter's unit)");
      cmd->add_option("--high", o.high, "Upper end of the search");
    }
    cmd->callback([&o, cmd] {
      o.analyses = {cmd->get_name()};
      o.only_analyses = true;
      throw CLI::RuntimeError(run_run(o));
    });
  }
}

int run_run(const RunOptions& o) {
  model::Scenario s = io::load_scenario(o.scenario);
  if (o.draws >= 0) s.settings.draws = o.draws;
  if (o.seed >= 0) s.settings.seed = static_cast<std::uint64_t>(o.seed);
  if (!o.mode.empty()) s.settings.mode = o.mode == "cohort" ? model::Mode::cohort : model::Mode::micro;
  if (!o.breakeven_parameter.empty()) {
    if (analysis::parameter_index(s, o.breakeven_parameter) < 0)
      throw io::LoadError({o.scenario, 0, 0}, "--parameter", "unknown parameter '" + o.breakeven_parameter + "'");
    const bool range = o.low != 0.0 || o.high != 0.0;
    if (range && o.low >= o.high) throw io::LoadError({o.scenario, 0, 0}, "--low", "--low must be below --high");
    s.analyses.breakeven = {{o.breakeven_parameter, o.low, o.high, range}};
  }
  if (std::find(o.analyses.begin(), o.analyses.end(), "breakeven") != o.analyses.end() && s.analyses.breakeven.empty())
    throw io::LoadError({o.scenario, 0, 0}, "analyses.breakeven",
                        "no parameter to find a break-even for: give --parameter or list it under analyses.breakeven");
  Progress progress(!o.quiet && !o.json);
  engine::RunOptions ro;
  ro.threads = o.threads;
  ro.progress = [&progress](int done, int total) { progress.update(done, total); };
  const engine::RunResult result = engine::simulate(s, ro);
  progress.finish();
  const analysis::Summary summary = analysis::summarise(s, result);
  io::RunReport report{s, result, summary};
  std::vector<std::string> names = s.analyses.run;
  names.insert(names.end(), o.analyses.begin(), o.analyses.end());
  analysis::Analyses analyses;
  if (!names.empty()) {
    analyses = analysis::run_analyses(s, result, names);
    report.analyses = &analyses;
  }
  if (!o.out.empty()) io::write_results(o.out, report);
  if (!o.report.empty() || !o.xlsx.empty()) write_reports(io::results_json(report, true), o.report, o.xlsx, o.lang);
  if (o.json) std::fputs(io::results_json(report, false).c_str(), stdout);
  else if (o.only_analyses) std::fputs(io::format_analyses(report).c_str(), stdout);
  else if (!o.quiet) std::fputs((io::format_table(report) + io::format_analyses(report)).c_str(), stdout);
  if (!o.out.empty() && !o.quiet && !o.json) fmt::print("\nresults written to {}/\n", o.out);
  return Exit::ok;
}

}  // namespace werkbaat::cli
