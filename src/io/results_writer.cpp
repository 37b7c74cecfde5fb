#include "werkbaat/io/results_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/text_escape.h"

namespace werkbaat::io {
namespace {

using nlohmann::json;
using analysis::Stat;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json stat_json(const Stat& s) {
  return {{"base", num(s.base)}, {"mean", num(s.mean)},   {"sd", num(s.sd)},     {"mcse", num(s.mcse)},
          {"p2_5", num(s.p025)}, {"p50", num(s.p50)},     {"p97_5", num(s.p975)}, {"p_positive", num(s.p_positive)},
          {"n", s.n}};
}

const char* mode_name(model::Mode m) { return m == model::Mode::cohort ? "cohort" : "micro"; }
const char* timing_name(model::Timing t) {
  return t == model::Timing::start ? "start" : t == model::Timing::middle ? "middle" : "end";
}

json parameters_json(const model::Scenario& s) {
  json out = json::array();
  for (const auto& p : s.params) {
    out.push_back({{"path", p.path},
                   {"distribution", model::to_string(p.dist.kind)},
                   {"a", p.dist.a},
                   {"b", p.dist.b},
                   {"c", p.dist.c},
                   {"mean", p.dist.mean()},
                   {"unit", p.unit.name},
                   {"price_year", p.price_year == 0 ? json(nullptr) : json(p.price_year)},
                   {"index_factor", p.index_factor},
                   {"dirichlet", p.dirichlet >= 0 ? json(s.dirichlets[p.dirichlet].path) : json(nullptr)},
                   {"source", p.source},
                   {"label", p.label},
                   {"set_at", fmt::format("{}:{}", p.origin.file, p.origin.line)}});
  }
  return out;
}

// Per-draw results, one object per comparison and account.
json draws_json(const RunReport& r) {
  const auto& sh = r.result.shape;
  const auto& ds = r.result.psa;
  json out = json::object();
  for (int i = 1; i < sh.arms; ++i) {
    json arm = json::object();
    for (int acct = 0; acct < sh.accounts; ++acct) {
      const auto& name = r.summary.comparisons[i - 1].accounts[acct].account;
      json npv = json::array(), payback = json::array();
      for (int d = 0; d < ds.draws; ++d) {
        npv.push_back(ds.npv(sh, d, i, acct));
        payback.push_back(ds.payback_month(sh, d, i - 1, acct));
      }
      arm[name] = {{"npv", npv}, {"payback_month", payback}};
    }
    out[r.scenario.arms[i]] = arm;
  }
  return out;
}

json analyses_json(const analysis::Analyses& a, double population) {
  json out = json::object();
  out["ran"] = a.ran;
  const auto ran = [&](const char* n) { return std::find(a.ran.begin(), a.ran.end(), n) != a.ran.end(); };
  if (ran("settlement")) {
    json list = json::array();
    for (const auto& st : a.settlement) {
      json rules = json::array();
      for (const auto& rule : st.rules) {
        json parties = json::array(), transfers = json::array();
        for (const auto& p : rule.parties)
          parties.push_back({{"party", p.party}, {"investment", p.investment}, {"return", p.ret},
                             {"current_net", p.current_net}, {"proposed_net", p.proposed_net},
                             {"proposed_payment", p.proposed_payment}, {"p_positive_current", p.p_positive_current},
                             {"p_positive_proposed", p.p_positive_proposed}});
        for (const auto& t : rule.transfers)
          transfers.push_back({{"from", t.from}, {"to", t.to}, {"present_value", t.present_value}, {"per_year", t.per_year}});
        rules.push_back({{"rule", rule.rule}, {"proposed", rule.proposed}, {"reason", rule.reason},
                         {"parties", parties}, {"transfers", transfers}});
      }
      list.push_back({{"arm", st.arm}, {"society_net", st.society_net}, {"financiers_cost", st.financiers_cost},
                      {"financiers_return", st.financiers_return}, {"rules", rules}});
    }
    out["settlement"] = list;
  }
  if (ran("tornado")) {
    json list = json::array();
    for (const auto& t : a.tornado) {
      json bars = json::array();
      for (const auto& b : t.bars)
        bars.push_back({{"parameter", b.parameter}, {"low", b.low}, {"high", b.high}, {"npv_low", b.npv_low},
                        {"npv_high", b.npv_high}, {"swing_society", b.swing}});
      list.push_back({{"arm", t.arm}, {"accounts", t.accounts}, {"base_npv", t.base_npv}, {"bars", bars}});
    }
    out["tornado"] = list;
  }
  if (ran("breakeven")) {
    json list = json::array();
    for (const auto& b : a.breakeven)
      list.push_back({{"parameter", b.parameter}, {"arm", b.arm}, {"account", b.account}, {"low", b.low},
                      {"high", b.high}, {"npv_low", b.npv_low}, {"npv_high", b.npv_high}, {"found", b.found},
                      {"value", b.found ? json(b.value) : json(nullptr)}});
    out["breakeven"] = list;
  }
  if (ran("voi")) {
    json accounts = json::array();
    const auto est = [&](const analysis::ValueEstimate& v) {
      return json{{"population", v.value}, {"se", v.se}, {"per_client", v.value / population}};
    };
    for (const auto& av : a.voi.accounts) {
      json groups = json::array();
      for (const auto& g : av.groups)
        groups.push_back({{"group", g.group}, {"parameters", g.parameters}, {"evppi", est(g.value)}});
      accounts.push_back({{"account", av.account}, {"evpi", est(av.evpi)}, {"evppi", groups}});
    }
    out["voi"] = {{"draws", a.voi.draws},
                  {"method", "EVPI from the PSA draws; EVPPI by regression on each group's parameters "
                             "(Strong & Oakley 2014, polynomial smoother); se by bootstrap"},
                  {"accounts", accounts}};
  }
  return out;
}

json cumulative_year(const analysis::AccountResult& a) {
  json out = json::array();
  for (std::size_t y = 0; y < a.cumulative_year.size(); ++y) {
    json row = stat_json(a.cumulative_year[y]);
    row["year"] = y + 1;
    out.push_back(row);
  }
  return out;
}

}  // namespace

std::string results_json(const RunReport& r, bool per_draw) {
  const auto& s = r.scenario;
  const auto& st = s.settings;
  json j;
  j["werkbaat_version"] = WERKBAAT_VERSION;
  j["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}, {"variant", s.variant}};
  if (!r.content_hash.empty()) j["content_hash"] = r.content_hash;
  j["settings"] = {{"mode", mode_name(st.mode)},
                   {"draws", st.draws},
                   {"clients", st.clients},
                   {"seed", st.seed},
                   {"threads", r.result.threads},
                   {"base_case", st.base_case},
                   {"horizon_months", st.horizon},
                   {"timing", timing_name(st.timing)},
                   {"discount", {{"costs", st.discount_costs}, {"effects", st.discount_effects}}},
                   {"price_year", st.price_year}};
  j["population"] = {{"size", s.population.size}, {"entry_months", s.population.entry_months}};
  j["units"] = {{"money", fmt::format("EUR, {} prices, total for the population", st.price_year)},
                {"payback", "months; 0 = never behind; null = not within the horizon"}};
  j["run"] = {{"seconds", r.result.seconds}, {"adjusted_rows", r.result.adjusted_rows}, {"warnings", r.result.warnings}};
  j["parties"] = s.parties;
  j["arms"] = s.arms;
  json comps = json::array();
  for (const auto& c : r.summary.comparisons) {
    json accts = json::array();
    for (const auto& a : c.accounts) {
      json annual = json::array();
      for (std::size_t y = 0; y < a.annual.size(); ++y) {
        json row = stat_json(a.annual[y]);
        row["year"] = y + 1;
        annual.push_back(row);
      }
      const auto pay = [](double m) { return m < 0 ? json(nullptr) : json(m); };
      accts.push_back({{"account", a.account},
                       {"investment", stat_json(a.investment)},
                       {"return", stat_json(a.ret)},
                       {"npv", stat_json(a.npv)},
                       {"roi", stat_json(a.roi)},
                       {"roi_of_means", num(a.roi_of_means)},
                       {"payback", {{"base", std::isnan(a.payback_base) ? json(nullptr) : pay(a.payback_base)},
                                    {"median", pay(a.payback_median)},
                                    {"share_within_horizon", num(a.payback_share)}}},
                       {"annual_budget_impact", annual},
                       {"cumulative_npv_mean", a.cumulative_mean},
                       {"cumulative_npv_by_year", cumulative_year(a)}});
    }
    json effects = json::array();
    for (const auto& e : c.effects)
      effects.push_back({{"effect", e.effect},
                         {"unit", e.unit},
                         {"delta_discounted", stat_json(e.delta_disc)},
                         {"delta_undiscounted", stat_json(e.delta_undisc)},
                         {"comparator_undiscounted_mean", num(e.comparator_undisc)},
                         {"intervention_undiscounted_mean", num(e.intervention_undisc)}});
    comps.push_back({{"arm", c.arm}, {"comparator", s.arms[0]}, {"accounts", accts}, {"effects", effects}});
  }
  j["comparisons"] = comps;
  json monthly = json::object();
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    for (std::size_t e = 0; e < s.effects.size(); ++e)
      monthly[s.arms[a]][s.effects[e]] = r.summary.effect_monthly[a][e];
  j["effects_monthly_mean"] = monthly;
  json by_arm = json::object();
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    for (std::size_t acct = 0; acct < r.summary.annual_by_arm[a].size(); ++acct) {
      const std::string name = acct + 1 == r.summary.annual_by_arm[a].size() ? "society" : s.parties[acct];
      by_arm[s.arms[a]][name] = r.summary.annual_by_arm[a][acct];
    }
  j["annual_net_by_arm_mean"] = by_arm;
  j["parameters"] = parameters_json(s);
  if (r.analyses) j["analyses"] = analyses_json(*r.analyses, s.population.size);
  if (per_draw) {
    j["draws"] = draws_json(r);
    j["scenario"]["resolved"] = s.resolved;
  }
  return j.dump(per_draw ? 1 : 2) + "\n";
}

static void write_analyses_csv_field(const std::string& dir, const std::string& name, const analysis::Analyses& a,
                               double population) {
  const auto v = [](double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : std::string("NA"); };
  const auto ran = [&](const char* n) { return std::find(a.ran.begin(), a.ran.end(), n) != a.ran.end(); };
  if (ran("settlement")) {
    std::string st = "scenario,arm,rule,proposed,party,investment,return,current_net,proposed_net,proposed_payment,"
                     "p_positive_current,p_positive_proposed\n";
    std::string tr = "scenario,arm,rule,from,to,present_value,per_year\n";
    for (const auto& s : a.settlement)
      for (const auto& rule : s.rules) {
        for (const auto& p : rule.parties)
          st += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", name, s.arm, rule.rule, rule.proposed, p.party,
                            v(p.investment), v(p.ret), v(p.current_net), v(p.proposed_net), v(p.proposed_payment),
                            v(p.p_positive_current), v(p.p_positive_proposed));
        for (const auto& t : rule.transfers)
          tr += fmt::format("{},{},{},{},{},{},{}\n", name, s.arm, rule.rule, t.from, t.to, v(t.present_value),
                            v(t.per_year));
      }
    write_file_atomic(dir + "/settlement.csv", st);
    write_file_atomic(dir + "/transfers.csv", tr);
  }
  if (ran("tornado")) {
    std::string out = "scenario,arm,parameter,low,high,account,base_npv,npv_low,npv_high\n";
    for (const auto& t : a.tornado)
      for (const auto& b : t.bars)
        for (std::size_t k = 0; k < t.accounts.size(); ++k)
          out += fmt::format("{},{},{},{},{},{},{},{},{}\n", name, t.arm, b.parameter, v(b.low), v(b.high),
                             t.accounts[k], v(t.base_npv[k]), v(b.npv_low[k]), v(b.npv_high[k]));
    write_file_atomic(dir + "/tornado.csv", out);
  }
  if (ran("breakeven")) {
    std::string out = "scenario,parameter,arm,account,low,high,npv_low,npv_high,found,value\n";
    for (const auto& b : a.breakeven)
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", name, b.parameter, b.arm, b.account, v(b.low), v(b.high),
                         v(b.npv_low), v(b.npv_high), b.found, b.found ? v(b.value) : "NA");
    write_file_atomic(dir + "/breakeven.csv", out);
  }
  if (ran("voi")) {
    std::string out = "scenario,account,measure,group,draws,population_value,se,per_client\n";
    for (const auto& av : a.voi.accounts) {
      out += fmt::format("{},{},evpi,,{},{},{},{}\n", name, av.account, a.voi.draws, v(av.evpi.value), v(av.evpi.se),
                         v(av.evpi.value / population));
      for (const auto& g : av.groups)
        out += fmt::format("{},{},evppi,{},{},{},{},{}\n", name, av.account, csv_field(g.group), a.voi.draws,
                           v(g.value.value), v(g.value.se), v(g.value.value / population));
    }
    write_file_atomic(dir + "/voi.csv", out);
  }
}

