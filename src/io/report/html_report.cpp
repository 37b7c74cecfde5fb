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

std::string settlement(const ResultsDoc& doc, const SettlementDoc& st, Lang lang) {
  const Words& w = words(lang);
  std::string out = fmt::format("<h3>{}: {}</h3>\n", w.settlement, name_html(doc, st.arm, lang));
  for (const auto& rule : st.rules) {
    out += fmt::format("<p><strong>{}</strong>: {}</p>\n", settlement_rule_name(rule.rule, lang),
                       xml_escape(settlement_reason(st, rule, lang)));
    if (!rule.proposed) continue;
    out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       w.party, w.net_now, w.net_then, w.p_now, w.p_then, w.investment);
    for (const auto& p : rule.parties)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         name_html(doc, p.party, lang), money(p.current_net, lang), money(p.proposed_net, lang),
                         pct(p.p_positive_current), pct(p.p_positive_proposed), money(p.investment, lang));
    out += "</tbody></table>\n<ul>\n";
    for (const auto& t : rule.transfers)
      out += fmt::format("<li>{}: {} &rarr; {}: {} ({}), {} {}</li>\n", w.transfer, name_html(doc, t.from, lang),
                         name_html(doc, t.to, lang),
                         money(t.present_value, lang), w.present_value, money(t.per_year, lang), w.per_year);
    out += "</ul>\n";
  }
  return out;
}

// Break-even values and the value of information, where those analyses ran.
std::string breakeven_and_voi(const ResultsDoc& doc, const AnalysesDoc& a, Lang lang) {
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
                         name_html(doc, b.arm, lang), name_html(doc, b.account, lang), result);
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
                         name_html(doc, acc.account, lang),
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
  if (d == "empirical") return fmt::format("{:.0f} joint draws, mean {:.4g}, sd {:.4g}", p.c, p.a, std::sqrt(p.b));
  return fmt::format("{}({:.4g}, {:.4g}, {:.4g})", d, p.a, p.b, p.c);
}

