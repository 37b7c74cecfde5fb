// The statistics of a set of draws, against their definitions computed the slow way.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "werkbaat/analysis/summary.h"

using namespace werkbaat;

namespace {

// Type-7 quantile from a sorted copy (R's default, NumPy's "linear").
double sorted_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double hi = lo + 1 < v.size() ? v[lo + 1] : v[lo];
  return v[lo] + (h - static_cast<double>(lo)) * (hi - v[lo]);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("describe: the 2.5%, 50% and 97.5% quantiles are the sorted type-7 ones, to the bit, at every size") {
  std::mt19937_64 rng(7);
  for (int n = 1; n <= 80; ++n)
    for (int rep = 0; rep < 5; ++rep) {
      std::vector<double> v(n);
      // Ties (small integers) in every other set, continuous values in the others.
      for (auto& x : v) x = rep % 2 ? static_cast<double>(rng() % 5) : std::ldexp(static_cast<double>(rng() >> 11), -40);
      const analysis::Stat st = analysis::describe(v, 0.0);
      CAPTURE(n);
      CAPTURE(rep);
      CHECK(same_bits(st.p025, sorted_quantile(v, 0.025)));
      CHECK(same_bits(st.p50, sorted_quantile(v, 0.5)));
      CHECK(same_bits(st.p975, sorted_quantile(v, 0.975)));
      CHECK(st.n == n);
    }
}

TEST_CASE("describe: a hand-computed set") {
  // Sorted: 1 2 3 4 10. Mean 4, sd sqrt(((-3)^2 + (-2)^2 + (-1)^2 + 0 + 6^2) / 4) = sqrt(12.5).
  const analysis::Stat st = analysis::describe({10, 3, 1, 4, 2}, 3.5);
  CHECK(st.mean == doctest::Approx(4.0));
  CHECK(st.sd == doctest::Approx(std::sqrt(12.5)));
  CHECK(st.p50 == 3.0);
  CHECK(st.p025 == doctest::Approx(1.1));   // h = 4 * 0.025 = 0.1: 1 + 0.1 * (2 - 1)
  CHECK(st.p975 == doctest::Approx(9.4));   // h = 3.9: 4 + 0.9 * (10 - 4)
  CHECK(st.p_positive == 1.0);
  CHECK(st.base == 3.5);
}

TEST_CASE("TailQuantiles: the 2.5% and 97.5% quantiles of single-precision values, as describe() gives them") {
  std::mt19937_64 rng(11);
  analysis::TailQuantiles tails;
  for (int n = 1; n <= 300; n += (n < 40 ? 1 : 37))
    for (int rep = 0; rep < 6; ++rep) {
      std::vector<float> v(n);
      for (auto& x : v) {
        const double u = std::ldexp(static_cast<double>(rng() >> 11), -53);
        // Spread over signs and magnitudes, ties, and one narrow cluster (a single bucket).
        x = rep == 0   ? static_cast<float>((u - 0.3) * 1e7)
            : rep == 1 ? static_cast<float>(rng() % 4) - 1.5f
            : rep == 2 ? static_cast<float>(1e6 + u)
            : rep == 3 ? static_cast<float>(std::exp(40 * (u - 0.5)))
            : rep == 4 ? 0.0f
                       : static_cast<float>(-std::exp(10 * u));
      }
      const std::vector<double> d(v.begin(), v.end());
      const analysis::Stat st = analysis::describe(d, 0.0);
      const auto [lo, hi] = tails(v.data(), v.size(), 0.025, 0.975);
      CAPTURE(n);
      CAPTURE(rep);
      CHECK(same_bits(lo, st.p025));
      CHECK(same_bits(hi, st.p975));
    }
}
