#include <fmt/format.h>

#include "commands.h"
#include <algorithm>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/atomic_file.h"
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
      const auto space = engine::estimate(s, s.simulation);  // builds the expanded state space: refuses one too large
      const auto entering = std::count_if(s.groups.begin(), s.groups.end(), [](const auto& g) { return g.share > 0; });
      if (!o.quiet)
        fmt::print("ok  {}: {} states ({} told apart by months in them, clocks and changing values), {} transitions, {} flow "
                   "lines, {} parameters, {} arms, {} client groups{}\n",
                   f, s.states.size(), space.expanded_states, s.transitions.size(), s.lines.size(), s.params.size(),
                   s.arms.size(), entering,
                   static_cast<std::size_t>(entering) == s.groups.size()
                       ? ""
                       : fmt::format(" (and {} reached only by a change)", s.groups.size() - entering));
    } catch (const InputError& e) {
      fmt::print(stderr, "error: {}\n", e.what());
      ++bad;
    }
  }
  return bad == 0 ? Exit::ok : Exit::bad_input;
}

}  // namespace werkbaat::cli

namespace werkbaat::cli {

CLI::App* setup_schema(CLI::App& app, SchemaOptions& o) {
  auto* cmd = app.add_subcommand("schema", "Print the JSON Schema of the scenario format, for editors' YAML support");
  cmd->add_option("--out", o.out, "Write it to this file instead");
  return cmd;
}

Exit run_schema(const SchemaOptions& o) {
  const std::string schema = io::scenario_schema();
  if (o.out.empty()) std::fputs(schema.c_str(), stdout);
  else io::write_file_atomic(o.out, schema);
  return Exit::ok;
}

}  // namespace werkbaat::cli
