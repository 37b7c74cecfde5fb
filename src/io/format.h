#pragma once
// Numbers and settlement verdicts in words, for the table, the CSVs' readers and the reports.
#include <string>
#include <vector>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {



// Whole euros are shown up to this size; larger amounts (no real budget) in scientific notation.
inline constexpr double kWholeEurosUpTo = 1e15;

// A whole number with thousands separated, e.g. 1234567 -> "1,234,567" (separator ',').
std::string grouped(long long magnitude, char separator);

// For the terminal: "-1,234,567"; "-" when not a number; 1.23e+18 beyond kWholeEurosUpTo.
std::string whole_euros(double euros);

// A party, arm, state or effect as the data names it in `lang` (its id when the data gives no
// label); society in `lang`. Plain text: escape it for HTML.
std::string display_name(const ResultsDoc& doc, const std::string& id, Lang lang);
std::string category_name(const ResultsDoc& doc, const std::string& id, Lang lang);

// For reports: "€1,234,567" / "−€1,234" (en), "€ 1.234.567" / "−€ 1.234" (nl; a no-break space);
// "–" when not a number.
std::string money(double euros, Lang lang);

// Why a settlement rule proposes no split, or what its split does, in plain words.
std::string settlement_reason(const SettlementDoc& st, const SettlementRuleDoc& rule, Lang lang);

// What a reader of the numbers must be told about how they were made: mended transition rows,
// the warnings of the run and, with `analyses`, those of its analyses (the warnings in English).
std::vector<std::string> run_notes(const ResultsDoc& doc, Lang lang, bool analyses = true);

// When a party's investment has come back (over the draws, or in the base case), in words; what
// it means when it has none, or passes on what it receives ("-").
std::string payback_words(const AccountDoc& a, bool psa, Lang lang);

// The rule's name for people.
std::string settlement_rule_name(model::SettlementRule rule, Lang lang);

}  // namespace werkbaat::io
