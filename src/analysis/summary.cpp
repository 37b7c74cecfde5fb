#include "werkbaat/analysis/summary.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <tuple>

#include "werkbaat/model/accounts.h"

namespace werkbaat::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The discounted investment and return of one account in one draw of a DrawSet.
struct Flows {
  double investment = 0, ret = 0;
};

Flows account_flows(const model::Scenario& s, const engine::Shape& sh, const engine::DrawSet& ds, int d, int arm,
                    int acct) {
  Flows f;
  const int society = sh.accounts - 1;
  for (int l = 0; l < sh.lines; ++l) {
    const auto& line = s.lines[l];
    if (!line.is_money()) continue;
    const double coef = model::coefficient(line, acct, society);
    if (coef == 0) continue;
    const double delta = coef * (ds.line(sh, true, d, arm, l) - ds.line(sh, true, d, 0, l));
    if (delta < 0) f.investment -= delta;
    else f.ret += delta;
  }
  return f;
}

double annual_delta(const engine::Shape& sh, const engine::DrawSet& ds, int d, int arm, int acct, int y) {
  return ds.acct_year(sh, false, d, arm, acct, y) - ds.acct_year(sh, false, d, 0, acct, y);
}

// A line's or a category's figures, draw by draw, while they are added up.
struct Parts {
  std::vector<double> npv, undisc, inv, ret, annual_mean, annual_base;
  double b_npv = 0, b_undisc = 0, b_inv = 0, b_ret = 0;
  bool used = false;
  void resize(int draws, int years) {
    npv.assign(draws, 0.0), undisc.assign(draws, 0.0), inv.assign(draws, 0.0), ret.assign(draws, 0.0);
    annual_mean.assign(years, 0.0), annual_base.assign(years, 0.0);
  }
  void add(const Parts& p) {
    for (std::size_t d = 0; d < npv.size(); ++d)
      npv[d] += p.npv[d], undisc[d] += p.undisc[d], inv[d] += p.inv[d], ret[d] += p.ret[d];
    for (std::size_t y = 0; y < annual_mean.size(); ++y) annual_mean[y] += p.annual_mean[y], annual_base[y] += p.annual_base[y];
    b_npv += p.b_npv, b_undisc += p.b_undisc, b_inv += p.b_inv, b_ret += p.b_ret;
    used = true;
  }
  void fill(Attribution& out, bool base) const {
    out.npv = describe(npv, base ? b_npv : kNaN);
    out.npv_undisc = describe(undisc, base ? b_undisc : kNaN);
    out.investment = describe(inv, base ? b_inv : kNaN);
    out.ret = describe(ret, base ? b_ret : kNaN);
    out.annual_mean = annual_mean;
    out.annual_base = annual_base;
    if (!base) std::fill(out.annual_base.begin(), out.annual_base.end(), kNaN);
  }
};

// The account's result of intervention arm `arm` split by line and by category.
void attribute(const model::Scenario& s, const engine::RunResult& r, int arm, int acct, AccountResult& ar) {
  const auto& sh = r.shape;
  const int S = r.psa.draws, society = sh.accounts - 1, C = static_cast<int>(s.categories.size());
  const auto& mean_years = S > 0 ? r.psa_monthly : r.base_monthly;
  std::vector<Parts> by_category(C);
  for (auto& c : by_category) c.resize(S, sh.years);
  for (int l = 0; l < sh.lines; ++l) {
    const auto& line = s.lines[l];
    const double coef = line.is_money() ? model::coefficient(line, acct, society) : 0.0;
    if (coef == 0) continue;
    Parts p;
    p.resize(S, sh.years);
    const auto delta = [&](const engine::DrawSet& ds, bool disc, int d) {
      return coef * (ds.line(sh, disc, d, arm, l) - ds.line(sh, disc, d, 0, l));
    };
    for (int d = 0; d < S; ++d) {
      p.npv[d] = delta(r.psa, true, d);
      p.undisc[d] = delta(r.psa, false, d);
      p.inv[d] = std::max(-p.npv[d], 0.0);
      p.ret[d] = std::max(p.npv[d], 0.0);
    }
    if (r.has_base) {
      p.b_npv = delta(r.base, true, 0);
      p.b_undisc = delta(r.base, false, 0);
      p.b_inv = std::max(-p.b_npv, 0.0);
      p.b_ret = std::max(p.b_npv, 0.0);
    }
    for (int y = 0; y < sh.years; ++y) {
      p.annual_mean[y] = coef * (mean_years.line_year(sh, false, arm, l, y) - mean_years.line_year(sh, false, 0, l, y));
      if (r.has_base)
        p.annual_base[y] = coef * (r.base_monthly.line_year(sh, false, arm, l, y) - r.base_monthly.line_year(sh, false, 0, l, y));
    }
    LineResult lr;
    lr.line = l;
    p.fill(lr, r.has_base);
    ar.lines.push_back(std::move(lr));
    by_category[line.category].add(p);
  }
  for (int c = 0; c < C; ++c) {
    if (!by_category[c].used) continue;
    CategoryResult cr;
    cr.category = c;
    by_category[c].fill(cr, r.has_base);
    ar.categories.push_back(std::move(cr));
  }
}

