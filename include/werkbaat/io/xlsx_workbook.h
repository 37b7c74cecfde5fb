#pragma once
// The business case as an Excel workbook (libxlsxwriter): Summary per party, Cash flows per party,
// year and arm, Draws (per-draw results), Parameters with sources. Numbers are numbers (not
// text), in euro formats, with frozen header rows and fitted column widths. Made from a
// results.json text with per-draw results; written to a temporary name and renamed.
#include <string>

namespace werkbaat::io {

void write_xlsx(const std::string& results_json, const std::string& path);

}  // namespace werkbaat::io
