#include "werkbaat/analysis/sensitivity.h"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <map>
#include <tuple>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::analysis {
namespace {

double alpha_total(const model::Scenario& s, const model::DirichletGroup& g) {
  double a0 = 0;
  for (const int m : g.members) a0 += s.params[m].dist.a;
  return a0;
}

// Sets parameter p's point estimate (what the base case uses) to v; a Dirichlet component to share
// v, the others rescaled to sum to 1.
void set_value(model::Scenario& s, int p, double v) {
  auto& param = s.params[p];
  if (param.dirichlet < 0) {
    param.point = v;
    return;
  }
  const auto& g = s.dirichlets[param.dirichlet];
  const double a0 = alpha_total(s, g), ai = param.dist.a;
  std::vector<double> values;
  for (const int m : g.members) values.push_back(m == p ? v : (1 - v) * s.params[m].dist.a / (a0 - ai));
  for (std::size_t k = 0; k < g.members.size(); ++k) s.params[g.members[k]].point = values[k];
}

model::SimulationSettings base_case_only(model::SimulationSettings sim) {
  sim.draws = 0;
  sim.base_case = true;
  return sim;
}

// The base case with some parameters set, run many times on one prepared run: only parameter
// values change between the runs, so the layout, plan and storage are built once.
class PointRuns {
 public:
  PointRuns(const model::Scenario& s, const model::SimulationSettings& sim)
      : base_(s), work_(s), run_(work_, base_case_only(sim)) {}

  std::vector<std::vector<double>> npv(const std::vector<std::pair<int, double>>& set) {
    for (const auto& [p, v] : set) set_value(work_, p, v);
    const engine::RunResult r = run_.run();
    for (const auto& [p, v] : set) {
      const int g = base_.params[p].dirichlet;
      if (g < 0) work_.params[p].point = base_.params[p].point;
      else
        for (const int m : base_.dirichlets[g].members) work_.params[m].point = base_.params[m].point;
    }
    const auto& sh = r.shape;
    std::vector<std::vector<double>> out(sh.interventions(), std::vector<double>(sh.accounts, 0.0));
    for (int i = 1; i < sh.arms; ++i)
      for (int a = 0; a < sh.accounts; ++a) out[i - 1][a] = r.base.npv(sh, 0, i, a);
    return out;
  }

 private:
  const model::Scenario& base_;
  model::Scenario work_;  // base_ with the set values; the prepared run reads it
  engine::PreparedRun run_;
};

}  // namespace

double parameter_quantile(const model::Scenario& s, int p, double q) {
  const auto& param = s.params[p];
  if (param.dirichlet < 0) return param.dist.quantile(q);
  const double a0 = alpha_total(s, s.dirichlets[param.dirichlet]);
  return model::Distribution::beta(param.dist.a, a0 - param.dist.a).quantile(q);
}

std::vector<std::vector<double>> point_npv(const model::Scenario& s, const model::SimulationSettings& sim,
                                           const std::vector<std::pair<int, double>>& set) {
  return PointRuns(s, sim).npv(set);
}

std::vector<Tornado> tornado(const model::Scenario& s, const model::SimulationSettings& sim, const TornadoOptions& o) {
  std::vector<int> params;
  if (o.parameters.empty()) {
    for (int p = 0; p < static_cast<int>(s.params.size()); ++p)
      if (!s.params[p].dist.is_fixed()) params.push_back(p);
  } else {
    for (const auto& path : o.parameters) params.push_back(s.parameter_index(path));
  }
  PointRuns runs(s, sim);
  const auto base = runs.npv({});
  std::vector<Tornado> out(base.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    out[i].arm = s.arms[i + 1];
    out[i].accounts = s.parties;
    out[i].accounts.emplace_back(model::kSociety);
    out[i].base_npv = base[i];
  }
  for (const int p : params) {
    double lo = parameter_quantile(s, p, o.low_quantile), hi = parameter_quantile(s, p, o.high_quantile);
    for (const auto& [path, range] : o.ranges)
      if (path == s.params[p].path) std::tie(lo, hi) = range;
    const auto at_lo = runs.npv({{p, lo}});
    const auto at_hi = runs.npv({{p, hi}});
    for (std::size_t i = 0; i < base.size(); ++i)
      out[i].bars.push_back({s.params[p].path, lo, hi, at_lo[i], at_hi[i], std::abs(at_hi[i].back() - at_lo[i].back())});
  }
  for (auto& t : out)
    std::stable_sort(t.bars.begin(), t.bars.end(), [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
  return out;
}

std::vector<BreakEven> break_even(const model::Scenario& s, const model::SimulationSettings& sim,
                                  const std::string& parameter, double low, double high) {
  const int p = s.parameter_index(parameter);
  PointRuns runs(s, sim);
  std::map<double, std::vector<std::vector<double>>> memo;
  const auto npv_at = [&](double x) -> const std::vector<std::vector<double>>& {
    auto it = memo.find(x);
    if (it == memo.end()) it = memo.emplace(x, runs.npv({{p, x}})).first;
    return it->second;
  };
  std::vector<BreakEven> out;
  const auto& lo = npv_at(low);
  const auto& hi = npv_at(high);
  for (std::size_t i = 0; i < lo.size(); ++i)
    for (std::size_t a = 0; a < lo[i].size(); ++a) {
      BreakEven b;
      b.parameter = parameter;
      b.arm = s.arms[i + 1];
      b.account = model::account_name(s, static_cast<int>(a));
      b.low = low;
      b.high = high;
      b.npv_low = lo[i][a];
      b.npv_high = hi[i][a];
      const double scale = std::max({1.0, std::abs(b.npv_low), std::abs(b.npv_high)});
      if (std::abs(b.npv_low) <= 1e-9 * scale && std::abs(b.npv_high) <= 1e-9 * scale) {
        out.push_back(b);  // flat at zero: no crossing to report
        continue;
      }
      if (b.npv_low == 0 || b.npv_high == 0 || (b.npv_low < 0) != (b.npv_high < 0)) {
        const auto f = [&](double x) { return npv_at(x)[i][a]; };
        std::uintmax_t iterations = 60;
        const auto root = boost::math::tools::toms748_solve(f, low, high, b.npv_low, b.npv_high,
                                                            boost::math::tools::eps_tolerance<double>(40), iterations);
        b.found = true;
        b.value = (root.first + root.second) / 2;
      }
      out.push_back(b);
    }
  return out;
}

}  // namespace werkbaat::analysis
