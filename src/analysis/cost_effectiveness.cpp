#include "werkbaat/analysis/cost_effectiveness.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace werkbaat::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kSteps = 40;

double effect_gain(const engine::Shape& sh, const engine::DrawSet& ds, int d, int arm, int e) {
  return ds.effect(sh, true, d, arm, e) - ds.effect(sh, true, d, 0, e);
}

double ratio(double cost, double gain) { return gain > 0 ? cost / gain : kNaN; }

// A round number (1, 2 or 5 times a power of ten) at or above x.
double round_up(double x) {
  const double mag = std::pow(10, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= x) return m * mag;
  return 10 * mag;
}

}  // namespace

CostEffectiveness cost_effectiveness(const engine::RunResult& r) {
  const auto& sh = r.shape;
  const int S = r.psa.draws, society = sh.accounts - 1;
  const engine::DrawSet& ds = S > 0 ? r.psa : r.base;  // without PSA draws, the base case alone
  const int D = ds.draws;
  CostEffectiveness out;
  for (int e = 0; e < sh.effects; ++e) {
    // The grid: up to three times the highest cost per unit over the interventions, for society.
    double top = 1000;
    for (int i = 1; i < sh.arms; ++i) {
      double cost = 0, gain = 0;
      for (int d = 0; d < D; ++d) cost -= ds.npv(sh, d, i, society), gain += effect_gain(sh, ds, d, i, e);
      const double c = ratio(cost, gain);
      if (std::isfinite(c)) top = std::max(top, 3 * std::abs(c));
    }
    top = round_up(top);
    std::vector<double> grid;
    for (int k = 0; k <= kSteps; ++k) grid.push_back(top * k / kSteps);
    out.wtp.push_back(grid);
  }
  for (int i = 1; i < sh.arms; ++i) {
    ComparisonCostEffect cmp;
    cmp.arm = i;
    for (int e = 0; e < sh.effects; ++e) {
      EffectCostEffect ec;
      ec.effect = e;
      std::vector<double> gain(D);
      for (int d = 0; d < D; ++d) gain[d] = effect_gain(sh, ds, d, i, e);
      double g = 0;
      for (const double x : gain) g += x;
      ec.gained_mean = D > 0 ? g / D : kNaN;
      ec.gained_base = r.has_base ? effect_gain(sh, r.base, 0, i, e) : kNaN;
      for (int acct = 0; acct < sh.accounts; ++acct) {
        AccountCostEffect ac;
        ac.account = acct;
        std::vector<double> npv(D);  // per draw, once for every wtp value
        double mean_npv = 0;
        for (int d = 0; d < D; ++d) mean_npv += npv[d] = ds.npv(sh, d, i, acct);
        mean_npv = D > 0 ? mean_npv / D : kNaN;
        ac.cost_per_unit = ratio(-mean_npv, ec.gained_mean);
        ac.cost_per_unit_base = r.has_base ? ratio(-r.base.npv(sh, 0, i, acct), ec.gained_base) : kNaN;
        for (const double w : out.wtp[e]) {
          double sum = 0;
          int positive = 0;
          for (int d = 0; d < D; ++d) {
            const double nmb = npv[d] + w * gain[d];
            sum += nmb;
            positive += nmb > 1e-6;
          }
          ac.nmb_mean.push_back(D > 0 ? sum / D : kNaN);
          ac.p_positive.push_back(D > 0 ? static_cast<double>(positive) / D : kNaN);
        }
        ec.accounts.push_back(std::move(ac));
      }
      cmp.effects.push_back(std::move(ec));
    }
    out.comparisons.push_back(std::move(cmp));
  }
  // EVPI of society's choice: E[max over arms of NMB] - max over arms of E[NMB].
  std::vector<double> society_npv(static_cast<std::size_t>(D) * sh.arms);  // [d][arm], once for every wtp value
  for (int d = 0; d < D; ++d)
    for (int i = 1; i < sh.arms; ++i) society_npv[static_cast<std::size_t>(d) * sh.arms + i] = ds.npv(sh, d, i, society);
  for (int e = 0; e < sh.effects; ++e) {
    std::vector<double> evpi;
    for (const double w : out.wtp[e]) {
      double expected_max = 0;
      std::vector<double> mean(sh.arms, 0.0);
      for (int d = 0; d < D; ++d) {
        double best = 0;  // the comparator's NMB against itself
        for (int i = 1; i < sh.arms; ++i) {
          const double nmb = society_npv[static_cast<std::size_t>(d) * sh.arms + i] + w * effect_gain(sh, ds, d, i, e);
          best = std::max(best, nmb);
          mean[i] += nmb;
        }
        expected_max += best;
      }
      const double best_mean = D > 0 ? *std::max_element(mean.begin(), mean.end()) / D : kNaN;
      evpi.push_back(D > 0 && S > 0 ? std::max(0.0, expected_max / D - best_mean) : kNaN);
    }
    out.evpi_society.push_back(evpi);
  }
  return out;
}

}  // namespace werkbaat::analysis
