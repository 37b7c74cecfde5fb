// The engine's invariants: money is conserved, micro agrees with cohort, and a seed gives the same
// bits with any number of threads.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "../test_support.h"
#include "werkbaat/engine/parameter_draws.h"

using namespace werkbaat;

namespace {

model::Scenario bench(model::Mode mode, int draws, int clients) {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  s.simulation.mode = mode;
  s.simulation.draws = draws;
  s.simulation.clients = clients;
  return s;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

bool same_bits(const engine::DrawSet& a, const engine::DrawSet& b) {
  return a.draws == b.draws && same_bits(a.line_disc, b.line_disc) && same_bits(a.line_undisc, b.line_undisc) &&
         same_bits(a.acct_year_disc, b.acct_year_disc) && same_bits(a.acct_year_undisc, b.acct_year_undisc) &&
         same_bits(a.effect_disc, b.effect_disc) && same_bits(a.effect_undisc, b.effect_undisc) &&
         same_bits(a.payback, b.payback);
}

bool same_bits(const engine::Monthly& a, const engine::Monthly& b) {
  return same_bits(a.acct_disc, b.acct_disc) && same_bits(a.effect, b.effect);
}

// Every per-draw and monthly array of the two runs, base case included.
bool same_bits(const engine::RunResult& a, const engine::RunResult& b) {
  return same_bits(a.psa, b.psa) && same_bits(a.base, b.base) && same_bits(a.psa_monthly, b.psa_monthly) &&
         same_bits(a.base_monthly, b.base_monthly) && a.adjusted_rows == b.adjusted_rows;
}

// Checks, for every draw and arm, that the parties' books (resources included) sum to zero and
// that the parties other than resources sum to society.
void check_conservation(const engine::RunResult& r, const engine::DrawSet& ds) {
  const auto& sh = r.shape;
  for (int d = 0; d < ds.draws; ++d)
    for (int a = 0; a < sh.arms; ++a)
      for (int y = 0; y < sh.years; ++y) {
        double all = 0, scale = 0;
        for (int p = 0; p < sh.accounts - 1; ++p) {
          all += ds.acct_year(sh, true, d, a, p, y);
          scale += std::abs(ds.acct_year(sh, true, d, a, p, y));
        }
        const double society = ds.acct_year(sh, true, d, a, sh.accounts - 1, y);
        CHECK(std::abs(all) <= 1e-12 * scale);
        CHECK(std::abs(all - ds.acct_year(sh, true, d, a, 0, y) - society) <= 1e-12 * scale);
      }
}

}  // namespace

TEST_CASE("conservation: every party's books sum to society's, transfers net to zero exactly") {
  for (const char* file : {"scenarios/ips-epa-regio.yaml", "scenarios/five-state-bench.yaml"}) {
    CAPTURE(file);
    auto s = io::load_scenario(test::source_path(file));
    s.simulation.draws = 20;
    s.simulation.clients = 200;
    const auto r = engine::simulate(s);
    check_conservation(r, r.psa);
    check_conservation(r, r.base);
  }
  // A model of transfers only: society's net is exactly zero.
  const auto s = test::load_text(R"(
parties: [gemeente, client, uwv]
states: [a, b]
start: a
horizon: 24 months
arms: {comparator: c, interventions: [i]}
population: {size: 37.5}
simulation: {draws: 5}
transitions: [{from: a, to: b, probability: "p.{arm}"}]
flows:
  bijstand: {payer: gemeente, payee: client, in_state: {a: "norm * 1.37"}}
  ww: {payer: uwv, payee: client, in_state: {b: norm}, when: {arm: i}}
  bonus: {payer: {split: {gemeente: 0.3, uwv: 0.7}}, payee: client, on_transition: {from: a, to: b, amount: 333.3}}
parameters:
  norm: {gamma: {mean: 1345.45, sd: 100}, unit: EUR/month, price_year: 2025}
  p: {c: {beta: {mean: 0.1, sd: 0.02}}, i: {beta: {mean: 0.2, sd: 0.03}}}
)");
  const auto r = engine::simulate(s);
  const auto& sh = r.shape;
  for (int d = 0; d < r.psa.draws; ++d)
    for (int a = 0; a < sh.arms; ++a)
      for (int y = 0; y < sh.years; ++y) {
        CHECK(r.psa.acct_year(sh, true, d, a, sh.accounts - 1, y) == 0.0);
        CHECK(r.psa.acct_year(sh, false, d, a, sh.accounts - 1, y) == 0.0);
        CHECK(r.psa.acct_year(sh, true, d, a, 0, y) == 0.0);
      }
}

TEST_CASE("micro mean agrees with the cohort expectation within 4 Monte Carlo standard errors" *
          doctest::test_suite("slow")) {
  // Parameters fixed: draws differ only in the clients' random histories.
  auto micro = bench(model::Mode::micro, 40, 500);
  test::fix_parameters(micro);
  CHECK(test::check_micro_matches_cohort(micro).size() == 3 * 5);
}

TEST_CASE("the same seed gives the same bits with 1 and 2 threads; another seed does not") {
  for (const auto mode : {model::Mode::micro, model::Mode::cohort}) {
    const auto s = bench(mode, 9, 300);
    auto one = s.simulation, two = s.simulation;
    one.threads = 1;
    two.threads = 2;
    const auto r1 = engine::simulate(s, one);
    const auto r2 = engine::simulate(s, two);
    CHECK(same_bits(r1, r2));
    auto other_seed = one;
    other_seed.seed += 1;
    CHECK_FALSE(same_bits(r1, engine::simulate(s, other_seed)));
  }
  // One micro draw is split over the threads by clients: still the same bits.
  auto s = bench(model::Mode::micro, 1, 1001);
  auto one = s.simulation, two = s.simulation;
  one.threads = 1;
  two.threads = 2;
  CHECK(same_bits(engine::simulate(s, one), engine::simulate(s, two)));
}

TEST_CASE("common random numbers: arms with equal parameters give equal results") {
  // Two interventions that are copies of the comparator's parameters must match it exactly.
  auto s = bench(model::Mode::micro, 3, 200);
  for (auto& p : s.params)
    for (const char* arm : {".IPS", ".WabZ"}) {
      const auto at = p.path.find(arm);
      if (at == std::string::npos) continue;
      std::string reg = p.path;
      reg.replace(at, std::strlen(arm), ".regular");
      for (const auto& q : s.params)
        if (q.path == reg) p.dist = q.dist;
    }
  test::fix_parameters(s);
  const auto r = engine::simulate(s);
  const auto& sh = r.shape;
  for (int d = 0; d < r.psa.draws; ++d)
    for (int l = 0; l < sh.lines; ++l) {
      CHECK(r.psa.line(sh, true, d, 1, l) == r.psa.line(sh, true, d, 0, l));
      CHECK(r.psa.line(sh, true, d, 2, l) == r.psa.line(sh, true, d, 0, l));
    }
}

TEST_CASE("Dirichlet draws sum to one and average alpha_i / sum(alpha)" * doctest::test_suite("slow")) {
  const auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  std::vector<double> v;
  const auto& g = s.dirichlets[0];  // p.InCare: 927, 60, 10, 3
  std::vector<double> mean(g.members.size(), 0.0);
  const int n = 2000;
  for (int d = 1; d <= n; ++d) {
    engine::draw_parameters(s, 11, d, v);
    double total = 0;
    for (std::size_t k = 0; k < g.members.size(); ++k) {
      total += v[g.members[k]];
      mean[k] += v[g.members[k]] / n;
    }
    CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
  }
  const double alpha[] = {927, 60, 10, 3};
  for (std::size_t k = 0; k < 4; ++k) {
    const double m = alpha[k] / 1000, sd = std::sqrt(m * (1 - m) / 1001);
    CHECK(std::abs(mean[k] - m) < 4 * sd / std::sqrt(double(n)));
  }
  engine::draw_parameters(s, 11, 0, v);
  CHECK(v[g.members[1]] == doctest::Approx(0.060).epsilon(1e-12));
}

TEST_CASE("a value that is not a finite number in a draw is an error naming the flow, the draw and the group") {
  const auto s = test::load_text(R"(
parties: [p1]
states: [A, B]
start: A
horizon: 12 months
arms: {comparator: c, interventions: [i]}
population: {size: 10, severity: {epa: 1}}
simulation: {draws: 50}
transitions: [{from: A, to: B, probability: 0.1}]
flows:
  care: {payer: p1, payee: resources, in_state: {A: "1e308 * x"}, when: {arm: i}}
parameters:
  x: {uniform: {min: 0, max: 2}}
)");
  // The first draw whose x exceeds DBL_MAX / 1e308 = 1.797...: there 1e308 * x is infinite.
  std::vector<double> v;
  int first = 0;
  for (int d = 1; d <= 50 && first == 0; ++d) {
    engine::draw_parameters(s, s.simulation.seed, d, v);
    if (!std::isfinite(1e308 * v[s.parameter_index("x")])) first = d;
  }
  REQUIRE(first > 0);
  for (const int threads : {1, 2}) {
    auto sim = s.simulation;
    sim.threads = threads;
    CHECK_THROWS_WITH_AS(engine::simulate(s, sim),
                         ("test.yaml:11:53: flows.care.in_state.A: the value is inf in draw " + std::to_string(first) +
                          " (arm i, severity=epa), but an amount, probability or rate must be a finite number; look "
                          "for a division by zero or a distribution without a finite mean")
                             .c_str(),
                         InputError);
  }
}
