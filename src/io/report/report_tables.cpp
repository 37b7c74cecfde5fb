// The business case's sections for the people at the table: the summary in words and the tables
// (per party, by category, per group, cost per effect, budgets, what if) and the method, in the
// report's language. The page is put together in html_report.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/report/report_parts.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

// One of two texts (Dutch or English) with the same arguments.
template <class... A>
std::string say(bool nl, const char* dutch, const char* english, A&&... args) {
  return fmt::format(fmt::runtime(nl ? dutch : english), std::forward<A>(args)...);
}

// A number of people or months with one decimal, signed, in the report's language.
std::string signed1(double v, bool nl) {
  if (!std::isfinite(v)) return "&ndash;";
  std::string t = fmt::format("{:+.1f}", v);
  if (nl) std::replace(t.begin(), t.end(), '.', ',');
  return t;
}

}  // namespace

// The headline for the people at the table: what the programme costs, how many more people work,
// who gains and who loses how much, in total and per participant, and how sure that is.
std::string summary_in_words(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  const double people = doc.population.size;
  const auto per = [&](double v) { return money(v / people, lang); };
  const auto accounts = shown_accounts(c);
  const AccountDoc& society = *accounts.back();
  std::string out = fmt::format("<h3>{} {} {}</h3>\n<ul class=\"summary\">\n", name_html(doc, c.arm, lang),
                                nl ? "tegenover" : "against", name_html(doc, doc.arms[0], lang));
  const std::string horizon = fmt::format("{} {}", doc.settings.horizon_months, nl ? "maanden" : "months");
  out += say(nl, "<li>Voor {} deelnemers over {}: het programma kost de maatschappij {} ({} per deelnemer) en "
                          "levert haar {} op (contante waarden).</li>\n", "<li>For {} participants over {}: the programme costs society {} ({} per participant) and "
                          "returns {} to it (present values).</li>\n",
                     grouped(std::llround(people), nl ? '.' : ','), horizon, money(pick(society.investment), lang),
                     per(pick(society.investment)), money(pick(society.ret), lang));
  // Effects in people: each effect's difference, and people in work at each year's end.
  std::string effects;
  for (const auto& e : c.effects) {
    const auto& d = e.delta_undiscounted;
    effects += fmt::format("{}{}: {}{}", effects.empty() ? "" : "; ", name_html(doc, e.effect, lang),
                           signed1(pick(d), nl),
                           psa ? fmt::format(" ({} {} {} {})", nl ? "95%-interval" : "95% interval",
                                             signed1(d.p2_5, nl), nl ? "tot" : "to", signed1(d.p97_5, nl))
                               : "");
  }
  if (!effects.empty())
    out += fmt::format("<li>{}: {}.</li>\n", nl ? "Meer werk (verschil, niet verdisconteerd)" : "More work (difference, undiscounted)", effects);
  for (const auto& e : c.effects) {
    if (e.effect.find("work") == std::string::npos && e.effect.find("werk") == std::string::npos) continue;
    std::string years;
    for (const auto& arm : {c.arm, doc.arms[0]}) {
      const auto& m = doc.effects_monthly_mean.at(arm).at(e.effect);
      std::string at;
      for (std::size_t k = 11; k < m.size(); k += 12)
        at += fmt::format("{}{}", at.empty() ? "" : ", ", grouped(std::llround(m[k]), nl ? '.' : ','));
      years += fmt::format("{}{} {}", years.empty() ? "" : (nl ? "; bij " : "; with "), name_html(doc, arm, lang), at);
    }
    out += say(nl, "<li>Mensen aan het werk aan het eind van jaar 1, 2, ...: bij {}.</li>\n",
               "<li>People in work at the end of year 1, 2, ...: with {}.</li>\n", years);
    break;
  }
  out += say(nl, "<li>De maatschappij als geheel {} netto {} ({} per deelnemer{}).</li>\n", "<li>Society as a whole {} a net {} ({} per participant{}).</li>\n",
                     pick(society.npv) >= 0 ? (nl ? "wint" : "gains") : (nl ? "verliest" : "loses"),
                     money(std::abs(pick(society.npv)), lang), per(std::abs(pick(society.npv))),
                     psa ? say(nl, "; 95%-interval {} tot {}; kans op winst {}", "; 95% interval {} to {}; chance of a gain {}",
                                       money(society.npv.p2_5, lang), money(society.npv.p97_5, lang),
                                       pct(society.npv.p_positive))
                         : "");
  // Society's net cost (or gain) per extra unit of each effect.
  std::string per_unit;
  for (const auto& ce : c.cost_effectiveness) {
    const double cost = psa ? ce.accounts.back().cost_per_unit : ce.accounts.back().cost_per_unit_base;
    if (!std::isfinite(cost)) continue;
    per_unit += fmt::format("{}{}: {} {}", per_unit.empty() ? "" : "; ", name_html(doc, ce.effect, lang),
                            cost <= 0 ? (nl ? "wint" : "gains") : (nl ? "kost" : "costs"), money(std::abs(cost), lang));
  }
  if (!per_unit.empty())
    out += say(nl, "<li>Per extra eenheid van elk effect wint of kost de maatschappij netto (contante waarden): {}.</li>\n",
               "<li>Per extra unit of each effect society gains or pays, net (present values): {}.</li>\n", per_unit);
  // Parties: who gains, who loses, and who passes on what it receives.
  std::vector<const AccountDoc*> parties(accounts.begin(), accounts.end() - 1);
  std::stable_sort(parties.begin(), parties.end(),
                   [&](const AccountDoc* a, const AccountDoc* b) { return pick(a->npv) > pick(b->npv); });
  std::string gains, losses, through;
  for (const AccountDoc* a : parties) {
    const double npv = pick(a->npv);
    const std::string chance =
        psa ? fmt::format("; {} {}", npv >= 0 ? (nl ? "kans op winst" : "chance of a gain") : (nl ? "kans op verlies" : "chance of a loss"),
                          pct(npv >= 0 ? a->npv.p_positive : 1 - a->npv.p_positive))
            : "";
    const std::string item = fmt::format("{} {} ({} {}{})", name_html(doc, a->account, lang), money(std::abs(npv), lang),
                                         per(std::abs(npv)), nl ? "per deelnemer" : "per participant", chance);
    if (npv >= 0.5) gains += (gains.empty() ? "" : ", ") + item;
    else if (npv <= -0.5) losses = item + (losses.empty() ? "" : ", ") + losses;  // biggest loss first
    else if (pick(a->investment) >= 0.5) through += (through.empty() ? "" : ", ") + name_html(doc, a->account, lang);
  }
  const char* nobody = nl ? "niemand" : "nobody";
  out += fmt::format("<li><strong>{}</strong>: {}.</li>\n", nl ? "Wie wint" : "Who gains", gains.empty() ? nobody : gains);
  out += fmt::format("<li><strong>{}</strong>: {}.</li>\n", nl ? "Wie verliest" : "Who loses", losses.empty() ? nobody : losses);
  if (!through.empty())
    out += say(nl, "<li>Zonder netto resultaat: {} (zij geven door wat zij ontvangen).</li>\n", "<li>No net result: {} (they pass on what they receive).</li>\n",
                       through);
  return out + "</ul>\n";
}

