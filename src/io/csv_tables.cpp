#include "werkbaat/io/csv_tables.h"

#include <fmt/format.h>

#include <cmath>

#include "io/format.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

// A text field: quoted where needed, and never read as a formula by a spreadsheet.
std::string q(const std::string& text) { return csv_field(text); }

std::string v(double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : std::string("NA"); }

void stat_rows(std::string& out, const std::string& prefix, const StatDoc& st) {
  const std::pair<const char*, double> cols[] = {{"base", st.base}, {"mean", st.mean},   {"sd", st.sd},
                                                 {"mcse", st.mcse}, {"p2.5", st.p2_5},   {"p50", st.p50},
                                                 {"p97.5", st.p97_5}, {"p_positive", st.p_positive}};
  for (const auto& [col, x] : cols) out += fmt::format("{},{},{}\n", prefix, col, v(x));
}

// One part of an account's result (a line's or a category's): totals, then undiscounted net per year.
void attribution_rows(std::string& out, const std::string& prefix, const AttributionDoc& a) {
  const std::pair<const char*, const StatDoc*> metrics[] = {
      {"npv", &a.npv}, {"npv_undiscounted", &a.npv_undiscounted}, {"investment", &a.investment}, {"return", &a.ret}};
  for (const auto& [metric, st] : metrics) {
    const std::pair<const char*, double> cols[] = {{"base", st->base}, {"mean", st->mean}, {"p2.5", st->p2_5},
                                                   {"p97.5", st->p97_5}, {"p_positive", st->p_positive}};
    for (const auto& [col, x] : cols) out += fmt::format("{},{},NA,{},{}\n", prefix, metric, col, v(x));
  }
  for (std::size_t y = 0; y < a.annual_mean.size(); ++y) {
    out += fmt::format("{},annual_net,{},mean,{}\n", prefix, y + 1, v(a.annual_mean[y]));
    out += fmt::format("{},annual_net,{},base,{}\n", prefix, y + 1, v(a.annual_base[y]));
  }
}

void add_budgets(std::vector<Table>& tables, const std::string& name, const ResultsDoc& doc) {
  std::string out = "scenario,arm,account,category,year,paid,received,net,paid_base,received_base,net_base\n";
  for (const auto& arm : doc.arms)
    for (const auto& [account, b] : doc.budgets.at(arm)) {
      const std::string p = fmt::format("{},{},{}", name, q(arm), q(account));
      for (std::size_t y = 0; y < b.paid.size(); ++y)
        out += fmt::format("{},total,{},{},{},{},{},{},{}\n", p, y + 1, v(b.paid[y]), v(b.received[y]),
                           v(b.received[y] - b.paid[y]), v(b.paid_base[y]), v(b.received_base[y]),
                           v(b.received_base[y] - b.paid_base[y]));
      for (const auto& c : doc.categories) {
        const auto paid = b.paid_by_category.find(c.id), got = b.received_by_category.find(c.id);
        if (paid == b.paid_by_category.end() && got == b.received_by_category.end()) continue;
        for (std::size_t y = 0; y < b.paid.size(); ++y) {
          const double pd = paid == b.paid_by_category.end() ? 0.0 : paid->second[y];
          const double rc = got == b.received_by_category.end() ? 0.0 : got->second[y];
          out += fmt::format("{},{},{},{},{},{},NA,NA,NA\n", p, q(c.id), y + 1, v(pd), v(rc), v(rc - pd));
        }
      }
    }
  tables.push_back({"budgets", std::move(out)});
}

void add_cost_effectiveness(std::vector<Table>& tables, const std::string& name, const ResultsDoc& doc) {
  std::string ce = "scenario,arm,comparator,effect,account,effect_gained_mean,effect_gained_base,cost_per_unit_mean,"
                   "cost_per_unit_base\n";
  std::string curve = "scenario,arm,comparator,effect,account,wtp,nmb_mean,p_nmb_positive\n";
  for (const auto& c : doc.comparisons)
    for (std::size_t e = 0; e < c.cost_effectiveness.size(); ++e) {
      const auto& ec = c.cost_effectiveness[e];
      for (const auto& a : ec.accounts) {
        const std::string p = fmt::format("{},{},{},{},{}", name, q(c.arm), q(c.comparator), q(ec.effect), q(a.account));
        ce += fmt::format("{},{},{},{},{}\n", p, v(ec.gained_mean), v(ec.gained_base), v(a.cost_per_unit),
                          v(a.cost_per_unit_base));
        for (std::size_t k = 0; k < doc.wtp[e].wtp.size(); ++k)
          curve += fmt::format("{},{},{},{}\n", p, v(doc.wtp[e].wtp[k]), v(a.nmb_mean[k]), v(a.p_positive[k]));
      }
    }
  std::string evpi = "scenario,effect,wtp,evpi_society\n";
  for (const auto& w : doc.wtp)
    for (std::size_t k = 0; k < w.wtp.size(); ++k)
      evpi += fmt::format("{},{},{},{}\n", name, q(w.effect), v(w.wtp[k]), v(w.evpi_society[k]));
  tables.push_back({"cost_effectiveness", std::move(ce)});
  tables.push_back({"acceptability", std::move(curve)});
  tables.push_back({"evpi_by_wtp", std::move(evpi)});
}

