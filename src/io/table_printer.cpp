#include "werkbaat/io/table_printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "io/format.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {

std::string format_money(double euros) { return whole_euros(euros); }

namespace {

// The table's words and names: in English with the data's ids (no language asked for), or in the
// language asked for with the data's display names, Dutch numbers in Dutch.
// Characters as the terminal shows them (UTF-8 code points), and a name cut to n of them.
std::size_t width_of(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
std::string cut(const std::string& s, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t seen = 0; at < s.size(); ++at)
    if ((s[at] & 0xC0) != 0x80 && seen++ == n) break;
  return s.substr(0, at);
}

struct Say {
  const ResultsDoc& doc;
  std::optional<Lang> lang;
  bool nl() const { return lang == Lang::nl; }
  const char* operator()(const char* en, const char* dutch) const { return nl() ? dutch : en; }
  std::string name(const std::string& id) const { return lang ? display_name(doc, id, *lang) : id; }
  std::string category(const std::string& id) const { return category_name(doc, id, lang.value_or(Lang::en)); }
  std::string money(double euros) const {
    std::string s = whole_euros(euros);
    if (nl() && s.find('e') == std::string::npos) std::replace(s.begin(), s.end(), ',', '.');
    return s;
  }
  std::string decimals(std::string s) const {
    if (nl()) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }
  std::string percent(double x) const { return std::isfinite(x) ? fmt::format("{:.0f}%", 100 * x) : "-"; }
  std::string ratio(double x) const {
    if (!std::isfinite(x)) return "-";
    return x > 99 ? ">99" : decimals(fmt::format("{:.2f}", x));
  }
  // Payback over the draws, or of the base case without draws; NaN: not within the horizon.
  std::string payback(const PaybackDoc& p, bool psa) const {
    const double m = psa ? p.median : p.base;
    if (std::isnan(m)) return (*this)("> horizon", "na horizon");
    if (m == 0) return (*this)("none needed", "niet nodig");
    return fmt::format("{} {:.0f}", (*this)("month", "maand"), m);
  }
  std::string vs(const std::string& arm, const std::string& comparator) const {
    return fmt::format("{} {} {}", name(arm), (*this)("vs", "tegenover"), name(comparator));
  }
};

}  // namespace

