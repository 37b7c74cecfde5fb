// joint_draws: parameters drawn together from a file of draws (a posterior, a CSV made elsewhere).
#include <doctest/doctest.h>

#include <cmath>

#include "../../test_support.h"
#include "werkbaat/engine/parameter_draws.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

using namespace werkbaat;

namespace {

const char* kModel = R"(parties: [gemeente, client]
states: [zoek, werk]
start: zoek
horizon: 12 months
arms: {comparator: c, interventions: [i]}
population: {size: 10}
simulation: {mode: cohort, draws: 7, seed: 3}
transitions: [{from: zoek, to: werk, probability: "find.{arm}"}]
flows:
  bijstand: {payer: gemeente, payee: client, in_state: {zoek: "norm"}}
parameters:
  find:
    c: {beta: {mean: 0.03, sd: 0.01}, unit: probability/month}
    i: {beta: {mean: 0.06, sd: 0.02}, unit: probability/month}
  norm: {value: 1300, unit: EUR/month, price_year: 2025}
)";

// Three draws, find.i = 2 x find.c in each: perfectly correlated, which independent priors never are.
const char* kDraws = "# calibrated by hand for this test\nfind.c,find.i\n0.02,0.04\n0.03,0.06\n0.04,0.08\n";

model::Scenario with_draws(const std::string& draws, const std::string& extra = "") {
  io::MemoryFileReader files;
  files.add("model.yaml", kModel);
  files.add("fit/draws.csv", draws);
  files.add("x.yaml", "uses: model.yaml\njoint_draws:\n  fit: {file: fit/draws.csv, source: \"a test fit\"}\n" + extra);
  return io::load_scenario("x.yaml", "", files);
}

}  // namespace

TEST_CASE("joint draws: draw d takes row (d - 1) mod rows of every column; the base case their mean") {
  const auto s = with_draws(kDraws);
  const int c = s.parameter_index("find.c"), i = s.parameter_index("find.i"), norm = s.parameter_index("norm");
  REQUIRE(s.joint_draws.size() == 1);
  CHECK(s.joint_draws[0].rows == 3);
  CHECK(s.params[c].dist.kind == model::DistKind::empirical);
  CHECK(s.params[c].source == "a test fit");
  CHECK(s.params[c].origin.file == "x.yaml");
  CHECK(s.params[c].origin.line == 3);
  const double rows[3][2] = {{0.02, 0.04}, {0.03, 0.06}, {0.04, 0.08}};
  std::vector<double> v;
  for (int d = 1; d <= 7; ++d) {
    engine::draw_parameters(s, 3, d, v);
    CAPTURE(d);
    CHECK(v[c] == rows[(d - 1) % 3][0]);
    CHECK(v[i] == rows[(d - 1) % 3][1]);
    CHECK(v[norm] == 1300);
  }
  engine::draw_parameters(s, 3, 0, v);  // the base case
  CHECK(v[c] == doctest::Approx(0.03).epsilon(1e-15));
  CHECK(v[i] == doctest::Approx(0.06).epsilon(1e-15));
  // The empirical distribution's quantiles, for the tornado and the breakeven: linear between
  // the sorted draws.
  CHECK(s.params[c].dist.quantile(0.0) == 0.02);
  CHECK(s.params[c].dist.quantile(0.25) == doctest::Approx(0.025));
  CHECK(s.params[c].dist.quantile(1.0) == 0.04);
  // The run uses them: seeds do not matter to these parameters, and the file's hash is in the
  // resolved scenario (a changed file is a different run in a store).
  CHECK(s.resolved.find("content_hash") != std::string::npos);
  auto other = with_draws("find.c,find.i\n0.02,0.04\n0.03,0.06\n0.04,0.09\n");
  CHECK(other.resolved != s.resolved);
}

TEST_CASE("joint draws: bad files are refused at their line and column") {
  const auto message = [](const std::string& draws, const std::string& extra = "") {
    return test::input_error([&] { with_draws(draws, extra); });
  };
  CHECK(message("find.c,find.x\n0.1,0.2\n0.1,0.2\n").find("fit/draws.csv:1:8: joint_draws.fit.file: unknown parameter 'find.x'") == 0);
  CHECK(message("find.c,find.i\n0.1,0.2\n0.1\n") ==
        "fit/draws.csv:3:4: joint_draws.fit.file: this row has 1 value, but the header names 2 parameters");
  CHECK(message("find.c,find.i\n0.1,0.2\n0.1,abc\n") ==
        "fit/draws.csv:3:5: joint_draws.fit.file: 'abc' is not a number (column find.i)");
  CHECK(message("find.c,find.i\n0.1,0.2\n0.1,nan\n") ==
        "fit/draws.csv:3:5: joint_draws.fit.file: 'nan' is not a finite number (column find.i)");
  CHECK(message("find.c,find.i\n0.1,0.2\n0.1,1.5\n") ==
        "x.yaml:3:15: joint_draws.fit.file: 'find.i' is a probability (probability/month) but its value 1.5 lies outside [0, 1]");
  CHECK(message("find.c,find.i\n0.1,0.2\n") ==
        "x.yaml:3:15: joint_draws.fit.file: the draws file 'fit/draws.csv' has 1 row of draws; a distribution needs at least 2");
  CHECK(message("") == "x.yaml:3:15: joint_draws.fit.file: the draws file 'fit/draws.csv' is empty: its first line names the parameters");
  CHECK(message("find.c,find.c\n0.1,0.2\n0.1,0.2\n").find("fit/draws.csv:1:8: joint_draws.fit.file: 'find.c' has its draws already") == 0);
}

TEST_CASE("joint draws: a set: line wins over its column; a byte order mark and CRLF lines are read") {
  const auto s = with_draws("\xEF\xBB\xBF" "find.c,find.i\r\n0.02,0.04\r\n0.03,0.06\r\n", "set: {find.i: 0.07}\n");
  const int c = s.parameter_index("find.c"), i = s.parameter_index("find.i");
  CHECK(s.params[c].joint == 0);
  CHECK(s.params[i].joint == -1);  // the user's value, for every draw
  CHECK(s.params[i].dist.kind == model::DistKind::fixed);
  std::vector<double> v;
  engine::draw_parameters(s, 3, 2, v);
  CHECK(v[c] == 0.03);
  CHECK(v[i] == 0.07);
  CHECK(test::input_error([] { with_draws("find.c,,find.i\n0.1,0.2,0.3\n0.1,0.2,0.3\n"); }) ==
        "fit/draws.csv:1:8: joint_draws.fit.file: a column without a parameter name (a comma too many?)");
}
