#pragma once
// The compact aligned table `werkbaat run` prints: per intervention and party the discounted
// investment, return, NPV with its 95% interval, probability of a positive NPV, ROI and payback;
// and the analyses that ran, as text.
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

std::string format_table(const ResultsDoc& doc);

// Each party's investment, return and NPV split by category or by flow line, per intervention; or
// each party's NPV per attribute value of the population (group).
enum class Breakdown { category, line, group };
std::string format_breakdown(const ResultsDoc& doc, Breakdown by);

// The analyses that ran (settlement, tornado, break-even, value of information), as text.
std::string format_analyses(const ResultsDoc& doc);

// Whole euros with thousands separators, e.g. -1,234,567.
std::string format_money(double euros);

}  // namespace werkbaat::io
