#include "werkbaat/io/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "werkbaat/io/svg_chart.h"
#include "werkbaat/io/text_escape.h"

namespace werkbaat::io {
namespace {

using nlohmann::json;

// The report's words in one language.
struct Words {
  const char *title, *headline, *vs, *society_gains, *society_loses, *interval, *chance_gain, *who_invests,
      *who_gains, *nobody, *party, *investment, *ret, *npv, *roi, *payback, *p_positive, *none_needed, *beyond,
      *month, *settlement, *charts, *cumulative, *months, *euro, *annual, *year, *distribution, *draws_axis,
      *in_work, *people, *tornado, *at_low, *at_high, *assumptions, *parameter, *value, *unit, *price_year,
      *source, *label, *facts, *generated, *society, *transfer, *per_year, *present_value, *no_split, *net_now,
      *net_then, *p_now, *p_then, *discounted_note;
};

const Words kNl = {
    "Businesscase", "Wie investeert, wie wint", "tegenover", "de maatschappij wint", "de maatschappij verliest",
    "95%-interval", "kans op winst", "Wie investeert", "Wie wint", "niemand", "partij", "investering", "opbrengst",
    "netto contante waarde", "rendement (ROI)", "terugverdiend", "kans NCW > 0", "niet nodig", "na de horizon",
    "maand", "Voorstel voor de verdeling", "Grafieken", "Cumulatieve netto contante waarde per partij", "maanden",
    "euro", "Effect op de begroting per jaar (niet verdisconteerd)", "jaar", "Verdeling van het netto resultaat over de trekkingen",
    "netto contante waarde (euro)", "Mensen aan het werk", "personen", "Gevoeligheid (tornado)", "bij lage waarde",
    "bij hoge waarde", "Aannames: alle parameters", "parameter", "waarde of verdeling", "eenheid", "prijsjaar", "bron",
    "label", "Over deze berekening", "gemaakt op", "maatschappij", "overdracht", "per jaar", "contante waarde",
    "geen verdeling voorgesteld", "netto nu", "netto dan", "kans > 0 nu", "kans > 0 dan",
    "Bedragen in euro, contante waarde (verdisconteerd), totaal voor de hele populatie; gemiddelde over de trekkingen."};
const Words kEn = {
    "Business case", "Who invests, who gains", "against", "society gains", "society loses", "95% interval",
    "probability of a gain", "Who invests", "Who gains", "nobody", "party", "investment", "return",
    "net present value", "ROI", "payback", "P(NPV > 0)", "not needed", "beyond the horizon", "month",
    "Proposed settlement", "Charts", "Cumulative net present value per party", "months", "euro",
    "Annual budget impact (undiscounted)", "year", "Distribution of the net result over the draws",
    "net present value (euro)", "People in work", "people", "Sensitivity (tornado)", "at low value", "at high value",
    "Assumptions: every parameter", "parameter", "value or distribution", "unit", "price year", "source", "label",
    "About this calculation", "generated", "society", "transfer", "per year", "present value", "no split proposed",
    "net now", "net then", "P(>0) now", "P(>0) then",
    "Amounts in euro, present value (discounted), totals for the whole population; mean over the draws."};

double num(const json& j) { return j.is_number() ? j.get<double>() : NAN; }

std::string money(double v, bool nl) {
  if (!std::isfinite(v)) return "&ndash;";
  const long long r = std::llround(v);
  std::string digits = std::to_string(r < 0 ? -r : r), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += nl ? '.' : ',';
    out += digits[i];
  }
  return std::string(r < 0 ? "&minus;" : "") + (nl ? "€&nbsp;" : "€") + out;
}

std::string pct(double v) { return std::isfinite(v) ? fmt::format("{:.0f}%", 100 * v) : "&ndash;"; }

std::string decimal(double v, bool nl, int digits = 2) {
  if (!std::isfinite(v)) return "&ndash;";
  std::string s = fmt::format("{:.{}f}", v, digits);
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string payback(const json& p, const Words& w) {
  const json& m = p["median"].is_null() && !p["base"].is_null() ? p["base"] : p["median"];
  if (m.is_null()) return w.beyond;
  if (m.get<double>() == 0) return w.none_needed;
  return fmt::format("{} {:.0f}", w.month, m.get<double>());
}

std::string account_name(const std::string& a, const Words& w) { return a == "society" ? w.society : a; }

// Accounts worth showing: not the outside account.
std::vector<json> shown_accounts(const json& cmp) {
  std::vector<json> out;
  for (const auto& a : cmp["accounts"])
    if (a["account"] != "resources") out.push_back(a);
  return out;
}

std::string headline(const json& j, const json& cmp, const Words& w, bool nl) {
  const auto accounts = shown_accounts(cmp);
  const json& society = accounts.back()["npv"];
  const double m = num(society["mean"]);
  std::string out = fmt::format("<p class=\"headline\"><strong>{} {} {}</strong>: {} {} ({} {} {} {}; {} {}).</p>\n",
                                xml_escape(cmp["arm"].get<std::string>()), w.vs, xml_escape(j["arms"][0].get<std::string>()),
                                m >= 0 ? w.society_gains : w.society_loses, money(std::abs(m), nl), w.interval,
                                money(num(society["p2_5"]), nl), nl ? "tot" : "to", money(num(society["p97_5"]), nl),
                                w.chance_gain, pct(num(society["p_positive"])));
  std::string invests, gains;
  for (std::size_t k = 0; k + 1 < accounts.size(); ++k) {
    const auto& a = accounts[k];
    const std::string name = xml_escape(a["account"].get<std::string>());
    if (num(a["investment"]["mean"]) >= 1) invests += fmt::format("{}{} ({})", invests.empty() ? "" : ", ", name, money(num(a["investment"]["mean"]), nl));
    if (num(a["npv"]["mean"]) >= 1)
      gains += fmt::format("{}{} ({} {}, {} {})", gains.empty() ? "" : ", ", name, w.npv, money(num(a["npv"]["mean"]), nl),
                           w.chance_gain, pct(num(a["npv"]["p_positive"])));
  }
  out += fmt::format("<p>{}: {}.</p>\n<p>{}: {}.</p>\n", w.who_invests, invests.empty() ? w.nobody : invests,
                     w.who_gains, gains.empty() ? w.nobody : gains);
  return out;
}

std::string party_table(const json& cmp, const Words& w, bool nl) {
  std::string out = fmt::format(
      "<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      w.party, w.investment, w.ret, w.npv, w.interval, w.p_positive, w.roi, w.payback);
  for (const auto& a : shown_accounts(cmp)) {
    const std::string name = a["account"];
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} &ndash; {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       name == "society" ? " class=\"total\"" : "", xml_escape(account_name(name, w)),
                       money(num(a["investment"]["mean"]), nl), money(num(a["return"]["mean"]), nl),
                       money(num(a["npv"]["mean"]), nl), money(num(a["npv"]["p2_5"]), nl),
                       money(num(a["npv"]["p97_5"]), nl), pct(num(a["npv"]["p_positive"])),
                       num(a["roi_of_means"]) > 99 ? "&gt;99" : decimal(num(a["roi_of_means"]), nl),
                       payback(a["payback"], w));
  }
  return out + "</tbody></table>\n";
}

// The rule's reason in Dutch, from the same numbers as the English text in results.json.
std::string dutch_reason(const json& st, const json& rule) {
  const double society = num(st["society_net"]), C = num(st["financiers_cost"]), R = num(st["financiers_return"]);
  if (!rule["proposed"].get<bool>()) {
    if (society <= 0)
      return fmt::format("de maatschappij wint niet (verwacht netto {}): geen verdeling maakt elke financier beter af, "
                         "dus er is geen voorstel", money(society, true));
    if (C <= 0) return "de financiers investeren samen niets: er valt niets te verdelen";
    return fmt::format("de maatschappij wint, maar de financiers krijgen samen {} terug van de {} die zij investeren; "
                       "de winst landt bij de cliënt of buiten de financiers, dus er is geen voorstel",
                       money(R, true), money(C, true));
  }
  if (rule["rule"] == "proportional")
    return fmt::format("elke financier betaalt {}% van zijn bruto-opbrengst aan de kosten en krijgt {} terug per "
                       "geïnvesteerde euro",
                       decimal(100 * C / R, true, 1), decimal(R / C, true));
  const double n = static_cast<double>(rule["parties"].size());
  return fmt::format("elke financier krijgt eerst zijn investering terug; het overschot van {} wordt gelijk verdeeld "
                     "({} elk)",
                     money(R - C, true), money((R - C) / n, true));
}

std::string settlement(const json& st, const Words& w, bool nl) {
  std::string out = fmt::format("<h3>{}: {}</h3>\n", w.settlement, xml_escape(st["arm"].get<std::string>()));
  for (const auto& rule : st["rules"]) {
    const std::string name = rule["rule"] == "proportional" ? (nl ? "naar rato van de opbrengst" : "proportional")
                                                             : (nl ? "eerst terugbetalen, dan gelijk delen" : "repay, then share equally");
    out += fmt::format("<p><strong>{}</strong>: {}</p>\n", name,
                       nl ? dutch_reason(st, rule) : xml_escape(rule["reason"].get<std::string>()));
    if (!rule["proposed"].get<bool>()) continue;
    out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       w.party, w.net_now, w.net_then, w.p_now, w.p_then, w.investment);
    for (const auto& p : rule["parties"])
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         xml_escape(p["party"].get<std::string>()), money(num(p["current_net"]), nl),
                         money(num(p["proposed_net"]), nl), pct(num(p["p_positive_current"])),
                         pct(num(p["p_positive_proposed"])), money(num(p["investment"]), nl));
    out += "</tbody></table>\n<ul>\n";
    for (const auto& t : rule["transfers"])
      out += fmt::format("<li>{}: {} &rarr; {}: {} ({}), {} {}</li>\n", w.transfer, xml_escape(t["from"].get<std::string>()),
                         xml_escape(t["to"].get<std::string>()), money(num(t["present_value"]), nl), w.present_value,
                         money(num(t["per_year"]), nl), w.per_year);
    out += "</ul>\n";
  }
  return out;
}