// A Stat from the sums over the draws (no percentiles).
Stat from_sums(double base, double sum, double sumsq, int positive, int n) {
  Stat st{base, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, n};
  if (n == 0) return st;
  st.mean = sum / n;
  st.sd = std::isnan(sumsq) ? kNaN : n > 1 ? std::sqrt(std::max(0.0, (sumsq - n * st.mean * st.mean) / (n - 1))) : 0.0;
  st.mcse = st.sd / std::sqrt(static_cast<double>(n));
  if (positive >= 0) st.p_positive = static_cast<double>(positive) / n;
  return st;
}

std::vector<GroupResult> group_results(const model::Scenario& s, const engine::RunResult& r, int intervention) {
  const auto& bg = r.by_group;
  const auto& sh = r.shape;
  const int S = r.psa.draws;
  std::vector<GroupResult> out;
  std::vector<std::pair<int, int>> values;  // the attribute values, in cell order
  for (std::size_t a = 0; a < s.attributes.size(); ++a)
    for (std::size_t v = 0; v < s.attributes[a].values.size(); ++v) values.emplace_back(static_cast<int>(a), static_cast<int>(v));
  for (int g = 0; g < bg.cells; ++g) {
    GroupResult gr;
    if (g < bg.groups) {
      gr.group = g;
      gr.size = s.groups[g].share * s.population.size;
    } else {
      std::tie(gr.attribute, gr.value) = values[static_cast<std::size_t>(g - bg.groups)];
      for (const auto& grp : s.groups)
        if (grp.values[gr.attribute] == gr.value) gr.size += grp.share * s.population.size;
    }
    if (!(gr.size > 0)) continue;  // no client enters with these values (some reach them by a change)
    for (int acct = 0; acct < sh.accounts; ++acct) {
      const std::size_t x = bg.at(sh, intervention, g, acct);
      gr.npv.push_back(from_sums(bg.npv_base[x], bg.npv_sum[x], bg.npv_sumsq[x], bg.npv_positive[x], S));
    }
    for (int e = 0; e < sh.effects; ++e) {
      const std::size_t x = bg.effect_at(sh, intervention, g, e);
      gr.effect.push_back(from_sums(bg.effect_base[x], bg.effect_sum[x], kNaN, -1, S));
    }
    out.push_back(std::move(gr));
  }
  return out;
}

