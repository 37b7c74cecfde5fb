#pragma once
// Pieces of the HTML report shared by its sections (html_report.cpp) and charts (report_charts.cpp).
#include <string>
#include <vector>

#include "io/report/words.h"
#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

std::string pct(double share);                                // "12%", "&ndash;" when not a number
std::string decimal(double v, bool nl, int digits = 2);       // decimal comma in Dutch
std::string account_label(const std::string& account, const Words& w);  // society in the report's language
// The accounts worth showing: every one but the outside account.
std::vector<const AccountDoc*> shown_accounts(const ComparisonDoc& c);

// The charts of one comparison (index: its position; the people-in-work chart comes with the first).
std::string comparison_charts(const ResultsDoc& doc, const ComparisonDoc& c, std::size_t index, const Words& w,
                              bool nl);

}  // namespace werkbaat::io
