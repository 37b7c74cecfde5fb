// Clocks and changing attributes (client careers), on models small enough to follow by hand.
#include <doctest/doctest.h>

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <set>
#include <tuple>

#include "../test_support.h"
#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/ledger.h"
#include "engine/micro.h"
#include "engine/trace.h"
#include "werkbaat/analysis/calibration.h"
#include "werkbaat/analysis/evaluate.h"

using namespace werkbaat;

namespace {

// Discount 0, valued at the end of the month: a line's total is the sum of its monthly amounts.
const char* kHeader = R"(
werkbaat: 1
name: careers
discount: {costs: 0, effects: 0}
timing: end
arms: {comparator: c, interventions: [i]}
simulation: {draws: 0, clients: 20000}
)";

double line_total(const engine::RunResult& r, const model::Scenario& s, int arm, const std::string& name) {
  for (int l = 0; l < r.shape.lines; ++l)
    if (s.lines[l].name == name) return r.base.line(r.shape, false, 0, arm, l);
  FAIL("no line " << name);
  return 0;
}

double effect_total(const engine::RunResult& r, int arm, int effect) {
  return r.base.effect_undisc[static_cast<std::size_t>(arm) * r.shape.effects + effect];
}

}  // namespace

TEST_CASE("since_entry: pieces of flows and transitions switch at the months since entry") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 6 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 1}
transitions:
  - {from: A, to: B, probability: [{from: 0, value: 0}, {since_entry: 3, value: "move.{arm}"}]}
flows:
  early: {payer: gemeente, payee: resources, in_state: {A: [{from: 0, value: 10}, {since_entry: 2, value: 0}]}}
effects:
  in_b: {in_state: {B: 1}}
parameters:
  move: {c: 0.5, i: 0.8}
)");
  const auto r = engine::simulate(s);
  // `early` is paid in the client's months 0 and 1 (since_entry 0 and 1), always in A.
  CHECK(line_total(r, s, 0, "early") == doctest::Approx(20).epsilon(1e-12));
  // The hazard of month k applies at its end and reads since_entry = k: moves only after month 3,
  // so B holds p in month 4 and 1 - (1 - p)^2 in month 5.
  for (const auto& [arm, p] : {std::pair{0, 0.5}, std::pair{1, 0.8}})
    CHECK(effect_total(r, arm, 0) == doctest::Approx(p + 1 - (1 - p) * (1 - p)).epsilon(1e-12));
  // The lines are booked on b, which tells apart the spans of the clock the lines read (since
  // entry before 2, and from 2 on), not each value the transition needs.
  const auto L = engine::Layout::build(s);
  std::set<int> in_a, bases_of_a;
  for (int x = 0; x < L.expanded; ++x)
    if (L.state_of[x] == 0) {
      in_a.insert(L.clocks_at(x)[0]);
      bases_of_a.insert(L.base_of[x]);
    }
  CHECK(in_a == std::set<int>{-1, 0, 1, 2, 3});  // -1: the entry state, before the first month
  CHECK(bases_of_a.size() == 2);
}

TEST_CASE("a benefit that lasts n months moves the client, and the cost, to the next payer") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 6 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 1, benefit: {ww: 1}}
transitions:
  - {from: A, to: B, probability: 0.3}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: 2, to: bijstand, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100, B: 100}}
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {A: 50, B: 50}}
parameters: {}
)");
  const auto r = engine::simulate(s);
  for (int arm = 0; arm < 2; ++arm) {
    CHECK(line_total(r, s, arm, "ww") == doctest::Approx(200).epsilon(1e-12));        // months 0 and 1
    CHECK(line_total(r, s, arm, "bijstand") == doctest::Approx(200).epsilon(1e-12));  // months 2 to 5
  }
  // The group of bijstand clients exists (share 0 at entry) so that its flows can be bound.
  CHECK(s.groups.size() == 2);
  CHECK(s.groups[1].share == 0);
}

TEST_CASE("leaving work after long enough gives WW, which returns the client to the earlier benefit") {
  const std::string model = std::string(kHeader) + R"(
horizon: 6 months
parties: [uwv, gemeente, client]
states: [zoek, werk]
start: zoek
population: {size: 1, benefit: {bijstand: 1}}
transitions:
  - {from: zoek, to: werk, probability: 1}
  - {from: werk, to: zoek, probability: [{from: 0, value: 0}, {from: 3, value: 1}]}
changes:
  benefit:
    - {name: ww_after_job, from: [bijstand], leaving: werk, after: AFTER, to: ww, remember: true, source: test}
    - {name: ww_ends, from: ww, lasts: 1, to: earlier, source: test}
flows:
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {zoek: 50, werk: 10}}
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {zoek: 100, werk: 30}}
  support: {payer: gemeente, payee: resources, in_state: {werk: [{from: 0, value: 7}, {since_werk: 3, value: 0}]}}