std::string format_table(const ResultsDoc& doc, std::optional<Lang> lang) {
  const Say say{doc, lang};
  const auto& st = doc.settings;
  const bool psa = st.draws > 0;
  std::string out = fmt::format("{}\n", doc.scenario.name);
  const std::string mode = st.mode == model::Mode::cohort
                               ? say("cohort mode", "cohortmodel")
                               : fmt::format("{} ({} {})", say("micro mode", "microsimulatie"), st.clients,
                                             say("clients per draw", "cliënten per trekking"));
  out += fmt::format("{}, {} {}{}, seed {}, {} {}, horizon {} {}\n", mode, st.draws, say("PSA draws", "trekkingen (PSA)"),
                     st.base_case ? say(" + base case", " + basisscenario") : "", st.seed,
                     say("population", "populatie"), say.money(doc.population.size), st.horizon_months,
                     say("months", "maanden"));
  out += fmt::format("{} {}, {} {}% ({}) {} {}% ({}) {}; {}\n", say("EUR of", "euro van"), st.price_year,
                     say("discounted at", "verdisconteerd met"), say.decimals(fmt::format("{:.2f}", 100 * st.discount.costs)),
                     say("costs", "kosten"), say("and", "en"), say.decimals(fmt::format("{:.2f}", 100 * st.discount.effects)),
                     say("effects", "effecten"), say("a year", "per jaar"),
                     psa ? say("mean over the draws [95% interval]", "gemiddelde over de trekkingen [95%-interval]")
                         : say("base case", "basisscenario"));
  std::size_t names = 20;  // the party column: as wide as the longest name shown
  for (const auto& a : doc.comparisons.empty() ? std::vector<AccountDoc>{} : doc.comparisons[0].accounts)
    names = std::max(names, width_of(say.name(a.account)));
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{}\n", say.vs(c.arm, c.comparator));
    out += fmt::format("{:<{}} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", say("party", "partij"), names,
                       say("investment", "investering"), say("return", "opbrengst"), say("NPV", "NCW"),
                       say("95% interval", "95%-interval"), say("P(NPV>0)", "P(NCW>0)"), "ROI",
                       say("payback", "terugverdiend"));
    for (const auto& a : c.accounts) {
      if (a.account == model::kResources) continue;  // the outside account: society's mirror image
      const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
      const std::string interval =
          psa ? fmt::format("[{}, {}]", say.money(a.npv.p2_5), say.money(a.npv.p97_5)) : "";
      out += fmt::format("{:<{}} {:>13} {:>13} {:>13} {:>29} {:>8} {:>7} {:>12}\n", say.name(a.account), names,
                         say.money(pick(a.investment)), say.money(pick(a.ret)), say.money(pick(a.npv)), interval,
                         psa ? say.percent(a.npv.p_positive) : "-", say.ratio(psa ? a.roi_of_means : a.roi.base),
                         say.payback(a.payback, psa));
    }
    const bool chance = std::any_of(c.accounts.begin(), c.accounts.end(), [](const AccountDoc& a) { return a.chance; });
    if (chance) {
      out += fmt::format(fmt::runtime(say("The {} clients are simulated one for one: the interval above holds the chance of what these\n"
                             "clients do and what is not known about the parameters. Parameters only, and chance's share:\n",
                             "De {} cliënten zijn een voor een gesimuleerd: het interval hierboven bevat het toeval van wat\n"
                             "deze cliënten doen en wat over de parameters niet bekend is. Alleen de parameters, en het\n"
                             "deel van het toeval:\n")),
                         say.money(doc.population.size));
      for (const auto& a : c.accounts)
        if (a.account != model::kResources && a.chance && std::isfinite(a.chance->chance_share_of_variance))
          out += fmt::format("{:<{}} {:>41} {:>8} {}\n", say.name(a.account), names,
                             fmt::format("[{}, {}]", say.money(a.chance->npv_parameters_only.p2_5),
                                         say.money(a.chance->npv_parameters_only.p97_5)),
                             say.percent(a.chance->chance_share_of_variance),
                             say("of the variance is chance", "van de variantie is toeval"));
    }
    for (std::size_t k = 0; k < c.effects.size(); ++k) {
      const auto& e = c.effects[k];
      const auto& d = e.delta_undiscounted;
      out += fmt::format("  {}: {}{}{} ({}, {} {} {} {} {})\n", say.name(e.effect),
                         say.decimals(fmt::format("{:+.1f}", psa ? d.mean : d.base)), e.unit.empty() ? "" : " " + e.unit,
                         psa ? say.decimals(fmt::format(" [{:+.1f}, {:+.1f}]", d.p2_5, d.p97_5)) : "",
                         say("undiscounted", "niet verdisconteerd"), say.name(c.arm),
                         say.decimals(fmt::format("{:.1f}", e.intervention_undiscounted_mean)), say("vs", "tegenover"),
                         say.name(c.comparator), say.decimals(fmt::format("{:.1f}", e.comparator_undiscounted_mean)));
      if (k < c.cost_effectiveness.size()) {
        const double cost = psa ? c.cost_effectiveness[k].accounts.back().cost_per_unit
                                : c.cost_effectiveness[k].accounts.back().cost_per_unit_base;
        if (std::isfinite(cost))
          out += fmt::format("    {}{}: {} EUR{}\n",
                             say("society's net cost per unit gained", "netto kosten voor de maatschappij per eenheid winst"),
                             e.unit.empty() ? "" : " (" + e.unit + ")", say.money(cost),
                             cost < 0 ? say(", a saving", ", een besparing") : "");
      }
    }
  }
  const auto notes = run_notes(doc, lang.value_or(Lang::en));
  if (!notes.empty()) out += "\n";
  for (const auto& n : notes) out += fmt::format("{}: {}\n", say("note", "let op"), n);
  return out;
}