// Break-even values and the value of information, where those analyses ran.
std::string breakeven_and_voi(const json& a, bool nl) {
  std::string out;
  if (a.contains("breakeven")) {
    out += fmt::format("<h3>{}</h3>\n<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       nl ? "Omslagpunten (basisscenario)" : "Break-even values (base case)", nl ? "parameter" : "parameter",
                       nl ? "arm" : "arm", nl ? "partij" : "party", nl ? "NCW = 0 bij" : "NPV = 0 at");
    for (const auto& b : a["breakeven"]) {
      if (b["account"] == "resources") continue;
      const std::string result = b["found"].get<bool>()
                                     ? decimal(num(b["value"]), nl, 4)
                                     : fmt::format("{} [{}, {}]", nl ? "geen omslag in" : "no crossing in",
                                                   decimal(num(b["low"]), nl, 3), decimal(num(b["high"]), nl, 3));
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(b["parameter"].get<std::string>()),
                         xml_escape(b["arm"].get<std::string>()), xml_escape(b["account"].get<std::string>()), result);
    }
    out += "</tbody></table>\n";
  }
  if (a.contains("voi")) {
    const auto& v = a["voi"];
    out += fmt::format("<h3>{}</h3>\n<p class=\"note\">{} {}.</p>\n", nl ? "Waarde van informatie" : "Value of information",
                       v["draws"].get<int>(), nl ? "trekkingen; EVPI en EVPPI met hun Monte-Carlofout (&plusmn;)"
                                                 : "draws; EVPI and EVPPI with their Monte Carlo error (&plusmn;)");
    out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>EVPI</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       nl ? "partij" : "party", nl ? "per cliënt" : "per client",
                       nl ? "grootste EVPPI (parametergroep)" : "largest EVPPI (parameter group)");
    for (const auto& acc : v["accounts"]) {
      std::string best;
      double top = 0;
      for (const auto& g : acc["evppi"])
        if (num(g["evppi"]["population"]) > top) {
          top = num(g["evppi"]["population"]);
          best = fmt::format("{}: {} &plusmn; {}", xml_escape(g["group"].get<std::string>()), money(top, nl),
                             money(num(g["evppi"]["se"]), nl));
        }
      out += fmt::format("<tr><td>{}</td><td>{} &plusmn; {}</td><td>{}</td><td>{}</td></tr>\n",
                         xml_escape(acc["account"].get<std::string>()), money(num(acc["evpi"]["population"]), nl),
                         money(num(acc["evpi"]["se"]), nl), money(num(acc["evpi"]["per_client"]), nl), best);
    }
    out += "</tbody></table>\n";
  }
  return out;
}

