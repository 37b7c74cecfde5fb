#include "werkbaat/io/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/report/report_parts.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/accounts.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

std::string payback(const PaybackDoc& p, bool psa, const Words& w) {
  const double m = psa ? p.median : p.base;
  if (std::isnan(m)) return w.beyond;
  if (m == 0) return w.none_needed;
  return fmt::format("{} {:.0f}", w.month, m);
}

std::string headline(const ResultsDoc& doc, const ComparisonDoc& c, const Words& w, Lang lang) {
  const auto accounts = shown_accounts(c);
  const StatDoc& society = accounts.back()->npv;
  const double m = society.mean;
  std::string out = fmt::format("<p class=\"headline\"><strong>{} {} {}</strong>: {} {} ({} {} {} {}; {} {}).</p>\n",
                                xml_escape(c.arm), w.vs, xml_escape(doc.arms[0]),
                                m >= 0 ? w.society_gains : w.society_loses, money(std::abs(m), lang), w.interval,
                                money(society.p2_5, lang), lang == Lang::nl ? "tot" : "to", money(society.p97_5, lang),
                                w.chance_gain, pct(society.p_positive));
  std::string invests, gains;
  for (std::size_t k = 0; k + 1 < accounts.size(); ++k) {
    const auto& a = *accounts[k];
    const std::string name = xml_escape(a.account);
    if (a.investment.mean >= 1)
      invests += fmt::format("{}{} ({})", invests.empty() ? "" : ", ", name, money(a.investment.mean, lang));
    if (a.npv.mean >= 1)
      gains += fmt::format("{}{} ({} {}, {} {})", gains.empty() ? "" : ", ", name, w.npv, money(a.npv.mean, lang),
                           w.chance_gain, pct(a.npv.p_positive));
  }
  out += fmt::format("<p>{}: {}.</p>\n<p>{}: {}.</p>\n", w.who_invests, invests.empty() ? w.nobody : invests,
                     w.who_gains, gains.empty() ? w.nobody : gains);
  return out;
}

std::string party_table(const ComparisonDoc& c, bool psa, const Words& w, Lang lang) {
  const bool nl = lang == Lang::nl;
  std::string out = fmt::format(
      "<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      w.party, w.investment, w.ret, w.npv, w.interval, w.p_positive, w.roi, w.payback);
  for (const AccountDoc* a : shown_accounts(c))
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} &ndash; {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       a->account == model::kSociety ? " class=\"total\"" : "", xml_escape(account_label(a->account, w)),
                       money(a->investment.mean, lang), money(a->ret.mean, lang), money(a->npv.mean, lang),
                       money(a->npv.p2_5, lang), money(a->npv.p97_5, lang), pct(a->npv.p_positive),
                       a->roi_of_means > 99 ? "&gt;99" : decimal(a->roi_of_means, nl), payback(a->payback, psa, w));
  return out + "</tbody></table>\n";
}

std::string settlement(const SettlementDoc& st, const Words& w, Lang lang) {
  std::string out = fmt::format("<h3>{}: {}</h3>\n", w.settlement, xml_escape(st.arm));
  for (const auto& rule : st.rules) {
    out += fmt::format("<p><strong>{}</strong>: {}</p>\n", settlement_rule_name(rule.rule, lang),
                       xml_escape(settlement_reason(st, rule, lang)));
    if (!rule.proposed) continue;
    out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       w.party, w.net_now, w.net_then, w.p_now, w.p_then, w.investment);
    for (const auto& p : rule.parties)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         xml_escape(p.party), money(p.current_net, lang), money(p.proposed_net, lang),
                         pct(p.p_positive_current), pct(p.p_positive_proposed), money(p.investment, lang));
    out += "</tbody></table>\n<ul>\n";
    for (const auto& t : rule.transfers)
      out += fmt::format("<li>{}: {} &rarr; {}: {} ({}), {} {}</li>\n", w.transfer, xml_escape(t.from), xml_escape(t.to),
                         money(t.present_value, lang), w.present_value, money(t.per_year, lang), w.per_year);
    out += "</ul>\n";
  }
  return out;
}