parameters: {}
)";
  const auto with_after = [&](int after) {
    std::string text = model;
    text.replace(text.find("AFTER"), 5, std::to_string(after));
    return test::load_text(text);
  };
  // Months 0-3 in work (bijstand tops up 10), then the job ends after 4 months: month 4 looking
  // for work on WW (the wekeneis is met: after 2), month 5 back in work on bijstand.
  {
    const auto s = with_after(2);
    const auto r = engine::simulate(s);
    CHECK(line_total(r, s, 0, "bijstand") == doctest::Approx(4 * 10 + 10).epsilon(1e-12));
    CHECK(line_total(r, s, 0, "ww") == doctest::Approx(100).epsilon(1e-12));
    // Support runs 3 months from the first month in work, whatever happens after.
    CHECK(line_total(r, s, 0, "support") == doctest::Approx(21).epsilon(1e-12));
  }
  // A job of 4 months does not meet a wekeneis of 5: the client stays on bijstand.
  {
    const auto s = with_after(5);
    const auto r = engine::simulate(s);
    CHECK(line_total(r, s, 0, "bijstand") == doctest::Approx(4 * 10 + 50 + 10).epsilon(1e-12));
    CHECK(line_total(r, s, 0, "ww") == 0);
  }
}

TEST_CASE("a rule's shares split the clients over the destinations") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 3 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 1, benefit: {ww: 1}}
transitions:
  - {from: A, to: B, probability: 0}
changes:
  benefit:
    - {name: ww_ends, from: ww, probability: 1, to: {bijstand: eligible, geen: "1 - eligible"}, source: test}
flows:
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {A: 100}}
parameters:
  eligible: 0.25
)");
  const auto r = engine::simulate(s);
  // Like a transition, a rule applies at entry too: a quarter of the clients are on bijstand from
  // month 0.
  CHECK(line_total(r, s, 0, "bijstand") == doctest::Approx(75).epsilon(1e-12));
}

TEST_CASE("the expanded state space grows with the data's breakpoints, not with the horizon") {
  const auto text = [](int horizon) {
    return std::string(kHeader) + "horizon: " + std::to_string(horizon) + R"( months
parties: [uwv, client]
states: [A, B]
start: A
population: {size: 1, benefit: {ww: 1}}
transitions:
  - {from: A, to: B, probability: [{from: 0, value: 0.1}, {since_entry: 12, value: 0.2}]}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: 24, to: geen, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100}}
parameters: {}
)";
  };
  const auto a = engine::Layout::build(test::load_text(text(60)));
  const auto b = engine::Layout::build(test::load_text(text(600)));
  CHECK(a.expanded == b.expanded);
  CHECK(a.expanded < 200);
}