namespace {

// Per attribute value (all groups with severity = epa, say): clients, and each account's NPV.
std::string by_group(const ResultsDoc& doc, const Say& say) {
  const bool psa = doc.settings.draws > 0;
  std::string out;
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{}, {}{}\n", say.vs(c.arm, c.comparator), say("NPV by group", "NCW per groep"),
                       psa ? say(" (mean over the draws; P(>0) for society)", " (gemiddelde over de trekkingen; P(>0) voor de maatschappij)")
                           : "");
    std::vector<std::size_t> shown;  // accounts that any group moves
    for (std::size_t k = 0; k < c.accounts.size(); ++k)
      if (c.accounts[k].account != model::kResources &&
          (c.accounts[k].account == model::kSociety || std::abs(c.accounts[k].npv.mean) >= 0.5 ||
           std::abs(c.accounts[k].npv.base) >= 0.5))
        shown.push_back(k);
    std::size_t width = 24;
    for (const auto& g : c.groups)
      if (g.attribute_value) width = std::max(width, width_of(g.group));
    out += fmt::format("{:<{}} {:>9}", say("group", "groep"), width, say("clients", "cliënten"));
    for (const std::size_t k : shown) out += fmt::format(" {:>13}", cut(say.name(c.accounts[k].account), 13));
    out += psa ? fmt::format(" {:>7}\n", "P(>0)") : "\n";
    for (const auto& g : c.groups) {
      if (!g.attribute_value || g.size <= 0) continue;  // the attribute values; every group is in groups.csv
      out += fmt::format("{:<{}} {:>9}", g.group, width, say.decimals(fmt::format("{:.1f}", g.size)));
      for (const std::size_t k : shown) {
        const auto& st = g.accounts[k].npv;
        out += fmt::format(" {:>13}", say.money(psa ? st.mean : st.base));
      }
      out += psa ? fmt::format(" {:>6.0f}%\n", 100 * g.accounts.back().npv.p_positive) : "\n";
    }
  }
  return out;
}

}  // namespace

std::string format_breakdown(const ResultsDoc& doc, Breakdown by, std::optional<Lang> lang) {
  const Say say{doc, lang};
  if (by == Breakdown::group) return by_group(doc, say);
  const bool psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::string out;
  for (const auto& c : doc.comparisons) {
    out += fmt::format("\n{}, {}\n", say.vs(c.arm, c.comparator),
                       by == Breakdown::line ? say("by line", "per regel") : say("by category", "per categorie"));
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
          if (moves(l)) parts.emplace_back(fmt::format("{} ({})", l.line, say.category(l.category)), &l);
      } else {
        for (const auto& k : a.categories)
          if (moves(k)) parts.emplace_back(say.category(k.category), &k);
      }
      std::size_t width = 30;
      for (const auto& [label, x] : parts) width = std::max(width, width_of(label));
      out += fmt::format("{:<{}} {:>13} {:>13} {:>13}{}\n", say.name(a.account), width + 2, say("investment", "investering"),
                         say("return", "opbrengst"), say("NPV", "NCW"),
                         psa ? fmt::format(" {:>29}", say("95% interval", "95%-interval")) : "");
      for (const auto& [label, x] : parts)
        out += fmt::format("  {:<{}} {:>13} {:>13} {:>13}{}\n", label, width, say.money(pick(x->investment)),
                           say.money(pick(x->ret)), say.money(pick(x->npv)),
                           psa ? fmt::format(" {:>29}", fmt::format("[{}, {}]", say.money(x->npv.p2_5), say.money(x->npv.p97_5)))
                               : "");
      out += fmt::format("  {:<{}} {:>13} {:>13} {:>13}\n", say("total", "totaal"), width, say.money(pick(a.investment)),
                         say.money(pick(a.ret)), say.money(pick(a.npv)));
    }
  }
  return out;
}

