#pragma once
// Numbers and settlement verdicts in words, for the table, the CSVs' readers and the reports.
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

enum class Lang { nl, en };

// A whole number with thousands separated, e.g. 1234567 -> "1,234,567" (separator ',').
std::string grouped(long long magnitude, char separator);

// For reports: "€1,234,567" / "−€1,234" (en), "€ 1.234.567" / "−€ 1.234" (nl; a no-break space);
// "–" when not a number.
std::string money(double euros, Lang lang);

// Why a settlement rule proposes no split, or what its split does, in plain words.
std::string settlement_reason(const SettlementDoc& st, const SettlementRuleDoc& rule, Lang lang);

// The rule's name for people.
std::string settlement_rule_name(model::SettlementRule rule, Lang lang);

}  // namespace werkbaat::io
