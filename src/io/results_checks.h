#pragma once
// What the types of results.json cannot say: its parts agree with each other (arms and
// comparisons, accounts, years and months of every series, lines and categories, groups, the
// willingness-to-pay grids), so that every writer can index a document read back without checking
// again.
#include <string>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// Throws InputError naming `file` and the key when a part does not agree.
void check_results(const ResultsDoc& d, const std::string& file);

}  // namespace werkbaat::io
