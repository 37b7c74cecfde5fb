// ResultsDoc from an evaluated scenario.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/format.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/results_doc.h"
#include "werkbaat/model/accounts.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

StatDoc stat(const analysis::Stat& s) { return {s.base, s.mean, s.sd, s.mcse, s.p025, s.p50, s.p975, s.p_positive, s.n}; }

std::vector<YearStatDoc> by_year(const std::vector<analysis::Stat>& stats) {
  std::vector<YearStatDoc> out;
  for (std::size_t y = 0; y < stats.size(); ++y) out.push_back({stat(stats[y]), static_cast<int>(y) + 1});
  return out;
}

double payback_or_nan(double months) { return months < 0 || std::isnan(months) ? kNaN : months; }

std::string distribution_name(const model::Parameter& p) { return std::string(model::to_string(p.dist.kind)); }

std::vector<ParameterDoc> parameters(const model::Scenario& s) {
  std::vector<ParameterDoc> out;
  const std::vector<bool> used = model::used_parameters(s);
  for (const auto& p : s.params) {
    ParameterDoc d{p.path, distribution_name(p), p.dist.a, p.dist.b, p.dist.c, p.dist.mean(), p.unit.name,
                   std::nullopt, p.index_factor, std::nullopt, p.source, p.label,
                   fmt::format("{}:{}", p.origin.file, p.origin.line), p.point};
    if (p.price_year != 0) d.price_year = p.price_year;
    if (p.dirichlet >= 0) d.dirichlet = s.dirichlets[p.dirichlet].path;
    d.used = used[out.size()];
    out.push_back(std::move(d));
  }
  return out;
}

AttributionDoc attribution(const analysis::Attribution& a) {
  return {stat(a.npv), stat(a.npv_undisc), stat(a.investment), stat(a.ret), a.annual_mean, a.annual_base};
}

ComparisonDoc comparison(const model::Scenario& s, const analysis::Comparison& c,
                         const analysis::ComparisonCostEffect& ce) {
  ComparisonDoc out{c.arm, s.arms[0], {}, {}, {}, {}};
  for (const auto& g : c.groups) {
    GroupDoc gd{"", g.group < 0, {}, g.size, {}, {}};
    if (g.group >= 0) {
      gd.group = s.groups[g.group].label;
      for (std::size_t a = 0; a < s.attributes.size(); ++a)
        gd.attributes[s.attributes[a].name] = s.attributes[a].values[s.groups[g.group].values[a]];
    } else {
      const auto& attr = s.attributes[g.attribute];
      gd.group = attr.name + "=" + attr.values[g.value];
      gd.attributes[attr.name] = attr.values[g.value];
    }
    for (std::size_t acct = 0; acct < g.npv.size(); ++acct)
      gd.accounts.push_back({model::account_name(s, static_cast<int>(acct)), stat(g.npv[acct])});
    for (std::size_t e = 0; e < g.effect.size(); ++e) gd.effects.push_back({s.effects[e], stat(g.effect[e])});
    out.groups.push_back(std::move(gd));
  }
  for (const auto& e : ce.effects) {
    EffectCostEffectDoc ed{s.effects[e.effect], e.gained_mean, e.gained_base, {}};
    for (const auto& a : e.accounts)
      ed.accounts.push_back({model::account_name(s, a.account), a.cost_per_unit, a.cost_per_unit_base, a.nmb_mean, a.p_positive});
    out.cost_effectiveness.push_back(std::move(ed));
  }
  for (const auto& a : c.accounts) {
    AccountDoc ad{a.account, stat(a.investment), stat(a.ret), stat(a.npv), stat(a.roi), a.roi_of_means,
                  {payback_or_nan(a.payback_base), payback_or_nan(a.payback_median), a.payback_share},
                  by_year(a.annual), a.cumulative_mean, a.cumulative_p025, a.cumulative_p975,
                  by_year(a.cumulative_year), {}, {}, {}};
    for (const auto& l : a.lines) {
      const auto& line = s.lines[l.line];
      ad.lines.push_back({attribution(l), line.name, s.categories[line.category].id});
    }
    for (const auto& cat : a.categories) ad.categories.push_back({attribution(cat), s.categories[cat.category].id});
    if (a.chance) ad.chance = ChanceDoc{stat(a.chance->npv_parameters), a.chance->chance_share};
    out.accounts.push_back(std::move(ad));
  }
  for (const auto& e : c.effects)
    out.effects.push_back({e.effect, e.unit, stat(e.delta_disc), stat(e.delta_undisc), e.comparator_undisc,
                           e.intervention_undisc});
  return out;
}

