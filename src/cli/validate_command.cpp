#include <fmt/format.h>

#include "commands.h"
#include "werkbaat/io/scenario_loader.h"

namespace werkbaat::cli {

CLI::App* setup_validate(CLI::App& app, ValidateOptions& o) {
  auto* cmd = app.add_subcommand("validate", "Check scenario files without running them");
  cmd->add_option("files", o.files, "Scenario files (YAML)")->required();
  cmd->add_flag("--quiet,-q", o.quiet, "Print only errors");
  return cmd;
}

// Every file is checked; the command fails as bad input when any file is.
Exit run_validate(const ValidateOptions& o) {
  int bad = 0;
  for (const auto& f : o.files) {
    try {
      const model::Scenario s = io::load_scenario(f);
      if (!o.quiet)
        fmt::print("ok  {}: {} states, {} transitions, {} flow lines, {} parameters, {} arms, {} client groups\n", f,
                   s.states.size(), s.transitions.size(), s.lines.size(), s.params.size(), s.arms.size(),
                   s.groups.size());
    } catch (const InputError& e) {
      fmt::print(stderr, "error: {}\n", e.what());
      ++bad;
    }
  }
  return bad == 0 ? Exit::ok : Exit::bad_input;
}

}  // namespace werkbaat::cli
