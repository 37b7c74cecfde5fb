#pragma once
// What a simulation of one draw produces, in either mode: per (arm, group) combination, how many
// clients (in population units) occupy each expanded state in each month, how many make each
// transition, and how many enter. Micro mode fills it with weighted counts, cohort mode with
// expectations; the ledger reads both the same way.
#include <vector>

namespace werkbaat::engine {

struct Trace {
  int combos = 0, months = 0, expanded = 0, edges = 0;
  std::vector<double> occ;     // [combo][month-1][x]: clients in x during month (1..T)
  std::vector<double> moves;   // [combo][month-1][slot]: transitions at the start of month
  std::vector<double> starts;  // [combo][m]: clients entering at t = m/12 (m = 0..T-1)

  void reset(int combos_, int months_, int expanded_, int edges_) {
    combos = combos_;
    months = months_;
    expanded = expanded_;
    edges = edges_;
    occ.assign(static_cast<std::size_t>(combos) * months * expanded, 0.0);
    moves.assign(static_cast<std::size_t>(combos) * months * edges, 0.0);
    starts.assign(static_cast<std::size_t>(combos) * months, 0.0);
  }
  double* occ_at(int c, int row) { return occ.data() + (static_cast<std::size_t>(c) * months + row) * expanded; }
  const double* occ_at(int c, int row) const {
    return occ.data() + (static_cast<std::size_t>(c) * months + row) * expanded;
  }
  double* moves_at(int c, int row) { return moves.data() + (static_cast<std::size_t>(c) * months + row) * edges; }
  const double* moves_at(int c, int row) const {
    return moves.data() + (static_cast<std::size_t>(c) * months + row) * edges;
  }
  double* starts_at(int c) { return starts.data() + static_cast<std::size_t>(c) * months; }
  const double* starts_at(int c) const { return starts.data() + static_cast<std::size_t>(c) * months; }
};

}  // namespace werkbaat::engine
