// An open population: clients enter evenly over the inflow months.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"

using namespace werkbaat;

TEST_CASE("inflow: entries and months in a state are counted per entry month, in both modes") {
  const char* text = R"(
parties: [p1]
states: [A, B]
start: A
horizon: 24 months
discount: {costs: 0.05, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {inflow: {per_year: 12, years: 1}}
simulation: {draws: 0, clients: 12}
transitions: [{from: A, to: B, probability: 0}]
flows:
  intake: {payer: p1, payee: resources, at_start: 100}
  support: {payer: p1, payee: resources, in_state: {A: 10}}
)";
  for (const auto mode : {model::Mode::cohort, model::Mode::micro}) {
    auto s = test::load_text(text);
    s.simulation.mode = mode;
    const auto r = engine::simulate(s);
    const auto& sh = r.shape;
    // One client enters at t = m/12 for m = 0..11; each stays in A from month m+1 to 24.
    CHECK(r.base.line(sh, false, 0, 0, 0) == doctest::Approx(1200).epsilon(1e-12));
    double intake = 0;
    for (int m = 0; m < 12; ++m) intake += 100 * std::pow(1.05, -m / 12.0);
    CHECK(r.base.line(sh, true, 0, 0, 0) == doctest::Approx(intake).epsilon(1e-12));
    CHECK(r.base.line(sh, false, 0, 0, 1) == doctest::Approx(10.0 * (24 * 12 - 66)).epsilon(1e-12));
    // Calendar year 1 holds all entries; support: 1 + 2 + ... + 12 client-months in year 1.
    CHECK(r.base.acct_year(sh, false, 0, 0, 1, 0) == doctest::Approx(-(1200 + 10.0 * 78)).epsilon(1e-12));
  }
}

TEST_CASE("an inflow longer than the horizon is refused") {
  CHECK_THROWS_WITH_AS(test::load_text(R"(
parties: [p1]
states: [A, B]
start: A
horizon: 12 months
arms: {comparator: c, interventions: [i]}
population: {inflow: {per_year: 12, years: 2}}
transitions: [{from: A, to: B, probability: 0}]
)"),
                       "test.yaml:7:22: population.inflow: the inflow lasts 24 months, longer than the horizon of 12",
                       InputError);
}
