// Each party's result by line, by category and per arm: the parts add up to the totals.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/model/accounts.h"

using namespace werkbaat;

namespace {

// Two categories; p1 pays a benefit to p2 and care to the outside; p2 pays a fee on a move.
const char* kTwoCategories = R"(
werkbaat: 1
name: two categories
horizon: 24 months
discount: {costs: 0.03, effects: 0.0}
timing: end
parties: [p1, p2]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 10}
simulation: {mode: cohort, draws: 30, seed: 7}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
categories:
  benefits: {nl: Uitkeringen, en: Benefits}
  care: {nl: Zorg, en: Care}
flows:
  benefit: {category: benefits, payer: p1, payee: p2, in_state: {A: amount.benefit}}
  care: {category: care, payer: p1, payee: resources, in_state: {B: amount.care}}
  fee: {payer: p2, payee: resources, on_transition: {from: A, to: B, amount: 50}}
parameters:
  move: {c: 0.1, i: {beta: {mean: 0.3, sd: 0.05}}}
  amount:
    benefit: {gamma: {mean: 100, sd: 10}, unit: EUR/month, price_year: 2025}
    care: 40
)";

double agree(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

void check_parts_add_up(const analysis::Summary& sum) {
  for (const auto& c : sum.comparisons)
    for (const auto& a : c.accounts) {
      INFO("arm ", c.arm, ", account ", a.account);
      double npv = 0, inv = 0, ret = 0, base = 0;
      for (const auto& l : a.lines) npv += l.npv.mean, inv += l.investment.mean, ret += l.ret.mean, base += l.npv.base;
      CHECK(agree(npv, a.npv.mean));
      CHECK(agree(inv, a.investment.mean));
      CHECK(agree(ret, a.ret.mean));
      if (sum.has_base) CHECK(agree(base, a.npv.base));
      double cat_npv = 0, cat_inv = 0;
      for (const auto& k : a.categories) cat_npv += k.npv.mean, cat_inv += k.investment.mean;
      CHECK(agree(cat_npv, npv));
      CHECK(agree(cat_inv, inv));
      for (std::size_t y = 0; y < a.annual.size(); ++y) {
        double year = 0;
        for (const auto& l : a.lines) year += l.annual_mean[y];
        CHECK(agree(year, a.annual[y].mean));
      }
    }
}

}  // namespace

TEST_CASE("a party's lines and categories add up to its investment, return and NPV, in total and per year") {
  const auto s = test::load_text(kTwoCategories);
  const auto r = engine::simulate(s);
  const auto sum = analysis::summarise(s, r);
  check_parts_add_up(sum);
  // The fee names no category: it is 'overig'.
  REQUIRE(s.categories.size() == 3);
  CHECK(s.categories[2].id == "overig");
  // p1 touches benefit and care, p2 benefit and fee, society care and fee (the benefit is a transfer).
  const auto& cmp = sum.comparisons[0];
  const auto lines_of = [&](const std::string& account) {
    std::vector<std::string> out;
    for (const auto& a : cmp.accounts)
      if (a.account == account)
        for (const auto& l : a.lines) out.push_back(s.lines[l.line].name);
    return out;
  };
  CHECK(lines_of("p1") == std::vector<std::string>{"benefit", "care"});
  CHECK(lines_of("p2") == std::vector<std::string>{"benefit", "fee"});
  CHECK(lines_of("society") == std::vector<std::string>{"care", "fee"});
}

TEST_CASE("by hand: a line's part is its payer's loss and its payee's gain, and either investment or return") {
  const auto s = test::load_text(kTwoCategories);
  model::SimulationSettings sim = s.simulation;
  sim.draws = 0;
  const auto r = engine::simulate(s, sim);
  const auto sum = analysis::summarise(s, r);
  // Benefit in A: 100 a month while in A, discounted at the end of month k; A's occupancy after k
  // months is (1 - p)^k. The intervention moves more clients out of A, so p1 pays less benefit.
  const auto benefit = [](double p) {
    double t = 0;
    for (int k = 1; k <= 24; ++k) t += 10 * 100 * std::pow(1 - p, k) * std::pow(1.03, -k / 12.0);
    return t;
  };
  const double saved = benefit(0.1) - benefit(0.3);
  for (const auto& a : sum.comparisons[0].accounts) {
    for (const auto& l : a.lines) {
      if (s.lines[l.line].name != "benefit") continue;
      const double expect = a.account == "p1" ? saved : -saved;
      CHECK(l.npv.base == doctest::Approx(expect).epsilon(1e-12));
      CHECK(l.ret.base == doctest::Approx(std::max(expect, 0.0)).epsilon(1e-12));
      CHECK(l.investment.base == doctest::Approx(std::max(-expect, 0.0)).epsilon(1e-12));
    }
  }
}

