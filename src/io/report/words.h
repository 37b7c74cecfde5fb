#pragma once
// The report's words in Dutch and English.
#include "io/format.h"

namespace werkbaat::io {

struct Words {
  const char *title, *headline, *vs, *society_gains, *society_loses, *interval, *chance_gain, *who_invests,
      *who_gains, *nobody, *party, *investment, *ret, *npv, *roi, *payback, *p_positive, *none_needed, *beyond,
      *month, *settlement, *charts, *cumulative, *months, *euro, *annual, *year, *distribution, *draws_axis,
      *in_work, *people, *tornado, *at_low, *at_high, *assumptions, *parameter, *value, *unit, *price_year,
      *source, *label, *facts, *generated, *society, *transfer, *per_year, *present_value, *no_split, *net_now,
      *net_then, *p_now, *p_then, *discounted_note;
};

inline constexpr Words kNl = {
    "Businesscase", "Wie investeert, wie wint", "tegenover", "de maatschappij wint", "de maatschappij verliest",
    "95%-interval", "kans op winst", "Wie investeert", "Wie wint", "niemand", "partij", "investering", "opbrengst",
    "netto contante waarde", "rendement (ROI)", "terugverdiend", "kans op winst", "niet nodig", "na de horizon",
    "maand", "Voorstel voor de verdeling", "Grafieken", "Cumulatieve netto contante waarde per partij", "maanden",
    "euro", "Effect op de begroting per jaar (niet verdisconteerd)", "jaar", "Verdeling van het netto resultaat over de trekkingen",
    "netto contante waarde (euro)", "Mensen aan het werk", "personen", "Gevoeligheid (tornado)", "bij lage waarde",
    "bij hoge waarde", "Aannames: alle parameters", "parameter", "waarde of verdeling", "eenheid", "prijsjaar", "bron",
    "label", "Over deze berekening", "gemaakt op", "maatschappij", "overdracht", "per jaar", "contante waarde",
    "geen verdeling voorgesteld", "netto nu", "netto dan", "kans > 0 nu", "kans > 0 dan",
    "Bedragen in euro, als contante waarde (latere bedragen teruggerekend naar nu), totaal voor alle deelnemers; "
    "gemiddelde over alle doorrekeningen met onzekere aannames (trekkingen)."};
inline constexpr Words kEn = {
    "Business case", "Who invests, who gains", "against", "society gains", "society loses", "95% interval",
    "probability of a gain", "Who invests", "Who gains", "nobody", "party", "investment", "return",
    "net present value", "ROI", "payback", "P(NPV > 0)", "not needed", "beyond the horizon", "month",
    "Proposed settlement", "Charts", "Cumulative net present value per party", "months", "euro",
    "Annual budget impact (undiscounted)", "year", "Distribution of the net result over the draws",
    "net present value (euro)", "People in work", "people", "Sensitivity (tornado)", "at low value", "at high value",
    "Assumptions: every parameter", "parameter", "value or distribution", "unit", "price year", "source", "label",
    "About this calculation", "generated", "society", "transfer", "per year", "present value", "no split proposed",
    "net now", "net then", "P(>0) now", "P(>0) then",
    "Amounts in euro, as present value (later amounts discounted to now), totals for all participants; mean over "
    "all runs with uncertain assumptions (draws)."};

inline const Words& words(Lang lang) { return lang == Lang::nl ? kNl : kEn; }

}  // namespace werkbaat::io
