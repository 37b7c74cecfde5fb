#pragma once
// The expanded state space: each model state is split into tunnel states by months spent in it,
// as far as any piecewise transition or flow needs, and the fixed structure of the transition
// rows over it. Built once per scenario; per-draw probabilities fill it (see draw_tables.h).
#include <cstdint>
#include <utility>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

struct Layout {
  int states = 0;
  int expanded = 0;             // X: number of (state, months-in-state) tunnel states
  std::vector<int> base;        // [state]: first expanded index
  std::vector<int> tunnel;      // [state]: number of tunnel states (the last one holds all later months)
  std::vector<int> state_of;    // [x]
  std::vector<int> months_of;   // [x]: months in the state

  // Row x has entries [row_begin[x], row_begin[x+1]). Entry row_begin[x] is "stay" (to the next
  // tunnel state, or itself when saturated); the others are the model's transitions out of the state.
  std::vector<int> row_begin;
  std::vector<int> dest;        // [entry]: expanded destination
  std::vector<int> transition;  // [entry]: index into Scenario::transitions, -1 for stay
  std::vector<int> edge;        // [entry]: edge slot, -1 for stay
  std::vector<std::pair<int, int>> edges;  // [slot]: (from state, to state)
  std::vector<std::uint8_t> absorbing;     // [x]: no way out and no further tunnel months

  int entries() const { return static_cast<int>(dest.size()); }
  int edge_count() const { return static_cast<int>(edges.size()); }

  static Layout build(const model::Scenario& s);
};

}  // namespace werkbaat::engine
