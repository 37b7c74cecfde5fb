// A model small enough to compute by hand: two states, two parties, three months.
#include <doctest/doctest.h>

#include <cmath>

#include "../test_support.h"
#include "werkbaat/analysis/summary.h"
#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/ledger.h"

using namespace werkbaat;

namespace {

const char* kTiny = R"(
werkbaat: 1
name: tiny
horizon: 3 months
discount: {costs: 0.10, effects: 0.0}
timing: end
parties: [p1, p2]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 0}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
flows:
  benefit: {payer: p1, payee: p2, in_state: {A: 100}}
  care: {payer: p1, payee: resources, in_state: {B: 10}}
  fee: {payer: p2, payee: resources, on_transition: {from: A, to: B, amount: 50}}
  intake: {payer: p1, payee: resources, at_start: 7}
effects:
  in_b: {in_state: {B: 1}}
parameters:
  move: {c: 0.5, i: 0.8}
)";

// The same by hand: occupancy of A after k transitions is (1-p)^k, moves into B in month k are
// p (1-p)^(k-1); per-month flows at the end of month k (t = k/12), one-off flows at its start.
struct Hand {
  double p1 = 0, p2 = 0, resources = 0;
};
Hand by_hand(double p) {
  Hand h;
  for (int k = 1; k <= 3; ++k) {
    const double a = std::pow(1 - p, k), b = 1 - a;
    const double end = std::pow(1.1, -k / 12.0), start = std::pow(1.1, -(k - 1) / 12.0);
    const double moved = p * std::pow(1 - p, k - 1);
    h.p1 -= 100 * a * end + 10 * b * end;
    h.p2 += 100 * a * end - 50 * moved * start;
    h.resources += 10 * b * end + 50 * moved * start;
  }
  h.p1 -= 7;
  h.resources += 7;
  return h;
}

}  // namespace

TEST_CASE("tiny model: discounted books match the hand computation to 1e-12") {
  const auto s = test::load_text(kTiny);
  const auto r = engine::simulate(s);
  const auto& sh = r.shape;
  REQUIRE(r.has_base);
  for (int arm = 0; arm < 2; ++arm) {
    const Hand h = by_hand(arm == 0 ? 0.5 : 0.8);
    const auto acct = [&](int a) {
      double t = 0;
      for (int y = 0; y < sh.years; ++y) t += r.base.acct_year(sh, true, 0, arm, a, y);
      return t;
    };
    CHECK(acct(s.party_index("p1")) == doctest::Approx(h.p1).epsilon(1e-12));
    CHECK(acct(s.party_index("p2")) == doctest::Approx(h.p2).epsilon(1e-12));
    CHECK(acct(0) == doctest::Approx(h.resources).epsilon(1e-12));
    CHECK(acct(sh.accounts - 1) == doctest::Approx(-h.resources).epsilon(1e-12));  // society
  }
  // Effects: months in B, undiscounted: sum over k of 1 - (1-p)^k.
  const double in_b_c = 0.5 + 0.75 + 0.875, in_b_i = 0.8 + 0.96 + 0.992;
  CHECK(r.base.effect(sh, false, 0, 0, 0) == doctest::Approx(in_b_c).epsilon(1e-12));
  CHECK(r.base.effect(sh, false, 0, 1, 0) == doctest::Approx(in_b_i).epsilon(1e-12));

  // NPV of the intervention against the comparator, per party.
  const auto sum = analysis::summarise(s, r);
  const auto& p1 = sum.comparisons[0].accounts[s.party_index("p1")];
  const Hand hc = by_hand(0.5), hi = by_hand(0.8);
  CHECK(p1.npv.base == doctest::Approx(hi.p1 - hc.p1).epsilon(1e-12));
  // p1 saves benefit (return) and pays more care (investment).
  double benefit_saving = 0, care_extra = 0;
  for (int k = 1; k <= 3; ++k) {
    const double end = std::pow(1.1, -k / 12.0);
    benefit_saving += 100 * (std::pow(0.5, k) - std::pow(0.2, k)) * end;
    care_extra += 10 * (std::pow(0.5, k) - std::pow(0.2, k)) * end;
  }
  CHECK(p1.ret.base == doctest::Approx(benefit_saving).epsilon(1e-12));
  CHECK(p1.investment.base == doctest::Approx(care_extra).epsilon(1e-12));
  CHECK(p1.payback_base == 0);  // p1 is never behind: the saving outweighs the care each month
}

