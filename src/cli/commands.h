#pragma once
// Sub-commands: each has an options struct, a setup function that registers it with CLI11, and a
// run function that returns the process exit code.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace werkbaat::cli {

// Exit codes, mapped in one place.
enum Exit : int { ok = 0, failed = 1, bad_input = 2 };

struct RunOptions {
  std::string scenario;
  std::string out;
  bool quiet = false;
  bool json = false;
  int threads = 0;
  int draws = -1;
  long seed = -1;
  std::string mode;
  std::vector<std::string> analyses;  // besides the scenario's analyses.run
  bool only_analyses = false;         // print the analyses, not the table (analysis sub-commands)
  std::string breakeven_parameter;    // breakeven sub-command
  double low = 0.0, high = 0.0;
  std::string report, xlsx, lang = "nl";
};
void setup_run(CLI::App& app, RunOptions& o);
// settlement, tornado, breakeven, voi: `run` with that analysis, printing only it.
void setup_analysis_commands(CLI::App& app, RunOptions& o);
int run_run(const RunOptions& o);

struct ReportOptions {
  std::string results;  // a results.json
  std::string report, xlsx, lang = "nl";
};
void setup_report(CLI::App& app, ReportOptions& o);
int run_report(const ReportOptions& o);
// Writes the HTML report and workbook of a results.json text, where asked for.
void write_reports(const std::string& results_json, const std::string& report, const std::string& xlsx,
                   const std::string& lang);

struct ParamsOptions {
  std::string scenario;
  bool csv = false;
};
void setup_params(CLI::App& app, ParamsOptions& o);
int run_params(const ParamsOptions& o);

struct ValidateOptions {
  std::vector<std::string> files;
  bool quiet = false;
};
void setup_validate(CLI::App& app, ValidateOptions& o);
int run_validate(const ValidateOptions& o);

struct BatchOptions {
  std::vector<std::string> inputs;
  std::string out;
  int jobs = 1;
  int threads = 0;
  int draws = -1;
  long seed = -1;
  bool resume = false;
  bool quiet = false;
};
void setup_batch(CLI::App& app, BatchOptions& o);
int run_batch(const BatchOptions& o);

struct RegressOptions {
  std::vector<std::string> inputs;
  std::string baseline, junit, markdown;
  double k = 4.0;
  double rel_tol = 1e-9;
  double abs_tol = 1e-6;
  int draws = -1;
  long seed = -1;
  int threads = 0;
  bool update = false;
  bool quiet = false;
};
void setup_regress(CLI::App& app, RegressOptions& o);
int run_regress(const RegressOptions& o);

}  // namespace werkbaat::cli
