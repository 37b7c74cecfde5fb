#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/report/report_parts.h"
#include "io/report/svg_chart.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

ChartSeries party_series(const ResultsDoc& doc, const AccountDoc& a, Lang lang) {
  ChartSeries s;
  s.name = display_name(doc, a.account, lang);
  s.emphasis = a.account == model::kSociety;
  s.style = account_style(doc, a.account);
  return s;
}

// Cumulative NPV per party: the mean and its 95% band, both at the end of every month.
std::string cumulative_chart(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const Words& w = words(lang);
  const bool psa = doc.settings.draws > 0;
  std::vector<ChartSeries> cum;
  for (const AccountDoc* a : shown_accounts(c)) {
    ChartSeries s = party_series(doc, *a, lang);
    s.x = {0};
    s.y = {0};
    const auto& m = a->cumulative_npv_mean;
    for (std::size_t k = 0; k < m.size(); ++k) {
      s.x.push_back(static_cast<double>(k + 1));
      s.y.push_back(m[k]);
    }
    if (psa && a->cumulative_npv_p2_5.size() == m.size() && a->cumulative_npv_p97_5.size() == m.size()) {
      s.band_x = s.x;
      s.band_lo = {0};
      s.band_hi = {0};
      s.band_lo.insert(s.band_lo.end(), a->cumulative_npv_p2_5.begin(), a->cumulative_npv_p2_5.end());
      s.band_hi.insert(s.band_hi.end(), a->cumulative_npv_p97_5.begin(), a->cumulative_npv_p97_5.end());
    }
    cum.push_back(std::move(s));
  }
  return line_chart({fmt::format("{} ({} {} {})", w.cumulative, display_name(doc, c.arm, lang), w.vs,
                                 display_name(doc, doc.arms[0], lang)),
                     w.months, w.euro, lang == Lang::nl, "", ""},
                    cum);
}

// Annual budget impact per party.
std::string annual_chart(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const Words& w = words(lang);
  std::vector<ChartSeries> bars;
  for (const AccountDoc* a : shown_accounts(c)) {
    ChartSeries s = party_series(doc, *a, lang);
    for (const auto& y : a->annual_budget_impact) s.y.push_back(doc.settings.draws > 0 ? y.mean : y.base);
    bars.push_back(std::move(s));
  }
  std::vector<std::string> years;
  for (std::size_t y = 0; y < bars[0].y.size(); ++y) years.push_back(fmt::format("{} {}", w.year, y + 1));
  return bar_chart({fmt::format("{}: {}", w.annual, display_name(doc, c.arm, lang)), w.year, w.euro,
                    lang == Lang::nl, "", ""},
                   years, bars);
}

// People in work per arm: the effects that count work.
std::string work_charts(const ResultsDoc& doc, Lang lang) {
  const Words& w = words(lang);
  std::string out;
  const auto first = doc.effects_monthly_mean.find(doc.arms[0]);
  if (first == doc.effects_monthly_mean.end()) return out;
  for (const auto& [effect, unused] : first->second) {
    if (effect.find("work") == std::string::npos && effect.find("werk") == std::string::npos &&
        effect.find("employ") == std::string::npos)
      continue;
    std::vector<ChartSeries> arms;
    for (std::size_t i = 0; i < doc.arms.size(); ++i) {
      ChartSeries s;
      s.name = display_name(doc, doc.arms[i], lang);
      s.style = static_cast<int>(i);
      const auto& m = doc.effects_monthly_mean.at(doc.arms[i]).at(effect);
      for (std::size_t k = 0; k < m.size(); ++k) {
        s.x.push_back(static_cast<double>(k + 1));
        s.y.push_back(m[k]);
      }
      arms.push_back(std::move(s));
    }
    out += line_chart({fmt::format("{}: {}", display_name(doc, effect, lang),
                                   lang == Lang::nl ? "aantal mensen per maand" : "number of people each month"),
                       w.months, w.people,
                       lang == Lang::nl, "", ""},
                      arms);
  }
  return out;
}

// Distribution of society's and each party's net over the draws.
std::string histograms(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const Words& w = words(lang);
  std::string out;
  if (!doc.draws || !doc.draws->count(c.arm)) return out;
  for (const AccountDoc* a : shown_accounts(c)) {
    const auto& v = doc.draws->at(c.arm).at(a->account).npv;
    if (v.empty() || (a->npv.sd == 0 && a->npv.mean == 0)) continue;
    out += histogram_chart({fmt::format("{}: {} ({})", w.distribution, display_name(doc, a->account, lang),
                                        display_name(doc, c.arm, lang)),
                            w.draws_axis, lang == Lang::nl ? "aantal trekkingen" : "draws", lang == Lang::nl, "", ""},
                           v, 30);
  }
  return out;
}

