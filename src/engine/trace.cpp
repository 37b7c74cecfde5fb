#include "engine/trace.h"

#include <algorithm>

namespace werkbaat::engine {

std::vector<int> TraceUnits::reach(const Layout& L) const {
  std::vector<int> out;
  for (const auto& m : members) out.insert(out.end(), {L.reach_lo(m[0]), L.reach_hi(m[0])});
  return out;
}

std::size_t unit_offsets(const std::vector<int>& reach, int months, std::vector<std::size_t>& at) {
  std::size_t size = 0;
  for (std::size_t i = 0; i < reach.size(); i += 2) size = std::max(size, static_cast<std::size_t>(reach[i]));
  at.assign(reach.size() / 2, 0);
  for (std::size_t u = 0; u < at.size(); ++u) {
    at[u] = size - reach[2 * u];
    size += static_cast<std::size_t>(months) * (reach[2 * u + 1] - reach[2 * u]);
  }
  return size;
}

TraceUnits TraceUnits::per_combination(const model::Scenario& s, const Layout& L) {
  TraceUnits u;
  for (int c = 0; c < s.combos(); ++c) {
    u.weight.push_back(1.0);
    if (L.start_at(c, 0) < 0) {
      u.unit_of.push_back(-1);
      continue;
    }
    u.unit_of.push_back(u.count());
    u.members.push_back({c});
  }
  return u;
}

TraceUnits TraceUnits::by_transitions(const model::Scenario& s, const Layout& L) {
  TraceUnits u;
  const int G = static_cast<int>(s.groups.size()), VS = static_cast<int>(L.value_sets.size());
  const auto same = [&](int a, int b) {
    if (a / G != b / G) return false;  // arms differ (arm-only flows read the unit)
    for (int m = 0; m < L.entry_starts; ++m)
      if (L.start_at(a, m) != L.start_at(b, m)) return false;
    for (int vs = 0; vs < VS; ++vs) {
      const int ca = L.combo_with(a, vs), cb = L.combo_with(b, vs);
      if ((ca < 0) != (cb < 0)) return false;
      if (ca < 0 || ca == cb) continue;
      for (const auto& t : s.transitions)
        if (t.by_combo[ca] != t.by_combo[cb]) return false;
      for (const auto& r : s.changes)
        if ((!r.by_combo.empty() && r.by_combo[ca] != r.by_combo[cb]) ||
            (!r.share_by_combo.empty() && r.share_by_combo[ca] != r.share_by_combo[cb]))
          return false;
    }
    return true;
  };
  for (int c = 0; c < s.combos(); ++c) {
    u.weight.push_back(s.groups[c % G].share * s.population.size);
    if (L.start_at(c, 0) < 0) {
      u.unit_of.push_back(-1);
      continue;
    }
    int unit = -1;
    for (int k = 0; k < u.count() && unit < 0; ++k)
      if (same(u.members[k][0], c)) unit = k;
    if (unit < 0) {
      unit = u.count();
      u.members.emplace_back();
    }
    u.members[unit].push_back(c);
    u.unit_of.push_back(unit);
  }
  return u;
}

}  // namespace werkbaat::engine
