#pragma once
// Cost-effectiveness where a scenario has effects (months in work, jobs, QALYs): per intervention,
// effect and account (each party, and society), the net cost per extra unit of effect, and over a
// range of willingness-to-pay values (euros a unit of effect is worth) the net monetary benefit
// NMB = NPV + wtp x effect gained, its acceptability curve P(NMB > 0), and for society the
// expected value of perfect information about the choice among all arms. Effects and money are
// both discounted (each at its own rate).
#include <string>
#include <vector>

#include "werkbaat/engine/run_result.h"

namespace werkbaat::analysis {

struct AccountCostEffect {
  int account = -1;
  // -NPV / effect gained: what one extra unit of effect costs this account net (negative: it saves
  // money while the effect rises); NaN when the effect does not rise. Ratio of the PSA means, and
  // of the base case.
  double cost_per_unit = 0.0, cost_per_unit_base = 0.0;
  std::vector<double> nmb_mean;    // per wtp value
  std::vector<double> p_positive;  // per wtp value: the acceptability curve
};

struct EffectCostEffect {
  int effect = -1;
  double gained_mean = 0.0, gained_base = 0.0;  // discounted effect, intervention minus comparator
  std::vector<AccountCostEffect> accounts;      // parties in scenario order, then society
};

struct ComparisonCostEffect {
  int arm = -1;  // intervention arm (>= 1)
  std::vector<EffectCostEffect> effects;
};

struct CostEffectiveness {
  std::vector<std::vector<double>> wtp;  // [effect]: the willingness-to-pay values, euros a unit
  std::vector<ComparisonCostEffect> comparisons;
  // [effect][wtp]: EVPI of society's choice among all arms (comparator NMB 0), population total.
  std::vector<std::vector<double>> evpi_society;
};

// The willingness-to-pay grid of an effect: 0 to a round number above three times society's cost
// per unit of the largest gain (at least 1,000 euros a unit), in 40 steps.
CostEffectiveness cost_effectiveness(const engine::RunResult& r);

}  // namespace werkbaat::analysis