TEST_CASE("timing: start, middle and end of the month move the discount point") {
  model::ModelSettings st;
  st.timing = model::Timing::start;
  CHECK(engine::discount_factor(st, 0.1, 0, false) == 1.0);
  st.timing = model::Timing::middle;
  CHECK(engine::discount_factor(st, 0.1, 0, false) == doctest::Approx(std::pow(1.1, -0.5 / 12)).epsilon(1e-15));
  st.timing = model::Timing::end;
  CHECK(engine::discount_factor(st, 0.1, 11, false) == doctest::Approx(1 / 1.1).epsilon(1e-15));
  CHECK(engine::discount_factor(st, 0.1, 12, true) == doctest::Approx(1 / 1.1).epsilon(1e-15));
  // The benchmark's continuous convention exp(-r k / 12) from the annual rate exp(r) - 1.
  CHECK(engine::discount_factor(st, std::expm1(0.04), 119, false) == doctest::Approx(std::exp(-0.04 * 10)).epsilon(1e-14));
}

TEST_CASE("time in state: a piecewise probability matches the hand computation") {
  // A -> B with probability 0.1 in the first two months in A and 0.5 afterwards; a flow in A
  // that is 100 in the first month in A and 40 later.
  std::string text = kTiny;
  text.replace(text.find("probability: \"move.{arm}\""), 25,
               "probability: [{from: 0, value: 0.1}, {from: 2, value: \"move.{arm}\"}]");
  text.replace(text.find("in_state: {A: 100}"), 18, "in_state: {A: [{from: 0, value: 100}, {from: 1, value: 40}]}");
  const auto s = test::load_text(text);
  const auto r = engine::simulate(s);
  const auto& sh = r.shape;
  // Entry is month 0 in A. Transition 1 uses months 0 (p=.1): A .9 in month 1 with 1 month in A.
  // Transition 2 uses months 1 (p=.1): A .81 (2 months). Transition 3 uses months 2 (p=.5 for c).
  const double a1 = 0.9, a2 = 0.81, a3 = 0.405;
  double p2 = 0;
  const double amounts[3] = {40, 40, 40};  // months in A are 1, 2, 3 in months 1..3: all later pieces
  const double occ[3] = {a1, a2, a3};
  const double moved[3] = {0.1, 0.09, 0.405};
  for (int k = 1; k <= 3; ++k)
    p2 += amounts[k - 1] * occ[k - 1] * std::pow(1.1, -k / 12.0) - 50 * moved[k - 1] * std::pow(1.1, -(k - 1) / 12.0);
  double got = 0;
  for (int y = 0; y < sh.years; ++y) got += r.base.acct_year(sh, true, 0, 0, s.party_index("p2"), y);
  CHECK(got == doctest::Approx(p2).epsilon(1e-12));
}

TEST_CASE("a transition of probability 0 can never be drawn, whatever the rounding") {
  // A -> B in both arms, A -> C only in arm i: for arm c the row is [stay, B, C = 0].
  const auto s = test::load_text(R"(
parties: [p1]
states: [A, B, C]
start: A
horizon: 2 months
arms: {comparator: c, interventions: [i]}
population: {size: 1}
transitions:
  - {from: A, to: B, probability: 0.3}
  - {from: A, to: C, probability: 0.2, when: {arm: i}}
)");
  const auto L = engine::Layout::build(s);
  engine::DrawTables t;
  t.fill(s, L, s.simulation.seed, 0);
  const int E = L.entries(), b = L.row_begin[L.start[0]];
  const std::uint64_t all = 1ULL << 32;
  CHECK(t.thresh[b + 1] == all);   // comparator: B is the last possible move and takes the rest
  CHECK(t.thresh[b + 2] == all);   // C (probability 0) is never reached
  CHECK(t.thresh[E + b + 2] == all);
  CHECK(t.thresh[E + b + 1] == static_cast<std::uint64_t>((0.5 + 0.3) * 4294967296.0));
}

TEST_CASE("expressions that differ only in a constant beyond the sixth decimal stay two expressions") {
  // 1000000 * 0.0000004 = 0.4 and 1000000 * 0.0000001 = 0.1 a month, for one client in A for one month.
  const auto s = test::load_text(R"(
parties: [p1, p2]
states: [A, B]
start: A
horizon: 1 months
discount: {costs: 0, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 0}
transitions: [{from: A, to: B, probability: 0}]
flows:
  a: {payer: p1, payee: resources, in_state: {A: "1000000 * 0.0000004"}, when: {arm: i}}
  b: {payer: p2, payee: resources, in_state: {A: "1000000 * 0.0000001"}, when: {arm: i}}
)");
  CHECK(s.exprs.size() == 3);  // 0, and the two amounts
  const auto r = engine::simulate(s);
  const auto& sh = r.shape;
  CHECK(r.base.line(sh, false, 0, 1, 0) == 1000000 * 0.0000004);
  CHECK(r.base.line(sh, false, 0, 1, 1) == 1000000 * 0.0000001);
}

