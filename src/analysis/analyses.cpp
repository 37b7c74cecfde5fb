#include "werkbaat/analysis/analyses.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "werkbaat/analysis/summary.h"
#include "werkbaat/model/accounts.h"
#include "werkbaat/model/error.h"

namespace werkbaat::analysis {
namespace {

bool wanted(const std::vector<model::Analysis>& names, model::Analysis a) {
  return std::find(names.begin(), names.end(), a) != names.end();
}

// Present value of 1 euro paid at the start of each year of the horizon.
double annuity_factor(const model::Scenario& s) {
  double f = 0;
  for (int y = 0; y < (s.settings.horizon + 11) / 12; ++y) f += std::pow(1 + s.settings.discount_costs, -y);
  return f;
}

std::vector<Settlement> settlements(const model::Scenario& s, const engine::RunResult& r) {
  std::vector<Settlement> out;
  const auto& sh = r.shape;
  for (int i = 1; i < sh.arms; ++i) {
    std::vector<PartyDraws> financiers;
    const auto& named = s.analyses.financiers;
    for (int p = 1; p < static_cast<int>(s.parties.size()); ++p) {
      DrawFlows f = draw_flows(s, r, i, p);
      if (!named.empty()) {
        if (std::find(named.begin(), named.end(), s.parties[p]) == named.end()) continue;
      } else {
        // Not financiers: the client, and parties that only pass money on (a provider passing
        // revenue on as resources, an employer paying wages for production): their investment
        // and return cancel in every draw.
        if (s.parties[p] == model::kClient) continue;
        bool pass_through = true;
        for (std::size_t d = 0; d < f.ret.size() && pass_through; ++d)
          pass_through = std::abs(f.ret[d] - f.investment[d]) <= 1e-9 * std::max(1.0, f.ret[d]);
        if (pass_through) continue;
      }
      financiers.push_back({s.parties[p], std::move(f.investment), std::move(f.ret)});
    }
    const DrawFlows soc = draw_flows(s, r, i, sh.accounts - 1);
    double society = 0;
    for (int d = 0; d < r.psa.draws; ++d) society += (soc.ret[d] - soc.investment[d]) / r.psa.draws;
    out.push_back(settle(s.arms[i], society, financiers, annuity_factor(s)));
  }
  return out;
}

Voi voi(const model::Scenario& s, const engine::RunResult& r) {
  const auto& sh = r.shape;
  std::vector<std::string> accounts;
  std::vector<std::vector<std::vector<double>>> npv;
  for (int a = 1; a < sh.accounts; ++a) {
    accounts.push_back(model::account_name(s, a));
    std::vector<std::vector<double>> per_arm;
    for (int i = 1; i < sh.arms; ++i) {
      const DrawFlows f = draw_flows(s, r, i, a);
      std::vector<double> v(f.ret.size());
      for (std::size_t d = 0; d < v.size(); ++d) v[d] = f.ret[d] - f.investment[d];
      per_arm.push_back(std::move(v));
    }
    npv.push_back(std::move(per_arm));
  }
  std::vector<VoiGroupSpec> groups;
  for (const auto& [name, prefixes] : s.analyses.voi_groups) groups.push_back({name, prefixes});
  return value_of_information(s, r.simulation.seed, accounts, npv, groups);
}

}  // namespace

bool Analyses::has(model::Analysis x) const { return wanted(ran, x); }

Analyses run_analyses(const model::Scenario& s, const engine::RunResult& r, const std::vector<model::Analysis>& names,
                      const std::vector<model::AnalysisSettings::BreakEvenSpec>* breakeven) {
  const model::SourceRef file{s.files.empty() ? s.name : s.files.front(), 0, 0};
  if (r.psa.draws == 0)
    for (const auto needs_draws : {model::Analysis::settlement, model::Analysis::voi})
      if (wanted(names, needs_draws))
        throw InputError(file, "simulation.draws",
                         fmt::format("{} needs PSA draws: set simulation.draws (or --draws) above 0", model::name_of(needs_draws)));
  Analyses a;
  for (const auto& [unused, x] : model::kAnalyses.rows)
    if (wanted(names, x)) a.ran.push_back(x);
  if (a.has(model::Analysis::settlement)) a.settlement = settlements(s, r);
  if (a.has(model::Analysis::tornado)) {
    TornadoOptions o;
    o.parameters = s.analyses.tornado_parameters;
    o.ranges = s.analyses.tornado_ranges;
    a.tornado = tornado(s, r.simulation, o);
  }
  if (a.has(model::Analysis::breakeven)) {
    for (const auto& spec : breakeven ? *breakeven : s.analyses.breakeven) {
      const int p = s.parameter_index(spec.parameter);
      double lo = spec.low, hi = spec.high;
      if (!spec.has_range) {
        if (s.params[p].dist.is_fixed())
          throw InputError(file, "analyses.breakeven",
                           "break-even of '" + spec.parameter + "': a fixed parameter needs low and high");
        lo = parameter_quantile(s, p, 0.001);
        hi = parameter_quantile(s, p, 0.999);
      }
      const auto b = break_even(s, r.simulation, spec.parameter, lo, hi);
      a.breakeven.insert(a.breakeven.end(), b.begin(), b.end());
    }
  }
  if (a.has(model::Analysis::voi)) a.voi = voi(s, r);
  return a;
}

}  // namespace werkbaat::analysis
