#include <fmt/format.h>

#include "commands.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/text_escape.h"

namespace werkbaat::cli {
namespace {

std::string distribution(const model::Scenario& s, const model::Parameter& p) {
  const auto& d = p.dist;
  switch (d.kind) {
    case model::DistKind::fixed: return fmt::format("{:.6g}", d.a);
    case model::DistKind::beta: return fmt::format("beta({:.4g}, {:.4g})", d.a, d.b);
    case model::DistKind::gamma:
      return p.dirichlet >= 0 ? fmt::format("dirichlet alpha {:.4g}", d.a) : fmt::format("gamma({:.4g}, {:.4g})", d.a, d.b);
    case model::DistKind::lognormal: return fmt::format("lognormal({:.4g}, {:.4g})", d.a, d.b);
    case model::DistKind::normal: return fmt::format("normal({:.4g}, {:.4g})", d.a, d.b);
    case model::DistKind::uniform: return fmt::format("uniform({:.4g}, {:.4g})", d.a, d.b);
    case model::DistKind::triangular: return fmt::format("triangular({:.4g}, {:.4g}, {:.4g})", d.a, d.b, d.c);
    case model::DistKind::pert: return fmt::format("pert({:.4g}, {:.4g}, {:.4g})", d.a, d.b, d.c);
    case model::DistKind::empirical:
      return fmt::format("{} draws from {} (mean {:.4g})", d.c, s.joint_draws[p.joint].file, d.a);
  }
  return "?";
}

}  // namespace

CLI::App* setup_params(CLI::App& app, ParamsOptions& o) {
  auto* cmd = app.add_subcommand("params", "List every parameter a scenario uses, after uses: and set:");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--csv", o.csv, "Print CSV instead of a table");
  return cmd;
}

Exit run_params(const ParamsOptions& o) {
  const model::Scenario s = io::load_scenario(o.scenario);
  std::vector<double> base;
  model::base_values(s, base);
  if (o.csv)
    fmt::print("path,distribution,mean,unit,price_year,index_factor,monthly_value_{},source,label,set_at\n",
               s.settings.price_year);
  else
    fmt::print("{:<44} {:<34} {:<18} {:>5} {:>14}  {}\n", "parameter", "value or distribution (own unit)", "unit",
               "year", fmt::format("per month {}", s.settings.price_year), "source [label] (set at)");
  for (std::size_t i = 0; i < s.params.size(); ++i) {
    const auto& p = s.params[i];
    const std::string year = p.price_year ? std::to_string(p.price_year) : "";
    const std::string at = fmt::format("{}:{}", p.origin.file, p.origin.line);
    if (o.csv)
      fmt::print("{},{},{:.10g},{},{},{:.10g},{:.10g},{},{},{}\n", io::csv_field(p.path), io::csv_field(distribution(s, p)), p.dist.mean(),
                 io::csv_field(p.unit.name), year, p.index_factor, base[i], io::csv_field(p.source), p.label, io::csv_field(at));
    else
      fmt::print("{:<44} {:<34} {:<18} {:>5} {:>14.6g}  {}{} ({})\n", p.path, distribution(s, p), p.unit.name, year,
                 base[i], p.source.empty() ? "-" : p.source, p.label.empty() ? "" : " [" + p.label + "]", at);
  }
  return Exit::ok;
}

}  // namespace werkbaat::cli
