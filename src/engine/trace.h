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
#include <algorithm>
#include <cstddef>
#include <cstdint>
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

  // [2u], [2u + 1]: the expanded states [lo, hi) unit u's clients can reach.
  std::vector<int> reach(const Layout& L) const;
  static TraceUnits per_combination(const model::Scenario& s, const Layout& L);  // micro mode
  // Cohort mode: combinations of one arm that enter in the same expanded state and read the same
  // transition and change probabilities in every value set share a unit.
  static TraceUnits by_transitions(const model::Scenario& s, const Layout& L);
};

// Where each unit's rows start when unit u holds months rows of the states [reach[2u],
// reach[2u + 1]) one after another: the index of (u, row 0, state 0) is at[u] (the storage begins
// with room for the largest first state, so none lies before it). Returns the size.
std::size_t unit_offsets(const std::vector<int>& reach, int months, std::vector<std::size_t>& at);

struct Trace {
  int units = 0, months = 0, expanded = 0, edges = 0;
  // [unit][month-1][x]: clients in x during month (1..T). A unit holds only the states its clients
  // can reach (TraceUnits::reach): occ_at(u, row)[x] is valid for those x alone.
  std::vector<double> occ;
  std::vector<int> width;         // [unit]: the number of states it holds
  std::vector<std::size_t> at;    // [unit]: the index in occ of state 0 in the unit's month 1 (row 0)
  std::vector<double> moves;   // [unit][month-1][slot]: transitions at the start of month
  std::vector<double> starts;  // [unit][m]: clients entering at t = m/12 (m = 0..T-1)
  // [unit][month-1]: the expanded states [lo, hi) outside which occ is 0 that month; occ is
  // written only inside (a closed cohort holds one value of since_entry at a time).
  std::vector<int> range;
  // Micro mode's sparse trace (`sparse`; occ and range are then empty): unit u's clients in month
  // row are in the states sparse_x[i] (increasing), sparse_o[i] of them, for i from
  // sparse_at[u * months + row] to sparse_at[u * months + row + 1].
  bool sparse = false;
  std::vector<std::size_t> sparse_at;
  std::vector<int> sparse_x;
  std::vector<double> sparse_o;
  std::vector<std::uint32_t> sparse_scratch;

  // Unit u holds the states [reach[2u], reach[2u + 1]) (none when sparse_).
  void reset(int units_, int months_, int expanded_, int edges_, const std::vector<int>& reach, bool sparse_ = false) {
    units = units_;
    months = months_;
    expanded = expanded_;
    edges = edges_;
    sparse = sparse_;
    if (sparse) occ.clear();
    else occ.assign(unit_offsets(reach, months, at), 0.0);
    moves.assign(static_cast<std::size_t>(units) * months * edges, 0.0);
    starts.assign(static_cast<std::size_t>(units) * months, 0.0);
    width.assign(units, 0);
    range.resize(2 * static_cast<std::size_t>(units) * months);
    for (int u = 0; u < units; ++u) {
      width[u] = reach[2 * u + 1] - reach[2 * u];
      for (int row = 0; row < months; ++row)
        std::copy_n(reach.begin() + 2 * u, 2, range.begin() + 2 * (static_cast<std::size_t>(u) * months + row));
    }
  }
  int lo(int u, int row) const { return range[2 * (static_cast<std::size_t>(u) * months + row)]; }
  int hi(int u, int row) const { return range[2 * (static_cast<std::size_t>(u) * months + row) + 1]; }
  double* occ_at(int u, int row) { return occ.data() + at[u] + static_cast<std::size_t>(row) * width[u]; }
  const double* occ_at(int u, int row) const { return occ.data() + at[u] + static_cast<std::size_t>(row) * width[u]; }
  double* moves_at(int u, int row) { return moves.data() + (static_cast<std::size_t>(u) * months + row) * edges; }
  const double* moves_at(int u, int row) const {
    return moves.data() + (static_cast<std::size_t>(u) * months + row) * edges;
  }
  double* starts_at(int u) { return starts.data() + static_cast<std::size_t>(u) * months; }
  const double* starts_at(int u) const { return starts.data() + static_cast<std::size_t>(u) * months; }
};

}  // namespace werkbaat::engine
