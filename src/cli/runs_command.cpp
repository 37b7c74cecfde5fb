// werkbaat runs list | show ID | diff A B | export ID DIR: what a run store holds.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "werkbaat/analysis/regression.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/regression_report.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/table_printer.h"
#include "werkbaat/model/error.h"

namespace werkbaat::cli {

CLI::App* setup_runs(CLI::App& app, RunsOptions& o) {
  auto* cmd = app.add_subcommand("runs", "List, show, compare and export the runs kept in a run store (--store)");
  cmd->add_option("--store", o.store, "The run store (default: " + io::default_store_path() + ")");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "One line per stored run: id, when, scenario, variant, mode, draws, seed");
  list->callback([&o] { o.action = "list"; });
  auto* show = cmd->add_subcommand("show", "A stored run's provenance and its business case per party");
  show->add_option("id", o.a, "The run's id (runs list)")->required();
  show->callback([&o] { o.action = "show"; });
  auto* diff = cmd->add_subcommand("diff", "Compare two stored runs metric by metric, knowing Monte Carlo noise");
  diff->add_option("a", o.a, "The first run's id (the baseline)")->required();
  diff->add_option("b", o.b, "The second run's id")->required();
  diff->callback([&o] { o.action = "diff"; });
  auto* exp = cmd->add_subcommand("export", "Write a stored run's results.json and CSVs into a folder, as run --out does");
  exp->add_option("id", o.a, "The run's id")->required();
  exp->add_option("dir", o.dir, "The folder")->required();
  exp->callback([&o] { o.action = "export"; });
  return cmd;
}

Exit run_runs(const RunsOptions& o) {
  const std::string path = o.store.empty() ? io::default_store_path() : o.store;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError({path, 0, 0}, "--store", "no run store here yet; run a scenario with --store=" + path + " to make one");
  const io::RunStore store(path);
  if (o.action == "list") {
    const auto runs = store.list();
    if (runs.empty()) {
      fmt::print("{} holds no runs yet (run a scenario with --store={})\n", path, path);
      return Exit::ok;
    }
    fmt::print("{:>5}  {:<20}  {:<6}  {:>6}  {:>10}  {:<16}  {}\n", "id", "finished (UTC)", "mode", "draws", "seed", "key",
               "scenario");
    for (const auto& r : runs)
      fmt::print("{:>5}  {:<20}  {:<6}  {:>6}  {:>10}  {:<16}  {}\n", r.id, r.finished, r.mode, r.draws, r.seed, r.key,
                 r.scenario);
    return Exit::ok;
  }
  if (o.action == "show") {
    io::StoredRun r = store.run(o.a);
    const std::string indent = "\n            ";
    for (std::size_t at = 0; (at = r.files.find('\n', at)) != std::string::npos; at += indent.size())
      r.files.replace(at, 1, indent);
    fmt::print("run {} of {}\n  scenario  {}{}\n  files     {}\n  werkbaat  {} on {}\n  settings  {} mode, {} draws, "
               "{} clients, seed {}{}\n  ran       {} to {}\n  key       {}\n\n",
               r.id, path, r.scenario, r.variant.empty() ? "" : " (variant " + r.variant + ")", r.files, r.version, r.host,
               r.mode, r.draws, r.clients, r.seed, r.analyses.empty() ? "" : ", analyses " + r.analyses, r.started,
               r.finished, r.key);
    std::fputs(io::format_table(store.results(o.a)).c_str(), stdout);
    return Exit::ok;
  }
  if (o.action == "export") {
    io::write_results(o.dir, store.results(o.a));
    fmt::print("run {} written to {}/\n", o.a, o.dir);
    return Exit::ok;
  }
  // diff: the first run as the baseline, the second as the current run, with the noise band of
  // regress (a 1% false-alarm rate for the run's metrics together).
  const io::StoredRun a = store.run(o.a), b = store.run(o.b);
  const auto base = io::regression_metrics(store.results(o.a)), current = io::regression_metrics(store.results(o.b));
  analysis::RegressionOptions tol;
  tol.k = analysis::noise_band(current, tol);
  io::ScenarioRegression r{fmt::format("{} against {}", o.b, o.a), b.scenario, true, "", false, tol.k,
                           analysis::compare_metrics(base, current, tol)};
  if (a.scenario != b.scenario)
    fmt::print("note: run {} is of '{}', run {} of '{}'\n", o.a, a.scenario, o.b, b.scenario);
  fmt::print("{}", io::markdown_summary({r}, tol));
  return analysis::worst(r.metrics) == analysis::Verdict::changed ? Exit::failed : Exit::ok;
}

}  // namespace werkbaat::cli
