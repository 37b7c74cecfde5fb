#include "werkbaat/io/table_printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "io/format.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {

std::string format_money(double euros) { return whole_euros(euros); }

namespace {

std::string percent(double x) { return std::isfinite(x) ? fmt::format("{:.0f}%", 100 * x) : "-"; }
std::string ratio(double x) {
  if (!std::isfinite(x)) return "-";
  return x > 99 ? ">99" : fmt::format("{:.2f}", x);
}
// Payback over the draws, or of the base case without draws; NaN: not within the horizon.
std::string payback(const PaybackDoc& p, bool psa) {
  const double m = psa ? p.median : p.base;
  if (std::isnan(m)) return "> horizon";
  if (m == 0) return "none needed";
  return fmt::format("month {:.0f}", m);
}

}  // namespace

std::string format_table(const ResultsDoc& doc) {
  const auto& st = doc.settings;
  const bool psa = st.draws > 0;
  std::string out = fmt::format("{}\n", doc.scenario.name);
  out += fmt::format("{} mode, {} PSA draws{}, seed {}, population {}, horizon {} months\n",
                     st.mode == model::Mode::cohort ? "cohort" : fmt::format("micro ({} clients per draw)", st.clients),
                     st.draws, st.base_case ? " + base case" : "", st.seed, format_money(doc.population.size),
                     st.horizon_months);
  out += fmt::format("EUR of {}, discounted at {:.2f}% (costs) and {:.2f}% (effects) a year; {}\n", st.price_year,
                     100 * st.discount.costs, 100 * st.discount.effects,
                     psa ? "mean over the draws [95% interval]" : "base case");
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{} vs {}\n", c.arm, c.comparator);
    out += fmt::format("{:<20} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", "party", "investment", "return",
                       "NPV", "95% interval", "P(NPV>0)", "ROI", "payback");
    for (const auto& a : c.accounts) {
      if (a.account == model::kResources) continue;  // the outside account: society's mirror image
      const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
      const std::string interval =
          psa ? fmt::format("[{}, {}]", format_money(a.npv.p2_5), format_money(a.npv.p97_5)) : "";
      out += fmt::format("{:<20} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", a.account,
                         format_money(pick(a.investment)), format_money(pick(a.ret)), format_money(pick(a.npv)),
                         interval, psa ? percent(a.npv.p_positive) : "-",
                         ratio(psa ? a.roi_of_means : a.roi.base), payback(a.payback, psa));
    }
    const bool chance = std::any_of(c.accounts.begin(), c.accounts.end(), [](const AccountDoc& a) { return a.chance; });
    if (chance) {
      out += fmt::format("The {} clients are simulated one for one: the interval above holds the chance of what these\n"
                         "clients do and what is not known about the parameters. Parameters only, and chance's share:\n",
                         format_money(doc.population.size));
      for (const auto& a : c.accounts)
        if (a.account != model::kResources && a.chance && std::isfinite(a.chance->chance_share_of_variance))
          out += fmt::format("{:<20} {:>41} {:>8} of the variance is chance\n", a.account,
                             fmt::format("[{}, {}]", format_money(a.chance->npv_parameters_only.p2_5),
                                         format_money(a.chance->npv_parameters_only.p97_5)),
                             percent(a.chance->chance_share_of_variance));
    }
    for (std::size_t k = 0; k < c.effects.size(); ++k) {
      const auto& e = c.effects[k];
      const auto& d = e.delta_undiscounted;
      out += fmt::format("  {}: {:+.1f}{}{} (undiscounted, {} {:.1f} vs {} {:.1f})\n", e.effect, psa ? d.mean : d.base,
                         e.unit.empty() ? "" : " " + e.unit,
                         psa ? fmt::format(" [{:+.1f}, {:+.1f}]", d.p2_5, d.p97_5) : "", c.arm,
                         e.intervention_undiscounted_mean, c.comparator, e.comparator_undiscounted_mean);
      if (k < c.cost_effectiveness.size()) {
        const double cost = psa ? c.cost_effectiveness[k].accounts.back().cost_per_unit
                                : c.cost_effectiveness[k].accounts.back().cost_per_unit_base;
        if (std::isfinite(cost))
          out += fmt::format("    society's net cost per unit gained{}: {} EUR{}\n",
                             e.unit.empty() ? "" : " (" + e.unit + ")", format_money(cost), cost < 0 ? ", a saving" : "");
      }
    }
  }
  const auto notes = run_notes(doc, Lang::en);
  if (!notes.empty()) out += "\n";
  for (const auto& n : notes) out += fmt::format("note: {}\n", n);
  return out;
}