// Tornado per account, where a sensitivity analysis ran.
std::string tornado_charts(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const Words& w = words(lang);
  std::string out;
  if (!doc.analyses || !doc.analyses->tornado) return out;
  for (const auto& t : *doc.analyses->tornado) {
    if (t.arm != c.arm) continue;
    for (std::size_t k = 0; k < t.accounts.size(); ++k) {
      if (t.accounts[k] == model::kResources) continue;
      std::vector<TornadoRow> rows;
      for (const auto& b : t.bars) {
        TornadoRow r{b.parameter, b.npv_low[k], b.npv_high[k]};
        if (std::abs(r.at_high - r.at_low) > 1e-6) rows.push_back(r);
      }
      std::stable_sort(rows.begin(), rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
        return std::abs(a.at_high - a.at_low) > std::abs(b.at_high - b.at_low);
      });
      if (rows.empty()) continue;
      if (rows.size() > 12) rows.resize(12);
      ChartText text{fmt::format("{}: {} ({})", w.tornado, display_name(doc, t.accounts[k], lang),
                                 display_name(doc, c.arm, lang)),
                     w.npv + std::string(" (euro)"), "", lang == Lang::nl, w.at_low, w.at_high};
      out += tornado_chart(text, t.base_npv[k], rows);
    }
  }
  return out;
}

}  // namespace

std::string category_chart(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::vector<const AccountDoc*> parties;  // those this comparison moves money for
  for (const AccountDoc* a : shown_accounts(c))
    if (pick(a->investment) >= 0.5 || pick(a->ret) >= 0.5) parties.push_back(a);
  std::vector<std::string> rows;
  std::vector<double> net;
  for (const AccountDoc* a : parties) {
    rows.push_back(display_name(doc, a->account, lang));
    net.push_back(pick(a->npv));
  }
  // A category's investment (left of zero) and its return (right of it) are two parts of a bar in
  // one colour: the investments first, then the returns.
  std::vector<StackedSegment> bars;
  for (const bool invest : {true, false})
    for (const auto& category : doc.categories) {
      StackedSegment seg{category_name(doc, category.id, lang), category_style(doc, category.id), {}};
      bool any = false;
      for (const AccountDoc* a : parties) {
        double v = 0;
        for (const auto& part : a->categories)
          if (part.category == category.id) v = invest ? -pick(part.investment) : pick(part.ret);
        any = any || std::abs(v) >= 0.5;
        seg.values.push_back(v);
      }
      if (any) bars.push_back(std::move(seg));
    }
  const std::string arm = display_name(doc, c.arm, lang), comparator = display_name(doc, doc.arms[0], lang);
  return stacked_bar_chart(
      {nl ? fmt::format("Investering (links) en opbrengst (rechts) per categorie: {} tegenover {}", arm, comparator)
          : fmt::format("Investment (left) and return (right) by category: {} against {}", arm, comparator),
       nl ? "euro, contante waarde" : "euro, present value", "", nl, "", ""},
      rows, bars, net, nl ? "netto contante waarde" : "net present value");
}

std::string acceptability_charts(const ResultsDoc& doc, Lang lang) {
  const bool nl = lang == Lang::nl;
  std::string out;
  if (doc.settings.draws == 0) return out;
  for (std::size_t e = 0; e < doc.wtp.size(); ++e) {
    const auto& grid = doc.wtp[e];
    const std::string effect = display_name(doc, grid.effect, lang);
    std::vector<ChartSeries> curves;
    for (std::size_t i = 0; i < doc.comparisons.size(); ++i) {
      ChartSeries s;
      s.name = display_name(doc, doc.comparisons[i].arm, lang);
      s.style = static_cast<int>(i + 1);
      s.x = grid.wtp;
      s.y = doc.comparisons[i].cost_effectiveness[e].accounts.back().p_positive;
      curves.push_back(std::move(s));
    }
    out += line_chart({nl ? fmt::format("Kans dat het de maatschappij loont, bij een waarde per eenheid {}", effect)
                          : fmt::format("Chance that it pays for society, at a value per unit of {}", effect),
                       nl ? "euro per eenheid" : "euro a unit", nl ? "kans" : "probability", nl, "", ""},
                      curves);
    ChartSeries evpi;
    evpi.name = "EVPI";
    evpi.emphasis = true;
    evpi.x = grid.wtp;
    evpi.y = grid.evpi_society;
    out += line_chart({nl ? fmt::format("Verwachte waarde van volledige informatie (maatschappij), per waarde van {}", effect)
                          : fmt::format("Expected value of perfect information (society), by the value of {}", effect),
                       nl ? "euro per eenheid" : "euro a unit", "euro", nl, "", ""},
                      {evpi});
  }
  return out;
}

std::string comparison_charts(const ResultsDoc& doc, const ComparisonDoc& c, std::size_t index, Lang lang) {
  std::string out = cumulative_chart(doc, c, lang) + annual_chart(doc, c, lang);
  if (index == 0) out += work_charts(doc, lang);
  return out;
}

std::string appendix_charts(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  return histograms(doc, c, lang) + tornado_charts(doc, c, lang);
}

}  // namespace werkbaat::io