TEST_CASE("per arm, what a party pays and receives differs between arms by exactly its budget impact") {
  for (const char* file : {"scenarios/ips-epa.yaml", "scenarios/five-state-bench.yaml"}) {
    INFO(file);
    auto s = io::load_scenario(test::source_path(file));
    model::SimulationSettings sim = s.simulation;
    sim.draws = 20;
    sim.mode = model::Mode::cohort;
    const auto r = engine::simulate(s, sim);
    const auto sum = analysis::summarise(s, r);
    check_parts_add_up(sum);
    for (std::size_t arm = 0; arm < s.arms.size(); ++arm)
      for (std::size_t acct = 0; acct < sum.budgets[arm].size(); ++acct) {
        const auto& b = sum.budgets[arm][acct];
        for (std::size_t y = 0; y < b.paid.size(); ++y) {
          CHECK(agree(b.received[y] - b.paid[y], sum.annual_by_arm[arm][acct][y]));
          double by_cat = 0;
          for (std::size_t c = 0; c < s.categories.size(); ++c) by_cat += b.received_by_category[c][y] - b.paid_by_category[c][y];
          CHECK(agree(by_cat, b.received[y] - b.paid[y]));
          if (arm == 0) continue;
          const auto& b0 = sum.budgets[0][acct];
          const double impact = (b.received[y] - b.paid[y]) - (b0.received[y] - b0.paid[y]);
          CHECK(agree(impact, sum.comparisons[arm - 1].accounts[acct].annual[y].mean));
        }
      }
  }
}

TEST_CASE("client groups add up to the population: each party's NPV and each effect, base case and PSA mean") {
  for (const char* file : {"scenarios/ips-epa.yaml", "scenarios/five-state-bench.yaml"})
    for (const auto mode : {model::Mode::cohort, model::Mode::micro}) {
      INFO(file, " ", model::name_of(mode));
      auto s = io::load_scenario(test::source_path(file));
      model::SimulationSettings sim = s.simulation;
      sim.draws = 12;
      sim.mode = mode;
      sim.clients = 300;
      const auto r = engine::simulate(s, sim);
      const auto sum = analysis::summarise(s, r);
      const auto& bg = r.by_group;
      REQUIRE(bg.groups == static_cast<int>(s.groups.size()));
      for (int i = 0; i + 1 < static_cast<int>(s.arms.size()); ++i) {
        for (int acct = 0; acct < r.shape.accounts; ++acct) {
          double base = 0, mean = 0;
          for (int g = 0; g < bg.groups; ++g) {
            base += bg.npv_base[bg.at(r.shape, i, g, acct)];
            mean += bg.npv_sum[bg.at(r.shape, i, g, acct)] / sim.draws;
          }
          CHECK(agree(base, sum.comparisons[i].accounts[acct].npv.base));
          CHECK(agree(mean, sum.comparisons[i].accounts[acct].npv.mean));
          // So do the values of each attribute (all groups with severity = epa, say).
          int cell = bg.groups;
          for (const auto& attribute : s.attributes) {
            double by_value = 0;
            for (std::size_t v = 0; v < attribute.values.size(); ++v) by_value += bg.npv_base[bg.at(r.shape, i, cell++, acct)];
            CHECK(agree(by_value, base));
          }
        }
        for (int e = 0; e < r.shape.effects; ++e) {
          double base = 0, mean = 0;
          for (int g = 0; g < bg.groups; ++g) {
            base += bg.effect_base[bg.effect_at(r.shape, i, g, e)];
            mean += bg.effect_sum[bg.effect_at(r.shape, i, g, e)] / sim.draws;
          }
          CHECK(agree(base, sum.comparisons[i].effects[e].delta_undisc.base));
          CHECK(agree(mean, sum.comparisons[i].effects[e].delta_undisc.mean));
        }
      }
    }
}