// Break-even values and the value of information, where those analyses ran.
std::string breakeven_and_voi(const AnalysesDoc& a, Lang lang) {
  const bool nl = lang == Lang::nl;
  std::string out;
  if (a.breakeven) {
    out += fmt::format("<h3>{}</h3>\n<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       nl ? "Omslagpunten (basisscenario)" : "Break-even values (base case)", "parameter", "arm",
                       nl ? "partij" : "party", nl ? "NCW = 0 bij" : "NPV = 0 at");
    for (const auto& b : *a.breakeven) {
      if (b.account == model::kResources) continue;
      const std::string result = b.found ? decimal(b.value, nl, 4)
                                         : fmt::format("{} [{}, {}]", nl ? "geen omslag in" : "no crossing in",
                                                       decimal(b.low, nl, 3), decimal(b.high, nl, 3));
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(b.parameter),
                         xml_escape(b.arm), xml_escape(b.account), result);
    }
    out += "</tbody></table>\n";
  }
  if (a.voi) {
    out += fmt::format("<h3>{}</h3>\n<p class=\"note\">{} {}.</p>\n", nl ? "Waarde van informatie" : "Value of information",
                       a.voi->draws, nl ? "trekkingen; EVPI en EVPPI met hun Monte-Carlofout (&plusmn;)"
                                        : "draws; EVPI and EVPPI with their Monte Carlo error (&plusmn;)");
    if (!a.voi->warnings.empty())
      out += nl ? "<p class=\"note\">Met minder dan 1.000 trekkingen valt de EVPPI te hoog uit; reken met meer "
                  "trekkingen voordat u op deze waarden bouwt.</p>\n"
                : "<p class=\"note\">With fewer than 1,000 draws the EVPPI comes out too high; run more draws "
                  "before relying on these values.</p>\n";
    out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>EVPI</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       nl ? "partij" : "party", nl ? "per cliënt" : "per client",
                       nl ? "grootste EVPPI (parametergroep)" : "largest EVPPI (parameter group)");
    for (const auto& acc : a.voi->accounts) {
      std::string best;
      double top = 0;
      for (const auto& g : acc.evppi)
        if (g.evppi.population > top) {
          top = g.evppi.population;
          best = fmt::format("{}: {} &plusmn; {}", xml_escape(g.group), money(top, lang), money(g.evppi.se, lang));
        }
      out += fmt::format("<tr><td>{}</td><td>{} &plusmn; {}</td><td>{}</td><td>{}</td></tr>\n",
                         xml_escape(account_label(acc.account, words(lang))),
                         money(acc.evpi.population, lang), money(acc.evpi.se, lang), money(acc.evpi.per_client, lang),
                         best);
    }
    out += "</tbody></table>\n";
  }
  return out;
}

std::string distribution_only(const ParameterDoc& p);

std::string distribution_text(const ParameterDoc& p) {
  const std::string text = distribution_only(p);
  return p.point ? text + fmt::format(", point {:.4g}", *p.point) : text;
}

std::string distribution_only(const ParameterDoc& p) {
  const std::string& d = p.distribution;
  if (d == "fixed") return fmt::format("{:.6g}", p.a);
  if (d == "beta") return fmt::format("beta({:.4g}, {:.4g}), mean {:.4g}", p.a, p.b, p.mean);
  if (d == "gamma") return fmt::format("gamma(shape {:.4g}, scale {:.4g}), mean {:.4g}", p.a, p.b, p.mean);
  if (d == "lognormal") return fmt::format("lognormal({:.4g}, {:.4g}), mean {:.4g}", p.a, p.b, p.mean);
  if (d == "normal") return fmt::format("normal({:.4g}, {:.4g})", p.a, p.b);
  if (d == "uniform") return fmt::format("uniform({:.4g}, {:.4g})", p.a, p.b);
  return fmt::format("{}({:.4g}, {:.4g}, {:.4g})", d, p.a, p.b, p.c);
}

std::string assumptions(const ResultsDoc& doc, const Words& w) {
  std::string out = fmt::format("<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                                w.assumptions, w.parameter, w.value, w.unit, w.price_year, w.source, w.label);
  for (const auto& p : doc.parameters)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       xml_escape(p.path), xml_escape(distribution_text(p)), xml_escape(p.unit),
                       p.price_year ? std::to_string(*p.price_year) : "", xml_escape(p.source), xml_escape(p.label));
  return out + "</tbody></table>\n";
}