TEST_CASE("a bound the horizon never reaches adds no states and changes nothing") {
  // Support that stops 36 months after entry, as in the Dutch default model, on a run of 12
  // months: the bound never holds, so the model is the one without it.
  const auto text = [](const std::string& support) {
    return std::string(kHeader) + R"(horizon: 12 months
parties: [gemeente, client]
states: [zoek, werk]
start: zoek
population: {size: 1}
transitions:
  - {from: zoek, to: werk, probability: [{from: 0, value: 0.1}, {since_werk: 4, value: 0.05}, {since_entry: 400, value: 0.2}]}
  - {from: werk, to: zoek, probability: 0.03}
flows:
  support: {payer: gemeente, payee: resources, in_state: {werk: )" + support + R"(}}
effects:
  in_werk: {in_state: {werk: 1}}
parameters: {}
)";
  };
  const auto bounded = test::load_text(text("[{from: 0, value: 50}, {since_entry: 36, value: 0}, {since_werk: 1200, value: 1}]"));
  const auto plain = test::load_text(text("[{from: 0, value: 50}, {since_werk: 4, value: 50}]"));
  const auto L = engine::Layout::build(bounded);
  CHECK(L.expanded == engine::Layout::build(plain).expanded);
  const auto a = engine::simulate(bounded), b = engine::simulate(plain);
  CHECK(line_total(a, bounded, 0, "support") == doctest::Approx(line_total(b, plain, 0, "support")).epsilon(1e-12));
  CHECK(effect_total(a, 0, 0) == doctest::Approx(effect_total(b, 0, 0)).epsilon(1e-12));
  CHECK(line_total(a, bounded, 0, "support") > 0);
}
TEST_CASE("micro agrees with cohort on a model with clocks and changes within 4 standard errors" *
          doctest::test_suite("slow")) {
  auto micro = test::load_text(std::string(kHeader) + R"(
horizon: 36 months
parties: [uwv, gemeente, client]
states: [zoek, werk, aow]
start: zoek
population: {inflow: {per_year: 100, years: 1}, benefit: {bijstand: 0.6, ww: 0.4}, hours: {kort: 0.5, lang: 0.5},
             band: {jong: 0.5, oud: 0.5}, entry_age: {band: {jong: 26.25, oud: 66}}}
transitions:
  - {from: zoek, to: werk, probability: [{from: 0, value: "find.{arm}"}, {since_entry: 12, value: 0.03}]}
  - {from: werk, to: zoek, probability: [{from: 0, value: 0.1}, {from: 6, value: 0.03}]}
  - {from: zoek, to: aow, probability: [{from: 0, value: 0}, {age: 67, value: 0.5}]}
  - {from: werk, to: aow, probability: [{from: 0, value: 0}, {age: 67, value: 0.5}]}
changes:
  benefit:
    - {name: ww_after_job, from: [bijstand, geen], leaving: werk, after: 6, to: ww_kort, remember: true, source: test}
    - {name: ww_ends, from: ww, probability: [{from: 0, value: 0.05}, {on_benefit: 10, value: 0.2}],
       to: {bijstand: 0.7, geen: 0.3}, source: test}
    - {name: ww_kort_ends, from: ww_kort, lasts: 3, to: earlier, source: test}
  hours:
    - {name: hours_per_job, from: [kort, lang], entering: werk, to: {kort: 0.3, lang: 0.7}, source: test}
flows:
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {zoek: 1000, werk: 300}}
  ww: {payer: uwv, payee: client, when: {benefit: [ww, ww_kort]}, in_state: {zoek: 1500, werk: 500}}
  coach: {payer: gemeente, payee: resources, in_state: {werk: [{from: 0, value: "coach.{hours}"}, {since_werk: 12, value: 0}]}}
  start: {payer: uwv, payee: resources, on_transition: {from: zoek, to: werk, amount: "bonus.{benefit}"}}
  scheme: {payer: gemeente, payee: resources, in_state: {zoek: [{from: 0, value: 50}, {calendar: 18, value: 0}]}}
  second_job: {payer: gemeente, payee: resources, in_state: {werk: [{from: 0, value: 0}, {entries_werk: 2, value: 80}]}}
  vrijlating: {payer: gemeente, payee: client, in_state: {werk: [{from: 0, value: 0}, {age: 27, value: 40}]}}
parameters:
  find: {c: 0.05, i: 0.1}
  bonus: {bijstand: 100, ww: 300, ww_kort: 50, geen: 0}
  coach: {kort: 100, lang: 300}
)");
  micro.simulation.draws = 40;
  micro.simulation.clients = 2400;
  CHECK(test::check_micro_matches_cohort(micro).size() == 2 * 7);  // every line in both arms
}

TEST_CASE("contract hours drawn per job: a rule on entering work draws the hours class of each job") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 4 months
parties: [werkgever, client]
states: [zoek, werk]
start: zoek
population: {size: 1, hours: {lt12: 1, gt20: 0}}
transitions:
  - {from: zoek, to: werk, probability: 1}
  - {from: werk, to: zoek, probability: 1}
changes:
  hours:
    - {name: hours_per_job, from: [lt12, gt20], entering: werk, to: {lt12: 0.25, gt20: 0.75}, source: test}
flows:
  loon: {payer: werkgever, payee: client, in_state: {werk: "wage.{hours}"}}
  uitkering: {payer: werkgever, payee: client, in_state: {zoek: "benefit.{hours}"}}
parameters:
  wage: {lt12: 400, gt20: 1600}
  benefit: {lt12: 10, gt20: 20}
)");
  const auto r = engine::simulate(s);
  // Months 0 and 2 in work (each job draws its hours: 0.25 x 400 + 0.75 x 1600 = 1,300), months
  // 1 and 3 looking for work on the hours of the last job (0.25 x 10 + 0.75 x 20 = 17.5).
  CHECK(line_total(r, s, 0, "loon") == doctest::Approx(2 * 1300).epsilon(1e-12));
  CHECK(line_total(r, s, 0, "uitkering") == doctest::Approx(2 * 17.5).epsilon(1e-12));
}

