// werkbaat init NAME.yaml: a region's own scenario on the Dutch default model.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <filesystem>

#include "commands.h"
#include "werkbaat/app/init.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/model/error.h"

namespace werkbaat::cli {
namespace {

// "midden=0.5" items as (value, share).
app::Shares parse_shares(const std::vector<std::string>& items, const std::string& option, const std::string& file) {
  app::Shares out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    char* end = nullptr;
    const double share = eq == std::string::npos ? 0 : std::strtod(item.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || !end || *end != '\0' || end == item.c_str() + eq + 1)
      throw InputError({file, 0, 0}, option, "expected VALUE=SHARE items, e.g. midden=0.5,epa=0.5; got '" + item + "'");
    out.emplace_back(item.substr(0, eq), share);
  }
  return out;
}

}  // namespace

CLI::App* setup_init(CLI::App& app, InitOptions& o) {
  auto* cmd = app.add_subcommand("init", "Write a region's own scenario on the Dutch default model (docs/your-region.md)");
  cmd->add_option("file", o.file, "The scenario to write, e.g. noordoost-brabant.yaml")->required();
  cmd->add_option("--region", o.region, "The region's name (default: the file's name)");
  cmd->add_option("--size", o.size, "Clients who start together (default 40)")->check(CLI::PositiveNumber);
  cmd->add_option("--inflow", o.inflow, "Or: new clients a year (with --years)")->check(CLI::PositiveNumber);
  cmd->add_option("--years", o.years, "The years of the inflow")->check(CLI::Range(1, 100));
  cmd->add_option("--severity", o.severity, "Shares by severity, e.g. midden=0.5,epa=0.5 (default: the model's)")
      ->delimiter(',');
  cmd->add_option("--benefit", o.benefit, "Shares by benefit at the start, e.g. bijstand=0.8,wajong=0.2")->delimiter(',');
  cmd->add_option("--arms", o.arms, "The comparator, then the interventions (default regulier,ips)")->delimiter(',');
  cmd->add_option("--horizon", o.horizon, "e.g. '5 years' or '36 months' (default 5 years)");
  cmd->add_option("--base", o.base, "The default model's data file (default: " WERKBAAT_DATA_FILE ")");
  cmd->add_flag("--force", o.force, "Replace the file if it exists");
  return cmd;
}

Exit run_init(const InitOptions& o) {
  const model::SourceRef cli{o.file, 0, 0};
  std::error_code ec;
  if (std::filesystem::exists(o.file, ec) && !o.force)
    throw InputError(cli, "", "the file exists; give --force to replace it, or another name");
  app::InitOptions io;
  io.file = o.file;
  io.base = o.base.empty() ? WERKBAAT_DATA_FILE : o.base;
  if (!std::filesystem::is_regular_file(io.base, ec))
    throw InputError({io.base, 0, 0}, "--base", "the default model's data file is not here; give --base PATH/nl-basis.yaml");
  io.region = o.region;
  io.size = o.size;
  io.inflow = o.inflow;
  io.years = o.years;
  if (io.size == 0 && io.inflow == 0) io.size = 40;
  io.severity = parse_shares(o.severity, "--severity", o.file);
  io.benefit = parse_shares(o.benefit, "--benefit", o.file);
  if (!o.arms.empty()) {
    io.comparator = o.arms.front();
    io.interventions.assign(o.arms.begin() + 1, o.arms.end());
  }
  io.horizon = o.horizon;
  io.date = fmt::format("{:%Y-%m-%d}", fmt::gmtime(std::time(nullptr)));
  // The folder first: the scenario is checked by loading it from where it will be, uses: and all.
  if (const auto dir = std::filesystem::path(o.file).parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
  io::write_file_atomic(o.file, app::init_scenario(io));
  fmt::print("wrote {}: {} against {}, {}\nrun it:  werkbaat run {} --report {}.html\n", o.file,
             fmt::join(io.interventions, ", "), io.comparator,
             io.size > 0 ? fmt::format("{} clients", io.size) : fmt::format("{} clients a year for {} years", io.inflow, io.years),
             o.file, std::filesystem::path(o.file).stem().string());
  return Exit::ok;
}

}  // namespace werkbaat::cli
