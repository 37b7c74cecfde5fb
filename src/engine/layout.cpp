#include "engine/layout.h"

#include <algorithm>

namespace werkbaat::engine {
namespace {

int last_piece_start(const std::vector<model::Pieces>& by_combo) {
  int m = 0;
  for (const auto& pieces : by_combo)
    if (!pieces.empty()) m = std::max(m, pieces.back().from_month);
  return m;
}

}  // namespace

Layout Layout::build(const model::Scenario& s) {
  Layout L;
  L.states = static_cast<int>(s.states.size());
  L.tunnel.assign(L.states, 1);
  for (const auto& t : s.transitions)
    L.tunnel[t.from] = std::max(L.tunnel[t.from], last_piece_start(t.by_combo) + 1);
  for (const auto& line : s.lines)
    if (line.kind == model::FlowKind::in_state)
      for (int st = 0; st < L.states; ++st)
        L.tunnel[st] = std::max(L.tunnel[st], last_piece_start(line.state_pieces[st]) + 1);

  for (int st = 0; st < L.states; ++st) {
    L.base.push_back(L.expanded);
    for (int m = 0; m < L.tunnel[st]; ++m) {
      L.state_of.push_back(st);
      L.months_of.push_back(m);
    }
    L.expanded += L.tunnel[st];
  }

  for (int i = 0; i < static_cast<int>(s.transitions.size()); ++i) {
    const std::pair<int, int> e{s.transitions[i].from, s.transitions[i].to};
    if (std::find(L.edges.begin(), L.edges.end(), e) == L.edges.end()) L.edges.push_back(e);
  }

  for (int x = 0; x < L.expanded; ++x) {
    const int st = L.state_of[x];
    const bool saturated = L.months_of[x] + 1 >= L.tunnel[st];
    L.row_begin.push_back(L.entries());
    L.dest.push_back(saturated ? x : x + 1);
    L.transition.push_back(-1);
    L.edge.push_back(-1);
    bool has_exit = false;
    for (int i = 0; i < static_cast<int>(s.transitions.size()); ++i) {
      const auto& t = s.transitions[i];
      if (t.from != st) continue;
      has_exit = true;
      L.dest.push_back(L.base[t.to]);
      L.transition.push_back(i);
      const auto slot = std::find(L.edges.begin(), L.edges.end(), std::pair<int, int>{t.from, t.to});
      L.edge.push_back(static_cast<int>(slot - L.edges.begin()));
    }
    L.absorbing.push_back(!has_exit && saturated ? 1 : 0);
  }
  L.row_begin.push_back(L.entries());
  return L;
}

}  // namespace werkbaat::engine
