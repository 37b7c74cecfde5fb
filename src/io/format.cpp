#include "io/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "werkbaat/analysis/settlement.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

std::string decimal_nl(double v, int digits) {
  std::string s = fmt::format("{:.{}f}", v, digits);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace

std::string whole_euros(double euros) {
  if (!std::isfinite(euros)) return "-";
  if (std::abs(euros) >= kWholeEurosUpTo) return fmt::format("{:.3g}", euros);
  const long long v = std::llround(euros);
  return (v < 0 ? "-" : "") + grouped(v < 0 ? -v : v, ',');
}

std::string display_name(const ResultsDoc& doc, const std::string& id, Lang lang) {
  if (id == model::kSociety) return lang == Lang::nl ? "Maatschappij" : "Society";
  for (const auto& l : doc.labels)
    if (l.id == id) return lang == Lang::nl ? l.nl : l.en;
  return id;
}

std::string category_name(const ResultsDoc& doc, const std::string& id, Lang lang) {
  for (const auto& c : doc.categories)
    if (c.id == id) return lang == Lang::nl ? c.nl : c.en;
  return id;
}

std::string grouped(long long magnitude, char separator) {
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string money(double euros, Lang lang) {
  if (!std::isfinite(euros)) return "\u2013";
  const bool nl = lang == Lang::nl;
  const std::string sign = euros <= -0.5 ? "\u2212" : "", euro = nl ? "\u20ac\u00a0" : "\u20ac";
  if (std::abs(euros) >= kWholeEurosUpTo) {  // beyond what whole euros can show: 1.23e+18
    std::string e = fmt::format("{:.3g}", std::abs(euros));
    if (nl) std::replace(e.begin(), e.end(), '.', ',');
    return sign + euro + e;
  }
  return sign + euro + grouped(std::llround(std::abs(euros)), nl ? '.' : ',');
}

std::string settlement_reason(const SettlementDoc& st, const SettlementRuleDoc& rule, Lang lang) {
  using analysis::SplitVerdict;
  const double society = st.society_net, C = st.financiers_cost, R = st.financiers_return;
  const double n = static_cast<double>(rule.parties.size());
  const bool nl = lang == Lang::nl;
  switch (analysis::split_verdict(society, C, R)) {
    case SplitVerdict::society_loses:
      return nl ? fmt::format("de maatschappij wint niet (verwacht netto {}): geen verdeling maakt elke financier "
                              "beter af, dus er is geen voorstel",
                              money(society, lang))
                : fmt::format("society does not gain (expected net {}): no split can make every financier "
                              "gain, so none is proposed",
                              money(society, lang));
    case SplitVerdict::nothing_invested:
      return nl ? "de financiers investeren samen niets: er valt niets te verdelen"
                : "the financiers invest nothing together: there is nothing to share";
    case SplitVerdict::financiers_lose:
      return nl ? fmt::format("de maatschappij wint, maar de financiers krijgen samen {} terug van de {} die zij "
                              "investeren; de winst landt bij de cliënt of buiten de financiers, dus er is geen voorstel",
                              money(R, lang), money(C, lang))
                : fmt::format("society gains, but the financiers together get back {} of the {} they "
                              "invest; the gain lands with the client or outside the financiers, so no split makes "
                              "every financier gain",
                              money(R, lang), money(C, lang));
    case SplitVerdict::proposed: break;
  }
  if (rule.rule == model::SettlementRule::proportional)
    return nl ? fmt::format("elke financier betaalt {}% van zijn bruto-opbrengst aan de kosten en krijgt {} terug per "
                            "geïnvesteerde euro",
                            decimal_nl(100 * C / R, 1), decimal_nl(R / C, 2))
              : fmt::format("each financier pays {:.1f}% of its gross return towards the cost and gets {:.2f} back "
                            "per euro",
                            100 * C / R, R / C);
  return nl ? fmt::format("elke financier krijgt eerst zijn investering terug; het overschot van {} wordt gelijk "
                          "verdeeld ({} elk)",
                          money(R - C, lang), money((R - C) / n, lang))
            : fmt::format("each financier is repaid its investment; the surplus of {} is shared equally "
                          "({} each)",
                          money(R - C, lang), money((R - C) / n, lang));
}

std::vector<std::string> run_notes(const ResultsDoc& doc, Lang lang, bool analyses) {
  std::vector<std::string> out;
  if (doc.run.adjusted_rows > 0)
    out.push_back(lang == Lang::nl
                      ? fmt::format("in {} gevallen waren de kansen van een toestand negatief of samen meer dan 1 in "
                                    "een trekking; ze zijn op 0 gezet of naar een som van 1 geschaald",
                                    doc.run.adjusted_rows)
                      : fmt::format("{} transition rows were mended in some draws: their probabilities were negative "
                                    "or summed above 1, and were set to 0 or scaled to sum to 1",
                                    doc.run.adjusted_rows));
  out.insert(out.end(), doc.run.warnings.begin(), doc.run.warnings.end());
  if (analyses && doc.analyses && doc.analyses->voi)
    out.insert(out.end(), doc.analyses->voi->warnings.begin(), doc.analyses->voi->warnings.end());
  return out;
}

std::string payback_words(const AccountDoc& a, bool psa, Lang lang) {
  const bool nl = lang == Lang::nl;
  const double invested = psa ? a.investment.mean : a.investment.base;
  const double m = psa ? a.payback.median : a.payback.base;
  if (invested < 0.5) return nl ? "geen investering" : "no investment";
  if (std::abs(psa ? a.npv.mean : a.npv.base) < 0.5 && (!psa || a.npv.sd < 0.5)) return "\u2013";  // passes on what it receives
  if (std::isnan(m)) return nl ? "niet binnen de horizon" : "not within the horizon";
  if (m == 0) return nl ? "meteen (loopt nooit achter)" : "at once (never behind)";
  return fmt::format("{} {:.0f}", nl ? "maand" : "month", m);
}

std::string settlement_rule_name(model::SettlementRule rule, Lang lang) {
  const bool proportional = rule == model::SettlementRule::proportional;
  if (lang == Lang::nl) return proportional ? "naar rato van de opbrengst" : "eerst terugbetalen, dan gelijk delen";
  return proportional ? "proportional" : "repay, then share equally";
}

}  // namespace werkbaat::io
