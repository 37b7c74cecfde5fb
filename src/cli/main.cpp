// werkbaat: Monte Carlo business cases for helping people with a mental illness into work.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "commands.h"
#include "werkbaat/io/load_error.h"

int main(int argc, char** argv) {
  using namespace werkbaat::cli;
  CLI::App app{"werkbaat: who invests, who gains, how much, and how sure (Monte Carlo cost-benefit engine)"};
  app.set_version_flag("--version", std::string("werkbaat ") + WERKBAAT_VERSION);
  app.require_subcommand(1);
  RunOptions run;
  ValidateOptions validate;
  BatchOptions batch;
  setup_run(app, run);
  setup_analysis_commands(app, run);
  setup_validate(app, validate);
  setup_batch(app, batch);
  RegressOptions regress;
  setup_regress(app, regress);
  ReportOptions report;
  setup_report(app, report);
  ParamsOptions params;
  setup_params(app, params);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {  // a sub-command finished with this exit code
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? Exit::ok : Exit::bad_input;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return Exit::bad_input;
  } catch (const werkbaat::io::LoadError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return Exit::bad_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return Exit::failed;
  }
  return Exit::ok;
}
