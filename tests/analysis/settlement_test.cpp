// Settlement on cases computed by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "werkbaat/analysis/settlement.h"

using namespace werkbaat::analysis;

namespace {

PartyDraws party(const std::string& name, std::vector<double> inv, std::vector<double> ret) {
  return {name, std::move(inv), std::move(ret)};
}

double total_transfer_balance(const std::vector<Transfer>& t, const std::string& who) {
  double b = 0;
  for (const auto& x : t) b += (x.to == who ? x.present_value : 0.0) - (x.from == who ? x.present_value : 0.0);
  return b;
}

}  // namespace

TEST_CASE("settlement: two parties, by hand") {
  // A invests 100 and gets 40 back; B invests nothing and gets 110. C = 100, R = 150.
  const auto st = settle("ips", 50, {party("A", {100, 100}, {40, 40}), party("B", {0, 0}, {110, 110})}, 2.0);
  const auto& prop = st.rules[0];
  REQUIRE(prop.proposed);
  // Proportional: A pays 100 * 40/150 = 26.67 and nets 13.33; B pays 73.33 and nets 36.67.
  CHECK(prop.parties[0].proposed_payment == doctest::Approx(100.0 * 40 / 150));
  CHECK(prop.parties[0].proposed_net == doctest::Approx(40.0 / 3));
  CHECK(prop.parties[1].proposed_net == doctest::Approx(110.0 / 3));
  // Same return per euro invested: 40 / 26.67 = 110 / 73.33 = 1.5.
  CHECK(prop.parties[0].ret / prop.parties[0].proposed_payment ==
        doctest::Approx(prop.parties[1].ret / prop.parties[1].proposed_payment));
  REQUIRE(prop.transfers.size() == 1);
  CHECK(prop.transfers[0].from == "B");
  CHECK(prop.transfers[0].to == "A");
  CHECK(prop.transfers[0].present_value == doctest::Approx(40.0 / 3 + 60));
  CHECK(prop.transfers[0].per_year == doctest::Approx((40.0 / 3 + 60) / 2));
  // Repay, then share equally: each nets 25; B pays A 85.
  const auto& eq = st.rules[1];
  CHECK(eq.parties[0].proposed_net == doctest::Approx(25));
  CHECK(eq.parties[1].proposed_net == doctest::Approx(25));
  REQUIRE(eq.transfers.size() == 1);
  CHECK(eq.transfers[0].present_value == doctest::Approx(85));
  CHECK(eq.parties[0].p_positive_current == 0.0);
  CHECK(eq.parties[0].p_positive_proposed == 1.0);
}

TEST_CASE("settlement: four parties; transfers sum to zero and reach the targets") {
  const auto st = settle("wabz", 90,
                         {party("gemeente", {300}, {200}), party("uwv", {50}, {20}), party("zvw", {0}, {160}),
                          party("rijk", {0}, {60})},
                         1.0);
  for (const auto& rule : st.rules) {
    REQUIRE(rule.proposed);
    double sum = 0;
    for (const auto& p : rule.parties) {
      CHECK(p.proposed_net >= 0);
      CHECK(total_transfer_balance(rule.transfers, p.party) == doctest::Approx(p.proposed_net - p.current_net));
      sum += total_transfer_balance(rule.transfers, p.party);
    }
    CHECK(sum == doctest::Approx(0).epsilon(1e-12));
    CHECK(rule.transfers.size() <= 3);
  }
  // Proportional: C = 350, R = 440; gemeente's share 200/440 of 350.
  CHECK(st.rules[0].parties[0].proposed_payment == doctest::Approx(350.0 * 200 / 440));
  // Equal: surplus 90 shared by four.
  CHECK(st.rules[1].parties[3].proposed_net == doctest::Approx(22.5));
}

TEST_CASE("settlement: when society loses, no split is proposed and the reason says so") {
  const auto st = settle("ips", -20, {party("A", {100}, {50}), party("B", {0}, {30})}, 1.0);
  for (const auto& rule : st.rules) {
    CHECK_FALSE(rule.proposed);
    CHECK(rule.transfers.empty());
    CHECK(st.verdict == SplitVerdict::society_loses);
    CHECK(rule.parties[0].proposed_net == rule.parties[0].current_net);
  }
  // Society gains (through the client) but the financiers do not: said plainly too.
  const auto st2 = settle("ips", 20, {party("A", {100}, {50}), party("B", {0}, {30})}, 1.0);
  CHECK_FALSE(st2.rules[0].proposed);
  CHECK(st2.verdict == SplitVerdict::financiers_lose);
}

