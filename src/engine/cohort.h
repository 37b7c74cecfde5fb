#pragma once
// Cohort mode: the exact expected Markov trace over the expanded (tunnel) states.
#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/trace.h"

namespace werkbaat::engine {

// Fills `out` (reset by the caller: one unit per trace unit) with the expected occupancy,
// transitions and entries of one client (entering evenly over the entry months), per unit.
void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, Trace& out);

}  // namespace werkbaat::engine