ByArm<DrawSeriesDoc> draws(const model::Scenario& s, const engine::RunResult& r) {
  const auto& sh = r.shape;
  ByArm<DrawSeriesDoc> out;
  for (int i = 1; i < sh.arms; ++i)
    for (int acct = 0; acct < sh.accounts; ++acct) {
      auto& series = out[s.arms[i]][model::account_name(s, acct)];
      for (int d = 0; d < r.psa.draws; ++d) {
        series.npv.push_back(r.psa.npv(sh, d, i, acct));
        series.payback_month.push_back(payback_or_nan(r.psa.payback_month(sh, d, i - 1, acct)));
      }
    }
  return out;
}

AnalysesDoc analyses(const analysis::Analyses& a, double population) {
  using model::Analysis;
  AnalysesDoc out;
  out.ran = a.ran;
  if (a.has(Analysis::settlement)) {
    auto& list = out.settlement.emplace();
    for (const auto& st : a.settlement) {
      SettlementDoc sd{st.arm, st.society_net, st.financiers_cost, st.financiers_return, {}};
      for (const auto& rule : st.rules) {
        SettlementRuleDoc rd{rule.rule, rule.proposed, "", {}, {}};
        for (const auto& p : rule.parties)
          rd.parties.push_back({p.party, p.investment, p.ret, p.current_net, p.proposed_net, p.proposed_payment,
                                p.p_positive_current, p.p_positive_proposed});
        for (const auto& t : rule.transfers) rd.transfers.push_back({t.from, t.to, t.present_value, t.per_year});
        rd.reason = settlement_reason(sd, rd, Lang::en);
        sd.rules.push_back(std::move(rd));
      }
      list.push_back(std::move(sd));
    }
  }
  if (a.has(Analysis::tornado)) {
    auto& list = out.tornado.emplace();
    for (const auto& t : a.tornado) {
      TornadoDoc td{t.arm, t.accounts, t.base_npv, {}};
      for (const auto& b : t.bars) td.bars.push_back({b.parameter, b.low, b.high, b.npv_low, b.npv_high, b.swing});
      list.push_back(std::move(td));
    }
  }
  if (a.has(Analysis::breakeven)) {
    auto& list = out.breakeven.emplace();
    for (const auto& b : a.breakeven)
      list.push_back({b.parameter, b.arm, b.account, b.low, b.high, b.npv_low, b.npv_high, b.found,
                      b.found ? b.value : kNaN});
  }
  if (a.has(Analysis::voi)) {
    const auto value = [&](const analysis::ValueEstimate& v) { return ValueDoc{v.value, v.se, v.value / population}; };
    VoiDoc v{a.voi.draws,
             "EVPI from the PSA draws; EVPPI by regression on each group's parameters "
             "(Strong & Oakley 2014, polynomial smoother); se by bootstrap",
             {},
             a.voi.warnings};
    for (const auto& av : a.voi.accounts) {
      AccountVoiDoc ad{av.account, value(av.evpi), {}};
      for (const auto& g : av.groups) ad.evppi.push_back({g.group, g.parameters, value(g.value)});
      v.accounts.push_back(std::move(ad));
    }
    out.voi = std::move(v);
  }
  return out;
}

}  // namespace

