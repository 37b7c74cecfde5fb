#pragma once
// The business case as one self-contained HTML file (no network, no scripts, no external fonts),
// readable on screen and printable, in Dutch (default) or English. It is made from a
// results.json text, so it can be made during a run or later from a finished one.
#include <string>

namespace werkbaat::io {

struct ReportOptions {
  std::string lang = "nl";  // nl or en
  std::string generated;    // when the report was made, as shown in it
};

// Throws std::runtime_error when the text is not a werkbaat results.json with per-draw results.
std::string html_report(const std::string& results_json, const ReportOptions& options);

}  // namespace werkbaat::io
