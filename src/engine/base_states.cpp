// Layout's b (build_base): what the per-month lines tell apart of the expanded states, from the
// rows Layout::build made.
#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "engine/layout.h"

namespace werkbaat::engine {
namespace {

void sort_unique(std::vector<int>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void build_base(const model::Scenario& s, Layout& L) {
  const int X = L.expanded;
  // Per state, the months in it at which some line's piece starts: b spans the months between.
  std::vector<std::vector<int>> cuts(L.states, std::vector<int>{0});
  for (const auto& line : s.lines)
    if (line.kind == model::FlowKind::in_state)
      for (int st = 0; st < L.states; ++st)
        for (const auto& pieces : line.state_pieces[st])
          for (const auto& p : pieces) cuts[st].push_back(p.from_month);
  for (auto& c : cuts) sort_unique(c);
  const auto span = [&](int st, int m) { return *(std::upper_bound(cuts[st].begin(), cuts[st].end(), m) - 1); };
  // Per clock, the values at which some line's piece starts to apply: b spans the values between.
  std::vector<std::vector<int>> clock_cuts(L.clocks);
  for (const auto& line : s.lines)
    if (line.kind == model::FlowKind::in_state)
      for (const auto& by_combo : line.state_pieces)
        for (const auto& pieces : by_combo)
          for (const auto& p : pieces)
            if (p.clock >= 0) clock_cuts[p.clock].push_back(p.clock_from);
  for (auto& c : clock_cuts) sort_unique(c);
  // x's clocks as the starts of their spans (-1 below the first); clocks no line reads: 0.
  const auto clocks_key = [&](int x) {
    std::vector<int> v(L.clocks, 0);
    for (int k = 0; k < L.clocks; ++k) {
      const auto& c = clock_cuts[k];
      if (c.empty()) continue;
      const auto it = std::upper_bound(c.begin(), c.end(), L.clocks_at(x)[k]);
      v[k] = it == c.begin() ? -1 : *(it - 1);
    }
    return v;
  };
  // The values a line reads: the value set without the earlier values.
  const auto values_key = [&](int vs) {
    std::vector<int> v;
    for (int a = 0; a < L.changing; ++a) v.push_back(L.value_sets[vs][2 * a]);
    return v;
  };
  using BaseKey = std::tuple<std::vector<int>, std::array<int, 2>, std::vector<int>>;
  const auto base_key = [&](int x) {
    return BaseKey{values_key(L.values_of[x]), {L.state_of[x], span(L.state_of[x], L.months_of[x])}, clocks_key(x)};
  };
  std::map<BaseKey, int> base_id;
  for (int x = 0; x < X; ++x) {
    const auto [it, added] = base_id.try_emplace(base_key(x), 0);
    if (added) it->second = L.values_of[x];  // a value set holding these values
  }
  for (auto& [k, id] : base_id) {
    L.b_values.push_back(id);
    L.b_state.push_back(std::get<1>(k)[0]);
    L.b_months.push_back(std::get<1>(k)[1]);
    L.b_clocks.insert(L.b_clocks.end(), std::get<2>(k).begin(), std::get<2>(k).end());
    id = L.based++;
  }
  for (int x = 0; x < X; ++x) L.base_of.push_back(base_id.at(base_key(x)));

  L.base_run_end.resize(X);  // the runs of states with the same b
  for (int x = X - 1; x >= 0; --x)
    L.base_run_end[x] = x + 1 < X && L.base_of[x + 1] == L.base_of[x] ? L.base_run_end[x + 1] : x + 1;
}

}  // namespace werkbaat::engine