TEST_CASE("calendar: a scheme that ends in month 6 of the run stops for every cohort of an open inflow") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 24 months
parties: [gemeente, client]
states: [A, B]
start: A
population: {inflow: {per_year: 12, years: 1}}
transitions:
  - {from: A, to: B, probability: 0}
flows:
  subsidy: {payer: gemeente, payee: client, in_state: {A: [{from: 0, value: 100}, {calendar: 6, value: 0}]}}
parameters: {}
)");
  const auto r = engine::simulate(s);
  // One client enters each month; in month r (0-based) r + 1 of them are there: months 0-5 pay.
  CHECK(line_total(r, s, 0, "subsidy") == doctest::Approx(100.0 * (1 + 2 + 3 + 4 + 5 + 6)).epsilon(1e-12));
  for (const auto mode : {model::Mode::micro}) {
    auto m = s;
    m.simulation.mode = mode;
    m.simulation.clients = 12;
    const auto rm = engine::simulate(m);
    CHECK(line_total(rm, m, 0, "subsidy") == doctest::Approx(2100).epsilon(1e-12));
  }
}

TEST_CASE("entries_<state>: the number of jobs so far") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 4 months
parties: [werkgever, client]
states: [zoek, werk]
start: zoek
population: {size: 1}
transitions:
  - {from: zoek, to: werk, probability: 1}
  - {from: werk, to: zoek, probability: 1}
flows:
  bonus: {payer: werkgever, payee: client, in_state: {werk: [{from: 0, value: 10}, {entries_werk: 2, value: 20}]}}
parameters: {}
)");
  const auto r = engine::simulate(s);
  // Months 0 and 2 in work: the first job pays 10, the second 20.
  CHECK(line_total(r, s, 0, "bonus") == doctest::Approx(30).epsilon(1e-12));
}

TEST_CASE("age: clients turn 27 and reach the AOW age at the month their age at entry gives") {
  const auto text = [](int horizon) {
    return std::string(kHeader) + "horizon: " + std::to_string(horizon) + R"( months
parties: [gemeente, client]
states: [A, aow]
start: A
population: {size: 2, band: {oud: 0.5, jong: 0.5}, entry_age: {band: {oud: 66.75, jong: 26.5}}}
transitions:
  - {from: A, to: aow, probability: [{from: 0, value: 0}, {age: 67, value: 1}]}
flows:
  vrijlating: {payer: gemeente, payee: client, in_state: {A: [{from: 0, value: 0}, {age: 27, value: 10}]}}
effects:
  in_a: {in_state: {A: 1}}
parameters: {}
)";
  };
  auto s = test::load_text(text(12));
  for (const auto mode : {model::Mode::cohort, model::Mode::micro}) {
    s.simulation.mode = mode;
    s.simulation.clients = 2;
    const auto r = engine::simulate(s);
    // oud enters at 66 years 9 months (801 months): month k reads 801 + k, so the move at the end
    // of month 3 (804 months, 67 years) takes it out: 4 months in A, all paid (it is over 27).
    // jong enters at 26 years 6 months: it is paid from month 6 (324 months, 27 years) to 11,
    // and never reaches 67 in the run: 12 months in A.
    CHECK(effect_total(r, 0, 0) == doctest::Approx(4 + 12).epsilon(1e-12));
    CHECK(line_total(r, s, 0, "vrijlating") == doctest::Approx(10 * (4 + 6)).epsilon(1e-12));
  }
  // A client whose next bound lies beyond the run stops counting: its age adds no states, so 12
  // and 120 months give the same space (jong passes 27 and then cannot reach 67 in either).
  CHECK(engine::Layout::build(test::load_text(text(12))).expanded ==
        engine::Layout::build(test::load_text(text(120))).expanded);
}

TEST_CASE("age: one age at entry for every client, and the refusals") {
  const auto s = test::load_text(std::string(kHeader) + R"(
horizon: 6 months
parties: [gemeente, client]
states: [A, aow]
start: A
population: {size: 1, entry_age: 66.9166666667}
transitions:
  - {from: A, to: aow, probability: [{from: 0, value: 0}, {age: 67, value: 1}]}
effects:
  in_a: {in_state: {A: 1}}
parameters: {}
)");
  // 66 years 11 months: month 0 reads 803 months, month 1 reads 804 and ends with the move.
  CHECK(effect_total(engine::simulate(s), 0, 0) == doctest::Approx(2).epsilon(1e-12));
}