// What each account pays and receives per year in each arm.
std::vector<std::vector<ArmBudget>> budgets(const model::Scenario& s, const engine::RunResult& r) {
  const auto& sh = r.shape;
  const int society = sh.accounts - 1, C = static_cast<int>(s.categories.size());
  const auto& mean_years = r.psa.draws > 0 ? r.psa_monthly : r.base_monthly;
  std::vector<std::vector<ArmBudget>> out(sh.arms, std::vector<ArmBudget>(sh.accounts));
  for (int a = 0; a < sh.arms; ++a)
    for (int acct = 0; acct < sh.accounts; ++acct) {
      ArmBudget& b = out[a][acct];
      b.paid.assign(sh.years, 0.0), b.received.assign(sh.years, 0.0);
      b.paid_base.assign(sh.years, r.has_base ? 0.0 : kNaN), b.received_base.assign(sh.years, r.has_base ? 0.0 : kNaN);
      b.paid_by_category.assign(C, std::vector<double>(sh.years, 0.0));
      b.received_by_category = b.paid_by_category;
      for (int l = 0; l < sh.lines; ++l) {
        const auto& line = s.lines[l];
        const double coef = line.is_money() ? model::coefficient(line, acct, society) : 0.0;
        if (coef == 0) continue;
        auto& total = coef < 0 ? b.paid : b.received;
        auto& base = coef < 0 ? b.paid_base : b.received_base;
        auto& by_cat = (coef < 0 ? b.paid_by_category : b.received_by_category)[line.category];
        for (int y = 0; y < sh.years; ++y) {
          const double m = std::abs(coef) * mean_years.line_year(sh, false, a, l, y);
          total[y] += m;
          by_cat[y] += m;
          if (r.has_base) base[y] += std::abs(coef) * r.base_monthly.line_year(sh, false, a, l, y);
        }
      }
    }
  return out;
}

// Intervention arm i's result for one account against the comparator: its figures over the draws,
// its cumulative net month by month and its lines and categories. Each is independent of the
// others, so summarise() computes them side by side.
AccountResult account_result(const model::Scenario& s, const engine::RunResult& r, int i, int acct) {
  const auto& sh = r.shape;
  const int S = r.psa.draws;
  const auto base_or_nan = [&](auto f) { return r.has_base ? f(r.base, 0) : kNaN; };
  const auto& monthly = S > 0 ? r.psa_monthly : r.base_monthly;
  TailQuantiles tails;
  AccountResult ar;
  ar.account = model::account_name(s, acct);
  std::vector<double> inv(S), ret(S), npv(S), roi(S), pay(S);
  for (int d = 0; d < S; ++d) {
    const Flows f = account_flows(s, sh, r.psa, d, i, acct);
    inv[d] = f.investment;
    ret[d] = f.ret;
    npv[d] = f.ret - f.investment;
    roi[d] = f.investment > 0 ? npv[d] / f.investment : kNaN;
    pay[d] = r.psa.payback_month(sh, d, i - 1, acct);
  }
  const Flows fb = r.has_base ? account_flows(s, sh, r.base, 0, i, acct) : Flows{kNaN, kNaN};
  ar.investment = describe(inv, fb.investment);
  ar.ret = describe(ret, fb.ret);
  ar.npv = describe(npv, fb.ret - fb.investment);
  ar.roi = describe(roi, fb.investment > 0 ? (fb.ret - fb.investment) / fb.investment : kNaN);
  // ROI is undefined in a draw without investment. Statistics over the other draws alone would
  // describe a different party (one that gains without investing in most draws could show a
  // mean ROI of -1): they are given only when every draw defines it; n says in how many it is.
  if (ar.roi.n < S) ar.roi = {ar.roi.base, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, ar.roi.n};
  ar.roi_of_means = ar.investment.mean > 0 ? ar.npv.mean / ar.investment.mean : kNaN;
  ar.payback_base = base_or_nan([&](const engine::DrawSet& ds, int d) { return ds.payback_month(sh, d, i - 1, acct); });
  int paid = 0;
  for (auto& p : pay) {
    if (p >= 0) ++paid;
    else p = std::numeric_limits<double>::infinity();
  }
  ar.payback_share = S > 0 ? static_cast<double>(paid) / S : kNaN;
  std::sort(pay.begin(), pay.end());
  const double med = S > 0 ? pay[static_cast<std::size_t>(S - 1) / 2] : kNaN;
  ar.payback_median = std::isinf(med) ? -1.0 : med;
  for (int y = 0; y < sh.years; ++y) {
    std::vector<double> v(S);
    for (int d = 0; d < S; ++d) v[d] = annual_delta(sh, r.psa, d, i, acct, y);
    ar.annual.push_back(describe(v, base_or_nan([&](const engine::DrawSet& ds, int d) {
      return annual_delta(sh, ds, d, i, acct, y);
    })));
  }
  std::vector<double> running(S, 0.0);
  double running_base = 0;
  for (int y = 0; y < sh.years; ++y) {
    for (int d = 0; d < S; ++d)
      running[d] += r.psa.acct_year(sh, true, d, i, acct, y) - r.psa.acct_year(sh, true, d, 0, acct, y);
    if (r.has_base)
      running_base += r.base.acct_year(sh, true, 0, i, acct, y) - r.base.acct_year(sh, true, 0, 0, acct, y);
    ar.cumulative_year.push_back(describe(running, r.has_base ? running_base : kNaN));
  }
  double cum = 0;
  const auto* mi = monthly.acct_disc.data() + (static_cast<std::size_t>(i) * sh.accounts + acct) * sh.months;
  const auto* m0 = monthly.acct_disc.data() + static_cast<std::size_t>(acct) * sh.months;
  for (int k = 0; k < sh.months; ++k) ar.cumulative_mean.push_back(cum += mi[k] - m0[k]);
  for (int k = 0; k < sh.months; ++k) {
    const auto [p025, p975] = tails(r.cumulative_draws(sh, i - 1, acct, k), S, 0.025, 0.975);
    ar.cumulative_p025.push_back(p025);
    ar.cumulative_p975.push_back(p975);
  }
  attribute(s, r, i, acct, ar);
  return ar;
}

}  // namespace

