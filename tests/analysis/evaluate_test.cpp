// The one pipeline: overrides are a value, the scenario's analyses run, and what it cannot do is
// bad input.
#include <doctest/doctest.h>

#include <cstring>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"

using namespace werkbaat;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("overrides change the run, not the scenario, and equal the same settings written in the file") {
  const auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 7;
  o.overrides.mode = model::Mode::cohort;
  o.overrides.clients = 300;
  o.overrides.seed = 99;
  const auto e = analysis::evaluate(s, o);
  CHECK(e.result.simulation.draws == 7);
  CHECK(e.result.simulation.mode == model::Mode::cohort);
  CHECK(e.result.psa.draws == 7);
  CHECK(s.simulation.mode == model::Mode::micro);  // the scenario as loaded
  auto written = s;
  written.simulation = o.overrides.applied_to(s.simulation);
  const auto w = analysis::evaluate(written);
  CHECK(same_bits(e.result.psa.acct_year_disc, w.result.psa.acct_year_disc));
  CHECK_FALSE(e.analyses);
}

TEST_CASE("the scenario's analyses.run and the asked-for analyses run together, in the table's order") {
  const auto s = test::load_text(R"(
parties: [p1, p2]
states: [A, B]
start: A
horizon: 12 months
discount: {costs: 0, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 20}
transitions: [{from: A, to: B, probability: 0}]
flows:
  cost: {payer: p1, payee: resources, in_state: {A: a}, when: {arm: i}}
  gain: {payer: resources, payee: p2, in_state: {A: 30}, when: {arm: i}}
parameters:
  a: {uniform: {min: 0, max: 10}}
analyses: {run: [tornado]}
)");
  analysis::EvaluateOptions o;
  o.analyses = {model::Analysis::settlement};
  const auto e = analysis::evaluate(s, o);
  REQUIRE(e.analyses);
  CHECK(e.analyses->ran == std::vector<model::Analysis>{model::Analysis::settlement, model::Analysis::tornado});
  // p1 invests a mean of the uniform draws a month for 12 months: the settlement's expected
  // investment is the summary's mean investment.
  const auto& p1 = e.analyses->settlement[0].rules[0].parties[0];
  CHECK(p1.party == "p1");
  CHECK(p1.investment == doctest::Approx(e.summary.comparisons[0].accounts[s.party_index("p1")].investment.mean));
  o.scenario_analyses = false;
  CHECK(analysis::evaluate(s, o).analyses->ran == std::vector<model::Analysis>{model::Analysis::settlement});
}

TEST_CASE("settlement without PSA draws is bad input, named as such") {
  const auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 0;
  o.analyses = {model::Analysis::settlement};
  CHECK_THROWS_WITH_AS(analysis::evaluate(s, o),
                       (test::source_path("scenarios/five-state-bench.yaml") +
                        ": simulation.draws: settlement needs PSA draws: set simulation.draws (or --draws) above 0")
                           .c_str(),
                       InputError);
}