std::string party_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  const Words& w = words(lang);
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::string out = fmt::format(
      "<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      w.party, w.investment, w.ret, w.npv, nl ? "per deelnemer" : "per participant", w.interval, w.p_positive, w.payback);
  for (const AccountDoc* a : shown_accounts(c))
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"words\">{}</td></tr>\n",
                       a->account == model::kSociety ? " class=\"total\"" : "", name_html(doc, a->account, lang),
                       money(pick(a->investment), lang), money(pick(a->ret), lang), money(pick(a->npv), lang),
                       money(pick(a->npv) / doc.population.size, lang),
                       psa ? fmt::format("{} &ndash; {}", money(a->npv.p2_5, lang), money(a->npv.p97_5, lang)) : "&ndash;",
                       psa && (a->npv.sd >= 0.5 || std::abs(a->npv.mean) >= 0.5) ? pct(a->npv.p_positive) : "&ndash;",
                       payback_words(*a, psa, lang));
  return out + "</tbody></table>\n";
}

// For a run of the real clients one for one (a small pilot): which part of each party's spread is
// the chance of what these few people do, and which is what is not known about the parameters.
std::string chance_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl;
  const bool any = std::any_of(c.accounts.begin(), c.accounts.end(), [](const AccountDoc& a) { return a.chance; });
  if (!any) return "";
  std::string out = say(nl,
                        "<p>Elk van de {0} deelnemers is apart gesimuleerd. De marge hierboven bevat daarom twee "
                        "onzekerheden: <b>toeval</b> (welke van deze {0} mensen werk vinden en houden) en wat we "
                        "<b>niet precies weten</b> over de kansen en bedragen. Zonder het toeval is de marge smaller:</p>\n",
                        "<p>Each of the {0} participants is simulated on their own. The interval above therefore holds "
                        "two uncertainties: <b>chance</b> (which of these {0} people find and keep work) and what is "
                        "<b>not known exactly</b> about the probabilities and amounts. Without the chance the interval "
                        "is narrower:</p>\n",
                        grouped(std::llround(doc.population.size), nl ? '.' : ','));
  out += fmt::format("<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                     words(lang).party, nl ? "marge met toeval" : "interval with chance",
                     nl ? "marge zonder toeval" : "interval without chance",
                     nl ? "deel van de spreiding door toeval" : "share of the spread that is chance");
  for (const AccountDoc* a : shown_accounts(c)) {
    if (!a->chance || !std::isfinite(a->chance->chance_share_of_variance)) continue;
    const auto& p = a->chance->npv_parameters_only;
    out += fmt::format("<tr{}><td>{}</td><td>{} &ndash; {}</td><td>{} &ndash; {}</td><td>{}</td></tr>\n",
                       a->account == model::kSociety ? " class=\"total\"" : "", name_html(doc, a->account, lang),
                       money(a->npv.p2_5, lang), money(a->npv.p97_5, lang), money(p.p2_5, lang), money(p.p97_5, lang),
                       pct(a->chance->chance_share_of_variance));
  }
  return out + "</tbody></table>\n";
}

