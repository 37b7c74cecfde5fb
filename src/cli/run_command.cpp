#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <optional>
#include <thread>

#include "commands.h"
#include "progress.h"
#include "ranks.h"
#include "werkbaat/app/batch.h"
#include "werkbaat/io/run_part.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/model/error.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/table_printer.h"
#include "werkbaat/io/xlsx_workbook.h"

namespace werkbaat::cli {
namespace {

const std::string kStarted = io::utc_now();  // when this command started: a stored run's start

// A stored run's key: the content hash of its inputs and settings (as batch names its runs), and
// the analyses asked for besides the scenario's own.
std::string store_key(const model::Scenario& s, const model::SimulationSettings& sim,
                      std::vector<std::string> analyses) {
  std::string key = app::content_hash(s, sim);
  std::sort(analyses.begin(), analyses.end());
  if (!analyses.empty()) key += "+" + fmt::format("{}", fmt::join(analyses, ","));
  return key;
}

// What is done with a run's document: written, reported, printed.
Exit present_doc(const io::ResultsDoc& doc, const RunOptions& o);

}  // namespace

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

namespace {
void add_lang(CLI::App& cmd, RunOptions& o) {
  cmd.add_option("--lang", o.lang,
                 "Language of the report and the workbook: nl (default) or en; given, also of the table printed")
      ->check(CLI::IsMember({"nl", "en"}))
      ->each([&o](const std::string&) { o.lang_given = true; });
}
}  // namespace

void add_output_options(CLI::App& cmd, RunOptions& o) {
  cmd.add_option("--out", o.out, "Write results.json and tidy CSVs into this folder");
  cmd.add_option("--analyses", o.analyses, "Also run: settlement, tornado, breakeven, voi (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember(model::kAnalyses.names()));
  cmd.add_option("--report", o.report, "Write the business case as a self-contained HTML file (- for stdout)");
  cmd.add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  add_lang(cmd, o);
  cmd.add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
  cmd.add_flag("--json", o.json, "Print the summary as JSON on stdout instead of the table");
  cmd.add_option("--by", o.by, "Also split each party's result by category, flow line or client group")
      ->check(CLI::IsMember({"category", "line", "group"}));
  cmd.add_option("--store", o.store,
                 "Also keep the run in this SQLite run store (docs/run-store.md); --store alone: the default store")
      ->expected(0, 1)
      ->default_str(io::default_store_path());
}

CLI::App* setup_run(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run a scenario and print the business case per party");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
  add_output_options(*cmd, o);
  add_overrides(*cmd, o.overrides, o.no_limits);
  cmd->add_option("--shard", o.shard,
                  "Run only part k of n of the draws (k/n) into --out, for `werkbaat merge` (array jobs on a cluster)");
  cmd->add_flag("--reuse", o.reuse,
                "With --store: a run stored with the same inputs, werkbaat version and settings is read back, not run again");
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
    add_lang(*cmd, o);
    cmd->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    if (analysis == model::Analysis::breakeven) {
      cmd->add_option("--parameter", o.breakeven_parameter, "The parameter (dotted path); default: the scenario's");
      cmd->add_option("--low", o.low, "Lower end of the search (in the parameter's unit)");
      cmd->add_option("--high", o.high, "Upper end of the search");
    }
    out.push_back(cmd);
  }
  return out;
}

namespace {

// The scenario and what to do with it, every option checked, before anything runs. Where the
// results go is checked too (when `targets`), before the run, not after it.
analysis::EvaluateOptions prepare(const model::Scenario& s, const RunOptions& o, bool targets) {
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
  if (o.reuse && o.store.empty()) throw InputError(cli, "--reuse", "--reuse reads a stored run: give --store too");
  if (!o.store.empty() && !o.shard.empty())
    throw InputError(cli, "--store", "a shard is part of a run: store the whole run with `werkbaat merge ... --store`");
  if (!targets) return eo;
  if (!o.store.empty()) io::RunStore{o.store};  // opened (created, or checked) before the run
  if (!o.out.empty()) io::check_output_dir(o.out);
  for (const auto* target : {&o.report, &o.xlsx})
    if (!target->empty() && *target != "-") io::check_file_target(*target);
  return eo;
}

// mpirun -n P werkbaat run: rank r runs part r + 1 of P of the draws; rank 0 merges the parts
// (the bits of a run on one process) and reports. Every rank reaches each collective step, also
// after an error, so that no rank waits for one that has failed; the first failing rank says why.
Exit run_on_ranks(const RunOptions& o) {
  const int rank = Ranks::rank(), size = Ranks::size();
  const int local = Ranks::local_size();
  int code = 0;
  std::string message, bytes;
  std::optional<model::Scenario> s;
  analysis::EvaluateOptions eo;
  Progress progress(rank == 0 && !o.quiet && !o.json);
  try {
    s = io::load_scenario(o.scenario);
    eo = prepare(*s, o, rank == 0);
    model::SimulationSettings sim = eo.overrides.applied_to(s->simulation);
    // Threads not given: this machine's cores shared among its ranks.
    if (!o.overrides.threads) sim.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / local);
    const model::SourceRef cli{o.scenario, 0, 0};
    if (analysis::simulates_real_population(*s, sim))
      throw InputError(cli, "simulation.clients",
                       "this run simulates the real population one for one (its chance split needs a second run); run "
                       "it on one process, or with more clients than the population");
    engine::DrawRange range;
    try {
      range = engine::DrawRange::part(rank + 1, size, sim.draws, sim.base_case);
    } catch (const std::invalid_argument& e) {
      throw InputError(cli, "mpirun -n", fmt::format("{} ranks: {}", size, e.what()));
    }
    const engine::RunResult part = engine::simulate(*s, sim, range, [&](int done, int total) {
      if (stop_requested()) throw Interrupted();
      progress.update(done, total);
    });
    bytes = io::encode_part({o.scenario, "", rank + 1, size}, part);
  } catch (const InputError& e) {
    code = static_cast<int>(Exit::bad_input), message = e.what();
  } catch (const Interrupted&) {
    code = static_cast<int>(Exit::failed), message = "interrupted: stopped before any result was written";
  } catch (const std::exception& e) {
    code = static_cast<int>(Exit::failed), message = e.what();
  }
  const int worst = Ranks::max(code);
  if (worst != 0) {
    if (Ranks::min(code != 0 ? rank : size) == rank)
      fmt::print(stderr, "error: {}{}\n", rank == 0 ? "" : fmt::format("rank {} of {}: ", rank, size), message);
    return static_cast<Exit>(worst);
  }
  const std::vector<std::string> all = Ranks::gather(bytes);
  if (rank != 0) return Exit::ok;
  progress.finish();
  std::vector<engine::RunResult> parts;
  for (int r = 0; r < size; ++r) parts.push_back(io::decode_part(all[r], fmt::format("rank {}", r)).result);
  return present(*s, analysis::evaluate_run(*s, engine::merge(std::move(parts)), eo), o);
}

}  // namespace

