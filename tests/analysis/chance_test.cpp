// A small pilot's own spread: micro mode with the real clients splits the chance of what those
// few people do from what is not known about the parameters.
#include <doctest/doctest.h>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/results_doc.h"

using namespace werkbaat;

namespace {

model::Scenario pilot(int clients) {
  auto s = test::load_text(R"(
parties: [gemeente, client]
states: [zoek, werk]
start: zoek
horizon: 24 months
arms: {comparator: c, interventions: [i]}
population: {size: 40}
simulation: {mode: micro, draws: 200, clients: 40}
transitions:
  - {from: zoek, to: werk, probability: "find.{arm}"}
  - {from: werk, to: zoek, probability: 0.05}
flows:
  bijstand: {payer: gemeente, payee: client, in_state: {zoek: 1300}}
parameters:
  find: {c: {beta: {mean: 0.03, sd: 0.01}}, i: {beta: {mean: 0.06, sd: 0.02}}}
)");
  s.simulation.clients = clients;
  return s;
}

const analysis::AccountResult& gemeente(const analysis::Evaluation& e) { return e.summary.comparisons[0].accounts[1]; }

}  // namespace

TEST_CASE("the real clients one for one: chance and parameters are told apart") {
  const auto e = analysis::evaluate(pilot(40));
  const auto& g = gemeente(e);
  REQUIRE(g.account == "gemeente");
  REQUIRE(g.chance);
  // Both kinds of uncertainty matter for 40 people with uncertain hazards.
  CHECK(g.chance->chance_share > 0.05);
  CHECK(g.chance->chance_share < 0.95);
  // Without the chance the spread is smaller, around the same centre.
  CHECK(g.chance->npv_parameters.sd < g.npv.sd);
  CHECK(std::abs(g.chance->npv_parameters.mean - g.npv.mean) < 3 * g.npv.mcse + 1e-9);
  // It reaches results.json.
  const auto doc = io::results_doc(pilot(40), e);
  CHECK(doc.comparisons[0].accounts[1].chance);
  // And summary.csv.
  const auto dir = test::fresh_dir("chance");
  io::write_results((dir / "out").string(), doc);
  const std::string csv = test::slurp(dir / "out" / "summary.csv");
  CHECK(csv.find(",gemeente,npv,chance_share_of_variance,") != std::string::npos);
  CHECK(csv.find(",gemeente,npv_parameters_only,p97.5,") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("with the parameters known, all of a pilot's spread is chance") {
  auto s = pilot(40);
  test::fix_parameters(s);
  const auto e = analysis::evaluate(s);
  REQUIRE(gemeente(e).chance);
  CHECK(gemeente(e).chance->chance_share > 0.9);
  CHECK(gemeente(e).chance->npv_parameters.sd < 1e-6 * std::abs(gemeente(e).chance->npv_parameters.mean));
}

TEST_CASE("more simulated clients than the population has: no split (the run is an estimate of the mean)") {
  const auto e = analysis::evaluate(pilot(4000));
  CHECK_FALSE(gemeente(e).chance);
}
