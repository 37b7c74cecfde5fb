// Every shipped scenario is a smoke test: it loads, runs with few draws, and keeps the invariants.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "../test_support.h"
#include "werkbaat/analysis/summary.h"

using namespace werkbaat;

TEST_CASE("every shipped scenario loads and runs") {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    if (e.path().extension() != ".yaml") continue;
    CAPTURE(e.path().string());
    auto s = io::load_scenario(e.path().string());
    s.simulation.draws = 10;
    s.simulation.clients = std::min(s.simulation.clients, 300);
    const auto r = engine::simulate(s);
    const auto sum = analysis::summarise(s, r);
    REQUIRE(sum.comparisons.size() == s.arms.size() - 1);
    for (const auto& c : sum.comparisons) {
      double parties = 0;
      for (std::size_t a = 1; a + 1 < c.accounts.size(); ++a) parties += c.accounts[a].npv.mean;
      const double society = c.accounts.back().npv.mean;
      CHECK(parties == doctest::Approx(society).epsilon(1e-9));
      CHECK(std::isfinite(society));
    }
    ++n;
  }
  CHECK(n >= 2);
}