std::string charts(const json& j, const json& cmp, std::size_t index, const Words& w, bool nl) {
  const auto accounts = shown_accounts(cmp);
  const std::string arm = cmp["arm"];
  std::string out;
  // Cumulative NPV per party: monthly mean, with the 95% band at each year's end.
  std::vector<ChartSeries> cum;
  for (const auto& a : accounts) {
    ChartSeries s;
    s.name = account_name(a["account"], w);
    s.emphasis = a["account"] == "society";
    s.x.push_back(0);
    s.y.push_back(0);
    s.band_x.push_back(0);
    s.band_lo.push_back(0);
    s.band_hi.push_back(0);
    const auto& m = a["cumulative_npv_mean"];
    for (std::size_t k = 0; k < m.size(); ++k) {
      s.x.push_back(static_cast<double>(k + 1));
      s.y.push_back(num(m[k]));
    }
    for (const auto& y : a["cumulative_npv_by_year"]) {
      const double month = std::min<double>(12 * y["year"].get<double>(), static_cast<double>(m.size()));
      s.band_x.push_back(month);
      s.band_lo.push_back(num(y["p2_5"]));
      s.band_hi.push_back(num(y["p97_5"]));
    }
    cum.push_back(std::move(s));
  }
  out += line_chart({fmt::format("{} ({} {} {})", w.cumulative, arm, w.vs, j["arms"][0].get<std::string>()), w.months,
                     w.euro, nl, "", ""},
                    cum);
  // Annual budget impact per party.
  std::vector<std::string> years;
  std::vector<ChartSeries> bars;
  for (const auto& a : accounts) {
    ChartSeries s;
    s.name = account_name(a["account"], w);
    s.emphasis = a["account"] == "society";
    for (const auto& y : a["annual_budget_impact"]) s.y.push_back(num(y["mean"]));
    bars.push_back(std::move(s));
  }
  for (std::size_t y = 0; y < bars[0].y.size(); ++y) years.push_back(fmt::format("{} {}", w.year, y + 1));
  out += bar_chart({fmt::format("{} ({})", w.annual, arm), w.year, w.euro, nl, "", ""}, years, bars);
  // Distribution of society's and each party's net over the draws.
  if (j.contains("draws") && j["draws"].contains(arm))
    for (const auto& a : accounts) {
      const std::string name = a["account"];
      const auto& npv = j["draws"][arm][name]["npv"];
      std::vector<double> v;
      for (const auto& x : npv) v.push_back(num(x));
      if (v.empty() || (num(a["npv"]["sd"]) == 0 && num(a["npv"]["mean"]) == 0)) continue;
      out += histogram_chart({fmt::format("{}: {} ({})", w.distribution, account_name(name, w), arm), w.draws_axis,
                              nl ? "aantal trekkingen" : "draws", nl, "", ""},
                             v, 30);
    }
  // People in work per arm: the effects that count work.
  if (index == 0)
    for (const auto& [effect, unused] : j["effects_monthly_mean"][j["arms"][0].get<std::string>()].items()) {
      if (effect.find("work") == std::string::npos && effect.find("werk") == std::string::npos &&
          effect.find("employ") == std::string::npos)
        continue;
      std::vector<ChartSeries> arms;
      for (const auto& armname : j["arms"]) {
        ChartSeries s;
        s.name = armname;
        const auto& m = j["effects_monthly_mean"][armname.get<std::string>()][effect];
        for (std::size_t k = 0; k < m.size(); ++k) {
          s.x.push_back(static_cast<double>(k + 1));
          s.y.push_back(num(m[k]));
        }
        arms.push_back(std::move(s));
      }
      out += line_chart({fmt::format("{}: {}", w.in_work, effect), w.months, w.people, nl, "", ""}, arms);
    }
  // Tornado per account, where a sensitivity analysis ran.
  if (j.contains("analyses") && j["analyses"].contains("tornado"))
    for (const auto& t : j["analyses"]["tornado"]) {
      if (t["arm"] != arm) continue;
      const auto& names = t["accounts"];
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (names[k] == "resources") continue;
        std::vector<TornadoRow> rows;
        for (const auto& b : t["bars"]) {
          TornadoRow r{b["parameter"], num(b["npv_low"][k]), num(b["npv_high"][k])};
          if (std::abs(r.at_high - r.at_low) > 1e-6) rows.push_back(r);
        }
        std::stable_sort(rows.begin(), rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
          return std::abs(a.at_high - a.at_low) > std::abs(b.at_high - b.at_low);
        });
        if (rows.empty()) continue;
        if (rows.size() > 12) rows.resize(12);
        ChartText text{fmt::format("{}: {} ({})", w.tornado, account_name(names[k], w), arm), w.npv + std::string(" (euro)"),
                       "", nl, w.at_low, w.at_high};
        out += tornado_chart(text, num(t["base_npv"][k]), rows);
      }
    }
  return out;
}