// The parameters the model reads for this population (the others cannot change a result).
std::string assumptions(const ResultsDoc& doc, const Words& w) {
  std::string out = fmt::format("<h3>{}</h3>\n<table class=\"compact\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                                w.assumptions, w.parameter, w.value, w.unit, w.price_year, w.source, w.label);
  for (const auto& p : doc.parameters)
    if (p.used)
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
  std::string out = fmt::format("<h3>{}</h3>\n<table class=\"compact\"><tbody>\n", w.facts);
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
table.compact { font-size: 0.8em; } table.compact th, table.compact td { padding: 0.25em 0.3em; } table.numbers td { white-space: nowrap; } table.numbers td.words, table.compact td { white-space: normal; } ul.summary li { margin: 0.25em 0; }
tr.total td { font-weight: bold; border-top: 2px solid #555; }
.note { color: #555; font-size: 0.85em; }
.warning { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.4em 0.8em; }
svg.chart { width: 100%; height: auto; margin: 0.6em 0 1.2em; }
svg .title { font-size: 14px; font-weight: bold; } svg .tick { font-size: 11px; fill: #333; }
svg .label { font-size: 12px; } svg .legend { font-size: 11px; }
svg .grid { stroke: #e3e3e3; } svg .grid.zero, svg .zero { stroke: #888; } svg .axis { stroke: #333; }
@media print { @page { size: A4; margin: 15mm; } body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
  svg.chart, table { page-break-inside: avoid; } }
)";

}  // namespace

std::string pct(double v) { return std::isfinite(v) ? fmt::format("{:.0f}%", 100 * v) : "&ndash;"; }

std::string decimal(double v, bool nl, int digits) {
  if (!std::isfinite(v)) return "&ndash;";
  std::string s = fmt::format("{:.{}f}", v, digits);
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string name_html(const ResultsDoc& doc, const std::string& id, Lang lang) {
  return xml_escape(display_name(doc, id, lang));
}

int account_style(const ResultsDoc& doc, const std::string& account) {
  const auto it = std::find(doc.parties.begin(), doc.parties.end(), account);
  return it == doc.parties.end() ? 0 : static_cast<int>(it - doc.parties.begin()) - 1;  // parties[0] is resources
}

int category_style(const ResultsDoc& doc, const std::string& category) {
  for (std::size_t k = 0; k < doc.categories.size(); ++k)
    if (doc.categories[k].id == category) return static_cast<int>(k);
  return 0;
}

std::vector<const AccountDoc*> shown_accounts(const ComparisonDoc& c) {
  std::vector<const AccountDoc*> out;
  const auto moves = [](const StatDoc& x) { return std::abs(x.mean) >= 0.5 || std::abs(x.base) >= 0.5 || x.sd >= 0.5; };
  for (const auto& a : c.accounts)
    if (a.account != model::kResources && (a.account == model::kSociety || moves(a.investment) || moves(a.ret)))
      out.push_back(&a);
  return out;
}

std::string html_report(const ResultsDoc& doc, const ReportOptions& options) {
  if (!doc.has_draws())
    throw InputError({doc.scenario.name, 0, 0}, "draws",
                     "not a werkbaat results.json with per-draw results (write one with run --out)");
  const Lang lang = options.lang == "en" ? Lang::en : Lang::nl;
  const bool nl = lang == Lang::nl;
  const Words& w = words(lang);
  const std::string name = xml_escape(doc.scenario.name);
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                "<title>{}: {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                                nl ? "nl" : "en", w.title, name, kStyle);
  out += fmt::format("<h1>{}: {}</h1>\n<p>{}</p>\n", w.title, name, xml_escape(doc.scenario.description));
  out += fmt::format("<h2>{}</h2>\n<p class=\"note\">{}</p>\n", w.headline, w.discounted_note);
  for (const auto& n : run_notes(doc, lang, false))
    out += fmt::format("<p class=\"warning\"><strong>{}</strong> {}</p>\n", nl ? "Let op:" : "Note:", xml_escape(n));
  for (const auto& c : doc.comparisons)
    out += summary_in_words(doc, c, lang) + party_table(doc, c, lang) + chance_table(doc, c, lang);

  out += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", nl ? "Waar het geld vandaan komt" : "Where the money comes from",
                     nl ? "Per partij de investering (links van nul) en de opbrengst (rechts) naar soort geldstroom; de "
                          "zwarte streep is het netto resultaat. Zo is te zien wie investeert en bij wie het terugkomt."
                        : "Per party its investment (left of zero) and return (right) by kind of flow; the black mark is "
                          "the net result. It shows who invests and where the money comes back.");
  for (const auto& c : doc.comparisons) out += category_chart(doc, c, lang) + category_table(doc, c, lang);

  out += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", nl ? "Voor wie het loont" : "For whom it pays",
                     nl ? "Netto contante waarde per deelnemer, per kenmerk van de deelnemers (alle deelnemers met dat "
                          "kenmerk samen). Elke combinatie van kenmerken staat in groups.csv."
                        : "Net present value per participant, by characteristic of the participants (all participants "
                          "with it together). Every combination of characteristics is in groups.csv.");
  for (const auto& c : doc.comparisons) out += group_table(doc, c, lang);
  if (!doc.wtp.empty()) {
    out += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", nl ? "Kosten of winst per extra effect" : "Cost or gain per extra effect",
                       nl ? "Wat elke partij netto kost of wint per extra eenheid van elk effect (netto contante waarde "
                            "gedeeld door de extra effecten, beide verdisconteerd). De acceptatiecurven staan in de bijlage."
                          : "What each party costs or gains net per extra unit of each effect (net present value divided "
                            "by the effects gained, both discounted). The acceptability curves are in the appendix.");
    for (const auto& c : doc.comparisons) out += cost_effect_table(doc, c, lang);
  }
  if (doc.analyses && doc.analyses->settlement) {
    out += fmt::format("<h2>{}</h2>\n", w.settlement);
    for (const auto& st : *doc.analyses->settlement) out += settlement(doc, st, lang);
  }
  if (doc.analyses && doc.analyses->tornado) {
    out += fmt::format("<h2>{}</h2>\n", nl ? "Wat als" : "What if");
    for (const auto& c : doc.comparisons) out += what_if(doc, c, lang);
  }
  out += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", nl ? "Begroting per jaar" : "Budgets a year",
                     nl ? "Wat elke partij gemiddeld per jaar betaalt en ontvangt in elk van de twee situaties (niet "
                          "verdisconteerd, alle geldstromen van het model bij elkaar: ook uitkeringen en loon); het "
                          "verschil is het effect op haar begroting, in het eerste jaar en in de jaren daarna."
                        : "What each party pays and receives a year on average in each of the two situations "
                          "(undiscounted, every flow of the model together: benefits and wages too); the difference is "
                          "the effect on its budget, in the first year and in the years after it.");
  for (const auto& c : doc.comparisons) out += budget_table(doc, c, lang);
  out += fmt::format("<h2>{}</h2>\n", w.charts);
  for (std::size_t i = 0; i < doc.comparisons.size(); ++i) out += comparison_charts(doc, doc.comparisons[i], i, lang);
  out += fmt::format("<h2>{}</h2>\n", nl ? "Methode" : "Method") + methods(doc, lang);

  out += fmt::format("<h2>{}</h2>\n", nl ? "Bijlage: voor de modelleur" : "Appendix: for the modeller");
  for (const auto& c : doc.comparisons) out += appendix_charts(doc, c, lang);
  out += acceptability_charts(doc, lang);
  if (doc.analyses) out += breakeven_and_voi(doc, *doc.analyses, lang);
  out += assumptions(doc, w) + facts(doc, w, nl, options.generated);
  out += "</body>\n</html>\n";
  // A word joiner after each minus sign of an amount: a table cell that wraps never breaks "−€ 1.234"
  // after its sign.
  const std::string minus = "\u2212\u20ac", joined = "\u2212\u2060\u20ac";
  for (std::size_t at = out.find(minus); at != std::string::npos; at = out.find(minus, at + joined.size()))
    out.replace(at, minus.size(), joined);
  return out;
}

}  // namespace werkbaat::io
