#pragma once
// The compact aligned table `werkbaat run` prints: per intervention and party the discounted
// investment, return, NPV with its 95% interval, probability of a positive NPV, ROI and payback;
// and the analyses that ran, as text.
#include <optional>
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// Without a language: English, with the data's ids (for scripts and logs); with one: in that
// language, with the data's display names and, in Dutch, Dutch numbers.
std::string format_table(const ResultsDoc& doc, std::optional<Lang> lang = std::nullopt);

// Each party's investment, return and NPV split by category or by flow line, per intervention; or
// each party's NPV per attribute value of the population (group).
enum class Breakdown { category, line, group };
std::string format_breakdown(const ResultsDoc& doc, Breakdown by, std::optional<Lang> lang = std::nullopt);

// The analyses that ran (settlement, tornado, break-even, value of information), as text.
std::string format_analyses(const ResultsDoc& doc, std::optional<Lang> lang = std::nullopt);

// Whole euros with thousands separators, e.g. -1,234,567.
std::string format_money(double euros);

}  // namespace werkbaat::io
