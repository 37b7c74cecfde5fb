#pragma once
// Sub-commands: each has an options struct, a setup function that registers it with CLI11, and a
// run function that returns how it ended. main.cpp turns that, and every error, into the exit code.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "werkbaat/analysis/calibration.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/scenario.h"
#include "werkbaat/model/settings.h"

namespace werkbaat::cli {

// How a command ended; main maps it to the process exit code (0, 1, 2).
enum class Exit : int { ok = 0, failed = 1, bad_input = 2 };

// --draws, --seed, --mode, --clients, --threads: the run's simulation settings, overridden; and
// --no-limits, which lets a run go on that is estimated not to fit this machine's memory.
void add_overrides(CLI::App& cmd, model::SimulationOverrides& o, bool& no_limits);

// Refuses (InputError) a run estimated to need more memory than this machine has, unless
// no_limits; says on stderr how long a long run will take.
void check_fits(const model::Scenario& s, const model::SimulationOverrides& o, bool no_limits);

struct RunOptions {
  std::string scenario;
  std::string out;
  bool quiet = false;
  bool json = false;
  std::string by;  // "", category or line: the table split by it
  model::SimulationOverrides overrides;
  bool no_limits = false;
  std::vector<std::string> analyses;  // besides the scenario's analyses.run
  bool only_analyses = false;         // print the analyses, not the table (analysis sub-commands)
  std::string breakeven_parameter;    // breakeven sub-command
  double low = 0.0, high = 0.0;
  std::string report, xlsx, lang = "nl";
  bool lang_given = false;  // --lang was given: the terminal table follows it (else English, with ids)
  std::string shard;  // "k/n": run part k of n of the draws (run only)
  std::string store;  // a run store (run_store.h) that keeps the run; "" none
  bool reuse = false; // a run already in the store with these inputs is read back, not run (run only)
};
// --out, --analyses, --report, --xlsx, --lang, --quiet, --json, --by, --store: what is done with
// a run's results (run, and merge).
void add_output_options(CLI::App& cmd, RunOptions& o);
CLI::App* setup_run(CLI::App& app, RunOptions& o);
// settlement, tornado, breakeven, voi: `run` with that analysis, printing only it.
std::vector<CLI::App*> setup_analysis_commands(CLI::App& app, RunOptions& o);
Exit run_run(const RunOptions& o);
// What run prints and writes once a run is evaluated (run, and merge).
Exit present(const model::Scenario& s, const analysis::Evaluation& e, const RunOptions& o);
// run --shard k/n: part k of the draws, written as a part file into o.out.
Exit run_shard(const model::Scenario& s, const RunOptions& o, const model::SimulationSettings& sim,
               const engine::ProgressFn& progress);

// merge: parts of one run (run --shard) as the whole run, then what run prints and writes.
struct MergeOptions {
  std::vector<std::string> parts;  // folders written by run --shard, or their part files
  RunOptions run;                  // --out, --report, --xlsx, --lang, --json, -q, --by, --analyses
};
CLI::App* setup_merge(CLI::App& app, MergeOptions& o);
Exit run_merge(const MergeOptions& o);

struct ReportOptions {
  std::string results;  // a results.json, or STORE:ID
  std::string report, xlsx, lang = "nl";
};
CLI::App* setup_report(CLI::App& app, ReportOptions& o);
Exit run_report(const ReportOptions& o);

// init FILE: a region's own scenario on the Dutch default model.
struct InitOptions {
  std::string file, region, base, horizon = "5 years";
  double size = 0, inflow = 0;
  int years = 0;
  std::vector<std::string> severity, benefit, arms;
  bool force = false;
};
CLI::App* setup_init(CLI::App& app, InitOptions& o);
Exit run_init(const InitOptions& o);

// runs list | show ID | diff A B | export ID DIR: what a run store holds.
struct RunsOptions {
  std::string action;  // list, show, diff or export
  std::string store;
  std::int64_t a = 0, b = 0;
  std::string dir;
};
CLI::App* setup_runs(CLI::App& app, RunsOptions& o);
Exit run_runs(const RunsOptions& o);

struct ParamsOptions {
  std::string scenario;
  bool csv = false;
};
CLI::App* setup_params(CLI::App& app, ParamsOptions& o);
Exit run_params(const ParamsOptions& o);

struct ValidateOptions {
  std::vector<std::string> files;
  bool quiet = false;
};
CLI::App* setup_validate(CLI::App& app, ValidateOptions& o);
Exit run_validate(const ValidateOptions& o);

// schema: the JSON Schema of the scenario format.
struct SchemaOptions {
  std::string out;
};
CLI::App* setup_schema(CLI::App& app, SchemaOptions& o);
Exit run_schema(const SchemaOptions& o);

struct BatchOptions {
  std::vector<std::string> inputs;
  std::string out;
  int jobs = 1;
  model::SimulationOverrides overrides;
  bool no_limits = false;
  bool resume = false;
  bool quiet = false;
  std::string store;
  bool reuse = false;
};
CLI::App* setup_batch(CLI::App& app, BatchOptions& o);
Exit run_batch(const BatchOptions& o);

struct RegressOptions {
  std::vector<std::string> inputs;
  std::string baseline, junit, markdown;
  double k = 0.0;  // 0: the band from false_alarm
  double false_alarm = 0.01;
  double rel_tol = 1e-9;
  double abs_tol = 1e-6;
  model::SimulationOverrides overrides;
  bool no_limits = false;
  bool update = false;
  bool quiet = false;
};
CLI::App* setup_regress(CLI::App& app, RegressOptions& o);
Exit run_regress(const RegressOptions& o);

// calibrate SCENARIO --targets T --out DIR: parameters fitted to observed targets.
struct CalibrateOptions {
  std::string scenario, targets, out, method = "mcmc", lang = "nl", store;
  std::vector<std::string> fit;
  analysis::MleOptions mle;
  analysis::McmcOptions mcmc;
  bool quiet = false;
};
CLI::App* setup_calibrate(CLI::App& app, CalibrateOptions& o);
// Exit 1 when the chains have not converged (no posterior is written).
Exit run_calibrate(const CalibrateOptions& o, const std::string& command);

}  // namespace werkbaat::cli