DrawFlows draw_flows(const model::Scenario& s, const engine::RunResult& r, int arm, int account) {
  DrawFlows out;
  for (int d = 0; d < r.psa.draws; ++d) {
    const Flows f = account_flows(s, r.shape, r.psa, d, arm, account);
    out.investment.push_back(f.investment);
    out.ret.push_back(f.ret);
  }
  return out;
}

Summary summarise(const model::Scenario& s, const engine::RunResult& r) {
  const auto& sh = r.shape;
  Summary out;
  out.draws = r.psa.draws;
  out.has_base = r.has_base;
  out.population = s.population.size;
  const int S = r.psa.draws;
  const auto base_or_nan = [&](auto f) { return r.has_base ? f(r.base, 0) : kNaN; };
  // With no PSA draws, monthly series come from the base case.
  const auto& monthly = S > 0 ? r.psa_monthly : r.base_monthly;

  // The accounts' results, arm by arm, on the run's threads: the same bits with any number.
  const int A = sh.accounts, pairs = (sh.arms - 1) * A;
  std::vector<AccountResult> results(static_cast<std::size_t>(std::max(0, pairs)));
  std::exception_ptr failed;  // (an exception may not leave the parallel loop: the first is rethrown after it)
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, r.simulation.threads))
  for (int k = 0; k < pairs; ++k) {
    try {
      results[k] = account_result(s, r, 1 + k / A, k % A);
    } catch (...) {
#pragma omp critical(summary_failed)
      if (!failed) failed = std::current_exception();
    }
  }
  if (failed) std::rethrow_exception(failed);
  for (int i = 1; i < sh.arms; ++i) {
    Comparison cmp;
    cmp.arm = s.arms[i];
    for (int acct = 0; acct < A; ++acct) cmp.accounts.push_back(std::move(results[(i - 1) * A + acct]));
    for (int e = 0; e < sh.effects; ++e) {
      EffectResult er;
      er.effect = s.effects[e];
      er.unit = s.effect_units[e];
      std::vector<double> dd(S), du(S);
      double c0 = 0, c1 = 0;
      for (int d = 0; d < S; ++d) {
        dd[d] = r.psa.effect(sh, true, d, i, e) - r.psa.effect(sh, true, d, 0, e);
        du[d] = r.psa.effect(sh, false, d, i, e) - r.psa.effect(sh, false, d, 0, e);
        c0 += r.psa.effect(sh, false, d, 0, e);
        c1 += r.psa.effect(sh, false, d, i, e);
      }
      er.delta_disc = describe(dd, base_or_nan([&](const engine::DrawSet& ds, int d) {
        return ds.effect(sh, true, d, i, e) - ds.effect(sh, true, d, 0, e);
      }));
      er.delta_undisc = describe(du, base_or_nan([&](const engine::DrawSet& ds, int d) {
        return ds.effect(sh, false, d, i, e) - ds.effect(sh, false, d, 0, e);
      }));
      // Without PSA draws, the base case's absolute effects.
      er.comparator_undisc = S > 0 ? c0 / S : base_or_nan([&](const engine::DrawSet& ds, int d) {
        return ds.effect(sh, false, d, 0, e);
      });
      er.intervention_undisc = S > 0 ? c1 / S : base_or_nan([&](const engine::DrawSet& ds, int d) {
        return ds.effect(sh, false, d, i, e);
      });
      cmp.effects.push_back(std::move(er));
    }
    cmp.groups = group_results(s, r, i - 1);
    out.comparisons.push_back(std::move(cmp));
  }
  out.annual_by_arm.assign(sh.arms, std::vector<std::vector<double>>(sh.accounts, std::vector<double>(sh.years, 0.0)));
  const engine::DrawSet& annual_source = S > 0 ? r.psa : r.base;
  for (int a = 0; a < sh.arms; ++a)
    for (int acct = 0; acct < sh.accounts; ++acct)
      for (int y = 0; y < sh.years; ++y) {
        double sum = 0;
        for (int d = 0; d < annual_source.draws; ++d) sum += annual_source.acct_year(sh, false, d, a, acct, y);
        out.annual_by_arm[a][acct][y] = annual_source.draws > 0 ? sum / annual_source.draws : kNaN;
      }
  out.budgets = budgets(s, r);
  out.cost_effectiveness = cost_effectiveness(r);
  out.effect_monthly.assign(sh.arms, std::vector<std::vector<double>>(sh.effects));
  for (int a = 0; a < sh.arms; ++a)
    for (int e = 0; e < sh.effects; ++e) {
      const auto* p = monthly.effect.data() + (static_cast<std::size_t>(a) * sh.effects + e) * sh.months;
      out.effect_monthly[a][e].assign(p, p + sh.months);
    }
  return out;
}