namespace {

// A WW benefit whose months each client draws for itself (`lasts: DIST`), paid 100 a month, then
// bijstand (50 a month) or, with shares, no benefit. Micro mode only.
model::Scenario drawn_scenario(const std::string& lasts, const std::string& to = "bijstand", int clients = 20000,
                               const std::string& mode = "micro") {
  return test::load_text(R"(werkbaat: 1
name: drawn
discount: {costs: 0, effects: 0}
timing: end
arms: {comparator: c, interventions: [i]}
simulation: {mode: )" + mode + ", draws: 0, clients: " + std::to_string(clients) + R"(}
horizon: 6 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 1, benefit: {ww: 1}}
transitions:
  - {from: A, to: B, probability: 0.3}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: )" + lasts + ", to: " + to + R"(, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100, B: 100}}
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {A: 50, B: 50}}
parameters:
  ww_months: {gamma: {mean: 3, sd: 1.5}, unit: months, source: test}
)");
}

}  // namespace

TEST_CASE("months drawn per client: every client of a fixed draw ends on the month a whole-number 'lasts' gives") {
  // uniform {min: 3, max: 3}: every client draws 3 months, as `lasts: 3` gives in cohort mode.
  const auto s = drawn_scenario("{uniform: {min: 3, max: 3}}");
  const auto r = engine::simulate(s);
  auto fixed = drawn_scenario("3");
  fixed.simulation.mode = model::Mode::cohort;
  const auto rf = engine::simulate(fixed);
  for (int arm = 0; arm < 2; ++arm) {
    CHECK(line_total(r, s, arm, "ww") == doctest::Approx(300).epsilon(1e-12));        // months 0 to 2
    CHECK(line_total(r, s, arm, "bijstand") == doctest::Approx(150).epsilon(1e-12));  // months 3 to 5
    CHECK(line_total(rf, fixed, arm, "ww") == doctest::Approx(300).epsilon(1e-12));
  }
}

TEST_CASE("months drawn per client: uniform whole months and a gamma, by hand, within 4 standard errors") {
  const int n = 20000;
  SUBCASE("uniform 1 to 4 months: a quarter each, so 2.5 months of WW on average") {
    const auto s = drawn_scenario("{uniform: {min: 1, max: 4}}", "bijstand", n);
    const auto r = engine::simulate(s);
    const double se = 100 * std::sqrt(1.25 / n);  // the sd of 1..4 uniform is sqrt(1.25) months
    CHECK(std::abs(line_total(r, s, 0, "ww") - 250) < 4 * se);
    CHECK(std::abs(line_total(r, s, 0, "bijstand") - 3.5 * 50) < 4 * se / 2);
    // Every arm reads the same numbers: the same clients draw the same months.
    CHECK(line_total(r, s, 0, "ww") == line_total(r, s, 1, "ww"));
  }
  SUBCASE("a gamma of mean 3 and sd 1.5 months (a parameter), rounded to whole months, at least 1") {
    const auto s = drawn_scenario("{gamma: {mean: ww_months, sd: 1.5}}", "bijstand", n);
    const auto r = engine::simulate(s);
    // P(D = 1) = F(1.5), P(D = k) = F(k + 0.5) - F(k - 0.5); the horizon holds at most 6 months.
    const double shape = 4, scale = 0.75;  // mean^2 / sd^2, sd^2 / mean
    const auto F = [&](double x) { return boost::math::gamma_p(shape, x / scale); };
    double mean = 0, square = 0;
    for (int k = 1; k <= 6; ++k) {
      const double p = k == 1 ? F(1.5) : k == 6 ? 1 - F(5.5) : F(k + 0.5) - F(k - 0.5);
      mean += p * k;
      square += p * k * k;
    }
    const double se = 100 * std::sqrt((square - mean * mean) / n);
    CHECK(std::abs(line_total(r, s, 0, "ww") - 100 * mean) < 4 * se);
    CHECK(std::abs(line_total(r, s, 0, "bijstand") - 50 * (6 - mean)) < 4 * se / 2);
  }
  SUBCASE("shares: after 2 months, 70% go to bijstand and 30% to no benefit") {
    const auto s = drawn_scenario("{uniform: {min: 2, max: 2}}", "{bijstand: 0.7, geen: 0.3}", n);
    const auto r = engine::simulate(s);
    CHECK(line_total(r, s, 0, "ww") == doctest::Approx(200).epsilon(1e-12));
    const double se = 4 * 50 * std::sqrt(0.7 * 0.3 / n);
    CHECK(std::abs(line_total(r, s, 0, "bijstand") - 0.7 * 4 * 50) < 4 * se);
  }
}

