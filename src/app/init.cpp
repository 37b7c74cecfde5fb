#include "werkbaat/app/init.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/names.h"

namespace werkbaat::app {
namespace {

namespace fs = std::filesystem;

std::string number(double x) { return fmt::format("{:.6g}", x); }

std::string shares_map(const Shares& shares) {
  std::vector<std::string> items;
  for (const auto& [value, share] : shares) items.push_back(value + ": " + number(share));
  return "{" + fmt::format("{}", fmt::join(items, ", ")) + "}";
}

// The attribute's shares as given, checked against the default model's values; or the model's
// own, leaving out the values no client has.
Shares checked_shares(const Shares& given, const model::Scenario& base, const std::string& attribute,
                      const std::string& option, const std::string& file) {
  const auto it = std::find_if(base.attributes.begin(), base.attributes.end(),
                               [&](const model::Attribute& a) { return a.name == attribute; });
  if (it == base.attributes.end()) return given;
  Shares out;
  if (given.empty()) {
    for (std::size_t i = 0; i < it->values.size(); ++i)
      if (it->shares[i] > 0) out.emplace_back(it->values[i], it->shares[i]);
    return out;
  }
  double total = 0;
  for (const auto& [value, share] : given) {
    if (std::find(it->values.begin(), it->values.end(), value) == it->values.end())
      throw InputError::unknown({file, 0, 0}, option, attribute, value, it->values);
    if (!(share >= 0 && share <= 1))
      throw InputError({file, 0, 0}, option, fmt::format("the share of {} is {}; a share lies in [0, 1]", value, number(share)));
    total += share;
  }
  if (std::abs(total - 1) > 1e-9)
    throw InputError({file, 0, 0}, option, fmt::format("the shares add up to {}, not 1", number(total)));
  return given;
}

// A default of the base model (its point estimate), for the comments next to the examples.
std::optional<double> base_value(const model::Scenario& base, const std::string& path) {
  const int i = base.parameter_index(path);
  if (i < 0) return std::nullopt;
  const model::Parameter& p = base.params[static_cast<std::size_t>(i)];
  return p.point.value_or(p.dist.mean());
}

std::string shown(std::optional<double> x) { return x ? number(*x) : "?"; }

// An arm's Dutch display name (the report's), else its id.
std::string dutch_name(const model::Scenario& base, const std::string& id) {
  for (const auto& l : base.labels)
    if (l.id == id && !l.nl.empty()) return l.nl;
  return id;
}

}  // namespace

std::string init_scenario(const InitOptions& o) {
  const model::Scenario base = io::load_scenario(o.base);
  const model::SourceRef cli{o.file, 0, 0};
  for (const auto& arm : [&] {
         std::vector<std::string> all = {o.comparator};
         all.insert(all.end(), o.interventions.begin(), o.interventions.end());
         return all;
       }())
    if (std::find(base.arms.begin(), base.arms.end(), arm) == base.arms.end())
      throw InputError::unknown(cli, "--arms", "arm", arm, base.arms);
  if (o.interventions.empty()) throw InputError(cli, "--arms", "give the comparator and at least one intervention");
  if ((o.size > 0) == (o.inflow > 0))
    throw InputError(cli, "--size", "give either --size (clients who start together) or --inflow with --years");
  if (o.inflow > 0 && o.years < 1) throw InputError(cli, "--years", "an inflow needs --years, the years it lasts");
  const Shares severity = checked_shares(o.severity, base, "severity", "--severity", o.file);
  const Shares benefit = checked_shares(o.benefit, base, "benefit", "--benefit", o.file);
  const fs::path dir = fs::absolute(o.file).parent_path();
  const std::string uses = fs::absolute(o.base).lexically_normal().lexically_relative(dir).string();
  const std::string region = o.region.empty() ? fs::path(o.file).stem().string() : o.region;
  if (std::any_of(region.begin(), region.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\'; }))
    throw InputError(cli, "--region", "a region's name is one line of text without quotes or backslashes");
  const std::string arms = fmt::format("{}", fmt::join(o.interventions, ", "));
  std::vector<std::string> shown_arms;
  for (const auto& a : o.interventions) shown_arms.push_back(dutch_name(base, a));
  const std::string title = fmt::format("{}: {} tegen {}", region, fmt::join(shown_arms, " en "), dutch_name(base, o.comparator));
  const std::string& iv = o.interventions.front();
  const std::optional<double> job = base_value(base, "hazard.job." + iv + ".epa.early");
  const std::string population =
      o.size > 0 ? fmt::format("  size: {}\n  # inflow: {{per_year: 20, years: 5}}  # instead of size: so many new clients a year\n",
                               number(o.size))
                 : fmt::format("  inflow: {{per_year: {}, years: {}}}\n  # size: 40  # instead of inflow: one group that starts together\n",
                               number(o.inflow), o.years);
  std::string text = fmt::format(
      R"(# {region}: {arms} against {comparator}, on the Dutch default model.
# Made by `werkbaat init` on {date}. Run it, and read the report:
#   werkbaat run {file} --report {stem}.html
# Every number not written here comes from the default model ({uses}; docs/dutch-model.md),
# each with its source. Change one with a line under `set:` (examples at the bottom;
# docs/your-region.md explains each step).
werkbaat: 1
name: "{title}"
uses: {uses}

# --- The numbers a region changes --------------------------------------------------------
population:
{population}  # Severity of the disorder: licht, midden or epa (severe). The shares add up to 1.
  severity: {severity}
  # The benefit at the start: bijstand (gemeente); ww, wia, wajong, ziektewet (UWV);
  # loondoorbetaling (werkgever); geen. The shares add up to 1.
  benefit: {benefit}
# The trajectory (interventions) against what clients get otherwise (comparator).
arms: {{comparator: {comparator}, interventions: [{arms}]}}
horizon: {horizon}

# --- Questions a region asks, one line each ------------------------------------------------
# Remove the # in front of a line to use it; `werkbaat params {file}` lists every number.
set:
  # Fewer EPA clients find work with {iv}: the monthly chance of a job in the first year
  # (default {job}).
  # hazard.job.{iv}.epa.early: {job_lower}
  # The insurer pays half of the gemeente's (W&I) key figure (default {wi_share}):
  # sleutelfiguur.wi_insurer_share: 0.5
  # The GGZ provider bears half of the GGZ key figure (default {ggz_share}: the insurer pays it all):
  # sleutelfiguur.ggz_insurer_share: 0.5
  # UWV, not the gemeente, pays the re-integration (trajectory, job coach, W&I key figure) of
  # bijstand clients:
  # funding.gemeente.bijstand: 0
  # funding.uwv.bijstand: 1
  # The insurer pays half of the trajectory, whoever the client's benefit payer (default 0;
  # funding.jobcoach.* and funding.motivatie.gemeente likewise, docs/your-region.md):
  # funding.traject.zorgverzekeraar: 0.5
  # Treatment costs fall less once EPA clients work (the share of the cost that remains; default
  # {ggz_work}):
  # ggz.work_multiplier.epa: 0.9
)",
      fmt::arg("region", region), fmt::arg("title", title), fmt::arg("arms", arms), fmt::arg("comparator", o.comparator),
      fmt::arg("date", o.date), fmt::arg("file", o.file), fmt::arg("stem", fs::path(o.file).stem().string()),
      fmt::arg("uses", uses), fmt::arg("population", population), fmt::arg("severity", shares_map(severity)),
      fmt::arg("benefit", shares_map(benefit)), fmt::arg("horizon", o.horizon), fmt::arg("iv", iv),
      fmt::arg("job", shown(job)), fmt::arg("job_lower", job ? number(*job * 0.7) : "0.03"),
      fmt::arg("ggz_share", shown(base_value(base, "sleutelfiguur.ggz_insurer_share"))),
      fmt::arg("wi_share", shown(base_value(base, "sleutelfiguur.wi_insurer_share"))),
      fmt::arg("ggz_work", shown(base_value(base, "ggz.work_multiplier.epa"))));
  io::load_scenario_text(text, o.file);  // it loads as it will be written
  return text;
}

}  // namespace werkbaat::app
