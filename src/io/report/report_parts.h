#pragma once
// Pieces of the HTML report shared by the page (html_report.cpp), its sections for people
// (report_tables.cpp) and its charts (report_charts.cpp).
#include <string>
#include <vector>

#include "io/report/words.h"
#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

std::string pct(double share);                                // "12%", "&ndash;" when not a number
std::string decimal(double v, bool nl, int digits = 2);       // decimal comma in Dutch
std::string name_html(const ResultsDoc& doc, const std::string& id, Lang lang);  // display_name, escaped
// The chart style (colour and dash) of an account: its place among the parties, so that a party
// looks the same in every chart; society is drawn in black.
int account_style(const ResultsDoc& doc, const std::string& account);
int category_style(const ResultsDoc& doc, const std::string& category);
// The accounts worth showing: every one but the outside account.
std::vector<const AccountDoc*> shown_accounts(const ComparisonDoc& c);

// The business case's sections (report_tables.cpp), per comparison unless said otherwise.
std::string summary_in_words(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string party_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string chance_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string category_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string cost_effect_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string group_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string budget_table(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
std::string what_if(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);  // "" without a tornado
std::string methods(const ResultsDoc& doc, Lang lang);

// The charts of one comparison (index: its position; the people-in-work chart comes with the first).
std::string comparison_charts(const ResultsDoc& doc, const ComparisonDoc& c, std::size_t index, Lang lang);
// Each party's investment and return by category: the picture of who pays and where it comes back.
std::string category_chart(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);
// Per effect: society's acceptability curve per intervention and the EVPI over the willingness to pay.
std::string acceptability_charts(const ResultsDoc& doc, Lang lang);
// The modeller's charts of one comparison for the appendix: distributions over the draws, tornados.
std::string appendix_charts(const ResultsDoc& doc, const ComparisonDoc& c, Lang lang);

}  // namespace werkbaat::io