TEST_CASE("months drawn per client: the same bits with 1 and 2 threads, and cohort mode refuses the rule") {
  auto s = drawn_scenario("{gamma: {mean: ww_months, sd: 1.5}}", "{bijstand: 0.7, geen: 0.3}", 300);
  for (const int draws : {1, 8}) {  // one draw's clients split over the threads; draws over the threads
    CAPTURE(draws);
    s.simulation.draws = draws;
    auto one = s.simulation, two = s.simulation;
    one.threads = 1;
    two.threads = 2;
    const auto a = engine::simulate(s, one), b = engine::simulate(s, two);
    CHECK(a.psa.line_undisc == b.psa.line_undisc);
    CHECK(a.base.line_undisc == b.base.line_undisc);
  }

  auto cohort = s.simulation;
  cohort.mode = model::Mode::cohort;
  CHECK_THROWS_WITH_AS(engine::simulate(s, cohort),
                       "test.yaml:16:40: changes.benefit[0].lasts: rule 'ww_ends' draws each client's months on the "
                       "value, which only micro mode can follow (cohort mode would need a clock for every month they "
                       "can last); this run asks for cohort mode: run it in micro mode, or give 'lasts' a whole number "
                       "of months or the rule a probability per month",
                       InputError);
  // Calibration computes expectations in cohort mode: refused with its own reason.
  const analysis::CalibrationProblem fit{s, {}, {}};
  CHECK_THROWS_WITH_AS(analysis::TargetModel{fit},
                       "test.yaml:16:40: changes.benefit[0].lasts: calibration computes the targets' expectations in "
                       "cohort mode, which cannot follow rule 'ww_ends' (each client draws its months on the value); "
                       "for the fit, give 'lasts' a whole number of months or the rule a probability per month",
                       InputError);
}

TEST_CASE("months drawn per client: a file in cohort mode loads, and runs when the run asks for micro mode") {
  // `--mode micro` on a file that says `mode: cohort`: the loader does not refuse it, the run does
  // only when it keeps the file's mode.
  const auto s = drawn_scenario("{uniform: {min: 1, max: 4}}", "bijstand", 300, "cohort");
  CHECK_THROWS_WITH_AS(engine::estimate(s, s.simulation),
                       "test.yaml:16:40: changes.benefit[0].lasts: rule 'ww_ends' draws each client's months on the "
                       "value, which only micro mode can follow (cohort mode would need a clock for every month they "
                       "can last); set simulation.mode: micro, or give 'lasts' a whole number of months or the rule a "
                       "probability per month",
                       InputError);
  auto micro = s.simulation;
  micro.mode = model::Mode::micro;
  CHECK(engine::estimate(s, micro).expanded_states > 0);
  const auto as_micro = drawn_scenario("{uniform: {min: 1, max: 4}}", "bijstand", 300);
  CHECK(engine::simulate(s, micro).base.line_undisc == engine::simulate(as_micro).base.line_undisc);
}

TEST_CASE("months drawn per client: a pilot's own clients, one for one, say why the spread is not split") {
  auto s = drawn_scenario("{uniform: {min: 1, max: 4}}", "bijstand", 40);
  s.population.size = 40;
  s.simulation.draws = 4;
  const auto e = analysis::evaluate(s);
  REQUIRE(e.result.warnings.size() == 1);
  CHECK(e.result.warnings[0] ==
        "the spread is not split into the parameters' part and the chance of these 40 clients: that split needs cohort "
        "mode, which rule 'ww_ends' (months drawn per client) rules out");
  for (const auto& c : e.summary.comparisons)
    for (const auto& a : c.accounts) CHECK_FALSE(a.chance.has_value());
}