std::string distribution_text(const json& p) {
  const std::string d = p["distribution"];
  const auto a = num(p["a"]), b = num(p["b"]), c = num(p["c"]);
  if (d == "fixed") return fmt::format("{:.6g}", a);
  if (d == "beta") return fmt::format("beta({:.4g}, {:.4g}), mean {:.4g}", a, b, num(p["mean"]));
  if (d == "gamma") return fmt::format("gamma(shape {:.4g}, scale {:.4g}), mean {:.4g}", a, b, num(p["mean"]));
  if (d == "lognormal") return fmt::format("lognormal({:.4g}, {:.4g}), mean {:.4g}", a, b, num(p["mean"]));
  if (d == "normal") return fmt::format("normal({:.4g}, {:.4g})", a, b);
  if (d == "uniform") return fmt::format("uniform({:.4g}, {:.4g})", a, b);
  return fmt::format("{}({:.4g}, {:.4g}, {:.4g})", d, a, b, c);
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
svg.chart { width: 100%; height: auto; margin: 0.6em 0 1.2em; }
svg .title { font-size: 14px; font-weight: bold; } svg .tick { font-size: 11px; fill: #333; }
svg .label { font-size: 12px; } svg .legend { font-size: 11px; }
svg .grid { stroke: #e3e3e3; } svg .grid.zero, svg .zero { stroke: #888; } svg .axis { stroke: #333; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-before: auto; } svg.chart { page-break-inside: avoid; } }
)";

}  // namespace

std::string html_report(const std::string& results_json, const ReportOptions& options) {
  const json j = json::parse(results_json, nullptr, false);
  if (j.is_discarded() || !j.contains("comparisons") || !j.contains("draws"))
    throw std::runtime_error("not a werkbaat results.json with per-draw results (write one with run --out)");
  const bool nl = options.lang != "en";
  const Words& w = nl ? kNl : kEn;
  const std::string name = j["scenario"]["name"];
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                "<title>{}: {}</title>\n<style>{}</style>\n</head>\n<body>\n",
                                nl ? "nl" : "en", w.title, xml_escape(name), kStyle);
  out += fmt::format("<h1>{}: {}</h1>\n<p>{}</p>\n", w.title, xml_escape(name), xml_escape(j["scenario"].value("description", "")));
  out += fmt::format("<h2>{}</h2>\n<p class=\"note\">{}</p>\n", w.headline, w.discounted_note);
  for (const auto& cmp : j["comparisons"]) out += headline(j, cmp, w, nl) + party_table(cmp, w, nl);
  if (j.contains("analyses") && j["analyses"].contains("settlement"))
    for (const auto& st : j["analyses"]["settlement"]) out += settlement(st, w, nl);
  if (j.contains("analyses")) out += breakeven_and_voi(j["analyses"], nl);
  out += fmt::format("<h2>{}</h2>\n", w.charts);
  std::size_t index = 0;
  for (const auto& cmp : j["comparisons"]) out += charts(j, cmp, index++, w, nl);
  out += fmt::format("<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                     w.assumptions, w.parameter, w.value, w.unit, w.price_year, w.source, w.label);
  for (const auto& p : j["parameters"])
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       xml_escape(p["path"].get<std::string>()), xml_escape(distribution_text(p)), xml_escape(p["unit"].get<std::string>()),
                       p["price_year"].is_null() ? "" : std::to_string(p["price_year"].get<int>()),
                       xml_escape(p["source"].get<std::string>()), xml_escape(p["label"].get<std::string>()));
  out += "</tbody></table>\n";
  const auto& st = j["settings"];
  out += fmt::format("<h2>{}</h2>\n<table><tbody>\n", w.facts);
  const std::pair<std::string, std::string> facts[] = {
      {"werkbaat", j["werkbaat_version"].get<std::string>()},
      {"seed", st["seed"].dump()},
      {nl ? "trekkingen (PSA)" : "draws (PSA)", st["draws"].dump()},
      {nl ? "cliënten per trekking" : "clients per draw", st["clients"].dump()},
      {nl ? "modus" : "mode", st["mode"].get<std::string>()},
      {nl ? "horizon (maanden)" : "horizon (months)", st["horizon_months"].dump()},
      {nl ? "prijsjaar" : "price year", st["price_year"].dump()},
      {nl ? "discontovoet kosten / effecten" : "discount rate costs / effects",
       fmt::format("{} / {}", st["discount"]["costs"].dump(), st["discount"]["effects"].dump())},
      {nl ? "populatie" : "population", j["population"]["size"].dump()},
      {w.generated, options.generated}};
  for (const auto& [k, v] : facts) out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", xml_escape(k), xml_escape(v));
  out += "</tbody></table>\n</body>\n</html>\n";
  return out;
}

}  // namespace werkbaat::io
