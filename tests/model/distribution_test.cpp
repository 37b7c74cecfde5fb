#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "engine/rng.h"
#include "werkbaat/model/distribution.h"

using werkbaat::model::Distribution;

namespace {

// Draws n values by the inverse CDF on Philox uniforms and checks mean and variance against the
// analytic values: the mean within 4 standard errors, the variance within 4 of its standard errors
// (estimated from the sample's fourth central moment).
void check_moments(const Distribution& d, int n = 40000) {
  std::vector<double> x(n);
  for (int i = 0; i < n; ++i) {
    const auto r = werkbaat::engine::philox_block(7, 1, static_cast<std::uint32_t>(i), 0,
                                                  werkbaat::engine::Purpose::parameter);
    x[i] = d.quantile(werkbaat::engine::uniform53(r[0], r[1]));
  }
  double mean = 0;
  for (double v : x) mean += v;
  mean /= n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    m2 += (v - mean) * (v - mean);
    m4 += std::pow(v - mean, 4);
  }
  m2 /= n - 1;
  m4 /= n;
  CHECK(std::abs(mean - d.mean()) < 4 * std::sqrt(d.variance() / n));
  const double se_var = std::sqrt((m4 - m2 * m2) / n);
  CHECK(std::abs(m2 - d.variance()) < 4 * se_var);
}

}  // namespace

TEST_CASE("each family's sample mean and variance match the analytic values" * doctest::test_suite("slow")) {
  SUBCASE("beta") { check_moments(Distribution::beta(2.0, 5.0)); }
  SUBCASE("beta by mean and sd") {
    const auto d = Distribution::beta_mean_sd(0.3, 0.05);
    CHECK(d.mean() == doctest::Approx(0.3));
    CHECK(std::sqrt(d.variance()) == doctest::Approx(0.05));
    check_moments(d);
  }
  SUBCASE("gamma") { check_moments(Distribution::gamma(3.0, 2.0)); }
  SUBCASE("gamma by mean and sd") {
    const auto d = Distribution::gamma_mean_sd(1000, 200);
    CHECK(d.a == doctest::Approx(25));
    CHECK(d.b == doctest::Approx(40));
    check_moments(d);
  }
  SUBCASE("lognormal") { check_moments(Distribution::lognormal(std::log(1.8), 0.15)); }
  SUBCASE("lognormal by mean and sd") {
    const auto d = Distribution::lognormal_mean_sd(2.0, 0.5);
    CHECK(d.mean() == doctest::Approx(2.0));
    CHECK(std::sqrt(d.variance()) == doctest::Approx(0.5));
    check_moments(d);
  }
  SUBCASE("normal") { check_moments(Distribution::normal(-3.0, 2.0)); }
  SUBCASE("uniform") { check_moments(Distribution::uniform(10, 14)); }
  SUBCASE("triangular") { check_moments(Distribution::triangular(0, 1, 4)); }
  SUBCASE("pert") {
    const auto d = Distribution::pert(0.55, 0.70, 0.90);
    CHECK(d.mean() == doctest::Approx((0.55 + 4 * 0.70 + 0.90) / 6));
    check_moments(d);
  }
  SUBCASE("fixed") {
    const auto d = Distribution::fixed(4.5);
    CHECK(d.quantile(0.01) == 4.5);
    CHECK(d.variance() == 0);
  }
}

TEST_CASE("quantiles match reference values") {
  CHECK(Distribution::normal(0, 1).quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-12));
  CHECK(Distribution::gamma(1, 1).quantile(0.5) == doctest::Approx(std::log(2.0)).epsilon(1e-12));
  CHECK(Distribution::beta(1, 1).quantile(0.25) == doctest::Approx(0.25).epsilon(1e-12));
  CHECK(Distribution::triangular(0, 0, 1).quantile(0.75) == doctest::Approx(0.5).epsilon(1e-12));
}

TEST_CASE("factories reject impossible arguments") {
  CHECK_THROWS_AS(Distribution::beta_mean_sd(0.5, 0.6), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::gamma(-1, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(2, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::pert(0, 2, 1), std::invalid_argument);
}