Exit run_run(const RunOptions& o) {
  if (Ranks::size() > 1 && o.shard.empty()) return run_on_ranks(o);
  const model::Scenario s = io::load_scenario(o.scenario);
  analysis::EvaluateOptions eo = prepare(s, o, true);
  Progress progress(!o.quiet && !o.json);
  eo.progress = [&progress](int done, int total) {
    if (stop_requested()) throw Interrupted();
    progress.update(done, total);
  };
  if (!o.shard.empty()) return run_shard(s, o, eo.overrides.applied_to(s.simulation), eo.progress);
  if (o.reuse) {
    const io::RunStore store(o.store);
    if (const auto id = store.find(store_key(s, eo.overrides.applied_to(s.simulation), o.analyses))) {
      if (!o.quiet && !o.json) fmt::print(stderr, "reused run {} of {}: same inputs, version and settings\n", *id, o.store);
      return present_doc(store.results(*id), o);
    }
  }
  const analysis::Evaluation e = analysis::evaluate(s, eo);
  progress.finish();
  return present(s, e, o);
}

Exit present(const model::Scenario& s, const analysis::Evaluation& e, const RunOptions& o) {
  if (o.store.empty()) return present_doc(io::results_doc(s, e), o);
  const std::string key = store_key(s, e.result.simulation, o.analyses);
  const io::ResultsDoc doc = io::results_doc(s, e, key);
  const std::int64_t id = io::RunStore(o.store).save(doc, key, kStarted, io::utc_now());
  const Exit shown = present_doc(doc, o);
  if (!o.quiet && !o.json) fmt::print("run stored as {}:{}\n", o.store, id);
  return shown;
}

namespace {

Exit present_doc(const io::ResultsDoc& doc, const RunOptions& o) {
  if (!o.out.empty()) io::write_results(o.out, doc);
  write_reports(doc, o.report, o.xlsx, o.lang);
  const std::optional<io::Lang> lang =
      o.lang_given ? std::optional(o.lang == "nl" ? io::Lang::nl : io::Lang::en) : std::nullopt;
  if (o.json) std::fputs(io::to_json_text(doc, false).c_str(), stdout);
  else if (o.quiet) {
  } else if (o.only_analyses) std::fputs(io::format_analyses(doc, lang).c_str(), stdout);
  else {
    std::string text = io::format_table(doc, lang);
    if (!o.by.empty())
      text += io::format_breakdown(doc,
                                   o.by == "line"    ? io::Breakdown::line
                                   : o.by == "group" ? io::Breakdown::group
                                                     : io::Breakdown::category,
                                   lang);
    std::fputs((text + io::format_analyses(doc, lang)).c_str(), stdout);
  }
  if (!o.out.empty() && !o.quiet && !o.json) fmt::print("\nresults written to {}/\n", o.out);
  return Exit::ok;
}

}  // namespace

CLI::App* setup_report(CLI::App& app, ReportOptions& o) {
  auto* cmd = app.add_subcommand("report", "Make the HTML report and/or workbook from a finished run's results.json");
  cmd->add_option("results", o.results, "results.json of a run (run --out DIR), or STORE:ID, a run in a run store")
      ->required();
  cmd->add_option("--report", o.report, "Write the business case as a self-contained HTML file");
  cmd->add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  cmd->add_option("--lang", o.lang, "Language: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  return cmd;
}

Exit run_report(const ReportOptions& o) {
  if (o.report.empty() && o.xlsx.empty()) throw CLI::ValidationError("report", "give --report FILE and/or --xlsx FILE");
  if (const auto ref = io::parse_store_ref(o.results)) {
    write_reports(io::RunStore(ref->file).results(ref->id), o.report, o.xlsx, o.lang);
    return Exit::ok;
  }
  const io::FileText file = io::disk_files().read(o.results);
  if (!file.ok()) throw InputError({o.results, 0, 0}, "", "cannot read this file: " + file.problem);
  write_reports(io::read_results_json(file.text, o.results), o.report, o.xlsx, o.lang);
  return Exit::ok;
}

}  // namespace werkbaat::cli