TEST_CASE("ROI statistics are given only when every draw defines ROI") {
  // p1 invests (a - 5) a month where a > 5, and nothing in the other draws: ROI is undefined there.
  const auto s = test::load_text(R"y(
parties: [p1]
states: [A, B]
start: A
horizon: 12 months
discount: {costs: 0, effects: 0}
arms: {comparator: c, interventions: [i]}
population: {size: 1}
simulation: {draws: 50}
transitions: [{from: A, to: B, probability: 0}]
flows:
  cost: {payer: p1, payee: resources, in_state: {A: "max(a - 5, 0)"}, when: {arm: i}}
  gain: {payer: resources, payee: p1, in_state: {A: 1}, when: {arm: i}}
parameters:
  a: {uniform: {min: 0, max: 10}}
)y");
  const auto sum = analysis::summarise(s, engine::simulate(s));
  const auto& roi = sum.comparisons[0].accounts[s.party_index("p1")].roi;
  CHECK(roi.n > 0);
  CHECK(roi.n < 50);
  CHECK(std::isnan(roi.mean));
  CHECK(std::isnan(roi.p_positive));
}

TEST_CASE("one amount for several states, and a provider's revenue passed on, as written out in full") {
  const std::string head = R"(
werkbaat: 1
name: shorthand
horizon: 12 months
discount: {costs: 0.03, effects: 0}
parties: [gemeente, zorgverzekeraar, aanbieder]
states: [A, B, C]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 10}
simulation: {draws: 0}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
  - {from: B, to: C, probability: 0.2}
parameters:
  move: {c: 0.1, i: 0.3}
  cost: {value: 120, unit: EUR/month}
)";
  const auto short_form = test::load_text(head + R"(
flows:
  zorg:
    payer: {split: {zorgverzekeraar: 0.75, gemeente: 0.25}}
    payee: aanbieder
    passed_on: zorg_doorgegeven
    in_state: {"A, B": cost, C: [{from: 0, value: "2 * cost"}, {from: 3, value: 0}]}
  intake: {payer: gemeente, payee: aanbieder, passed_on: intake_doorgegeven, on_transition: {from: A, to: B, amount: 40}}
)");
  const auto long_form = test::load_text(head + R"(
flows:
  zorg:
    payer: {split: {zorgverzekeraar: 0.75, gemeente: 0.25}}
    payee: aanbieder
    in_state: {A: cost, B: cost, C: [{from: 0, value: "2 * cost"}, {from: 3, value: 0}]}
  zorg_doorgegeven:
    payer: aanbieder
    payee: resources
    in_state: {A: cost, B: cost, C: [{from: 0, value: "2 * cost"}, {from: 3, value: 0}]}
  intake: {payer: gemeente, payee: aanbieder, on_transition: {from: A, to: B, amount: 40}}
  intake_doorgegeven: {payer: aanbieder, payee: resources, on_transition: {from: A, to: B, amount: 40}}
)");
  REQUIRE(short_form.lines.size() == long_form.lines.size());
  for (std::size_t l = 0; l < long_form.lines.size(); ++l) {
    CHECK(short_form.lines[l].name == long_form.lines[l].name);
    CHECK(short_form.lines[l].payer == long_form.lines[l].payer);
    CHECK(short_form.lines[l].payee == long_form.lines[l].payee);
  }
  const auto a = engine::simulate(short_form), b = engine::simulate(long_form);
  for (int arm = 0; arm < a.shape.arms; ++arm)
    for (int l = 0; l < a.shape.lines; ++l) CHECK(a.base.line(a.shape, true, 0, arm, l) == b.base.line(b.shape, true, 0, arm, l));
  // The provider passes on all it receives: its account nets to zero in both arms.
  const int provider = short_form.party_index("aanbieder");
  for (int arm = 0; arm < a.shape.arms; ++arm) {
    double net = 0;
    for (int y = 0; y < a.shape.years; ++y) net += a.base.acct_year(a.shape, true, 0, arm, provider, y);
    CHECK(net == doctest::Approx(0).scale(1e3));
  }
}

TEST_CASE("the shorthand forms refuse what cannot be meant") {
  const std::string head = R"(
werkbaat: 1
name: shorthand
horizon: 12 months
parties: [gemeente, aanbieder]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 10}
simulation: {draws: 0}
transitions:
  - {from: A, to: B, probability: 0.1}