namespace {

// Per attribute value (all groups with severity = epa, say): clients, and each account's NPV.
std::string by_group(const ResultsDoc& doc) {
  const bool psa = doc.settings.draws > 0;
  std::string out;
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{} vs {}, NPV by group{}\n", c.arm, c.comparator, psa ? " (mean over the draws; P(>0) for society)" : "");
    std::vector<std::size_t> shown;  // accounts that any group moves
    for (std::size_t k = 0; k < c.accounts.size(); ++k)
      if (c.accounts[k].account != model::kResources &&
          (c.accounts[k].account == model::kSociety || std::abs(c.accounts[k].npv.mean) >= 0.5 ||
           std::abs(c.accounts[k].npv.base) >= 0.5))
        shown.push_back(k);
    std::size_t width = 24;
    for (const auto& g : c.groups)
      if (g.attribute_value) width = std::max(width, g.group.size());
    out += fmt::format("{:<{}} {:>9}", "group", width, "clients");
    for (const std::size_t k : shown) out += fmt::format(" {:>13}", c.accounts[k].account.substr(0, 13));
    out += psa ? fmt::format(" {:>7}\n", "P(>0)") : "\n";
    for (const auto& g : c.groups) {
      if (!g.attribute_value || g.size <= 0) continue;  // the attribute values; every group is in groups.csv
      out += fmt::format("{:<{}} {:>9.1f}", g.group, width, g.size);
      for (const std::size_t k : shown) {
        const auto& st = g.accounts[k].npv;
        out += fmt::format(" {:>13}", format_money(psa ? st.mean : st.base));
      }
      out += psa ? fmt::format(" {:>6.0f}%\n", 100 * g.accounts.back().npv.p_positive) : "\n";
    }
  }
  return out;
}

}  // namespace

std::string format_breakdown(const ResultsDoc& doc, Breakdown by) {
  if (by == Breakdown::group) return by_group(doc);
  const bool psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::map<std::string, std::string> category_name;
  for (const auto& c : doc.categories) category_name[c.id] = c.en;
  std::string out;
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{} vs {}, by {}\n", c.arm, c.comparator, by == Breakdown::line ? "line" : "category");
    for (const auto& a : c.accounts) {
      if (a.account == model::kResources) continue;
      // The parts that move this party's money (a line that never does is left out), then the total.
      std::vector<std::pair<std::string, const AttributionDoc*>> parts;
      const auto moves = [&](const AttributionDoc& x) {
        const auto zero = [&](const StatDoc& st) { return pick(st) == 0 && (!psa || (st.p2_5 == 0 && st.p97_5 == 0)); };
        return !zero(x.investment) || !zero(x.ret);
      };
      if (by == Breakdown::line) {
        for (const auto& l : a.lines)
          if (moves(l)) parts.emplace_back(fmt::format("{} ({})", l.line, category_name[l.category]), &l);
      } else {
        for (const auto& k : a.categories)
          if (moves(k)) parts.emplace_back(category_name[k.category], &k);
      }
      std::size_t width = 30;
      for (const auto& [label, x] : parts) width = std::max(width, label.size());
      out += fmt::format("{:<{}} {:>13} {:>13} {:>13}{}\n", a.account, width + 2, "investment", "return", "NPV",
                         psa ? fmt::format(" {:>29}", "95% interval") : "");
      for (const auto& [label, x] : parts)
        out += fmt::format("  {:<{}} {:>13} {:>13} {:>13}{}\n", label, width, format_money(pick(x->investment)),
                           format_money(pick(x->ret)), format_money(pick(x->npv)),
                           psa ? fmt::format(" {:>29}", fmt::format("[{}, {}]", format_money(x->npv.p2_5),
                                                                      format_money(x->npv.p97_5)))
                               : "");
      out += fmt::format("  {:<{}} {:>13} {:>13} {:>13}\n", "total", width, format_money(pick(a.investment)),
                         format_money(pick(a.ret)), format_money(pick(a.npv)));
    }
  }
  return out;
}

