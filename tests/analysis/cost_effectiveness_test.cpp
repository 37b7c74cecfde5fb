// Cost per extra unit of effect, net monetary benefit, the acceptability curve and EVPI by
// willingness to pay.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"
#include "werkbaat/analysis/summary.h"

using namespace werkbaat;

TEST_CASE("cost-effectiveness: cost per unit is -NPV / effect gained; NMB at wtp 0 is the NPV; the curve rises with wtp") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  model::SimulationSettings sim = s.simulation;
  sim.mode = model::Mode::cohort;
  sim.draws = 60;
  const auto r = engine::simulate(s, sim);
  const auto sum = analysis::summarise(s, r);
  const auto& ce = sum.cost_effectiveness;
  REQUIRE(ce.comparisons.size() == s.arms.size() - 1);
  REQUIRE(ce.wtp.size() == s.effects.size());
  const auto& sh = r.shape;
  for (std::size_t i = 0; i < ce.comparisons.size(); ++i)
    for (const auto& e : ce.comparisons[i].effects) {
      const int arm = static_cast<int>(i) + 1;
      bool always_gains = true;
      for (int d = 0; d < r.psa.draws; ++d)
        always_gains = always_gains && r.psa.effect(sh, true, d, arm, e.effect) > r.psa.effect(sh, true, d, 0, e.effect);
      const auto& grid = ce.wtp[e.effect];
      CHECK(grid.front() == 0);
      CHECK(grid.back() >= 1000);
      for (const auto& a : e.accounts) {
        INFO("arm ", s.arms[arm], ", effect ", s.effects[e.effect], ", account ", a.account);
        const auto& npv = sum.comparisons[i].accounts[a.account].npv;
        if (e.gained_mean > 0) CHECK(a.cost_per_unit == doctest::Approx(-npv.mean / e.gained_mean).epsilon(1e-12));
        else CHECK(std::isnan(a.cost_per_unit));
        CHECK(a.nmb_mean[0] == doctest::Approx(npv.mean).epsilon(1e-12));
        CHECK(a.p_positive[0] == doctest::Approx(npv.p_positive));
        // With a gain in every draw, NMB rises with wtp in every draw: the curve cannot fall.
        if (always_gains)
          for (std::size_t k = 1; k < grid.size(); ++k) CHECK(a.p_positive[k] >= a.p_positive[k - 1]);
        for (std::size_t k = 1; k < grid.size(); ++k)
          CHECK(a.nmb_mean[k] == doctest::Approx(npv.mean + grid[k] * e.gained_mean).epsilon(1e-9).scale(1.0));
      }
    }
  for (const auto& curve : ce.evpi_society)
    for (const double v : curve) CHECK(v >= 0);
}

TEST_CASE("cost-effectiveness by hand: the base case's cost per unit, and no EVPI without PSA draws") {
  const auto s = test::load_text(R"(
werkbaat: 1
name: tiny
horizon: 12 months
discount: {costs: 0.0, effects: 0.0}
timing: end
parties: [p1]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 0}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
flows:
  coach: {payer: p1, payee: resources, at_start: "fee.{arm}"}
effects:
  in_b: {unit: months, in_state: {B: 1}}
parameters:
  move: {c: 0.0, i: 0.5}
  fee: {c: 0, i: 600}
)");
  const auto r = engine::simulate(s);
  const auto ce = analysis::summarise(s, r).cost_effectiveness;
  // Months in B with p = 0.5 a month, valued at the end of each month: sum over k of 1 - 0.5^k.
  double months = 0;
  for (int k = 1; k <= 12; ++k) months += 1 - std::pow(0.5, k);
  const auto& e = ce.comparisons[0].effects[0];
  CHECK(e.gained_base == doctest::Approx(months).epsilon(1e-12));
  CHECK(e.accounts[s.party_index("p1")].cost_per_unit_base == doctest::Approx(600 / months).epsilon(1e-12));
  CHECK(std::isnan(ce.evpi_society[0][0]));
}
