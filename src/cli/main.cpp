// werkbaat: Monte Carlo business cases for helping people with a mental illness into work.
// The one place where the way a command ended becomes the process's exit code: 0 fine, 1 a run
// failed, 2 bad input (an InputError, or a command line CLI11 refuses).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <functional>

#include "commands.h"
#include "progress.h"
#include "ranks.h"
#include "werkbaat/model/error.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char** argv) {
  using namespace werkbaat::cli;
#ifdef __GLIBC__
  // A command is one short-lived process: memory it frees is kept for its next allocation rather
  // than given back to the system and faulted in again page by page (loading a file of 100,000
  // parameters builds and frees tens of MiB of trees; this takes a third off its time).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
  CLI::App app{"werkbaat: who invests, who gains, how much, and how sure (Monte Carlo cost-benefit engine)"};
#ifdef WERKBAAT_HAVE_MPI
  app.set_version_flag("--version", std::string("werkbaat ") + WERKBAAT_VERSION + " (with MPI)");
#else
  app.set_version_flag("--version", std::string("werkbaat ") + WERKBAAT_VERSION);
#endif
  app.require_subcommand(1);
  RunOptions run;
  ValidateOptions validate;
  BatchOptions batch;
  RegressOptions regress;
  ReportOptions report;
  ParamsOptions params;
  MergeOptions merge;
  RunsOptions runs;
  InitOptions init;
  SchemaOptions schema;
  CalibrateOptions calibrate;
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  std::vector<std::pair<CLI::App*, std::function<Exit()>>> commands = {
      {setup_run(app, run), [&] { return run_run(run); }},
      {setup_validate(app, validate), [&] { return run_validate(validate); }},
      {setup_batch(app, batch), [&] { return run_batch(batch); }},
      {setup_regress(app, regress), [&] { return run_regress(regress); }},
      {setup_report(app, report), [&] { return run_report(report); }},
      {setup_params(app, params), [&] { return run_params(params); }},
      {setup_merge(app, merge), [&] { return run_merge(merge); }},
      {setup_runs(app, runs), [&] { return run_runs(runs); }},
      {setup_init(app, init), [&] { return run_init(init); }},
      {setup_schema(app, schema), [&] { return run_schema(schema); }},
      {setup_calibrate(app, calibrate), [&] { return run_calibrate(calibrate, command_line); }}};
  for (CLI::App* cmd : setup_analysis_commands(app, run))
    commands.emplace_back(cmd, [&run, cmd] {
      run.analyses = {cmd->get_name()};
      run.only_analyses = true;
      return run_run(run);
    });
  // A first word that names no command: say which one was meant (CLI11 would only say that a
  // command is required).
  std::vector<std::string> names;
  for (const CLI::App* cmd : app.get_subcommands({})) names.push_back(cmd->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
    fmt::print(stderr, "error: unknown command '{}'{}; the commands are {}\n", argv[1],
               werkbaat::did_you_mean(argv[1], names), fmt::join(names, ", "));
    return static_cast<int>(Exit::bad_input);
  }
  install_stop_handlers();
  Ranks::start(argc, argv);
  // Under MPI every rank parses the same command line and reads the same files, so an error here
  // is every rank's: rank 0 says it. (A run's own errors are collected across ranks: run_command.)
  const bool speaks = Ranks::rank() == 0;
  struct Stop {
    ~Stop() { Ranks::stop(); }
  } stop;
  int code = 0;
  try {
    app.parse(argc, argv);
    for (const auto& [cmd, go] : commands)
      if (cmd->parsed()) code = static_cast<int>(go());
  } catch (const CLI::ParseError& e) {
    if (!speaks) return e.get_exit_code() == 0 ? 0 : static_cast<int>(Exit::bad_input);
    return app.exit(e) == 0 ? 0 : static_cast<int>(Exit::bad_input);
  } catch (const werkbaat::Interrupted&) {
    if (speaks) fmt::print(stderr, "interrupted: stopped before any result was written\n");
    return 130;
  } catch (const werkbaat::InputError& e) {
    if (speaks) fmt::print(stderr, "error: {}\n", e.what());
    return static_cast<int>(Exit::bad_input);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}{}\n", speaks ? "" : fmt::format("rank {}: ", Ranks::rank()), e.what());
    return static_cast<int>(Exit::failed);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {  // a full disk or a closed pipe lost output
    fmt::print(stderr, "error: cannot write to standard output\n");
    return static_cast<int>(Exit::failed);
  }
  return code;
}