std::string facts(const ResultsDoc& doc, const Words& w, bool nl, const std::string& generated) {
  const auto& st = doc.settings;
  const auto num = [](double x) { return fmt::format("{}", x); };
  const std::pair<std::string, std::string> rows[] = {
      {"werkbaat", doc.werkbaat_version},
      {"seed", std::to_string(st.seed)},
      {nl ? "trekkingen (PSA)" : "draws (PSA)", std::to_string(st.draws)},
      {nl ? "cliënten per trekking" : "clients per draw", std::to_string(st.clients)},
      {nl ? "modus" : "mode", std::string(model::kModes.name(st.mode))},
      {nl ? "horizon (maanden)" : "horizon (months)", std::to_string(st.horizon_months)},
      {nl ? "prijsjaar" : "price year", std::to_string(st.price_year)},
      {nl ? "discontovoet kosten / effecten" : "discount rate costs / effects",
       fmt::format("{} / {}", num(st.discount.costs), num(st.discount.effects))},
      {nl ? "populatie" : "population", num(doc.population.size)},
      {w.generated, generated}};
  std::string out = fmt::format("<h2>{}</h2>\n<table><tbody>\n", w.facts);
  for (const auto& [k, v] : rows) out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", xml_escape(k), xml_escape(v));
  return out + "</tbody></table>\n";
}

const char* kStyle = R"(
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 2em auto; max-width: 980px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 1.6em; }
p.headline { font-size: 1.15em; }
table { border-collapse: collapse; margin: 0.8em 0; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
table.numbers td:not(:first-child), table.numbers th:not(:first-child) { text-align: right; }
tr.total td { font-weight: bold; border-top: 2px solid #555; }
.note { color: #555; font-size: 0.85em; }
.warning { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.4em 0.8em; }
svg.chart { width: 100%; height: auto; margin: 0.6em 0 1.2em; }
svg .title { font-size: 14px; font-weight: bold; } svg .tick { font-size: 11px; fill: #333; }
svg .label { font-size: 12px; } svg .legend { font-size: 11px; }
svg .grid { stroke: #e3e3e3; } svg .grid.zero, svg .zero { stroke: #888; } svg .axis { stroke: #333; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-before: auto; } svg.chart { page-break-inside: avoid; } }
)";

}  // namespace

std::string pct(double v) { return std::isfinite(v) ? fmt::format("{:.0f}%", 100 * v) : "&ndash;"; }

std::string decimal(double v, bool nl, int digits) {
  if (!std::isfinite(v)) return "&ndash;";
  std::string s = fmt::format("{:.{}f}", v, digits);
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string account_label(const std::string& a, const Words& w) { return a == model::kSociety ? w.society : a; }

std::vector<const AccountDoc*> shown_accounts(const ComparisonDoc& c) {
  std::vector<const AccountDoc*> out;
  for (const auto& a : c.accounts)
    if (a.account != model::kResources) out.push_back(&a);
  return out;
}

std::string html_report(const ResultsDoc& doc, const ReportOptions& options) {
  if (!doc.has_draws())
    throw InputError({doc.scenario.name, 0, 0}, "draws",
                     "not a werkbaat results.json with per-draw results (write one with run --out)");
  const Lang lang = options.lang == "en" ? Lang::en : Lang::nl;
  const bool nl = lang == Lang::nl;
  const Words& w = words(lang);
  const bool psa = doc.settings.draws > 0;
  const std::string name = xml_escape(doc.scenario.name);
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                "<title>{}: {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                                nl ? "nl" : "en", w.title, name, kStyle);
  out += fmt::format("<h1>{}: {}</h1>\n<p>{}</p>\n", w.title, name, xml_escape(doc.scenario.description));
  out += fmt::format("<h2>{}</h2>\n<p class=\"note\">{}</p>\n", w.headline, w.discounted_note);
  for (const auto& n : run_notes(doc, lang, false))
    out += fmt::format("<p class=\"warning\"><strong>{}</strong> {}</p>\n", nl ? "Let op:" : "Note:", xml_escape(n));
  for (const auto& c : doc.comparisons) out += headline(doc, c, w, lang) + party_table(c, psa, w, lang);
  if (doc.analyses && doc.analyses->settlement)
    for (const auto& st : *doc.analyses->settlement) out += settlement(st, w, lang);
  if (doc.analyses) out += breakeven_and_voi(*doc.analyses, lang);
  out += fmt::format("<h2>{}</h2>\n", w.charts);
  for (std::size_t i = 0; i < doc.comparisons.size(); ++i) out += comparison_charts(doc, doc.comparisons[i], i, w, nl);
  out += assumptions(doc, w) + facts(doc, w, nl, options.generated);
  return out + "</body>\n</html>\n";
}

}  // namespace werkbaat::io
