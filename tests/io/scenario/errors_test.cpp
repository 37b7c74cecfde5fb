// Bad input: every error names the file, line, column and key, and says what was expected.
// The exact messages of each class of bad input are in invalid/ (corpus_test.cpp).
#include <doctest/doctest.h>


#include "../../test_support.h"
#include "werkbaat/engine/parameter_draws.h"
#include "engine/rng.h"

#include <cmath>

using namespace werkbaat;

namespace {

// A valid scenario; each case below replaces one line of it (1-based), or appends one (line 0).
const std::string kValid = R"(werkbaat: 1
name: errors
horizon: 12 months
discount: {costs: 0.0225, effects: 0.0225}
parties: [gemeente, zorgverzekeraar]
states: [zorg, werk]
start: zorg
arms: {comparator: regulier, interventions: [ips]}
population:
  size: 10
  severity: {midden: 0.4, epa: 0.6}
simulation: {mode: cohort, draws: 2, seed: 1}
transitions:
  - {from: zorg, to: werk, probability: "job.{arm} * m.{severity}"}
flows:
  care: {payer: zorgverzekeraar, payee: resources, in_state: {zorg: cost.care}}
parameters:
  job: {regulier: 0.02, ips: {beta: {mean: 0.04, sd: 0.01}, unit: probability/month}}
  m: {midden: 1.0, epa: 0.8}
  cost:
    care: {gamma: {mean: 900, sd: 90}, unit: EUR/month, price_year: 2025}
)";

std::string with_line(int line, const std::string& replacement) {
  std::string out;
  int n = 1;
  std::size_t start = 0;
  while (start < kValid.size()) {
    const std::size_t end = kValid.find('\n', start);
    const std::string text = kValid.substr(start, end - start);
    out += (n == line ? replacement : text) + "\n";
    start = end + 1;
    ++n;
  }
  return out;
}

InputError error_of(const std::string& text) {
  try {
    test::load_text(text, "bad.yaml");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  return InputError({}, "", "");
}

struct Case {
  const char* what;
  int line;
  std::string replacement;
  int error_line;
  std::string key;
  std::string message;  // a part of the message
};

}  // namespace

TEST_CASE("the valid base scenario loads") { CHECK_NOTHROW(test::load_text(kValid, "bad.yaml")); }

TEST_CASE("bad inputs name file, line, column and key") {
  const std::vector<Case> cases = {
      {"syntax error", 4, "discount: {costs: 0.0225, effects: 0.0225", 5, "", "YAML syntax error"},
      {"wrong type", 12, "simulation: {mode: cohort, draws: many, seed: 1}", 12, "simulation.draws",
       "expected a number, got 'many'"},
      {"unknown key", 3, "horizn: 12 months", 3, "horizn", "unknown key 'horizn' (did you mean 'horizon'?)"},
      {"probability > 1", 18, "  job: {regulier: 0.02, ips: {value: 1.5, unit: probability/month}}", 18,
       "parameters.job.ips.value", "is a probability (probability/month) but its value 1.5 lies outside [0, 1]"},
      {"shares not summing to 1", 11, "  severity: {midden: 0.4, epa: 0.5}", 11, "population.severity",
       "the shares sum to 0.9, not 1"},
      {"negative cost", 21, "    care: {value: -3, unit: EUR/month, price_year: 2025}", 21,
       "parameters.cost.care.value", "'cost.care' is -3, but must be >= 0 (EUR/month)"},
      {"missing comparator", 8, "arms: {interventions: [ips]}", 8, "arms", "missing key 'comparator'"},
      {"unknown unit", 21, "    care: {gamma: {mean: 900, sd: 90}, unit: EUR/maand, price_year: 2025}", 21,
       "parameters.cost.care.unit", "unknown unit 'EUR/maand' (did you mean 'EUR/month'?)"},
      {"unknown state", 14, "  - {from: zorg, to: werkk, probability: \"job.{arm} * m.{severity}\"}", 14,
       "transitions[0].to", "unknown state 'werkk' (did you mean 'werk'?)"},
      {"unknown party", 16, "  care: {payer: zorgverzekeraars, payee: resources, in_state: {zorg: cost.care}}", 16,
       "flows.care.payer", "unknown party 'zorgverzekeraars' (did you mean 'zorgverzekeraar'?)"},
      {"unknown parameter", 16, "  care: {payer: zorgverzekeraar, payee: resources, in_state: {zorg: cost.cars}}", 16,
       "flows.care.in_state.zorg", "unknown parameter 'cost.cars' (did you mean 'cost.care'?)"},
      {"parameter missing for an arm", 18, "  job: {regulier: 0.02, ipss: 0.04}", 14, "transitions[0].probability",
       "for arm ips, severity=midden: unknown parameter 'job.ips' (did you mean 'job.ipss'?)"},
      {"unknown placeholder", 14, "  - {from: zorg, to: werk, probability: \"job.{arm} * m.{sevrity}\"}", 14,
       "transitions[0].probability", "unknown placeholder {sevrity}; known placeholders: arm, severity"},
      {"expression syntax", 14, "  - {from: zorg, to: werk, probability: \"job.{arm} *\"}", 14,
       "transitions[0].probability", "in expression 'job.{arm} *'"},
      {"discount as percent", 4, "discount: {costs: 2.25, effects: 0.0225}", 4, "discount.costs",
       "an annual discount rate is a fraction in [0, 1)"},
      {"duplicate key", 7, "start: zorg\nstart: werk", 8, "start", "duplicate key 'start'"},
      {"probability above 1 in the base case", 19, "  m: {midden: 1.0, epa: 80}", 14, "transitions[0].probability",
       "probability is 1.6 in the base case (arm regulier, severity=epa), but must be in [0, 1]"},
      {"bad horizon unit", 3, "horizon: 5 decades", 3, "horizon", "unknown unit 'decades'"},
      {"comparator as intervention", 8, "arms: {comparator: ips, interventions: [ips]}", 8, "arms.interventions",
       "'ips' is the comparator"},
      {"set of an unknown parameter", 0, "set: {cost.caer: 800}", 22, "set.cost.caer",
       "unknown parameter 'cost.caer' (did you mean 'cost.care'?)"},
      {"price year without CPI", 21, "    care: {gamma: {mean: 900, sd: 90}, unit: EUR/month, price_year: 2018}", 21,
       "parameters.cost.care.price_year", "no CPI index for 2018"},
      {"self transition", 14, "  - {from: zorg, to: zorg, probability: 0.1}", 14, "transitions[0].to",
       "staying is the complement"},
  };
  for (const auto& c : cases) {
    const auto text = c.line == 0 ? kValid + c.replacement + "\n" : with_line(c.line, c.replacement);
    const auto e = error_of(text);
    const std::string info = std::string(c.what) + ": " + e.what();
    INFO(info);
    CHECK(e.where().file == "bad.yaml");
    CHECK(e.where().line == c.error_line);
    CHECK(e.where().column >= 1);
    CHECK(e.key() == c.key);
    CHECK_MESSAGE(e.message().find(c.message) != std::string::npos, e.what());
  }
}