// Each party's NPV by category: where its result comes from.
std::string category_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::vector<const AccountDoc*> cols;
  for (const AccountDoc* a : shown_accounts(c))
    if (pick(a->investment) >= 0.5 || pick(a->ret) >= 0.5) cols.push_back(a);
  std::string out = fmt::format("<table class=\"numbers compact\"><thead><tr><th>{}</th>", nl ? "categorie" : "category");
  for (const AccountDoc* a : cols) out += fmt::format("<th>{}</th>", name_html(doc, a->account, lang));
  out += "</tr></thead><tbody>\n";
  for (const auto& cat : doc.categories) {
    std::string row;
    bool any = false;
    for (const AccountDoc* a : cols) {
      double v = 0;
      for (const auto& part : a->categories)
        if (part.category == cat.id) v = pick(part.npv), any = any || pick(part.investment) >= 0.5 || pick(part.ret) >= 0.5;
      row += fmt::format("<td>{}</td>", std::abs(v) < 0.5 ? "&ndash;" : money(v, lang));
    }
    if (any) out += fmt::format("<tr><td>{}</td>{}</tr>\n", xml_escape(category_name(doc, cat.id, lang)), row);
  }
  out += fmt::format("<tr class=\"total\"><td>{}</td>", nl ? "netto contante waarde" : "net present value");
  for (const AccountDoc* a : cols) out += fmt::format("<td>{}</td>", money(pick(a->npv), lang));
  return out + "</tr></tbody></table>\n";
}

// Per party the net cost per extra unit of each effect (negative: a gain).
std::string cost_effect_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  if (c.cost_effectiveness.empty()) return "";
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  std::string out = fmt::format("<table class=\"numbers compact\"><thead><tr><th>{}</th>", nl ? "partij" : "party");
  for (const auto& ce : c.cost_effectiveness)
    out += fmt::format("<th>{} ({})</th>", name_html(doc, ce.effect, lang), nl ? "per extra eenheid" : "per extra unit");
  out += "</tr></thead><tbody>\n";
  for (const AccountDoc* a : shown_accounts(c)) {
    out += fmt::format("<tr{}><td>{}</td>", a->account == model::kSociety ? " class=\"total\"" : "", name_html(doc, a->account, lang));
    for (const auto& ce : c.cost_effectiveness)
      for (const auto& x : ce.accounts)
        if (x.account == a->account) {
          const double cost = psa ? x.cost_per_unit : x.cost_per_unit_base;
          out += fmt::format("<td>{}</td>", !std::isfinite(cost) || std::abs(cost) < 0.5 ? "&ndash;"
                                            : cost <= 0 ? fmt::format("{} {}", nl ? "wint" : "gains", money(-cost, lang))
                                                        : fmt::format("{} {}", nl ? "kost" : "costs", money(cost, lang)));
        }
    out += "</tr>\n";
  }
  return fmt::format("<h3>{} {} {}</h3>\n", name_html(doc, c.arm, lang), nl ? "tegenover" : "against",
                     name_html(doc, doc.arms[0], lang)) +
         out + "</tbody></table>\n";
}

