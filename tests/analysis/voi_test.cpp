// Value of information: EVPI and EVPPI on cases computed by hand.
#include <doctest/doctest.h>

#include <cmath>

#include <vector>

#include "werkbaat/analysis/voi.h"

using namespace werkbaat::analysis;

TEST_CASE("EVPI: zero when all draws agree; a hand-computed case") {
  CHECK(evpi({{0, 0, 0}, {5, 1, 2}}).value == 0.0);
  // Options 0 and NB = (10, -20, 4, -2): E[max] = (10 + 0 + 4 + 0) / 4 = 3.5; max E = max(0, -2) = 0.
  const auto v = evpi({{0, 0, 0, 0}, {10, -20, 4, -2}});
  CHECK(v.value == doctest::Approx(3.5));
  // Its standard error: the loss against the best option (0) is (10, 0, 4, 0).
  CHECK(v.se == doctest::Approx(std::sqrt((6.5 * 6.5 + 0.5 * 0.5 + 2 * 3.5 * 3.5) / 3 / 4)));
}

TEST_CASE("EVPPI: a parameter that decides is worth the EVPI; noise is worth nothing") {
  const int S = 2000;
  std::vector<std::vector<double>> nb = {std::vector<double>(S, 0.0), std::vector<double>(S)};
  std::vector<std::vector<double>> decisive(S, std::vector<double>(1)), noise(S, std::vector<double>(1));
  for (int d = 0; d < S; ++d) {
    const double x = (d + 0.5) / S - 0.5;           // uniform on (-0.5, 0.5)
    const double z = std::sin(12.9898 * d) * 0.5;   // unrelated to x
    nb[1][d] = 100 * x;
    decisive[d][0] = x;
    noise[d][0] = z;
  }
  const double total = evpi(nb).value;  // E[max(0, 100x)] = 12.5
  CHECK(total == doctest::Approx(12.5).epsilon(0.01));
  CHECK(evppi(nb, decisive, 1).value == doctest::Approx(total).epsilon(0.02));
  CHECK(evppi(nb, noise, 1).value < 0.05 * total);
}

TEST_CASE("EVPPI with more parameters than the draws support keeps every linear term") {
  // 20 parameters, 100 draws: the cubic basis (61 columns) is too wide, the linear one is used;
  // the decision depends on the last parameter only.
  const int S = 100, k = 20;
  std::vector<std::vector<double>> nb = {std::vector<double>(S, 0.0), std::vector<double>(S)};
  std::vector<std::vector<double>> in(S, std::vector<double>(k));
  for (int d = 0; d < S; ++d) {
    for (int c = 0; c < k; ++c) in[d][c] = std::sin(1.0 + d * (c + 1.7));
    nb[1][d] = 100 * in[d][k - 1];
  }
  const double total = evpi(nb).value;
  CHECK(total > 0);
  CHECK(evppi(nb, in, 3).value == doctest::Approx(total).epsilon(0.01));
}
