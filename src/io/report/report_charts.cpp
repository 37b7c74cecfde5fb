#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/report/report_parts.h"
#include "io/report/svg_chart.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

// Cumulative NPV per party: monthly mean, with the 95% band at each year's end.
std::string cumulative_chart(const ResultsDoc& doc, const ComparisonDoc& c, const Words& w, bool nl) {
  std::vector<ChartSeries> cum;
  for (const AccountDoc* a : shown_accounts(c)) {
    ChartSeries s;
    s.name = account_label(a->account, w);
    s.emphasis = a->account == model::kSociety;
    s.x = {0};
    s.y = {0};
    s.band_x = {0};
    s.band_lo = {0};
    s.band_hi = {0};
    const auto& m = a->cumulative_npv_mean;
    for (std::size_t k = 0; k < m.size(); ++k) {
      s.x.push_back(static_cast<double>(k + 1));
      s.y.push_back(m[k]);
    }
    for (const auto& y : a->cumulative_npv_by_year) {
      s.band_x.push_back(std::min<double>(12.0 * y.year, static_cast<double>(m.size())));
      s.band_lo.push_back(y.p2_5);
      s.band_hi.push_back(y.p97_5);
    }
    cum.push_back(std::move(s));
  }
  return line_chart({fmt::format("{} ({} {} {})", w.cumulative, c.arm, w.vs, doc.arms[0]), w.months, w.euro, nl, "", ""},
                    cum);
}

// Annual budget impact per party.
std::string annual_chart(const ComparisonDoc& c, const Words& w, bool nl) {
  std::vector<ChartSeries> bars;
  for (const AccountDoc* a : shown_accounts(c)) {
    ChartSeries s;
    s.name = account_label(a->account, w);
    s.emphasis = a->account == model::kSociety;
    for (const auto& y : a->annual_budget_impact) s.y.push_back(y.mean);
    bars.push_back(std::move(s));
  }
  std::vector<std::string> years;
  for (std::size_t y = 0; y < bars[0].y.size(); ++y) years.push_back(fmt::format("{} {}", w.year, y + 1));
  return bar_chart({fmt::format("{} ({})", w.annual, c.arm), w.year, w.euro, nl, "", ""}, years, bars);
}

// Distribution of society's and each party's net over the draws.
std::string histograms(const ResultsDoc& doc, const ComparisonDoc& c, const Words& w, bool nl) {
  std::string out;
  if (!doc.draws || !doc.draws->count(c.arm)) return out;
  for (const AccountDoc* a : shown_accounts(c)) {
    const auto& v = doc.draws->at(c.arm).at(a->account).npv;
    if (v.empty() || (a->npv.sd == 0 && a->npv.mean == 0)) continue;
    out += histogram_chart({fmt::format("{}: {} ({})", w.distribution, account_label(a->account, w), c.arm),
                            w.draws_axis, nl ? "aantal trekkingen" : "draws", nl, "", ""},
                           v, 30);
  }
  return out;
}

// People in work per arm: the effects that count work.
std::string work_charts(const ResultsDoc& doc, const Words& w, bool nl) {
  std::string out;
  const auto first = doc.effects_monthly_mean.find(doc.arms[0]);
  if (first == doc.effects_monthly_mean.end()) return out;
  for (const auto& [effect, unused] : first->second) {
    if (effect.find("work") == std::string::npos && effect.find("werk") == std::string::npos &&
        effect.find("employ") == std::string::npos)
      continue;
    std::vector<ChartSeries> arms;
    for (const auto& arm : doc.arms) {
      ChartSeries s;
      s.name = arm;
      const auto& m = doc.effects_monthly_mean.at(arm).at(effect);
      for (std::size_t k = 0; k < m.size(); ++k) {
        s.x.push_back(static_cast<double>(k + 1));
        s.y.push_back(m[k]);
      }
      arms.push_back(std::move(s));
    }
    out += line_chart({fmt::format("{}: {}", w.in_work, effect), w.months, w.people, nl, "", ""}, arms);
  }
  return out;
}

// Tornado per account, where a sensitivity analysis ran.
std::string tornado_charts(const ResultsDoc& doc, const ComparisonDoc& c, const Words& w, bool nl) {
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
      ChartText text{fmt::format("{}: {} ({})", w.tornado, account_label(t.accounts[k], w), c.arm),
                     w.npv + std::string(" (euro)"), "", nl, w.at_low, w.at_high};
      out += tornado_chart(text, t.base_npv[k], rows);
    }
  }
  return out;
}

}  // namespace

std::string comparison_charts(const ResultsDoc& doc, const ComparisonDoc& c, std::size_t index, const Words& w,
                              bool nl) {
  std::string out = cumulative_chart(doc, c, w, nl) + annual_chart(c, w, nl) + histograms(doc, c, w, nl);
  if (index == 0) out += work_charts(doc, w, nl);
  return out + tornado_charts(doc, c, w, nl);
}

}  // namespace werkbaat::io
