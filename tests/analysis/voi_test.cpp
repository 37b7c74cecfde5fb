// Value of information: EVPI and EVPPI on cases computed by hand.
#include <doctest/doctest.h>

#include <cmath>

#include <vector>

#include "werkbaat/analysis/analyses.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

using namespace werkbaat::analysis;

TEST_CASE("EVPI: zero when all draws agree; a hand-computed case") {
  CHECK(evpi({{0, 0, 0}, {5, 1, 2}}).value == 0.0);
  // Options 0 and NB = (10, -20, 4, -2): E[max] = (10 + 0 + 4 + 0) / 4 = 3.5; max E = max(0, -2) = 0.
  const auto v = evpi({{0, 0, 0, 0}, {10, -20, 4, -2}});
  CHECK(v.value == doctest::Approx(3.5));
  // Its standard error: the loss against the best option (0) is (10, 0, 4, 0).
  CHECK(v.se == doctest::Approx(std::sqrt((6.5 * 6.5 + 0.5 * 0.5 + 2 * 3.5 * 3.5) / 3 / 4)));
}

TEST_CASE("EVPPI: a parameter that decides is worth the EVPI; noise is worth nothing") {
  const int S = 2000;
  std::vector<std::vector<double>> nb = {std::vector<double>(S, 0.0), std::vector<double>(S)};
  std::vector<std::vector<double>> decisive(S, std::vector<double>(1)), noise(S, std::vector<double>(1));
  for (int d = 0; d < S; ++d) {
    const double x = (d + 0.5) / S - 0.5;           // uniform on (-0.5, 0.5)
    const double z = std::sin(12.9898 * d) * 0.5;   // unrelated to x
    nb[1][d] = 100 * x;
    decisive[d][0] = x;
    noise[d][0] = z;
  }
  const double total = evpi(nb).value;  // E[max(0, 100x)] = 12.5
  CHECK(total == doctest::Approx(12.5).epsilon(0.01));
  CHECK(evppi(nb, decisive, 1).value == doctest::Approx(total).epsilon(0.02));
  CHECK(evppi(nb, noise, 1).value < 0.05 * total);
}

TEST_CASE("EVPPI with more parameters than the draws support keeps every linear term") {
  // 20 parameters, 100 draws: the cubic basis (61 columns) is too wide, the linear one is used;
  // the decision depends on the last parameter only.
  const int S = 100, k = 20;
  std::vector<std::vector<double>> nb = {std::vector<double>(S, 0.0), std::vector<double>(S)};
  std::vector<std::vector<double>> in(S, std::vector<double>(k));
  for (int d = 0; d < S; ++d) {
    for (int c = 0; c < k; ++c) in[d][c] = std::sin(1.0 + d * (c + 1.7));
    nb[1][d] = 100 * in[d][k - 1];
  }
  const double total = evpi(nb).value;
  CHECK(total > 0);
  CHECK(evppi(nb, in, 3).value == doctest::Approx(total).epsilon(0.01));
}

TEST_CASE("value of information keeps to what theory allows: EVPPI <= EVPI, and an unused parameter is worth 0") {
  const auto s = werkbaat::io::load_scenario_text(R"(
parties: [p1]
states: [A, B]
start: A
horizon: 12 months
discount: {costs: 0, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {size: 1, benefit: {bijstand: 1}}
simulation: {draws: 40, mode: cohort}
transitions: [{from: A, to: B, probability: 0}]
flows:
  cost: {payer: p1, payee: resources, in_state: {A: "a * 10"}, when: {arm: i}}
  gain: {payer: resources, payee: p1, in_state: {A: 50}, when: {arm: i}}
  ww: {payer: p1, payee: resources, in_state: {A: w}, when: {benefit: ww}}
parameters:
  a: {uniform: {min: 0, max: 10}}
  w: {uniform: {min: 0, max: 100}}
  n1: {normal: {mean: 0, sd: 1}}
  n2: {normal: {mean: 0, sd: 1}}
  n3: {normal: {mean: 0, sd: 1}}
analyses:
  voi:
    groups: {decisive: [a], ww_nobody_has: [w], noise: [a, n1, n2, n3]}
)",
                                                   "voi.yaml");
  const auto r = werkbaat::engine::simulate(s);
  const auto a = run_analyses(s, r, {werkbaat::model::Analysis::voi});
  REQUIRE(a.voi.accounts.size() == 2);  // p1 and society
  for (const auto& account : a.voi.accounts) {
    CAPTURE(account.account);
    REQUIRE(account.groups.size() == 3);
    CHECK(account.evpi.value > 0);
    for (const auto& g : account.groups) CHECK(g.value.value <= account.evpi.value);
    CHECK(account.groups[1].group == "ww_nobody_has");
    CHECK(account.groups[1].value.value == 0.0);  // no client receives WW: no flow reads w
    CHECK(account.groups[1].value.se == 0.0);
  }
  REQUIRE(a.voi.warnings.size() == 1);
  CHECK(a.voi.warnings[0] == "EVPPI from 40 draws is biased upward; use 1000 draws or more for values to rely on");
}
