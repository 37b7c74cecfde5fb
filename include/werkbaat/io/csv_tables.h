#pragma once
// A run's files: results.json (everything, per-draw results and the resolved scenario included)
// and tidy long-format CSVs that R and pandas read as they are. Every file is written atomically.
#include <string>
#include <vector>

#include "werkbaat/io/results_doc.h"

namespace werkbaat::io {

// Writes results.json, summary.csv, annual.csv, effects.csv, monthly.csv, cumulative.csv and
// draws.csv into `dir`; where analyses ran, also settlement.csv, transfers.csv, tornado.csv,
// breakeven.csv and voi.csv. The folder is filled beside `dir` and put in its place whole: it is
// always one complete run's output (see atomic_file.h). REQUIRES: doc.has_draws().
void write_results(const std::string& dir, const ResultsDoc& doc);

// The tidy tables of a run, each as CSV text with its header: what write_results writes beside
// results.json (name without .csv), and what a run store keeps (run_store.h). REQUIRES: doc.has_draws().
struct Table {
  std::string name, csv;
};
std::vector<Table> tidy_tables(const ResultsDoc& doc);

}  // namespace werkbaat::io