void write_results(const std::string& dir, const RunReport& r) {
  const auto& s = r.scenario;
  const std::string name = csv_field(s.name);
  const auto& sh = r.result.shape;
  const auto v = [](double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : std::string("NA"); };
  const auto stat_rows = [&](std::string& out, const std::string& prefix, const Stat& st) {
    const std::pair<const char*, double> cols[] = {{"base", st.base}, {"mean", st.mean},   {"sd", st.sd},
                                                   {"mcse", st.mcse}, {"p2.5", st.p025},   {"p50", st.p50},
                                                   {"p97.5", st.p975}, {"p_positive", st.p_positive}};
    for (const auto& [col, x] : cols) out += fmt::format("{},{},{}\n", prefix, col, v(x));
  };
  std::string summary = "scenario,arm,comparator,account,metric,statistic,value\n";
  std::string annual = "scenario,arm,comparator,account,year,statistic,value\n";
  std::string effects = "scenario,arm,comparator,effect,measure,statistic,value\n";
  std::string cumulative = "scenario,arm,comparator,account,month,cumulative_npv_mean\n";
  for (const auto& c : r.summary.comparisons) {
    for (const auto& a : c.accounts) {
      const std::string p = fmt::format("{},{},{},{}", name, c.arm, s.arms[0], a.account);
      stat_rows(summary, p + ",investment", a.investment);
      stat_rows(summary, p + ",return", a.ret);
      stat_rows(summary, p + ",npv", a.npv);
      stat_rows(summary, p + ",roi", a.roi);
      summary += fmt::format("{},payback_month,base,{}\n", p, a.payback_base < 0 ? "NA" : v(a.payback_base));
      summary += fmt::format("{},payback_month,p50,{}\n", p, a.payback_median < 0 ? "NA" : v(a.payback_median));
      summary += fmt::format("{},payback_month,share_within_horizon,{}\n", p, v(a.payback_share));
      for (std::size_t y = 0; y < a.annual.size(); ++y) stat_rows(annual, fmt::format("{},{}", p, y + 1), a.annual[y]);
      for (std::size_t m = 0; m < a.cumulative_mean.size(); ++m)
        cumulative += fmt::format("{},{},{}\n", p, m + 1, v(a.cumulative_mean[m]));
    }
    for (const auto& e : c.effects) {
      const std::string p = fmt::format("{},{},{},{}", name, c.arm, s.arms[0], e.effect);
      stat_rows(effects, p + ",delta_discounted", e.delta_disc);
      stat_rows(effects, p + ",delta_undiscounted", e.delta_undisc);
    }
  }
  std::string monthly = "scenario,arm,effect,month,mean\n";
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    for (std::size_t e = 0; e < s.effects.size(); ++e)
      for (std::size_t m = 0; m < r.summary.effect_monthly[a][e].size(); ++m)
        monthly += fmt::format("{},{},{},{},{}\n", name, s.arms[a], s.effects[e], m + 1,
                               v(r.summary.effect_monthly[a][e][m]));
  std::string draws = "scenario,draw,arm,account,npv,payback_month\n";
  const auto& ds = r.result.psa;
  for (int d = 0; d < ds.draws; ++d)
    for (int i = 1; i < sh.arms; ++i)
      for (int acct = 0; acct < sh.accounts; ++acct) {
        const double pay = ds.payback_month(sh, d, i - 1, acct);
        draws += fmt::format("{},{},{},{},{},{}\n", name, d + 1, s.arms[i],
                             r.summary.comparisons[i - 1].accounts[acct].account, v(ds.npv(sh, d, i, acct)),
                             pay < 0 ? "NA" : v(pay));
      }
  write_file_atomic(dir + "/summary.csv", summary);
  write_file_atomic(dir + "/annual.csv", annual);
  write_file_atomic(dir + "/effects.csv", effects);
  write_file_atomic(dir + "/cumulative.csv", cumulative);
  write_file_atomic(dir + "/monthly.csv", monthly);
  write_file_atomic(dir + "/draws.csv", draws);
  if (r.analyses) write_analyses_csv_field(dir, name, *r.analyses, s.population.size);
  write_file_atomic(dir + "/results.json", results_json(r, true));
}

}  // namespace werkbaat::io
