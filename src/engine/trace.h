#pragma once
// What a simulation of one draw produces, in either mode: per trace unit, how many clients
// occupy each expanded state in each month, how many make each transition, and how many enter.
// The ledger reads both modes the same way.
//
// Trace units: in micro mode each (arm, group) combination has its own (weighted counts, in
// population units, weight 1). In cohort mode combinations whose transitions are identical (same
// arm entry state, same probability expressions: groups that differ only in, say, benefit or Wmo)
// share one expected trace of a single client, and each combination reads it with its weight
// (its share of the population): the Markov trace is computed once per unit, not once per group.
#include <vector>

#include "engine/layout.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

// Only combinations clients enter in (a group with a share at entry) have a unit.
struct TraceUnits {
  std::vector<int> unit_of;                 // [combo], -1: none
  std::vector<double> weight;               // [combo]: clients one unit of the trace stands for
  std::vector<std::vector<int>> members;    // [unit]: its combinations
  int count() const { return static_cast<int>(members.size()); }

  static TraceUnits per_combination(const model::Scenario& s, const Layout& L);  // micro mode
  // Cohort mode: combinations of one arm that enter in the same expanded state and read the same
  // transition and change probabilities in every value set share a unit.
  static TraceUnits by_transitions(const model::Scenario& s, const Layout& L);
};

struct Trace {
  int units = 0, months = 0, expanded = 0, edges = 0;
  std::vector<double> occ;     // [unit][month-1][x]: clients in x during month (1..T)
  std::vector<double> moves;   // [unit][month-1][slot]: transitions at the start of month
  std::vector<double> starts;  // [unit][m]: clients entering at t = m/12 (m = 0..T-1)
  // [unit][month-1]: the expanded states [lo, hi) outside which occ is 0 that month; occ is
  // written only inside (a closed cohort holds one value of since_entry at a time).
  std::vector<int> range;

  void reset(int units_, int months_, int expanded_, int edges_) {
    units = units_;
    months = months_;
    expanded = expanded_;
    edges = edges_;
    occ.assign(static_cast<std::size_t>(units) * months * expanded, 0.0);
    moves.assign(static_cast<std::size_t>(units) * months * edges, 0.0);
    starts.assign(static_cast<std::size_t>(units) * months, 0.0);
    range.assign(2 * static_cast<std::size_t>(units) * months, 0);
    for (std::size_t i = 0; i < range.size(); i += 2) range[i + 1] = expanded;
  }
  int lo(int u, int row) const { return range[2 * (static_cast<std::size_t>(u) * months + row)]; }
  int hi(int u, int row) const { return range[2 * (static_cast<std::size_t>(u) * months + row) + 1]; }
  double* occ_at(int u, int row) { return occ.data() + (static_cast<std::size_t>(u) * months + row) * expanded; }
  const double* occ_at(int u, int row) const {
    return occ.data() + (static_cast<std::size_t>(u) * months + row) * expanded;
  }
  double* moves_at(int u, int row) { return moves.data() + (static_cast<std::size_t>(u) * months + row) * edges; }
  const double* moves_at(int u, int row) const {
    return moves.data() + (static_cast<std::size_t>(u) * months + row) * edges;
  }
  double* starts_at(int u) { return starts.data() + static_cast<std::size_t>(u) * months; }
  const double* starts_at(int u) const { return starts.data() + static_cast<std::size_t>(u) * months; }
};

}  // namespace werkbaat::engine
