#include "io/results_checks.h"

#include <algorithm>
#include <map>

#include "werkbaat/model/accounts.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {

// What the types cannot say: the parts of a document agree with each other, so that every writer
// can index without checking again.
void check_results(const ResultsDoc& d, const std::string& file) {
  const auto bad = [&](const std::string& key, const std::string& what) { throw InputError({file, 0, 0}, key, what); };
  const auto has = [](const auto& map, const std::string& key) { return map.find(key) != map.end(); };
  if (d.arms.size() < 2) bad("arms", "a comparator and at least one intervention are needed");
  if (d.comparisons.size() != d.arms.size() - 1) bad("comparisons", "one comparison per intervention arm is needed");
  if (!has(d.annual_net_by_arm_mean, d.arms[0]) || d.annual_net_by_arm_mean.at(d.arms[0]).empty())
    bad("annual_net_by_arm_mean", "the comparator's accounts are missing");
  if (d.settings.horizon_months < 1 || d.settings.horizon_months > 1200)
    bad("settings.horizon_months", "must be 1 to 1200 months");
  const std::size_t months = static_cast<std::size_t>(d.settings.horizon_months), years = (months + 11) / 12;
  for (const auto& arm : d.arms) {
    if (!has(d.annual_net_by_arm_mean, arm)) bad("annual_net_by_arm_mean." + arm, "missing");
    for (const auto& [account, values] : d.annual_net_by_arm_mean.at(arm))
      if (values.size() != years) bad("annual_net_by_arm_mean." + arm + "." + account, "has another number of years than the horizon");
  }
  std::map<std::string, int> categories, lines;
  for (const auto& c : d.categories) categories[c.id] = 1;
  for (const auto& l : d.lines) {
    if (!has(categories, l.category)) bad("lines", "line '" + l.line + "' has a category not in 'categories'");
    lines[l.line] = 1;
  }
  const auto check_years = [&](const std::string& key, const std::vector<double>& v) {
    if (v.size() != years) bad(key, "has another number of years than annual_net_by_arm_mean");
  };
  for (const auto& arm : d.arms) {
    if (!has(d.budgets, arm)) bad("budgets." + arm, "missing");
    for (const auto& [account, b] : d.budgets.at(arm)) {
      const std::string key = "budgets." + arm + "." + account;
      for (const auto* v : {&b.paid, &b.received, &b.paid_base, &b.received_base}) check_years(key, *v);
      for (const auto* m : {&b.paid_by_category, &b.received_by_category})
        for (const auto& [cat, v] : *m) {
          if (!has(categories, cat)) bad(key, "category '" + cat + "' is not in 'categories'");
          check_years(key, v);
        }
    }
  }
  for (const auto& c : d.comparisons) {
    const std::string key = "comparisons." + c.arm;
    if (c.accounts.empty() || c.accounts.back().account != model::kSociety) bad(key + ".accounts", "society must come last");
    const auto same_accounts = [&](const auto& list) {
      if (list.size() != c.accounts.size()) return false;
      for (std::size_t k = 0; k < list.size(); ++k)
        if (list[k].account != c.accounts[k].account) return false;
      return true;
    };
    for (const auto& a : c.accounts) {
      if (a.annual_budget_impact.size() != years) bad(key + "." + a.account + ".annual_budget_impact", "needs one entry per year");
      if (a.cumulative_npv_mean.size() != months) bad(key + "." + a.account + ".cumulative_npv_mean", "needs one entry per month");
      if ((a.cumulative_npv_p2_5.size() != months && !a.cumulative_npv_p2_5.empty()) ||
          a.cumulative_npv_p97_5.size() != a.cumulative_npv_p2_5.size())
        bad(key + "." + a.account, "the cumulative band needs one entry per month on both sides");
    }
    for (const auto& g : c.groups)
      if (!same_accounts(g.accounts) || g.effects.size() != c.effects.size())
        bad(key + ".groups." + g.group, "has other accounts or effects than the comparison");
    if (d.wtp.size() != c.effects.size()) bad("wtp", "one entry per effect is needed");
    if (c.cost_effectiveness.size() != d.wtp.size()) bad("cost_effectiveness", "one entry per effect of 'wtp' is needed");
    for (const auto& ce : c.cost_effectiveness)
      if (!same_accounts(ce.accounts)) bad(key + ".cost_effectiveness." + ce.effect, "has other accounts than the comparison");
    for (std::size_t e = 0; e < d.wtp.size(); ++e) {
      if (d.wtp[e].evpi_society.size() != d.wtp[e].wtp.size()) bad("wtp." + d.wtp[e].effect, "evpi_society and wtp differ in length");
      for (const auto& a : c.cost_effectiveness[e].accounts)
        if (a.nmb_mean.size() != d.wtp[e].wtp.size() || a.p_positive.size() != d.wtp[e].wtp.size())
          bad("cost_effectiveness." + c.arm + "." + a.account, "the curves and the wtp grid differ in length");
    }
  }
  if (d.base_line_months)
    for (const auto& arm : d.arms) {
      if (!has(*d.base_line_months, arm)) bad("base_line_months." + arm, "missing");
      for (const auto& l : d.lines) {
        const auto& by_line = d.base_line_months->at(arm);
        if (!has(by_line, l.line)) bad("base_line_months." + arm, "line '" + l.line + "' is missing");
        if (by_line.at(l.line).size() != static_cast<std::size_t>(std::max(0, d.settings.horizon_months)))
          bad("base_line_months." + arm + "." + l.line, "has another number of months than settings.horizon_months");
      }
    }
  for (std::size_t i = 0; i < d.comparisons.size(); ++i) {
    const auto& c = d.comparisons[i];
    for (const auto& a : c.accounts) {
      const std::string key = "comparisons[" + std::to_string(i) + "]." + a.account;
      for (const auto& l : a.lines) {
        if (!has(lines, l.line)) bad(key, "line '" + l.line + "' is not in 'lines'");
        check_years(key, l.annual_mean), check_years(key, l.annual_base);
      }
      for (const auto& cat : a.categories) {
        if (!has(categories, cat.category)) bad(key, "category '" + cat.category + "' is not in 'categories'");
        check_years(key, cat.annual_mean), check_years(key, cat.annual_base);
      }
    }
    const std::string key = "comparisons[" + std::to_string(i) + "]";
    if (c.arm != d.arms[i + 1] || c.comparator != d.arms[0]) bad(key, "its arms do not match 'arms'");
    if (c.accounts.empty()) bad(key + ".accounts", "no accounts");
    if (i > 0 && (c.accounts.size() != d.comparisons[0].accounts.size() || c.effects.size() != d.comparisons[0].effects.size()))
      bad(key, "has other accounts or effects than the first comparison");
    for (const auto& e : c.effects)
      for (const auto& arm : d.arms)
        if (!has(d.effects_monthly_mean, arm) || !has(d.effects_monthly_mean.at(arm), e.effect))
          bad("effects_monthly_mean." + arm, "effect '" + e.effect + "' is missing");
    if (!d.draws) continue;
    std::size_t draws = 0;
    for (const auto& a : c.accounts) {
      if (!has(*d.draws, c.arm) || !has(d.draws->at(c.arm), a.account))
        bad("draws." + c.arm, "account '" + a.account + "' is missing");
      const auto& series = d.draws->at(c.arm).at(a.account);
      if (series.payback_month.size() != series.npv.size() || (draws && series.npv.size() != draws))
        bad("draws." + c.arm + "." + a.account, "the per-draw lists differ in length");
      draws = series.npv.size();
    }
  }
  if (d.analyses && d.analyses->tornado)
    for (const auto& t : *d.analyses->tornado) {
      if (t.accounts.empty() || t.base_npv.size() != t.accounts.size())
        bad("analyses.tornado", "needs accounts, and base_npv of the same length");
      for (const auto& b : t.bars)
        if (b.npv_low.size() != t.accounts.size() || b.npv_high.size() != t.accounts.size())
          bad("analyses.tornado", "a bar's NPVs and the accounts differ in length");
    }
}

}  // namespace werkbaat::io
