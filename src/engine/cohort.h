#pragma once
// Cohort mode: the exact expected Markov trace over the expanded (tunnel) states.
#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/trace.h"

namespace werkbaat::engine {

// Fills `out` (reset by the caller: one unit per trace unit) with the expected occupancy,
// transitions and entries of one client (entering evenly over the entry months), per unit. The
// transitions are counted only with `moves` (the caller zeroes them); otherwise left alone.
void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, bool moves,
                Trace& out);

}  // namespace werkbaat::engine