TEST_CASE("the column points at the offending value") {
  const auto e = error_of(with_line(12, "simulation: {mode: cohort, draws: many, seed: 1}"));
  CHECK(e.where().column == 35);
  CHECK(std::string(e.what()) == "bad.yaml:12:35: simulation.draws: expected a number, got 'many'");
}

TEST_CASE("amounts are indexed from their own price year and normalised to months") {
  const auto s = test::load_text(R"(
price_year: 2025
cpi: {2018: 104.05, 2025: 135.32}
parties: [uwv]
states: [a, b]
start: a
arms: {comparator: c, interventions: [i]}
population: {size: 1}
transitions: [{from: a, to: b, probability: 0.1}]
flows:
  subsidy: {payer: uwv, payee: resources, at_start: ips}
  care: {payer: uwv, payee: resources, in_state: {a: yearly + weekly}}
parameters:
  ips: {value: 8000, unit: EUR/trajectory, price_year: 2018}
  yearly: {value: 1200, unit: EUR/year, price_year: 2025}
  weekly: {value: 12, unit: EUR/week, price_year: 2025}
  annual_p: {value: 0.5, unit: probability/year}
)");
  std::vector<double> v;
  engine::draw_parameters(s, 1, 0, v);
  const auto value = [&](const char* path) {
    for (std::size_t i = 0; i < s.params.size(); ++i)
      if (s.params[i].path == path) return v[i];
    FAIL("no parameter " << path);
    return 0.0;
  };
  CHECK(value("ips") == doctest::Approx(8000 * 135.32 / 104.05).epsilon(1e-15));  // 10,404.23 in 2025 prices
  CHECK(value("yearly") == doctest::Approx(100).epsilon(1e-15));
  CHECK(value("weekly") == doctest::Approx(12 * 52.0 / 12).epsilon(1e-15));
  CHECK(value("annual_p") == doctest::Approx(1 - std::pow(0.5, 1.0 / 12)).epsilon(1e-15));
}

TEST_CASE("mutated scenarios load or fail with an InputError, never anything else") {
  // A small deterministic fuzz: 3,000 copies of the valid scenario with a few bytes changed,
  // deleted or duplicated. Every failure must be an InputError naming the file (never a crash, a
  // yaml-cpp exception or a bare std::exception without a place).
  const std::string alphabet = "{}[]:,-\"' #\n.0123456789abcxyz*()_";
  int loaded = 0, refused = 0;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    std::string text = kValid;
    const auto r = engine::philox_block(99, i, 0, 0, engine::Purpose::parameter);
    for (int k = 0; k < 1 + static_cast<int>(r[3] % 3); ++k) {
      const auto rk = engine::philox_block(99, i, static_cast<std::uint32_t>(k + 1), 0, engine::Purpose::parameter);
      const std::size_t at = rk[0] % text.size();
      switch (rk[1] % 3) {
        case 0: text[at] = alphabet[rk[2] % alphabet.size()]; break;
        case 1: text.erase(at, 1 + rk[2] % 4); break;
        default: text.insert(at, text.substr(at, 1 + rk[2] % 8)); break;
      }
    }
    try {
      test::load_text(text, "fuzz.yaml");
      ++loaded;
    } catch (const InputError& e) {
      CHECK(e.where().file == "fuzz.yaml");
      ++refused;
    } catch (const std::exception& e) {
      FAIL_CHECK("not an InputError: " << e.what() << "\n--- input ---\n" << text);
    }
  }
  MESSAGE("fuzz: " << loaded << " loaded, " << refused << " refused");
  CHECK(refused > 0);
}