// Per attribute value of the population (all clients with severity = epa, say): each party's NPV
// per participant of that group, and society's chance of a gain.
std::string group_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
  std::vector<std::size_t> cols;
  for (std::size_t k = 0; k < c.accounts.size(); ++k) {
    const auto& a = c.accounts[k];
    if (a.account != model::kResources && (std::abs(pick(a.npv)) >= 0.5 || a.account == model::kSociety)) cols.push_back(k);
  }
  std::string out = fmt::format("<h3>{} {} {}</h3>\n<table class=\"numbers compact\"><thead><tr><th>{}</th><th>{}</th>",
                                name_html(doc, c.arm, lang), nl ? "tegenover" : "against", name_html(doc, doc.arms[0], lang),
                                nl ? "groep" : "group", nl ? "deelnemers" : "participants");
  for (const std::size_t k : cols) out += fmt::format("<th>{}</th>", name_html(doc, c.accounts[k].account, lang));
  if (psa) out += fmt::format("<th>{}</th>", nl ? "kans op winst maatschappij" : "society's chance of a gain");
  out += "</tr></thead><tbody>\n";
  for (const auto& g : c.groups) {
    // Values every participant has (an attribute the population does not vary) say nothing here.
    if (!g.attribute_value || g.size <= 0 || g.size >= doc.population.size * (1 - 1e-9) || g.attributes.size() != 1) continue;
    const auto& [attribute, value] = *g.attributes.begin();
    out += fmt::format("<tr><td>{}: {}</td><td>{}</td>", name_html(doc, attribute, lang),
                       name_html(doc, attribute + "." + value, lang), decimal(g.size, nl, 0));
    for (const std::size_t k : cols) out += fmt::format("<td>{}</td>", money(pick(g.accounts[k].npv) / g.size, lang));
    if (psa) out += fmt::format("<td>{}</td>", pct(g.accounts.back().npv.p_positive));
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

// What each party pays and receives a year in each arm (undiscounted, average over the horizon).
std::string budget_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  const bool nl = lang == Lang::nl;
  const std::string arm = name_html(doc, c.arm, lang), comparator = name_html(doc, doc.arms[0], lang);
  std::string out = fmt::format(
      "<table class=\"numbers compact\"><thead><tr><th>{}</th><th>{} {}</th><th>{} {}</th><th>{} {}</th><th>{} {}</th><th>{}</th></tr></thead><tbody>\n",
      nl ? "partij" : "party", nl ? "betaalt bij" : "pays with", comparator, nl ? "ontvangt bij" : "receives with", comparator,
      nl ? "betaalt bij" : "pays with", arm, nl ? "ontvangt bij" : "receives with", arm,
      nl ? "verschil in netto: jaar 1 / daarna per jaar" : "difference in net: year 1 / a year after it");
  const auto average = [](const std::vector<double>& v) {
    double t = 0;
    for (const double x : v) t += x;
    return v.empty() ? 0.0 : t / static_cast<double>(v.size());
  };
  for (const AccountDoc* a : shown_accounts(c)) {
    if (a->account == model::kSociety) continue;
    const auto& b0 = doc.budgets.at(doc.arms[0]).at(a->account);
    const auto& b1 = doc.budgets.at(c.arm).at(a->account);
    const double p0 = average(b0.paid), r0 = average(b0.received), p1 = average(b1.paid), r1 = average(b1.received);
    if (p0 + r0 + p1 + r1 < 0.5) continue;
    // The first year apart: a programme's costs come first, and an average would hide them.
    const auto net = [](const BudgetDoc& b, std::size_t y) { return b.received[y] - b.paid[y]; };
    double later = 0;
    for (std::size_t y = 1; y < b1.paid.size(); ++y) later += net(b1, y) - net(b0, y);
    const std::size_t rest = b1.paid.size() > 1 ? b1.paid.size() - 1 : 1;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td></tr>\n",
                       name_html(doc, a->account, lang), money(p0, lang), money(r0, lang), money(p1, lang),
                       money(r1, lang), money(net(b1, 0) - net(b0, 0), lang),
                       b1.paid.size() > 1 ? money(later / static_cast<double>(rest), lang) : "&ndash;");
  }
  return out + "</tbody></table>\n";
}

