#include "engine/trace.h"

namespace werkbaat::engine {

TraceUnits TraceUnits::per_combination(const model::Scenario& s) {
  TraceUnits u;
  for (int c = 0; c < s.combos(); ++c) {
    u.unit_of.push_back(c);
    u.weight.push_back(1.0);
    u.members.push_back({c});
  }
  return u;
}

TraceUnits TraceUnits::by_transitions(const model::Scenario& s) {
  TraceUnits u;
  const int G = static_cast<int>(s.groups.size());
  const auto same = [&](int a, int b) {
    if (a / G != b / G) return false;  // arms differ (entry state, and arm-only flows read the unit)
    for (const auto& t : s.transitions) {
      const auto& pa = t.by_combo[a];
      const auto& pb = t.by_combo[b];
      if (pa.size() != pb.size()) return false;
      for (std::size_t k = 0; k < pa.size(); ++k)
        if (pa[k].from_month != pb[k].from_month || pa[k].expr != pb[k].expr) return false;
    }
    return true;
  };
  for (int c = 0; c < s.combos(); ++c) {
    int unit = -1;
    for (int k = 0; k < u.count() && unit < 0; ++k)
      if (same(u.members[k][0], c)) unit = k;
    if (unit < 0) {
      unit = u.count();
      u.members.emplace_back();
    }
    u.members[unit].push_back(c);
    u.unit_of.push_back(unit);
    u.weight.push_back(s.groups[c % G].share * s.population.size);
  }
  return u;
}

}  // namespace werkbaat::engine
