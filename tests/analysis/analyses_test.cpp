// Settlement, tornado, break-even and value of information on cases computed by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"
#include "werkbaat/analysis/analyses.h"

using namespace werkbaat;
using namespace werkbaat::analysis;

namespace {

PartyDraws party(const std::string& name, std::vector<double> inv, std::vector<double> ret) {
  return {name, std::move(inv), std::move(ret)};
}

double total_transfer_balance(const std::vector<Transfer>& t, const std::string& who) {
  double b = 0;
  for (const auto& x : t) b += (x.to == who ? x.present_value : 0.0) - (x.from == who ? x.present_value : 0.0);
  return b;
}

// A linear model: p1 pays a + 2b a month in arm i for 12 months, p2 gets c a month in arm i.
const char* kLinear = R"(
parties: [p1, p2]
states: [A, B]
start: A
horizon: 12
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

TEST_CASE("settlement: two parties, by hand") {
  // A invests 100 and gets 40 back; B invests nothing and gets 110. C = 100, R = 150.
  const auto st = settle("ips", 50, {party("A", {100, 100}, {40, 40}), party("B", {0, 0}, {110, 110})}, 2.0);
  const auto& prop = st.rules[0];
  REQUIRE(prop.proposed);
  // Proportional: A pays 100 * 40/150 = 26.67 and nets 13.33; B pays 73.33 and nets 36.67.
  CHECK(prop.parties[0].proposed_payment == doctest::Approx(100.0 * 40 / 150));
  CHECK(prop.parties[0].proposed_net == doctest::Approx(40.0 / 3));
  CHECK(prop.parties[1].proposed_net == doctest::Approx(110.0 / 3));
  // Same return per euro invested: 40 / 26.67 = 110 / 73.33 = 1.5.
  CHECK(prop.parties[0].ret / prop.parties[0].proposed_payment ==
        doctest::Approx(prop.parties[1].ret / prop.parties[1].proposed_payment));
  REQUIRE(prop.transfers.size() == 1);
  CHECK(prop.transfers[0].from == "B");
  CHECK(prop.transfers[0].to == "A");
  CHECK(prop.transfers[0].present_value == doctest::Approx(40.0 / 3 + 60));
  CHECK(prop.transfers[0].per_year == doctest::Approx((40.0 / 3 + 60) / 2));
  // Repay, then share equally: each nets 25; B pays A 85.
  const auto& eq = st.rules[1];
  CHECK(eq.parties[0].proposed_net == doctest::Approx(25));
  CHECK(eq.parties[1].proposed_net == doctest::Approx(25));
  REQUIRE(eq.transfers.size() == 1);
  CHECK(eq.transfers[0].present_value == doctest::Approx(85));
  CHECK(eq.parties[0].p_positive_current == 0.0);
  CHECK(eq.parties[0].p_positive_proposed == 1.0);
}

TEST_CASE("settlement: four parties; transfers sum to zero and reach the targets") {
  const auto st = settle("wabz", 90,
                         {party("gemeente", {300}, {200}), party("uwv", {50}, {20}), party("zvw", {0}, {160}),
                          party("rijk", {0}, {60})},
                         1.0);
  for (const auto& rule : st.rules) {
    REQUIRE(rule.proposed);
    double sum = 0;
    for (const auto& p : rule.parties) {
      CHECK(p.proposed_net >= 0);
      CHECK(total_transfer_balance(rule.transfers, p.party) == doctest::Approx(p.proposed_net - p.current_net));
      sum += total_transfer_balance(rule.transfers, p.party);
    }
    CHECK(sum == doctest::Approx(0).epsilon(1e-12));
    CHECK(rule.transfers.size() <= 3);
  }
  // Proportional: C = 350, R = 440; gemeente's share 200/440 of 350.
  CHECK(st.rules[0].parties[0].proposed_payment == doctest::Approx(350.0 * 200 / 440));
  // Equal: surplus 90 shared by four.
  CHECK(st.rules[1].parties[3].proposed_net == doctest::Approx(22.5));
}

TEST_CASE("settlement: when society loses, no split is proposed and the reason says so") {
  const auto st = settle("ips", -20, {party("A", {100}, {50}), party("B", {0}, {30})}, 1.0);
  for (const auto& rule : st.rules) {
    CHECK_FALSE(rule.proposed);
    CHECK(rule.transfers.empty());
    CHECK(st.verdict == SplitVerdict::society_loses);
    CHECK(rule.parties[0].proposed_net == rule.parties[0].current_net);
  }
  // Society gains (through the client) but the financiers do not: said plainly too.
  const auto st2 = settle("ips", 20, {party("A", {100}, {50}), party("B", {0}, {30})}, 1.0);
  CHECK_FALSE(st2.rules[0].proposed);
  CHECK(st2.verdict == SplitVerdict::financiers_lose);
}

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

TEST_CASE("analyses run from a scenario and land in the results") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa-regio.yaml"));
  s.simulation.draws = 60;
  s.analyses.breakeven = {{"ggz.work_multiplier.epa", 0.3, 1.0, true}};
  const auto r = engine::simulate(s);
  using model::Analysis;
  const auto a = run_analyses(s, r, {Analysis::settlement, Analysis::tornado, Analysis::breakeven, Analysis::voi});
  CHECK(a.ran.size() == 4);
  CHECK(a.settlement.size() == 1);
  CHECK(!a.tornado[0].bars.empty());
  CHECK(a.voi.draws == 60);
  CHECK(a.voi.accounts.back().account == "society");
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
