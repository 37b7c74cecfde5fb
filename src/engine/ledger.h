#pragma once
// Double-entry booking of one draw's trace: every flow line moves money from its payer to its
// payee, per month; effects are counted alongside. Discounting happens here.
#include <cstdint>
#include <vector>

#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "werkbaat/engine/run_result.h"
#include "engine/trace.h"

namespace werkbaat::engine {

Shape shape_of(const model::Scenario& s);

// Where each per-month line applies, per combination clients enter in: runs of consecutive
// expanded states that read one piece of one combination's amounts. Built once per scenario.
struct BookingPlan {
  struct Run {
    int begin, end, expr;
  };
  std::vector<int> first;  // [line * combos + combo]: its runs are runs[first[i] .. first[i + 1])
  std::vector<Run> runs;
  // The runs are over Layout's b where the layout projects (every line is booked on the trace
  // summed over each b), else over x.
  bool on_base = false;
  bool one_offs = false;  // any line at entry or on a transition
  // Discount factors per month (0-based), by kind of value: per-month flows at the scenario's
  // timing or one-off flows at the start of the month, at the costs' or the effects' rate.
  enum { kStateCosts, kEventCosts, kStateEffects, kEventEffects };
  std::vector<double> discount[4];
  // The per-month lines, booked together, and per trace unit their amounts per state (b or x) as
  // sparse rows: unit k's states with an amount are amounts[k].state, and state q's entries
  // entry_begin[q] .. entry_begin[q + 1] give
  // the line's position in `lines` and its value: a sum of terms, weight x expression, one per
  // member combination of the unit in their order (as a dense [state][line] sum adds them).
  // Entries whose terms are the same share a value.
  struct UnitAmounts {
    std::vector<int> state, entry_begin;           // [col], [col + 1]
    std::vector<int> line_at, value;               // [entry]
    std::vector<int> term_begin;                   // [value + 1]
    std::vector<double> weight;                    // [term]
    std::vector<int> expr;                         // [term]
  };
  std::vector<int> state_lines;
  std::vector<UnitAmounts> amounts;  // [unit]
  static BookingPlan build(const model::Scenario& s, const Layout& L, const TraceUnits& units);
};

// Discount factor of month `row` (0-based) for a per-month flow (`event` false, valued at the
// scenario's timing) or a one-off flow at the start of the month (`event` true).
double discount_factor(const model::ModelSettings& st, double annual_rate, int row, bool event);

// What booking needs besides its inputs, kept between draws.
struct BookScratch {
  std::vector<double> base_occ;  // [unit][row][b]: the trace summed over the clocks
  std::vector<double> u;          // one one-off line's amounts per month
  std::vector<double> per_month;  // [line][row]: the per-month lines' amounts of one arm
  std::vector<double> values;     // [value]: one trace unit's amounts (BookingPlan::UnitAmounts)
  std::vector<double> acc;        // [line][row]: one unit's amounts
  std::vector<double> occ_t;      // [state][row]: one unit's occupancy of the states with an amount
};

// Books the trace of one draw into `out` (one draw, resized here), `monthly` and, per client
// group, `groups`.
void book(const model::Scenario& s, const Layout& L, const BookingPlan& plan, const DrawTables& t, const Trace& trace,
          const TraceUnits& units, const Shape& sh, BookScratch& scratch, DrawSet& out, Monthly& monthly,
          GroupTotals& groups);

}  // namespace werkbaat::engine
