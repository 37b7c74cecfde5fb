// Regression verdicts that know Monte Carlo noise.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <random>

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


TEST_CASE("the noise band is chosen for the whole run: Bonferroni over the noisy metrics, Student t") {
  std::vector<analysis::MetricValue> m(100, {"x", 1.0, 0.5, 40});
  m.push_back({"base", 1.0, 0.0, 0});  // deterministic: not counted
  analysis::RegressionOptions o;
  // Two-sided t quantile with 39 degrees of freedom at 0.01 / 100: P(T > 4.33279) = 5e-5 (checked by
  // integrating the t density numerically).
  CHECK(analysis::noise_band(m, o) == doctest::Approx(4.33279).epsilon(1e-5));
  o.false_alarm = 0.05;
  CHECK(analysis::noise_band(m, o) < 4.33279);
  o.k = 3;
  CHECK(analysis::noise_band(m, o) == 3);
}

TEST_CASE("the band holds for heavy-tailed and zero-inflated metrics: unchanged runs of 40 draws are flagged at most as often as promised" *
          doctest::test_suite("slow")) {
  // Pairs of independent runs of one distribution (an unchanged model whose random numbers moved),
  // one metric each, judged with the run's band for a 1% false-alarm rate: lognormal metrics with
  // heavy tails, and an investment that is zero in most draws and lognormal in the others.
  std::mt19937_64 rng(2026);
  const int n = 40, pairs = 20000;
  struct Case {
    const char* name;
    std::function<double()> draw;
  };
  std::lognormal_distribution<double> heavy(0, 2), tail(0, 1);
  std::bernoulli_distribution rare(0.1);
  const Case cases[] = {{"lognormal(0, 2)", [&] { return heavy(rng); }},
                        {"zero in 90% of draws", [&] { return rare(rng) ? 1000 * tail(rng) : 0.0; }}};
  analysis::RegressionOptions o;
  for (const auto& c : cases) {
    int flagged = 0;
    for (int p = 0; p < pairs; ++p) {
      std::vector<analysis::MetricValue> side[2];
      for (auto& s : side) {
        double sum = 0, ss = 0;
        std::vector<double> x(n);
        for (auto& v : x) sum += (v = c.draw());
        const double mean = sum / n;
        for (const double v : x) ss += (v - mean) * (v - mean);
        s.push_back({"m", mean, std::sqrt(ss / (n - 1) / n), n});
      }
      flagged += analysis::worst(analysis::compare_metrics(side[0], side[1], o)) == analysis::Verdict::changed;
    }
    MESSAGE(std::string(c.name), ": unchanged pairs flagged ", flagged, " of ", pairs, " (promised at most 1%)");
    CHECK(flagged <= pairs / 100);
  }
}