std::string format_analyses(const ResultsDoc& doc) {
  if (!doc.analyses) return "";
  const auto& a = *doc.analyses;
  const std::string& comparator = doc.arms[0];
  std::string out;
  for (const auto& st : a.settlement.value_or(std::vector<SettlementDoc>{})) {
    out += fmt::format("\nSettlement: {} vs {} (expected values, discounted; society's net {})\n", st.arm,
                       comparator, format_money(st.society_net));
    for (const auto& rule : st.rules) {
      out += fmt::format("  rule {}: {}\n", model::name_of(rule.rule), settlement_reason(st, rule, Lang::en));
      if (!rule.proposed) continue;
      out += fmt::format("    {:<18} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}\n", "party", "investment", "return",
                         "net now", "net then", "P(>0) now", "P(>0) then");
      for (const auto& p : rule.parties)
        out += fmt::format("    {:<18} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}\n", p.party, format_money(p.investment),
                           format_money(p.ret), format_money(p.current_net), format_money(p.proposed_net),
                           percent(p.p_positive_current), percent(p.p_positive_proposed));
      for (const auto& t : rule.transfers)
        out += fmt::format("    transfer: {} pays {} {} (present value), or {} a year\n", t.from, t.to,
                           format_money(t.present_value), format_money(t.per_year));
    }
  }
  for (const auto& t : a.tornado.value_or(std::vector<TornadoDoc>{})) {
    out += fmt::format("\nOne-way sensitivity: {} vs {}, society's NPV (base {}), largest swings first\n", t.arm,
                       comparator, format_money(t.base_npv.back()));
    out += fmt::format("  {:<40} {:>12} {:>12} {:>14} {:>14}\n", "parameter", "low", "high", "NPV at low", "NPV at high");
    for (std::size_t k = 0; k < t.bars.size() && k < 15; ++k) {
      const auto& b = t.bars[k];
      out += fmt::format("  {:<40} {:>12.4g} {:>12.4g} {:>14} {:>14}\n", b.parameter, b.low, b.high,
                         format_money(b.npv_low.back()), format_money(b.npv_high.back()));
    }
    if (t.bars.size() > 15) out += fmt::format("  ... {} more in tornado.csv\n", t.bars.size() - 15);
  }
  const auto breakeven = a.breakeven.value_or(std::vector<BreakEvenDoc>{});
  if (!breakeven.empty()) out += "\nBreak-even (base case, other parameters at their means)\n";
  for (const auto& b : breakeven) {
    if (b.account == model::kResources) continue;
    out += fmt::format("  {} {} {}: {}\n", b.parameter, b.arm, b.account,
                       b.found ? fmt::format("NPV crosses 0 at {:.6g}", b.value)
                               : fmt::format("no crossing in [{:.4g}, {:.4g}] (NPV {} to {})", b.low, b.high,
                                             format_money(b.npv_low), format_money(b.npv_high)));
  }
  if (a.voi && !a.voi->accounts.empty()) {
    out += fmt::format("\nValue of information ({} PSA draws; population and per client, +- Monte Carlo error)\n",
                       a.voi->draws);
    for (const auto& av : a.voi->accounts) {
      out += fmt::format("  {:<18} EVPI {} +- {} ({} per client)\n", av.account, format_money(av.evpi.population),
                         format_money(av.evpi.se), format_money(av.evpi.per_client));
      for (const auto& g : av.evppi)
        if (g.evppi.population > 0.005 * std::max(1.0, av.evpi.population))
          out += fmt::format("    EVPPI {:<30} {} +- {}\n", g.group, format_money(g.evppi.population),
                             format_money(g.evppi.se));
    }
  }
  return out;
}

}  // namespace werkbaat::io
