#include "werkbaat/io/table_printer.h"

#include <fmt/format.h>

#include <cmath>

namespace werkbaat::io {

std::string format_money(double euros) {
  if (!std::isfinite(euros)) return "-";
  const long long v = std::llround(euros);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

namespace {

std::string percent(double x) { return std::isfinite(x) ? fmt::format("{:.0f}%", 100 * x) : "-"; }
std::string ratio(double x) {
  if (!std::isfinite(x)) return "-";
  return x > 99 ? ">99" : fmt::format("{:.2f}", x);
}
std::string payback(const analysis::AccountResult& a) {
  const double m = std::isnan(a.payback_median) ? a.payback_base : a.payback_median;
  if (std::isnan(m)) return "-";
  if (m < 0) return "> horizon";
  if (m == 0) return "none needed";
  return fmt::format("month {:.0f}", m);
}

}  // namespace

std::string format_table(const RunReport& r) {
  const auto& s = r.scenario;
  const auto& st = s.settings;
  const bool psa = r.summary.draws > 0;
  std::string out = fmt::format("{}\n", s.name);
  out += fmt::format("{} mode, {} PSA draws{}, seed {}, population {}, horizon {} months\n",
                     st.mode == model::Mode::cohort ? "cohort" : fmt::format("micro ({} clients per draw)", st.clients),
                     r.summary.draws, r.summary.has_base ? " + base case" : "", st.seed,
                     format_money(s.population.size), st.horizon);
  out += fmt::format("EUR of {}, discounted at {:.2f}% (costs) and {:.2f}% (effects) a year; {}\n", st.price_year,
                     100 * st.discount_costs, 100 * st.discount_effects,
                     psa ? "mean over the draws [95% interval]" : "base case");
  for (const auto& c : r.summary.comparisons) {
    out += fmt::format("\n{} vs {}\n", c.arm, s.arms[0]);
    out += fmt::format("{:<20} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", "party", "investment", "return",
                       "NPV", "95% interval", "P(NPV>0)", "ROI", "payback");
    for (const auto& a : c.accounts) {
      if (a.account == "resources") continue;  // the outside account: society's mirror image
      const auto pick = [&](const analysis::Stat& x) { return psa ? x.mean : x.base; };
      const std::string interval =
          psa ? fmt::format("[{}, {}]", format_money(a.npv.p025), format_money(a.npv.p975)) : "";
      out += fmt::format("{:<20} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", a.account,
                         format_money(pick(a.investment)), format_money(pick(a.ret)), format_money(pick(a.npv)),
                         interval, psa ? percent(a.npv.p_positive) : "-",
                         ratio(psa ? a.roi_of_means : a.roi.base), payback(a));
    }
    for (const auto& e : c.effects) {
      const auto& d = e.delta_undisc;
      out += fmt::format("  {}: {:+.1f}{}{} (undiscounted, {} {:.1f} vs {} {:.1f})\n", e.effect, psa ? d.mean : d.base,
                         e.unit.empty() ? "" : " " + e.unit,
                         psa ? fmt::format(" [{:+.1f}, {:+.1f}]", d.p025, d.p975) : "", c.arm, e.intervention_undisc,
                         s.arms[0], e.comparator_undisc);
    }
  }
  if (r.result.adjusted_rows > 0)
    out += fmt::format("\nnote: {} transition rows were mended (negative or summing above 1) in some draws\n",
                       r.result.adjusted_rows);
  for (const auto& w : r.result.warnings) out += fmt::format("warning: {}\n", w);
  return out;
}

std::string format_analyses(const RunReport& r) {
  if (!r.analyses) return "";
  const auto& a = *r.analyses;
  const double population = r.scenario.population.size;
  std::string out;
  for (const auto& st : a.settlement) {
    out += fmt::format("\nSettlement: {} vs {} (expected values, discounted; society's net {})\n", st.arm,
                       r.scenario.arms[0], format_money(st.society_net));
    for (const auto& rule : st.rules) {
      out += fmt::format("  rule {}: {}\n", rule.rule, rule.reason);
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
  for (const auto& t : a.tornado) {
    out += fmt::format("\nOne-way sensitivity: {} vs {}, society's NPV (base {}), largest swings first\n", t.arm,
                       r.scenario.arms[0], format_money(t.base_npv.back()));
    out += fmt::format("  {:<40} {:>12} {:>12} {:>14} {:>14}\n", "parameter", "low", "high", "NPV at low", "NPV at high");
    for (std::size_t k = 0; k < t.bars.size() && k < 15; ++k) {
      const auto& b = t.bars[k];
      out += fmt::format("  {:<40} {:>12.4g} {:>12.4g} {:>14} {:>14}\n", b.parameter, b.low, b.high,
                         format_money(b.npv_low.back()), format_money(b.npv_high.back()));
    }
    if (t.bars.size() > 15) out += fmt::format("  ... {} more in tornado.csv\n", t.bars.size() - 15);
  }
  if (!a.breakeven.empty()) out += "\nBreak-even (base case, other parameters at their means)\n";
  for (const auto& b : a.breakeven) {
    if (b.account == "resources") continue;
    out += fmt::format("  {} {} {}: {}\n", b.parameter, b.arm, b.account,
                       b.found ? fmt::format("NPV crosses 0 at {:.6g}", b.value)
                               : fmt::format("no crossing in [{:.4g}, {:.4g}] (NPV {} to {})", b.low, b.high,
                                             format_money(b.npv_low), format_money(b.npv_high)));
  }
  if (!a.voi.accounts.empty()) {
    out += fmt::format("\nValue of information ({} PSA draws; population and per client, +- Monte Carlo error)\n",
                       a.voi.draws);
    for (const auto& av : a.voi.accounts) {
      out += fmt::format("  {:<18} EVPI {} +- {} ({} per client)\n", av.account, format_money(av.evpi.value),
                         format_money(av.evpi.se), format_money(av.evpi.value / population));
      for (const auto& g : av.groups)
        if (g.value.value > 0.005 * std::max(1.0, av.evpi.value))
          out += fmt::format("    EVPPI {:<30} {} +- {}\n", g.group, format_money(g.value.value), format_money(g.value.se));
    }
  }
  return out;
}

}  // namespace werkbaat::io