TEST_CASE("months drawn per client: a fixed draw agrees with `lasts` in cohort mode on a model with two changing "
          "attributes, a move forced in the last month and a rule that waits for its `when:`") {
  // Micro mode with every client drawing 3 months equals cohort mode with `lasts: 3` in
  // expectation: every line, in both arms, within 4 Monte Carlo standard errors. The lines differ
  // between A and B, so a forced change that lost the month's move would show.
  const auto text = [](const std::string& lasts, const std::string& mode) {
    return R"(werkbaat: 1
name: drawn
discount: {costs: 0, effects: 0}
timing: end
arms: {comparator: c, interventions: [i]}
simulation: {mode: )" + mode + R"(, draws: 30, clients: 3000, seed: 7}
horizon: 12 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 100, benefit: {ww: 0.6, bijstand: 0.4}, coach: {ja: 0.5, nee: 0.5}}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
  - {from: B, to: A, probability: 0.2}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: )" + lasts + R"(, to: {bijstand: 0.7, geen: 0.3}, when: {coach: [nee]}, source: test}
    - {name: job_ends, from: [bijstand, geen], leaving: B, after: 2, to: ww, source: test}
  coach:
    - {name: coach_stops, from: ja, probability: 0.25, to: nee, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100, B: 30}}
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {A: 50, B: 10}}
  coaching: {payer: gemeente, payee: resources, when: {coach: [ja]}, in_state: {B: 70}}
  start: {payer: uwv, payee: resources, on_transition: {from: A, to: B, amount: "bonus.{benefit}"}}
parameters:
  move: {c: 0.2, i: 0.35}
  bonus: {ww: 40, bijstand: 20, geen: 5}
)";
  };
  const auto micro = test::load_text(text("{uniform: {min: 3, max: 3}}", "micro"));
  const auto cohort = test::load_text(text("3", "cohort"));
  CHECK(test::check_micro_matches_cohort(micro, cohort).size() == 2 * 4);
}

TEST_CASE("months drawn per client: support for 8 months from the first start of a trajectory, as a value taken "
          "on entering it, agrees with a since_traject clock in cohort mode") {
  // What the Dutch model counts in months in the state (IPS support for 36 months) can be counted
  // from the start of the trajectory in micro mode without a clock: a value taken on the first
  // move into traject, which lasts 8 months wherever the client is.
  const std::string common = R"(werkbaat: 1
name: since-start
discount: {costs: 0, effects: 0}
timing: end
arms: {comparator: c, interventions: [i]}
horizon: 24 months
parties: [gemeente]
states: [zorg, traject, werk]
start: zorg
transitions:
  - {from: zorg, to: traject, probability: 0.2}
  - {from: traject, to: werk, probability: "job.{arm}"}
  - {from: traject, to: zorg, probability: 0.05}
  - {from: werk, to: traject, probability: 0.15}
parameters:
  job: {c: 0.1, i: 0.2}
)";
  const auto cohort = test::load_text(common + R"(
simulation: {mode: cohort, draws: 0}
population: {size: 100}
flows:
  support: {payer: gemeente, payee: resources, in_state: {traject: [{from: 0, value: 100}, {since_traject: 8, value: 0}]}}
)");
  const auto micro = test::load_text(common + R"(
simulation: {mode: micro, draws: 30, clients: 3000, seed: 11}
population: {size: 100, fase: {nog_niet: 1}}
changes:
  fase:
    - {name: traject_begint, from: nog_niet, entering: traject, to: binnen, source: test}
    - {name: steun_stopt, from: binnen, lasts: {uniform: {min: 8, max: 8}}, to: voorbij, source: test}
flows:
  support: {payer: gemeente, payee: resources, when: {fase: [binnen]}, in_state: {traject: 100}}
)");
  CHECK(test::check_micro_matches_cohort(micro, cohort).size() == 2);
  CHECK(engine::Layout::build(micro).expanded < engine::Layout::build(cohort).expanded);
}

TEST_CASE("rows that compute the same probabilities share them: the tables equal those of every row computed") {
  // The Dutch default model (clocks on values, changes of benefit) and a model with a clock that
  // a transition reads: each row's probabilities and micro thresholds, draw by draw, bit for bit.
  const auto dutch = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  const auto clocked = test::load_text(std::string(kHeader) + R"(
horizon: 12 months
parties: [uwv, gemeente, client]
states: [A, B]
start: A
population: {size: 1, benefit: {ww: 1}}
transitions:
  - {from: A, to: B, probability: [{from: 0, value: 0.1}, {since_entry: 6, value: "move.{arm}"}]}
  - {from: B, to: A, probability: 0.2}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: 3, to: bijstand, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100, B: 100}}
