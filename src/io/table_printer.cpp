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

}  // namespace werkbaat::io