std::string format_analyses(const ResultsDoc& doc, std::optional<Lang> lang) {
  if (!doc.analyses) return "";
  const Say say{doc, lang};
  const Lang words = lang.value_or(Lang::en);
  const auto& a = *doc.analyses;
  const std::string& comparator = doc.arms[0];
  std::string out;
  for (const auto& st : a.settlement.value_or(std::vector<SettlementDoc>{})) {
    out += fmt::format("\n{}: {} ({} {})\n", say("Settlement", "Verdeling"), say.vs(st.arm, comparator),
                       say("expected values, discounted; society's net", "verwachte waarden, verdisconteerd; netto voor de maatschappij"),
                       say.money(st.society_net));
    for (const auto& rule : st.rules) {
      out += fmt::format("  {} {}: {}\n", say("rule", "regel"),
                         lang ? settlement_rule_name(rule.rule, *lang) : std::string(model::name_of(rule.rule)),
                         settlement_reason(st, rule, words));
      if (!rule.proposed) continue;
      out += fmt::format("    {:<18} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}\n", say("party", "partij"),
                         say("investment", "investering"), say("return", "opbrengst"), say("net now", "netto nu"),
                         say("net then", "netto dan"), say("P(>0) now", "P(>0) nu"), say("P(>0) then", "P(>0) dan"));
      for (const auto& p : rule.parties)
        out += fmt::format("    {:<18} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}\n", say.name(p.party), say.money(p.investment),
                           say.money(p.ret), say.money(p.current_net), say.money(p.proposed_net),
                           say.percent(p.p_positive_current), say.percent(p.p_positive_proposed));
      for (const auto& t : rule.transfers)
        out += fmt::format(fmt::runtime(say("    transfer: {} pays {} {} (present value), or {} a year\n",
                               "    overdracht: {0} betaalt {2} aan {1} (contante waarde), of {3} per jaar\n")),
                           say.name(t.from), say.name(t.to), say.money(t.present_value), say.money(t.per_year));
    }
  }
  for (const auto& t : a.tornado.value_or(std::vector<TornadoDoc>{})) {
    out += fmt::format(fmt::runtime(say("\nOne-way sensitivity: {}, society's NPV (base {}), largest swings first\n",
                           "\nGevoeligheid per parameter: {}, NCW van de maatschappij (basis {}), grootste uitslag eerst\n")),
                       say.vs(t.arm, comparator), say.money(t.base_npv.back()));
    out += fmt::format("  {:<40} {:>12} {:>12} {:>14} {:>14}\n", "parameter", say("low", "laag"), say("high", "hoog"),
                       say("NPV at low", "NCW bij laag"), say("NPV at high", "NCW bij hoog"));
    for (std::size_t k = 0; k < t.bars.size() && k < 15; ++k) {
      const auto& b = t.bars[k];
      out += fmt::format("  {:<40} {:>12.4g} {:>12.4g} {:>14} {:>14}\n", b.parameter, b.low, b.high,
                         say.money(b.npv_low.back()), say.money(b.npv_high.back()));
    }
    if (t.bars.size() > 15) out += fmt::format(fmt::runtime(say("  ... {} more in tornado.csv\n", "  ... nog {} in tornado.csv\n")), t.bars.size() - 15);
  }
  const auto breakeven = a.breakeven.value_or(std::vector<BreakEvenDoc>{});
  if (!breakeven.empty())
    out += say("\nBreak-even (base case, other parameters at their means)\n",
               "\nOmslagpunt (basisscenario, andere parameters op hun gemiddelde)\n");
  for (const auto& b : breakeven) {
    if (b.account == model::kResources) continue;
    out += fmt::format("  {} {} {}: {}\n", b.parameter, say.name(b.arm), say.name(b.account),
                       b.found ? say.decimals(fmt::format(fmt::runtime(say("NPV crosses 0 at {:.6g}", "NCW wordt 0 bij {:.6g}")), b.value))
                               : fmt::format(fmt::runtime(say("no crossing in [{}, {}] (NPV {} to {})", "geen omslag in [{}, {}] (NCW {} tot {})")),
                                             say.decimals(fmt::format("{:.4g}", b.low)),
                                             say.decimals(fmt::format("{:.4g}", b.high)), say.money(b.npv_low),
                                             say.money(b.npv_high)));
  }
  if (a.voi && !a.voi->accounts.empty()) {
    out += fmt::format(fmt::runtime(say("\nValue of information ({} PSA draws; population and per client, +- Monte Carlo error)\n",
                           "\nWaarde van informatie ({} trekkingen; populatie en per cliënt, +- Monte-Carlofout)\n")),
                       a.voi->draws);
    for (const auto& av : a.voi->accounts) {
      out += fmt::format("  {:<18} EVPI {} +- {} ({} {})\n", say.name(av.account), say.money(av.evpi.population),
                         say.money(av.evpi.se), say.money(av.evpi.per_client), say("per client", "per cliënt"));
      for (const auto& g : av.evppi)
        if (g.evppi.population > 0.005 * std::max(1.0, av.evpi.population))
          out += fmt::format("    EVPPI {:<30} {} +- {}\n", g.group, say.money(g.evppi.population), say.money(g.evppi.se));
    }
  }
  return out;
}

}  // namespace werkbaat::io
