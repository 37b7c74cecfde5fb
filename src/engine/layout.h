#pragma once
// The expanded state space. A client's state is more than its model state: the months it has
// spent in that state (as far as any piecewise value needs), the clocks the pieces read (months
// since entry, since it first entered a state, on its current benefit) and the current value of
// every changing attribute (with the value it held before, where a rule returns to it). Each
// reachable combination is one expanded state x; clocks stop counting at the largest bound a
// piece gives them, so the space grows with the data's breakpoints, not with the horizon.
// Built once per scenario; per-draw probabilities fill its rows (see draw_tables.h).
//
// Without clocks and changes, x runs over (state, months in state), state by state: the layout
// every model without them has always had.
#include <cstdint>
#include <utility>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

struct Layout {
  int states = 0;
  int expanded = 0;             // X
  std::vector<int> tunnel;      // [state]: months in the state told apart (the last holds all later ones)
  std::vector<int> state_of;    // [x]
  std::vector<int> months_of;   // [x]: months in the state
  int clocks = 0;               // Scenario::clocks.size()
  std::vector<int> clock_of;    // [x * clocks + k]: what clock k reads in x (-1: not started)
  int changing = 0;             // attributes that change
  std::vector<int> changing_attr;  // [a]: index into Scenario::attributes
  std::vector<std::vector<int>> value_sets;  // [vs]: per changing attribute, value then earlier value (-1: none)
  std::vector<int> values_of;   // [x]: its value set
  std::vector<int> current;     // [combo * value_sets + vs]: the combination whose expressions apply
  std::vector<int> start;       // [combo * entry_starts + m]: the expanded state its clients entering in
                                // month m enter in (-1: none enter); with a calendar clock one per
                                // entry month, else one (entry_starts = 1)
  int entry_starts = 1;
  int start_at(int combo, int month) const {
    return start[static_cast<std::size_t>(combo) * entry_starts + (entry_starts == 1 ? 0 : month)];
  }
  std::vector<int> reach;       // [2 * combo]: the expanded states [lo, hi) its clients can reach
  int reach_lo(int combo) const { return reach[2 * static_cast<std::size_t>(combo)]; }
  int reach_hi(int combo) const { return reach[2 * static_cast<std::size_t>(combo) + 1]; }
  std::vector<std::uint8_t> rule_holds;  // [vs * rules + r]: change rule r's `when:` holds in value set vs
  // Per changing attribute and value: the outcomes of the probability rules from that value, as
  // (rule, destination) pairs; a row's entry names one of them by its index + 1 (0: no change).
  std::vector<std::vector<std::vector<std::pair<int, int>>>> outcomes;  // [a][value]

  // Row x has entries [row_begin[x], row_begin[x+1]): every model transition out of the state
  // (stay first), each combined with every change of value the month can bring.
  std::vector<int> row_begin;
  std::vector<int> dest;        // [entry]: expanded destination
  std::vector<int> health;      // [entry]: 0 stay, j: the j-th model transition out of the state
  std::vector<int> transition;  // [entry]: index into Scenario::transitions, -1 for stay
  std::vector<int> edge;        // [entry]: edge slot, -1 for stay
  // [entry * changing + a]: -1 no change possible, or one forced by a move to a single value;
  // 0.. as `outcomes`; <= -2: destination -(code + 2) of the rule a move forces (change_rule), by its shares.
  std::vector<int> change;
  // The same entries by destination: x's are into[into_begin[x] .. into_begin[x+1]), in the order
  // of the entries; source[entry] is the row it leaves.
  std::vector<int> into_begin, into, source;
  std::vector<int> change_rule;  // [entry * changing + a]: that rule, or -1
  std::vector<int> dest_lo, dest_hi;  // [x]: row x's destinations lie in [dest_lo, dest_hi)
  // Rules whose months on a value each client draws for itself (ChangeRule::per_client; micro
  // mode only). Per such rule q: its index in Scenario::changes and its changing attribute, whether
  // a client in value set vs counts months for it (its value is one the rule moves from:
  // counts[vs * rules + q]) and whether its `when:` holds there (fires[...]), and, per entry k and
  // destination d of the rule, the entry of the same row that makes the same move with the rule's
  // change to d instead: forced[k * forced_width + dest_at[q] + d] (k itself where a move forces
  // another rule on the attribute, which then takes precedence).
  struct MicroRules {
    std::vector<int> rule, attr, dest_at;
    std::vector<std::uint8_t> counts, fires;
    std::vector<int> forced;
    int width = 0;
    int count() const { return static_cast<int>(rule.size()); }
  } micro_rules;
  struct Edge {
    int from = -1, to = -1;     // model states
    int values = 0;             // value set of the clients making it
  };
  std::vector<Edge> edges;      // [slot]
  std::vector<std::uint8_t> absorbing;  // [x]: no way out and nothing left to count

  // What the lines tell apart: b = (current values, state, months in the state up to the next
  // month at which any line's piece starts, and each clock a line's piece reads up to the next
  // value at which one starts). Every per-month line is booked on the trace summed over each b:
  // far fewer states than x where clocks and changes expand the space. Used only then
  // (projects()); without clocks and changes, x is booked directly.
  int based = 0;                // B
  std::vector<int> base_of;     // [x]
  std::vector<int> base_run_end;  // [x]: the end of the run of states from x on with x's b
  std::vector<int> b_state, b_months, b_values;  // [b]: b_months the first month of its span, b_values a value set
  // [b * clocks + k]: the start of clock k's span (-1: below every piece's start, or not started);
  // 0 for a clock no line reads
  std::vector<int> b_clocks;
  const int* b_clocks_at(int b) const { return b_clocks.data() + static_cast<std::size_t>(b) * clocks; }
  bool projects() const { return clocks > 0 || changing > 0; }

  int entries() const { return static_cast<int>(dest.size()); }
  int edge_count() const { return static_cast<int>(edges.size()); }
  const int* clocks_at(int x) const { return clock_of.data() + static_cast<std::size_t>(x) * clocks; }
  // The combination whose expressions apply to a client of `combo` (as it entered) in x.
  int combo_at(int combo, int x) const {
    return current[static_cast<std::size_t>(combo) * value_sets.size() + values_of[x]];
  }
  int combo_with(int combo, int vs) const { return current[static_cast<std::size_t>(combo) * value_sets.size() + vs]; }

  // Refuses (InputError at the scenario) a space larger than this.
  static constexpr int kMaxExpanded = 200'000;
  static Layout build(const model::Scenario& s);
};

// Fills L.micro_rules from L's rows (src/engine/micro_rules.cpp); Layout::build calls it last.
void build_micro_rules(const model::Scenario& s, Layout& L);
// Fills L's b (based, base_of, base_run_end, b_*) from its states (src/engine/base_states.cpp);
// Layout::build calls it.
void build_base(const model::Scenario& s, Layout& L);

}  // namespace werkbaat::engine
