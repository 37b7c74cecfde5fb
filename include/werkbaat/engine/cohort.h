#pragma once
// Cohort mode: the exact expected Markov trace over the expanded (tunnel) states.
#include "werkbaat/engine/draw_tables.h"
#include "werkbaat/engine/layout.h"
#include "werkbaat/engine/trace.h"

namespace werkbaat::engine {

// Fills `out` (reset by the caller to the scenario's shape) with expected occupancy, transitions
// and entries for every (arm, group) combination, in population units.
void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, Trace& out);

}  // namespace werkbaat::engine
