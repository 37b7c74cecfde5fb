// The benefit rules against cases computed by hand.
#include <doctest/doctest.h>

#include "model/benefit_rules.h"

using namespace werkbaat::model;

TEST_CASE("bijstand: norm minus net earnings, with the inkomstenvrijlating") {
  // Norm 1,345.45; net earnings 600; 25% kept = 150 (under the 285 cap): 1345.45 - 600 + 150.
  CHECK(bijstand_benefit(1345.45, 600, 0.25, 285) == doctest::Approx(895.45));
  // Net earnings 1,200: 25% = 300, capped at 285: 1345.45 - 1200 + 285 = 430.45.
  CHECK(bijstand_benefit(1345.45, 1200, 0.25, 285) == doctest::Approx(430.45));
  // No vrijlating (after 6 months, or under 27): every net euro is deducted.
  CHECK(bijstand_benefit(1345.45, 600, 0.0, 285) == doctest::Approx(745.45));
  // Earnings at or above the norm: out of bijstand.
  CHECK(bijstand_benefit(1345.45, 1345.45, 0.25, 285) == 0.0);
  CHECK(bijstand_benefit(1345.45, 0, 0.25, 285) == doctest::Approx(1345.45));
}

TEST_CASE("WW: earnings deducted from the maandloon, level of the rest, ends above 87.5%") {
  // Maandloon 2,500, earnings 1,000: 0.70 * 1,500 = 1,050.
  CHECK(ww_benefit(2500, 1000, 0.70) == doctest::Approx(1050));
  // First two months at 75%: 0.75 * 1,500 = 1,125.
  CHECK(ww_benefit(2500, 1000, 0.75) == doctest::Approx(1125));
  // Earnings of exactly 87.5% (2,187.50) still pay 0.70 * 312.50 = 218.75; above it, nothing.
  CHECK(ww_benefit(2500, 2187.5, 0.70) == doctest::Approx(218.75));
  CHECK(ww_benefit(2500, 2188, 0.70) == 0.0);
}

TEST_CASE("Wajong: the benefit falls by the offset share of earnings") {
  // Base 1,677, earnings 800, 70% offset: 1677 - 560 = 1117; the client keeps 240 on top.
  CHECK(wajong_benefit(1677, 800, 0.70) == doctest::Approx(1117));
  CHECK(wajong_benefit(1677, 3000, 0.70) == 0.0);
}

TEST_CASE("WGA: level of the maandloon minus earnings") {
  CHECK(wga_benefit(3000, 1000, 0.70) == doctest::Approx(1400));
  CHECK(wga_benefit(3000, 3500, 0.70) == 0.0);
}
