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
  // The listed combinations' transition probabilities, [slot[combo] * entries + entry] (cohort
  // mode lists one combination per trace unit, micro mode all): prob_of(combo)[entry].
  std::vector<double> prob;
  std::vector<int> slot;  // [combo]: where its rows are in prob and thresh, -1: not listed
  const double* prob_of(int combo) const { return prob.data() + static_cast<std::size_t>(slot[combo]) * entries; }
  int entries = 0;
  // Micro mode's tables (filled only when `thresholds`; cohort mode reads prob alone): cumulative
  // prob * 2^32, as prob; a row's last = 2^32.
  bool thresholds = true;
  std::vector<std::uint64_t> thresh;  // [slot[combo] * entries + entry]
  long adjusted_rows = 0;  // rows whose probabilities were negative or summed above 1 and were mended
  int bad_expr = -1;       // the first expression whose value is not a finite number, or -1
  std::vector<std::uint64_t> streams;           // each parameter's random stream, for streams_of
  const model::Scenario* streams_of = nullptr;
  // Rows that compute the same probabilities in every draw (the same entries, expressions and
  // pieces: states that differ only in a clock or in months no piece tells apart): per listed
  // combination, [first[slot] + x - reach_lo]: the first such row, whose values the others copy.
  bool share_rows = true;  // false: every row computed for itself (tests compare the two)
  std::vector<int> row_first, row_first_at;
  // The layout, scenario and list of combinations they were made for.
  const Layout* row_first_of = nullptr;
  const model::Scenario* row_first_scenario = nullptr;
  std::vector<int> row_first_combos;
  std::vector<char> row_adjusted;  // as row_first: whether the row was mended in this draw

  // Fills the tables for draw `draw` of the run seeded `seed`: transition rows for the listed
  // combinations (empty: all); reuses the vectors' storage.
  void fill(const model::Scenario& s, const Layout& L, std::uint64_t seed, int draw,
            const std::vector<int>& combos = {});
};

}  // namespace werkbaat::engine