bool simulates_real_population(const model::Scenario& s, const model::SimulationSettings& sim) {
  return sim.mode == model::Mode::micro && sim.draws >= 2 && std::abs(sim.clients - s.population.size) < 0.5;
}

void split_chance(const model::Scenario& s, const engine::RunResult& micro, const engine::RunResult& cohort,
                  Summary& summary) {
  const int S = micro.psa.draws;
  for (std::size_t i = 0; i < summary.comparisons.size(); ++i)
    for (int acct = 0; acct < micro.shape.accounts; ++acct) {
      const int arm = static_cast<int>(i) + 1;
      const DrawFlows m = draw_flows(s, micro, arm, acct), c = draw_flows(s, cohort, arm, acct);
      std::vector<double> npv_m(S), npv_c(S);
      double mean = 0, chance = 0;
      for (int d = 0; d < S; ++d) {
        npv_m[d] = m.ret[d] - m.investment[d];
        npv_c[d] = c.ret[d] - c.investment[d];
        mean += npv_m[d] / S;
        chance += (npv_m[d] - npv_c[d]) * (npv_m[d] - npv_c[d]) / S;
      }
      double total = 0;
      for (int d = 0; d < S; ++d) total += (npv_m[d] - mean) * (npv_m[d] - mean) / (S - 1);
      ChanceSplit split;
      double base = kNaN;
      if (cohort.has_base) {
        const Flows f = account_flows(s, cohort.shape, cohort.base, 0, arm, acct);
        base = f.ret - f.investment;
      }
      split.npv_parameters = describe(npv_c, base);
      split.chance_share = total > 0 ? std::min(1.0, chance / total) : kNaN;
      summary.comparisons[i].accounts[acct].chance = split;
    }
}

}  // namespace werkbaat::analysis