parameters:
  move: {c: {beta: {mean: 0.3, sd: 0.1}}, i: {beta: {mean: 0.5, sd: 0.1}}}
)");
  for (const model::Scenario* s : {&dutch, &clocked}) {
    const auto L = engine::Layout::build(*s);
    const auto units = engine::TraceUnits::by_transitions(*s, L);
    std::vector<int> listed;
    for (const auto& m : units.members) listed.push_back(m[0]);
    for (const std::vector<int>& combos : {std::vector<int>{}, listed}) {
      engine::DrawTables shared, each;
      each.share_rows = false;
      for (const int draw : {0, 1, 7}) {
        shared.fill(*s, L, 2026, draw, combos);
        each.fill(*s, L, 2026, draw, combos);
        CHECK(shared.prob == each.prob);
        CHECK(shared.thresh == each.thresh);
        CHECK(shared.adjusted_rows == each.adjusted_rows);
      }
      int shared_rows = 0;
      for (std::size_t i = 0; i < shared.row_first_at.size(); ++i) {
        const int c = combos.empty() ? static_cast<int>(i) : combos[i];
        if (L.start_at(c, 0) < 0) continue;
        for (int x = L.reach_lo(c); x < L.reach_hi(c); ++x)
          shared_rows += shared.row_first[shared.row_first_at[i] + x - L.reach_lo(c)] != x;
      }
      CHECK(shared_rows > 0);  // (the comparison above is not empty)
    }
  }
}

TEST_CASE("micro mode's sparse counts and trace book the same bits as the dense ones") {
  // The Dutch default model, and a clocked model with an absorbing state (a client stays counted
  // in it to the horizon), with 1 and 2 threads' counts added together.
  const auto dutch = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  const auto clocked = test::load_text(std::string(kHeader) + R"(
horizon: 12 months
parties: [uwv, gemeente, client]
states: [A, B, out]
start: A
population: {size: 10, benefit: {ww: 0.6, bijstand: 0.4}}
transitions:
  - {from: A, to: B, probability: [{from: 0, value: 0.1}, {since_entry: 6, value: "move.{arm}"}]}
  - {from: B, to: A, probability: 0.2}
  - {from: B, to: out, probability: 0.05}
changes:
  benefit:
    - {name: ww_ends, from: ww, lasts: 3, to: bijstand, source: test}
flows:
  ww: {payer: uwv, payee: client, when: {benefit: [ww]}, in_state: {A: 100, B: 100}}
  bijstand: {payer: gemeente, payee: client, when: {benefit: [bijstand]}, in_state: {A: 50, B: [{from: 0, value: 50}, {since_entry: 4, value: 60}]}}
  start: {payer: gemeente, payee: resources, on_transition: {from: A, to: B, amount: 7}}
parameters:
  move: {c: {beta: {mean: 0.3, sd: 0.1}}, i: {beta: {mean: 0.5, sd: 0.1}}}
)");
  for (const model::Scenario* s : {&dutch, &clocked}) {
    const auto L = engine::Layout::build(*s);
    REQUIRE(L.projects());
    const auto units = engine::TraceUnits::per_combination(*s, L);
    const auto plan = engine::MicroPlan::build(*s, 400);
    const auto booking = engine::BookingPlan::build(*s, L, units);
    const auto sh = engine::shape_of(*s);
    std::vector<int> listed;
    for (const auto& m : units.members) listed.push_back(m[0]);
    engine::DrawTables t;
    for (const int draw : {1, 5}) {
      t.fill(*s, L, 2026, draw, listed);
      const auto booked = [&](bool sparse, int parts) {
        std::vector<engine::MicroCounts> counts(parts);
        for (int p = 0; p < parts; ++p) {
          counts[p].sparse = sparse;
          counts[p].reset(*s, L, units);
          engine::run_micro(*s, L, t, plan, units, 2026, draw, plan.clients() * p / parts,
                            plan.clients() * (p + 1) / parts, counts[p]);
        }
        for (int p = 1; p < parts; ++p) counts[0].add(counts[p]);
        engine::Trace tr;
        tr.reset(units.count(), s->settings.horizon, L.expanded, L.edge_count(), units.reach(L), sparse);
        engine::micro_to_trace(*s, L, plan, units, counts[0], tr);
        engine::BookScratch scratch;
        engine::DrawSet out;
        engine::Monthly monthly;
        engine::GroupTotals groups;
        engine::book(*s, L, booking, t, tr, units, sh, scratch, out, monthly, groups);
        return std::tuple{out.line_disc, out.acct_year_disc, out.effect_undisc, monthly.line_month, groups.acct_disc};
      };
      const auto dense = booked(false, 1);
      CHECK(booked(true, 1) == dense);
      CHECK(booked(true, 2) == dense);
      CHECK(booked(false, 2) == dense);
      double total = 0;
      for (const double v : std::get<0>(dense)) total += std::abs(v);
      CHECK(total > 0);
    }
  }
}