parameters: {}
)";
  CHECK(test::input_error([&] { test::load_text(head + "flows:\n  f: {payer: gemeente, payee: aanbieder, in_state: {\"A, B\": 1, B: 2}}\n"); }) ==
        "test.yaml:15:64: flows.f.in_state.B: state 'B' has an amount already in this flow");
  CHECK(test::input_error([&] { test::load_text(head + "flows:\n  f: {payer: gemeente, payee: aanbieder, in_state: {\"A, X\": 1}}\n"); }) ==
        "test.yaml:15:53: flows.f.in_state.A, X: unknown state 'X' (did you mean 'A'?); known: A, B");
  CHECK(test::input_error([&] { test::load_text(head + "flows:\n  f: {payer: gemeente, payee: aanbieder, in_state: {\"A,\": 1}}\n"); }) ==
        "test.yaml:15:53: flows.f.in_state.A,: 'A,' names no state between two commas or at an end; give states as 'zorg, traject'");
  CHECK(test::input_error([&] { test::load_text(head + "flows:\n  f: {payer: gemeente, payee: resources, passed_on: g, in_state: {A: 1}}\n"); }) ==
        "test.yaml:15:53: flows.f.passed_on: the payee is resources, the outside account: there is nothing to pass on");
  CHECK(test::input_error([&] {
          test::load_text(head + "flows:\n  f: {payer: gemeente, payee: aanbieder, passed_on: g, in_state: {A: 1}}\n  g: {payer: gemeente, payee: aanbieder, in_state: {A: 1}}\n");
        }) == "test.yaml:15:53: flows.f.passed_on: a flow or line named 'g' exists already; name the line passed on otherwise");
}

TEST_CASE("derived parameters compute exactly what the expression written out does") {
  const std::string head = R"(
werkbaat: 1
name: derived
horizon: 24 months
discount: {costs: 0.03, effects: 0}
parties: [gemeente, werkgever, client]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 10, hours: {kort: 0.5, lang: 0.5}}
simulation: {draws: 6}
transitions:
  - {from: A, to: B, probability: "move.{arm}"}
parameters:
  move: {c: {beta: {mean: 0.1, sd: 0.02}}, i: {beta: {mean: 0.2, sd: 0.03}}}
  hours: {kort: 12, lang: 30}
  wage: {gamma: {mean: 15.1, sd: 1}, unit: EUR/hour}
  tax: 0.3
)";
  const auto named = test::load_text(head + R"y(
derived:
  gross: "hours.{hours} * wage * 52 / 12"
  net: "(1 - tax) * gross"
flows:
  loon: {payer: werkgever, payee: client, in_state: {B: gross}}
  netto: {payer: gemeente, payee: client, in_state: {B: "max(0, 1000 - net)"}}
)y");
  const auto written = test::load_text(head + R"y(
flows:
  loon: {payer: werkgever, payee: client, in_state: {B: "hours.{hours} * wage * 52 / 12"}}
  netto: {payer: gemeente, payee: client, in_state: {B: "max(0, 1000 - (1 - tax) * (hours.{hours} * wage * 52 / 12))"}}
)y");
  const auto a = engine::simulate(named), b = engine::simulate(written);
  REQUIRE(a.psa.line_disc.size() == b.psa.line_disc.size());
  for (std::size_t k = 0; k < a.psa.line_disc.size(); ++k) CHECK(a.psa.line_disc[k] == b.psa.line_disc[k]);
  CHECK(a.base.line(a.shape, true, 0, 1, 0) > 0);
}

TEST_CASE("derived parameters: a cycle, a parameter's name and an unknown parameter inside are refused") {
  const std::string head = R"(
werkbaat: 1
name: derived
horizon: 12 months
parties: [gemeente]
states: [A, B]
start: A
arms: {comparator: c, interventions: [i]}
population: {size: 10}
simulation: {draws: 0}
transitions:
  - {from: A, to: B, probability: 0.1}
parameters: {wage: 15}
flows:
  f: {payer: gemeente, payee: resources, in_state: {A: a}}
)";
  CHECK(test::input_error([&] { test::load_text(head + "derived: {a: \"b + 1\", b: \"2 * c\", c: a}\n"); }) ==
        "test.yaml:16:11: derived.a: derived parameters use each other in a cycle: a -> b -> c -> a");
  CHECK(test::input_error([&] { test::load_text(head + "derived: {a: 1, wage: 2}\n"); }) ==
        "test.yaml:16:17: derived.wage: 'wage' is a parameter already; a derived parameter needs a name of its own");
  CHECK(test::input_error([&] { test::load_text(head + "derived: {a: \"wgae * 2\"}\n"); }) ==
        "test.yaml:16:15: derived.a: in expression 'wgae * 2' for arm c: unknown parameter 'wgae' (did you mean "
        "'wage'?) (used by flows.f.in_state.A at test.yaml:15:56)");
  std::string by_placeholder = head;
  by_placeholder.replace(by_placeholder.find("in_state: {A: a}"), 16, "in_state: {A: \"a_{arm}\"}");
  CHECK(test::input_error([&] { test::load_text(by_placeholder + "derived: {a_c: 1, a_i: 2}\n"); }) ==
        "test.yaml:15:57: flows.f.in_state.A: in expression 'a_{arm}': 'a_c' is a derived parameter, which a "
        "placeholder cannot name; put the placeholder inside its expression");
}
