#include "werkbaat/analysis/settlement.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace werkbaat::analysis {
namespace {

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double share_positive(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  return static_cast<double>(std::count_if(v.begin(), v.end(), [](double x) { return x > 1e-6; })) /
         static_cast<double>(v.size());
}

}  // namespace

SplitVerdict split_verdict(double society_net, double financiers_cost, double financiers_return) {
  if (society_net <= 0) return SplitVerdict::society_loses;
  if (financiers_cost <= 0) return SplitVerdict::nothing_invested;
  if (financiers_return <= financiers_cost) return SplitVerdict::financiers_lose;
  return SplitVerdict::proposed;
}

std::vector<Transfer> minimal_transfers(const std::vector<std::string>& parties, const std::vector<double>& current,
                                        const std::vector<double>& target) {
  const std::size_t n = parties.size();
  std::vector<double> owe(n);  // > 0: must pay, < 0: must receive
  double scale = 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    owe[i] = current[i] - target[i];
    scale = std::max(scale, std::abs(current[i]) + std::abs(target[i]));
  }
  const double eps = 1e-9 * scale;
  std::vector<Transfer> out;
  const auto pay = [&](std::size_t from, std::size_t to, double amount) {
    out.push_back({parties[from], parties[to], amount, 0.0});
    owe[from] -= amount;
    owe[to] += amount;
  };
  // Exact pairs settle in one transfer each.
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (owe[i] > eps && owe[j] < -eps && std::abs(owe[i] + owe[j]) <= eps) pay(i, j, owe[i]);
  for (;;) {
    const auto payer = std::max_element(owe.begin(), owe.end()) - owe.begin();
    const auto receiver = std::min_element(owe.begin(), owe.end()) - owe.begin();
    if (owe[payer] <= eps || owe[receiver] >= -eps) break;
    pay(static_cast<std::size_t>(payer), static_cast<std::size_t>(receiver), std::min(owe[payer], -owe[receiver]));
  }
  return out;
}

Settlement settle(const std::string& arm, double society_net, const std::vector<PartyDraws>& financiers,
                  double annuity_factor) {
  Settlement st;
  st.arm = arm;
  st.society_net = society_net;
  const std::size_t n = financiers.size();
  std::vector<std::string> names;
  std::vector<double> inv(n), ret(n), current(n);
  for (std::size_t p = 0; p < n; ++p) {
    names.push_back(financiers[p].party);
    inv[p] = mean(financiers[p].investment);
    ret[p] = mean(financiers[p].ret);
    current[p] = ret[p] - inv[p];
    st.financiers_cost += inv[p];
    st.financiers_return += ret[p];
  }
  const double C = st.financiers_cost, R = st.financiers_return;
  const std::size_t draws = n > 0 ? financiers[0].investment.size() : 0;

  st.verdict = split_verdict(society_net, C, R);
  for (const auto& [unused, rule] : model::kSettlementRules.rows) {
    RuleResult sr;
    sr.rule = rule;
    sr.proposed = st.verdict == SplitVerdict::proposed;
    const bool proportional = rule == model::SettlementRule::proportional;
    std::vector<double> target(n);
    for (std::size_t p = 0; p < n; ++p) {
      PartySettlement ps;
      ps.party = names[p];
      ps.investment = inv[p];
      ps.ret = ret[p];
      ps.current_net = current[p];
      const double share = R > 0 ? ret[p] / R : 0.0;
      if (proportional) {
        ps.proposed_payment = C * share;
        target[p] = ret[p] - ps.proposed_payment;
      } else {
        target[p] = (R - C) / static_cast<double>(n);
      }
      ps.proposed_net = sr.proposed ? target[p] : current[p];
      std::vector<double> cur_d(draws), prop_d(draws);
      for (std::size_t d = 0; d < draws; ++d) {
        cur_d[d] = financiers[p].ret[d] - financiers[p].investment[d];
        double cost_d = 0;
        for (const auto& f : financiers) cost_d += f.investment[d];
        // The contract is fixed in advance from expected values: shares of the actual cost
        // (proportional), or fixed transfers (repay_then_equal).
        prop_d[d] = proportional ? financiers[p].ret[d] - cost_d * share
                                              : cur_d[d] + (target[p] - current[p]);
      }
      ps.p_positive_current = share_positive(cur_d);
      ps.p_positive_proposed = sr.proposed ? share_positive(prop_d) : ps.p_positive_current;
      sr.parties.push_back(ps);
    }
    if (sr.proposed) {
      sr.transfers = minimal_transfers(names, current, target);
      for (auto& t : sr.transfers) t.per_year = annuity_factor > 0 ? t.present_value / annuity_factor : 0.0;
    }
    st.rules.push_back(std::move(sr));
  }
  return st;
}

}  // namespace werkbaat::analysis
