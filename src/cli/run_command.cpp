#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "commands.h"
#include "progress.h"
#include "werkbaat/model/error.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/table_printer.h"
#include "werkbaat/io/xlsx_workbook.h"

namespace werkbaat::cli {

void write_reports(const io::ResultsDoc& doc, const std::string& report, const std::string& xlsx,
                   const std::string& lang) {
  if (!report.empty()) {
    io::ReportOptions ro;
    ro.lang = lang;
    ro.generated = fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(std::time(nullptr)));
    const std::string html = io::html_report(doc, ro);
    if (report == "-") std::fputs(html.c_str(), stdout);
    else io::write_file_atomic(report, html);
  }
  if (!xlsx.empty()) io::write_xlsx(doc, xlsx, lang);
}

CLI::App* setup_run(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run a scenario and print the business case per party");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", o.out, "Write results.json and tidy CSVs into this folder");
  add_overrides(*cmd, o.overrides, o.no_limits);
  cmd->add_option("--analyses", o.analyses, "Also run: settlement, tornado, breakeven, voi (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember(model::kAnalyses.names()));
  cmd->add_option("--report", o.report, "Write the business case as a self-contained HTML file (- for stdout)");
  cmd->add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  cmd->add_option("--lang", o.lang, "Language of the report: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  cmd->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  cmd->add_flag("--json", o.json, "Print the summary as JSON on stdout instead of the table");
  cmd->add_option("--by", o.by, "Also split each party's result by category, flow line or client group")
      ->check(CLI::IsMember({"category", "line", "group"}));
  cmd->add_option("--shard", o.shard,
                  "Run only part k of n of the draws (k/n) into --out, for `werkbaat merge` (array jobs on a cluster)");
  return cmd;
}

std::vector<CLI::App*> setup_analysis_commands(CLI::App& app, RunOptions& o) {
  const std::pair<model::Analysis, const char*> commands[] = {
      {model::Analysis::settlement, "Who should pay what: a split that makes every financier gain when society gains"},
      {model::Analysis::tornado, "One-way sensitivity of each party's NPV to each uncertain parameter"},
      {model::Analysis::breakeven, "The value of a parameter at which each party's NPV crosses zero"},
      {model::Analysis::voi, "Expected value of (partial) perfect information from the PSA draws"}};
  std::vector<CLI::App*> out;
  for (const auto& [analysis, help] : commands) {
    auto* cmd = app.add_subcommand(std::string(model::kAnalyses.name(analysis)), help);
    cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--out", o.out, "Also write results.json and the CSVs into this folder");
    add_overrides(*cmd, o.overrides, o.no_limits);
    cmd->add_flag("--json", o.json, "Print the results as JSON instead");
    if (analysis == model::Analysis::breakeven) {
      cmd->add_option("--parameter", o.breakeven_parameter, "The parameter (dotted path); default: the scenario's");
      cmd->add_option("--low", o.low, "Lower end of the search (in the parameter's unit)");
      cmd->add_option("--high", o.high, "Upper end of the search");
    }
    out.push_back(cmd);
  }
  return out;
}

Exit run_run(const RunOptions& o) {
  const model::Scenario s = io::load_scenario(o.scenario);
  analysis::EvaluateOptions eo;
  eo.overrides = o.overrides;
  for (const auto& name : o.analyses) eo.analyses.push_back(*model::kAnalyses.parse(name));
  const model::SourceRef cli{o.scenario, 0, 0};
  if (!o.breakeven_parameter.empty()) {
    if (s.parameter_index(o.breakeven_parameter) < 0)
      throw InputError::unknown_name(cli, "--parameter", "parameter", o.breakeven_parameter, s.parameter_paths());
    const bool range = o.low != 0.0 || o.high != 0.0;
    if (range && o.low >= o.high) throw InputError(cli, "--low", "--low must be below --high");
    eo.breakeven = {{o.breakeven_parameter, o.low, o.high, range}};
  }
  if (std::find(eo.analyses.begin(), eo.analyses.end(), model::Analysis::breakeven) != eo.analyses.end() &&
      s.analyses.breakeven.empty() && !eo.breakeven)
    throw InputError(cli, "analyses.breakeven",
                     "no parameter to find a break-even for: give --parameter or list it under analyses.breakeven");
  check_fits(s, o.overrides, o.no_limits);
  // Where the results go is checked before the run, not after it.
  if (!o.out.empty()) io::check_output_dir(o.out);
  for (const auto* target : {&o.report, &o.xlsx})
    if (!target->empty() && *target != "-") io::check_file_target(*target);
  Progress progress(!o.quiet && !o.json);
  eo.progress = [&progress](int done, int total) {
    if (stop_requested()) throw Interrupted();
    progress.update(done, total);
  };
  if (!o.shard.empty()) return run_shard(s, o, eo.overrides.applied_to(s.simulation), eo.progress);
  const analysis::Evaluation e = analysis::evaluate(s, eo);
  progress.finish();
  return present(s, e, o);
}

Exit present(const model::Scenario& s, const analysis::Evaluation& e, const RunOptions& o) {
  const io::ResultsDoc doc = io::results_doc(s, e);
  if (!o.out.empty()) io::write_results(o.out, doc);
  write_reports(doc, o.report, o.xlsx, o.lang);
  if (o.json) std::fputs(io::to_json_text(doc, false).c_str(), stdout);
  else if (o.only_analyses) std::fputs(io::format_analyses(doc).c_str(), stdout);
  else if (!o.quiet) {
    std::string text = io::format_table(doc);
    if (!o.by.empty())
      text += io::format_breakdown(doc, o.by == "line"    ? io::Breakdown::line
                                        : o.by == "group" ? io::Breakdown::group
                                                          : io::Breakdown::category);
    std::fputs((text + io::format_analyses(doc)).c_str(), stdout);
  }
  if (!o.out.empty() && !o.quiet && !o.json) fmt::print("\nresults written to {}/\n", o.out);
  return Exit::ok;
}

CLI::App* setup_report(CLI::App& app, ReportOptions& o) {
  auto* cmd = app.add_subcommand("report", "Make the HTML report and/or workbook from a finished run's results.json");
  cmd->add_option("results", o.results, "results.json of a run (run --out DIR)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--report", o.report, "Write the business case as a self-contained HTML file");
  cmd->add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  cmd->add_option("--lang", o.lang, "Language: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  return cmd;
}

Exit run_report(const ReportOptions& o) {
  if (o.report.empty() && o.xlsx.empty()) throw CLI::ValidationError("report", "give --report FILE and/or --xlsx FILE");
  const io::FileText file = io::disk_files().read(o.results);
  if (!file.ok()) throw InputError({o.results, 0, 0}, "", "cannot read this file: " + file.problem);
  write_reports(io::read_results_json(file.text, o.results), o.report, o.xlsx, o.lang);
  return Exit::ok;
}

}  // namespace werkbaat::cli