void add_groups(std::vector<Table>& tables, const std::string& name, const ResultsDoc& doc) {
  std::string out = "scenario,arm,comparator,group,kind,size,measure,account_or_effect,statistic,value\n";
  for (const auto& c : doc.comparisons)
    for (const auto& g : c.groups) {
      const std::string p = fmt::format("{},{},{},{},{},{}", name, q(c.arm), q(c.comparator), q(g.group),
                                        g.attribute_value ? "attribute_value" : "group", v(g.size));
      const auto rows = [&](const char* measure, const std::string& what, const StatDoc& st) {
        const std::pair<const char*, double> cols[] = {{"base", st.base}, {"mean", st.mean}, {"sd", st.sd},
                                                       {"mcse", st.mcse}, {"p_positive", st.p_positive}};
        for (const auto& [col, x] : cols) out += fmt::format("{},{},{},{},{}\n", p, measure, q(what), col, v(x));
      };
      for (const auto& a : g.accounts) rows("npv", a.account, a.npv);
      for (const auto& e : g.effects) rows("effect_gain", e.effect, e.gain);
    }
  tables.push_back({"groups", std::move(out)});
}

void add_analyses(std::vector<Table>& tables, const std::string& name, const AnalysesDoc& a) {
  if (a.settlement) {
    std::string st = "scenario,arm,rule,proposed,party,investment,return,current_net,proposed_net,proposed_payment,"
                     "p_positive_current,p_positive_proposed\n";
    std::string tr = "scenario,arm,rule,from,to,present_value,per_year\n";
    for (const auto& s : *a.settlement)
      for (const auto& rule : s.rules) {
        for (const auto& p : rule.parties)
          st += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", name, q(s.arm), model::name_of(rule.rule), rule.proposed, q(p.party),
                            v(p.investment), v(p.ret), v(p.current_net), v(p.proposed_net), v(p.proposed_payment),
                            v(p.p_positive_current), v(p.p_positive_proposed));
        for (const auto& t : rule.transfers)
          tr += fmt::format("{},{},{},{},{},{},{}\n", name, q(s.arm), model::name_of(rule.rule), q(t.from), q(t.to), v(t.present_value),
                            v(t.per_year));
      }
    tables.push_back({"settlement", std::move(st)});
    tables.push_back({"transfers", std::move(tr)});
  }
  if (a.tornado) {
    std::string out = "scenario,arm,parameter,low,high,account,base_npv,npv_low,npv_high\n";
    for (const auto& t : *a.tornado)
      for (const auto& b : t.bars)
        for (std::size_t k = 0; k < t.accounts.size(); ++k)
          out += fmt::format("{},{},{},{},{},{},{},{},{}\n", name, q(t.arm), q(b.parameter), v(b.low), v(b.high),
                             q(t.accounts[k]), v(t.base_npv[k]), v(b.npv_low[k]), v(b.npv_high[k]));
    tables.push_back({"tornado", std::move(out)});
  }
  if (a.breakeven) {
    std::string out = "scenario,parameter,arm,account,low,high,npv_low,npv_high,found,value\n";
    for (const auto& b : *a.breakeven)
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", name, q(b.parameter), q(b.arm), q(b.account), v(b.low), v(b.high),
                         v(b.npv_low), v(b.npv_high), b.found, v(b.value));
    tables.push_back({"breakeven", std::move(out)});
  }
  if (a.voi) {
    std::string out = "scenario,account,measure,group,draws,population_value,se,per_client\n";
    for (const auto& av : a.voi->accounts) {
      out += fmt::format("{},{},evpi,,{},{},{},{}\n", name, q(av.account), a.voi->draws, v(av.evpi.population),
                         v(av.evpi.se), v(av.evpi.per_client));
      for (const auto& g : av.evppi)
        out += fmt::format("{},{},evppi,{},{},{},{},{}\n", name, q(av.account), q(g.group), a.voi->draws,
                           v(g.evppi.population), v(g.evppi.se), v(g.evppi.per_client));
    }
    tables.push_back({"voi", std::move(out)});
  }
}

}  // namespace

