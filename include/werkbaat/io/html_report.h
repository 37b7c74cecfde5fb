#pragma once
// The business case as one self-contained HTML file (no network, no scripts, no external fonts),
// readable on screen and printable, in Dutch (default) or English. Made from a results document,
// during a run or later from a finished run's results.json.
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

struct ReportOptions {
  std::string lang = "nl";  // nl or en
  std::string generated;    // when the report was made, as shown in it
};

// Throws InputError (naming `doc`'s file) when the document has no per-draw results.
std::string html_report(const ResultsDoc& doc, const ReportOptions& options);

}  // namespace werkbaat::io
