// A run split into parts (shards, MPI ranks) and merged is the run made at once, to the bit.
#include <doctest/doctest.h>

#include <cstring>

#include "../test_support.h"
#include "werkbaat/engine/simulate.h"

using namespace werkbaat;

namespace {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void check_same(const engine::RunResult& a, const engine::RunResult& b) {
  CHECK(a.has_base == b.has_base);
  CHECK(a.psa.draws == b.psa.draws);
  for (const auto ds : {&engine::RunResult::base, &engine::RunResult::psa}) {
    CHECK(same_bits((a.*ds).line_disc, (b.*ds).line_disc));
    CHECK(same_bits((a.*ds).line_undisc, (b.*ds).line_undisc));
    CHECK(same_bits((a.*ds).acct_year_disc, (b.*ds).acct_year_disc));
    CHECK(same_bits((a.*ds).acct_year_undisc, (b.*ds).acct_year_undisc));
    CHECK(same_bits((a.*ds).effect_disc, (b.*ds).effect_disc));
    CHECK(same_bits((a.*ds).effect_undisc, (b.*ds).effect_undisc));
    CHECK(same_bits((a.*ds).payback, (b.*ds).payback));
  }
  for (const auto m : {&engine::RunResult::base_monthly, &engine::RunResult::psa_monthly}) {
    CHECK(same_bits((a.*m).acct_disc, (b.*m).acct_disc));
    CHECK(same_bits((a.*m).effect, (b.*m).effect));
    CHECK(same_bits((a.*m).line_year_disc, (b.*m).line_year_disc));
    CHECK(same_bits((a.*m).line_year_undisc, (b.*m).line_year_undisc));
    CHECK(same_bits((a.*m).line_month, (b.*m).line_month));
  }
  CHECK(same_bits(a.psa_cumulative, b.psa_cumulative));
  CHECK(same_bits(a.by_group.npv_base, b.by_group.npv_base));
  CHECK(same_bits(a.by_group.npv_sum, b.by_group.npv_sum));
  CHECK(same_bits(a.by_group.npv_sumsq, b.by_group.npv_sumsq));
  CHECK(same_bits(a.by_group.npv_positive, b.by_group.npv_positive));
  CHECK(same_bits(a.by_group.effect_base, b.by_group.effect_base));
  CHECK(same_bits(a.by_group.effect_sum, b.by_group.effect_sum));
  CHECK(a.adjusted_rows == b.adjusted_rows);
}

engine::RunResult in_parts(const model::Scenario& s, const model::SimulationSettings& sim, int n) {
  std::vector<engine::RunResult> parts;
  for (int k = n; k >= 1; --k)  // in any order
    parts.push_back(engine::simulate(s, sim, engine::DrawRange::part(k, n, sim.draws, sim.base_case)));
  return engine::merge(std::move(parts));
}

}  // namespace

TEST_CASE("shards: parts of whole blocks, as even as the blocks allow; part 1 has the base case") {
  const auto p = engine::DrawRange::part(2, 3, 100, true);  // 4 blocks of 32: 1 + 1 + 2 blocks
  CHECK(p.first == 33);
  CHECK(p.count == 32);
  CHECK_FALSE(p.base);
  const auto last = engine::DrawRange::part(3, 3, 100, true);
  CHECK(last.first == 65);
  CHECK(last.count == 36);
  CHECK(engine::DrawRange::part(1, 3, 100, true).base);
  CHECK_THROWS_WITH_AS(engine::DrawRange::part(1, 5, 100, true),
                       "100 draws make 4 blocks of up to 32 draws, the smallest part a run splits into; use at most 4 "
                       "parts, or more draws",
                       std::invalid_argument);
  CHECK_THROWS_AS(engine::DrawRange::part(0, 2, 100, true), std::invalid_argument);
  // A part that does not begin at a block could not be merged to the bits of one run.
  const model::Scenario s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  CHECK_THROWS_AS(engine::simulate(s, s.simulation, engine::DrawRange{5, 10, false, true}), std::invalid_argument);
  CHECK_THROWS_AS(engine::DrawRange::part(3, 2, 100, true), std::invalid_argument);
}

TEST_CASE("shards: 1, 2 and 3 parts merged give the bits of one run, cohort and micro, with any threads") {
  const model::Scenario s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  for (const auto mode : {model::Mode::cohort, model::Mode::micro}) {
    model::SimulationSettings sim = s.simulation;
    sim.mode = mode;
    sim.draws = 70;  // 3 blocks of up to 32: the fewest that split into 3 parts
    sim.clients = 200;
    sim.threads = 2;
    const engine::RunResult whole = engine::simulate(s, sim);
    CHECK_FALSE(whole.part);
    for (const int n : {1, 2, 3}) {
      CAPTURE(n);
      sim.threads = n == 2 ? 1 : 2;
      check_same(whole, in_parts(s, sim, n));
    }
  }
}

TEST_CASE("shards: a missing or doubled part is an error, never a smaller run") {
  const model::Scenario s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  model::SimulationSettings sim = s.simulation;
  sim.mode = model::Mode::cohort;
  sim.draws = 70;
  const auto part = [&](int k) { return engine::simulate(s, sim, engine::DrawRange::part(k, 3, sim.draws, true)); };
  CHECK_THROWS_WITH_AS(engine::merge({part(1), part(3)}), "draws 33 to 64 are in no part", std::invalid_argument);
  CHECK_THROWS_WITH_AS(engine::merge({part(1), part(2)}), "draws 65 to 70 are in no part", std::invalid_argument);
  CHECK_THROWS_WITH_AS(engine::merge({part(1), part(2), part(2), part(3)}), "draw 33 is in two parts",
                       std::invalid_argument);
  // Parts that disagree in shape, claim more draws than the run has, or lack blocks (a forged or
  // mixed-up file) are refused before anything is copied.
  auto odd = part(2);
  odd.shape.lines -= 1;
  CHECK_THROWS_WITH_AS(engine::merge({part(1), odd, part(3)}),
                       "the parts differ in shape or settings: they are not parts of one run", std::invalid_argument);
  odd = part(3);
  odd.first_draw = 60;
  CHECK_THROWS_AS(engine::merge({part(1), part(2), odd}), std::invalid_argument);
  odd = part(2);
  odd.blocks.clear();
  CHECK_THROWS_AS(engine::merge({part(1), odd, part(3)}), std::invalid_argument);
  odd = part(2);
  odd.has_base = true;
  CHECK_THROWS_WITH_AS(engine::merge({part(1), odd, part(3)}), "only the first part may hold the base case",
                       std::invalid_argument);
}
