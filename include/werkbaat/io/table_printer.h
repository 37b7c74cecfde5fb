#pragma once
// The compact aligned table `werkbaat run` prints: per intervention and party the discounted
// investment, return, NPV with its 95% interval, probability of a positive NPV, ROI and payback.
#include <string>

#include "werkbaat/io/results_writer.h"

namespace werkbaat::io {

std::string format_table(const RunReport& r);

// The analyses that ran (settlement, tornado, break-even, value of information), as text.
std::string format_analyses(const RunReport& r);

// Whole euros with thousands separators, e.g. -1,234,567.
std::string format_money(double euros);

}  // namespace werkbaat::io