ResultsDoc results_doc(const model::Scenario& s, const analysis::Evaluation& e, const std::string& content_hash) {
  const auto& r = e.result;
  const auto& st = s.settings;
  const auto& sim = r.simulation;
  ResultsDoc d;
  d.werkbaat_version = WERKBAAT_VERSION;
  d.scenario = {s.name, s.description, s.files, s.variant, s.resolved};
  if (!content_hash.empty()) d.content_hash = content_hash;
  d.settings = {sim.mode,   sim.draws,       sim.clients, sim.seed,
                sim.threads, sim.base_case, st.horizon,  st.timing,
                {st.discount_costs, st.discount_effects}, st.price_year};
  d.population = {s.population.size, s.population.entry_months};
  d.units = {fmt::format("EUR, {} prices, total for the population", st.price_year),
             "months; 0 = never behind; null = not within the horizon"};
  d.run = {r.seconds, r.adjusted_rows, r.warnings};
  d.parties = s.parties;
  d.arms = s.arms;
  const auto& ce = e.summary.cost_effectiveness;
  for (std::size_t i = 0; i < e.summary.comparisons.size(); ++i)
    d.comparisons.push_back(comparison(s, e.summary.comparisons[i], ce.comparisons[i]));
  for (std::size_t k = 0; k < s.effects.size(); ++k) d.wtp.push_back({s.effects[k], ce.wtp[k], ce.evpi_society[k]});
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    for (std::size_t k = 0; k < s.effects.size(); ++k)
      d.effects_monthly_mean[s.arms[a]][s.effects[k]] = e.summary.effect_monthly[a][k];
    for (std::size_t acct = 0; acct < e.summary.annual_by_arm[a].size(); ++acct)
      d.annual_net_by_arm_mean[s.arms[a]][model::account_name(s, static_cast<int>(acct))] =
          e.summary.annual_by_arm[a][acct];
  }
  for (const auto& c : s.categories) d.categories.push_back({c.id, c.nl, c.en});
  for (const auto& l : s.labels) d.labels.push_back({l.id, l.nl, l.en});
  const auto& sh = r.shape;
  if (r.has_base) d.base_line_months.emplace();
  for (int l = 0; l < sh.lines; ++l) {
    const auto& line = s.lines[l];
    if (!line.is_money()) continue;
    d.lines.push_back({line.name, line.flow, s.categories[line.category].id,
                       s.parties[line.payer], s.parties[line.payee], line.kind != model::FlowKind::in_state});
    if (!r.has_base) continue;
    for (int a = 0; a < sh.arms; ++a) {
      const auto* m = r.base_monthly.line_month.data() + (static_cast<std::size_t>(a) * sh.lines + l) * sh.months;
      (*d.base_line_months)[s.arms[a]][line.name].assign(m, m + sh.months);
    }
  }
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    for (std::size_t acct = 0; acct < e.summary.budgets[a].size(); ++acct) {
      const auto& b = e.summary.budgets[a][acct];
      BudgetDoc bd{b.paid, b.received, b.paid_base, b.received_base, {}, {}};
      for (std::size_t c = 0; c < s.categories.size(); ++c) {
        const auto nonzero = [](const std::vector<double>& v) {
          return std::any_of(v.begin(), v.end(), [](double x) { return x != 0; });
        };
        if (nonzero(b.paid_by_category[c])) bd.paid_by_category[s.categories[c].id] = b.paid_by_category[c];
        if (nonzero(b.received_by_category[c])) bd.received_by_category[s.categories[c].id] = b.received_by_category[c];
      }
      d.budgets[s.arms[a]][model::account_name(s, static_cast<int>(acct))] = std::move(bd);
    }
  d.parameters = parameters(s);
  if (e.analyses) d.analyses = analyses(*e.analyses, s.population.size);
  d.draws = draws(s, r);
  return d;
}

}  // namespace werkbaat::io
