// Regression verdicts that know Monte Carlo noise.
#include <doctest/doctest.h>

#include <cmath>

#include "werkbaat/analysis/regression.h"

using namespace werkbaat;

TEST_CASE("regression verdicts: identical, within noise, changed, missing") {
  using analysis::Verdict;
  const std::vector<analysis::MetricValue> old_ = {{"a", 100.0, 2.0}, {"b", 100.0, 2.0}, {"c", 100.0, 2.0},
                                                   {"d", 5.0, 0.0}, {"gone", 1.0, 0.0}};
  const std::vector<analysis::MetricValue> new_ = {{"a", 100.0, 2.0}, {"b", 110.0, 2.0}, {"c", 112.0, 2.0},
                                                   {"d", 5.0 * (1 + 1e-12), 0.0}, {"added", 1.0, 0.0}};
  const auto c = analysis::compare_metrics(old_, new_, {4.0, 1e-9, 1e-6});
  REQUIRE(c.size() == 6);
  CHECK(c[0].verdict == Verdict::identical);
  CHECK(c[1].verdict == Verdict::within_noise);  // 10 <= 4 * sqrt(8) = 11.3
  CHECK(c[1].z == doctest::Approx(10 / std::sqrt(8.0)));
  CHECK(c[2].verdict == Verdict::changed);       // 12 > 11.3
  CHECK(c[3].verdict == Verdict::within_noise);  // relative 1e-12: another compiler
  CHECK(c[4].verdict == Verdict::changed);       // added
  CHECK(c[5].verdict == Verdict::changed);       // gone
  CHECK(analysis::worst(c) == Verdict::changed);
}

