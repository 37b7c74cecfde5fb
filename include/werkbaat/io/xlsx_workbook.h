#pragma once
// The business case as an Excel workbook (libxlsxwriter): Summary per party, Cash flows per party,
// year and arm, Draws (per-draw results), Parameters with sources. Numbers are numbers (not
// text), in euro formats, with frozen header rows and fitted column widths. Written to a
// temporary name and renamed. Throws InputError when the document has no per-draw results.
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// `lang`: nl (default) or en, for the sheets' headers and words.
void write_xlsx(const ResultsDoc& doc, const std::string& path, const std::string& lang = "nl");

}  // namespace werkbaat::io