std::vector<Table> tidy_tables(const ResultsDoc& doc) {
  std::vector<Table> tables;
  const std::string name = q(doc.scenario.name);
  const std::string comparator = q(doc.arms[0]);
  std::string summary = "scenario,arm,comparator,account,metric,statistic,value\n";
  std::string annual = "scenario,arm,comparator,account,year,statistic,value\n";
  std::string effects = "scenario,arm,comparator,effect,measure,statistic,value\n";
  std::string cumulative = "scenario,arm,comparator,account,month,cumulative_npv_mean\n";
  std::string draws = "scenario,draw,arm,account,npv,payback_month\n";
  std::string lines = "scenario,arm,comparator,account,line,category,metric,year,statistic,value\n";
  std::string categories = "scenario,arm,comparator,account,category,metric,year,statistic,value\n";
  for (const auto& c : doc.comparisons) {
    for (const auto& a : c.accounts) {
      const std::string p = fmt::format("{},{},{},{}", name, q(c.arm), comparator, q(a.account));
      stat_rows(summary, p + ",investment", a.investment);
      stat_rows(summary, p + ",return", a.ret);
      stat_rows(summary, p + ",npv", a.npv);
      stat_rows(summary, p + ",roi", a.roi);
      summary += fmt::format("{},payback_month,base,{}\n", p, v(a.payback.base));
      summary += fmt::format("{},payback_month,p50,{}\n", p, v(a.payback.median));
      summary += fmt::format("{},payback_month,share_within_horizon,{}\n", p, v(a.payback.share_within_horizon));
      if (a.chance) {  // a micro run of the real clients: the NPV without their chance, and chance's share
        stat_rows(summary, p + ",npv_parameters_only", a.chance->npv_parameters_only);
        summary += fmt::format("{},npv,chance_share_of_variance,{}\n", p, v(a.chance->chance_share_of_variance));
      }
      for (const auto& y : a.annual_budget_impact) stat_rows(annual, fmt::format("{},{}", p, y.year), y);
      for (std::size_t m = 0; m < a.cumulative_npv_mean.size(); ++m)
        cumulative += fmt::format("{},{},{}\n", p, m + 1, v(a.cumulative_npv_mean[m]));
      for (const auto& l : a.lines) attribution_rows(lines, fmt::format("{},{},{}", p, q(l.line), q(l.category)), l);
      for (const auto& k : a.categories) attribution_rows(categories, fmt::format("{},{}", p, q(k.category)), k);
    }
    for (const auto& e : c.effects) {
      const std::string p = fmt::format("{},{},{},{}", name, q(c.arm), comparator, q(e.effect));
      stat_rows(effects, p + ",delta_discounted", e.delta_discounted);
      stat_rows(effects, p + ",delta_undiscounted", e.delta_undiscounted);
    }
  }
  // Per draw, draw-major as R's tidy tables are: every intervention and account of draw 1 first.
  const std::size_t S = doc.draws->empty() ? 0 : doc.draws->begin()->second.begin()->second.npv.size();
  for (std::size_t d = 0; d < S; ++d)
    for (const auto& c : doc.comparisons)
      for (const auto& a : c.accounts) {
        const auto& series = doc.draws->at(c.arm).at(a.account);
        draws += fmt::format("{},{},{},{},{},{}\n", name, d + 1, q(c.arm), q(a.account), v(series.npv[d]),
                             v(series.payback_month[d]));
      }
  std::string monthly = "scenario,arm,effect,month,mean\n";
  for (const auto& arm : doc.arms)
    for (const auto& e : doc.comparisons.front().effects) {
      const auto& series = doc.effects_monthly_mean.at(arm).at(e.effect);
      for (std::size_t m = 0; m < series.size(); ++m)
        monthly += fmt::format("{},{},{},{},{}\n", name, q(arm), q(e.effect), m + 1, v(series[m]));
    }
  tables.push_back({"summary", std::move(summary)});
  tables.push_back({"annual", std::move(annual)});
  tables.push_back({"effects", std::move(effects)});
  tables.push_back({"cumulative", std::move(cumulative)});
  tables.push_back({"monthly", std::move(monthly)});
  tables.push_back({"draws", std::move(draws)});
  tables.push_back({"lines", std::move(lines)});
  add_cost_effectiveness(tables, name, doc);
  add_groups(tables, name, doc);
  tables.push_back({"categories", std::move(categories)});
  add_budgets(tables, name, doc);
  std::string notes = "scenario,note\n";
  for (const auto& n : run_notes(doc, Lang::en)) notes += fmt::format("{},{}\n", name, q(n));
  tables.push_back({"notes", std::move(notes)});
  if (doc.analyses) add_analyses(tables, name, *doc.analyses);
  return tables;
}

void write_results(const std::string& out, const ResultsDoc& doc) {
  if (!doc.has_draws())
    throw InputError({out, 0, 0}, "", "these results have no per-draw data; write them from a run (run --out DIR)");
  const std::vector<Table> tables = tidy_tables(doc);
  replace_dir(out, [&](const std::string& dir) {
    for (const auto& t : tables) write_file_atomic(dir + "/" + t.name + ".csv", t.csv);
    write_file_atomic(dir + "/results.json", to_json_text(doc, true));
  });
}

}  // namespace werkbaat::io