// The main drivers from the tornado, in words (society's NPV), where a sensitivity analysis ran.
std::string what_if(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang) {
  if (!doc.analyses || !doc.analyses->tornado) return "";
  const bool nl = lang == Lang::nl;
  for (const auto& t : *doc.analyses->tornado) {
    if (t.arm != c.arm || t.bars.empty()) continue;
    std::string out = fmt::format(
        "<table class=\"numbers\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        nl ? "als deze aanname" : "if this assumption", nl ? "laag is" : "is low", nl ? "dan netto voor de maatschappij" : "then society's net",
        nl ? "of hoog is" : "or is high", nl ? "dan netto voor de maatschappij" : "then society's net");
    for (std::size_t k = 0; k < t.bars.size() && k < 5; ++k) {
      const auto& b = t.bars[k];
      std::string unit;
      for (const auto& p : doc.parameters)
        if (p.path == b.parameter) unit = p.unit;
      const auto value = [&](double v) {
        std::string text = std::abs(v) >= 100 ? grouped(std::llround(std::abs(v)), nl ? '.' : ',') : fmt::format("{:.3g}", std::abs(v));
        if (nl && std::abs(v) < 100) std::replace(text.begin(), text.end(), '.', ',');
        return xml_escape((v < 0 ? "-" : "") + text + (unit.empty() ? "" : " " + unit));
      };
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(b.parameter),
                         value(b.low), money(b.npv_low.back(), lang), value(b.high), money(b.npv_high.back(), lang));
    }
    return say(nl, "<p>De vijf aannames die de uitkomst voor de maatschappij het meest bewegen (netto contante "
                            "waarde {} bij de basiswaarden, het basisscenario; de samenvatting geeft het gemiddelde over "
                            "de trekkingen; elke aanname op de rand van haar onzekerheid, de rest op de basiswaarde):</p>\n", "<p>The five assumptions that move society's result most (net present value {} at the base "
                            "values, the base case; the summary gives the mean over the draws; each assumption at the edge of its uncertainty, the others at their base values):</p>\n",
                       money(t.base_npv.back(), lang)) +
           out + "</tbody></table>\n";
  }
  return "";
}

std::string methods(const ResultsDoc& doc, Lang lang) {
  const bool nl = lang == Lang::nl;
  const auto& st = doc.settings;
  std::string categories;
  for (const auto& c : doc.categories) categories += (categories.empty() ? "" : ", ") + xml_escape(category_name(doc, c.id, lang));
  const std::string model = st.mode == model::Mode::cohort
                                ? (nl ? "een Markov-cohortmodel (de verwachte verdeling van de deelnemers over de toestanden)"
                                      : "a Markov cohort model (the expected spread of participants over the states)")
                                : say(nl, "een microsimulatie van {} cliënten per trekking", "a microsimulation of {} clients per draw",
                                              st.clients);
  const std::string timing = st.timing == model::Timing::start ? (nl ? "aan het begin" : "at the start")
                             : st.timing == model::Timing::middle ? (nl ? "halverwege" : "in the middle")
                                                                   : (nl ? "aan het eind" : "at the end");
  if (nl)
    return fmt::format(
        "<p>De deelnemers volgen {} per maand, {} maanden lang. Elke maand tellen de geldstromen van elke toestand en "
        "overgang mee, {} van de maand gewaardeerd, in euro's van {}, verdisconteerd met {}% per jaar (effecten {}%). "
        "Elke geldstroom heeft een betaler en een ontvanger: wat de een minder betaalt, ontvangt de ander minder, zodat "
        "de partijen samen precies het resultaat van de maatschappij hebben; overdrachten tussen partijen (uitkeringen, "
        "belastingen) vallen voor de maatschappij weg. Geteld worden: {}. Effecten (werk, gezondheid) staan apart en "
        "zijn niet in euro's omgerekend. Niet geteld wordt wat niet als geldstroom in het model staat. De onzekerheid "
        "komt uit {} trekkingen van alle onzekere aannames tegelijk (probabilistische gevoeligheidsanalyse); het "
        "basisscenario zet elke aanname op haar puntschatting.</p>\n",
        model, st.horizon_months, timing, st.price_year, decimal(100 * st.discount.costs, true),
        decimal(100 * st.discount.effects, true), categories, st.draws);
  return fmt::format(
      "<p>Participants follow {} month by month, for {} months. Each month the money flows of every state and "
      "transition count, valued {} of the month, in euros of {}, discounted at {}% a year (effects {}%). Every flow "
      "has a payer and a payee: what one pays less, the other receives less, so that the parties together have "
      "exactly society's result; transfers between parties (benefits, taxes) cancel for society. Counted: {}. "
      "Effects (work, health) are shown apart and not converted to euros. What is not a flow of the model is not "
      "counted. The uncertainty comes from {} draws of every uncertain assumption at once (probabilistic "
      "sensitivity analysis); the base case sets each assumption at its point estimate.</p>\n",
      model, st.horizon_months, timing, st.price_year, decimal(100 * st.discount.costs, false),
      decimal(100 * st.discount.effects, false), categories, st.draws);
}

}  // namespace werkbaat::io
