#pragma once
// Pieces of the workbook shared by its sheets (xlsx_workbook.cpp) and the own-values sheets
// (xlsx_own_values.cpp).
#include <xlsxwriter.h>

#include "io/format.h"
#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

struct Formats {
  lxw_format *bold, *euro, *share, *ratio, *input_share, *input_rate, *title;
};

// A sheet that recomputes the base case live: the engine's amount per line, arm and month (a sheet
// of values) times an editable price (as a share of the base price) and, for a split flow, the
// payer's editable share over its base share; per party the net per year and the NPV at an
// editable discount rate, with SUMIFS and SUMPRODUCT, so that Excel or LibreOffice redo every
// total when a number changes. At the base values the sheet gives the engine's base case exactly.
void own_values_sheets(lxw_workbook* wb, const ResultsDoc& doc, Lang lang, const Formats& f);

}  // namespace werkbaat::io
