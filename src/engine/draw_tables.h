#pragma once
// Everything one PSA draw needs, evaluated once: parameter values, expression values, and the
// monthly transition probabilities of every (arm, group) combination over the expanded states.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/layout.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

struct DrawTables {
  std::vector<double> params;          // [param], monthly, indexed
  std::vector<double> expr;            // [expr]
  std::vector<double> prob;            // [combo * entries + entry]
  // Micro mode's tables (filled only when `thresholds`; cohort mode reads prob alone): cumulative
  // prob * 2^32, as prob; a row's last = 2^32.
  bool thresholds = true;
  std::vector<std::uint64_t> thresh;
  long adjusted_rows = 0;  // rows whose probabilities were negative or summed above 1 and were mended
  int bad_expr = -1;       // the first expression whose value is not a finite number, or -1
  std::vector<std::uint64_t> streams;           // each parameter's random stream, for streams_of
  const model::Scenario* streams_of = nullptr;

  // Fills the tables for draw `draw` of the run seeded `seed`: transition rows for the listed
  // combinations (empty: all); reuses the vectors' storage.
  void fill(const model::Scenario& s, const Layout& L, std::uint64_t seed, int draw,
            const std::vector<int>& combos = {});
};

}  // namespace werkbaat::engine
