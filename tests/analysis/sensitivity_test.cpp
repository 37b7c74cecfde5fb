// One-way sensitivity and break-even on a linear model whose answers are known.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"
#include "werkbaat/analysis/sensitivity.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

using namespace werkbaat;
using namespace werkbaat::analysis;

namespace {

// A linear model: p1 pays a + 2b a month in arm i for 12 months, p2 gets c a month in arm i.
const char* kLinear = R"(
parties: [p1, p2]
states: [A, B]
start: A
horizon: 12 months
discount: {costs: 0, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 0}
transitions: [{from: A, to: B, probability: 0}]
flows:
  cost: {payer: p1, payee: resources, in_state: {A: "a + 2 * b"}, when: {arm: i}}
  gain: {payer: resources, payee: p2, in_state: {A: c}, when: {arm: i}}
parameters:
  a: {uniform: {min: 0, max: 10}}
  b: {normal: {mean: 5, sd: 1}}
  c: 30
)";

}  // namespace

TEST_CASE("tornado: a linear model's swings are known") {
  const auto s = test::load_text(kLinear);
  const auto t = tornado(s, s.simulation, {});
  REQUIRE(t.size() == 1);
  REQUIRE(t[0].bars.size() == 2);  // a and b; c is fixed
  const int p1 = s.party_index("p1");
  // a: 0.25 .. 9.75, swing 12 * 9.5 = 114; b: 5 -+ 1.96, swing 12 * 2 * 3.92 = 94.08.
  CHECK(t[0].bars[0].parameter == "a");
  CHECK(t[0].bars[0].low == doctest::Approx(0.25));
  CHECK(t[0].bars[0].high == doctest::Approx(9.75));
  CHECK(t[0].bars[0].swing == doctest::Approx(114).epsilon(1e-12));
  CHECK(t[0].bars[1].parameter == "b");
  CHECK(t[0].bars[1].swing == doctest::Approx(12 * 2 * 2 * 1.959963984540054).epsilon(1e-12));
  CHECK(t[0].bars[0].npv_low[p1] == doctest::Approx(-12 * (0.25 + 10)).epsilon(1e-12));
  CHECK(t[0].base_npv.back() == doctest::Approx(12 * 30 - 12 * 15).epsilon(1e-12));
  // Given ranges replace the percentiles.
  TornadoOptions o;
  o.parameters = {"b"};
  o.ranges = {{"b", {4.0, 7.0}}};
  CHECK(tornado(s, s.simulation, o)[0].bars[0].swing == doctest::Approx(12 * 2 * 3).epsilon(1e-12));
}

TEST_CASE("break-even: a known root, and none") {
  const auto s = test::load_text(kLinear);
  // Society: 12 c - 12 (a + 2 b) = 0 at c = 15 (a, b at their means 5, 5).
  const auto b = break_even(s, s.simulation, "c", 0, 100);
  bool seen_society = false, seen_p1 = false;
  for (const auto& x : b) {
    if (x.account == "society") {
      CHECK(x.found);
      CHECK(x.value == doctest::Approx(15).epsilon(1e-9));
      seen_society = true;
    }
    if (x.account == "p1") {  // p1's NPV does not depend on c
      CHECK_FALSE(x.found);
      CHECK(x.npv_low == doctest::Approx(-180));
      seen_p1 = true;
    }
  }
  CHECK(seen_society);
  CHECK(seen_p1);
  for (const auto& x : break_even(s, s.simulation, "c", 20, 100))
    if (x.account == "society") CHECK_FALSE(x.found);
}


TEST_CASE("tornado and break-even move a parameter that has a point estimate") {
  // b's base case is its point, 6; its bar runs over its distribution's 2.5% and 97.5%.
  const auto s = test::load_text(std::string(kLinear) + "set: {b: {normal: {mean: 5, sd: 1}, point: 6}}\n");
  const auto t = tornado(s, s.simulation, {});
  const int p1 = s.party_index("p1");
  CHECK(t[0].base_npv.back() == doctest::Approx(12 * 30 - 12 * (5 + 2 * 6)).epsilon(1e-12));
  REQUIRE(t[0].bars[1].parameter == "b");
  CHECK(t[0].bars[1].npv_low[p1] == doctest::Approx(-12 * (5 + 2 * (5 - 1.959963984540054))).epsilon(1e-12));
  CHECK(t[0].bars[1].swing == doctest::Approx(12 * 2 * 2 * 1.959963984540054).epsilon(1e-12));
  // Society: 12 * 30 - 12 (5 + 2 b) = 0 at b = 12.5.
  for (const auto& x : break_even(s, s.simulation, "b", 0, 20))
    if (x.account == "society") {
      CHECK(x.found);
      CHECK(x.value == doctest::Approx(12.5).epsilon(1e-9));
    }
}

TEST_CASE("tornado: each bar is the NPV of a fresh run with that one value, to the bit") {
  // The tornado runs every bar on one prepared run; each must equal a run made from scratch with
  // the value set, a Dirichlet component (its siblings rescaled) and a point estimate included.
  const auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  TornadoOptions o;
  o.parameters = {"rr_emp.IPS", "p.Trajectory.Employed", "cost.municipality.InCare"};
  const auto t = tornado(s, s.simulation, o);
  for (const auto& bar : t[0].bars) {
    const int p = s.parameter_index(bar.parameter);
    const auto fresh = [&](double v) {
      model::Scenario one = s;
      const int g = one.params[p].dirichlet;
      if (g < 0) {
        one.params[p].point = v;
      } else {
        double a0 = 0;
        for (const int m : one.dirichlets[g].members) a0 += one.params[m].dist.a;
        for (const int m : one.dirichlets[g].members)
          one.params[m].point = m == p ? v : (1 - v) * one.params[m].dist.a / (a0 - one.params[p].dist.a);
      }
      model::SimulationSettings sim = s.simulation;
      sim.draws = 0;
      const auto r = engine::simulate(one, sim);
      return r.base.npv(r.shape, 0, 1, r.shape.accounts - 1);
    };
    CHECK_MESSAGE(bar.npv_low.back() == fresh(bar.low), bar.parameter);
    CHECK_MESSAGE(bar.npv_high.back() == fresh(bar.high), bar.parameter);
    CHECK_MESSAGE(bar.swing > 0, bar.parameter);
  }
}
