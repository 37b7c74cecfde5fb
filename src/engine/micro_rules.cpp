// Layout::MicroRules: what micro mode needs to follow a rule whose months on a value each client
// draws for itself (ChangeRule::per_client), from the rows Layout::build made.
#include <algorithm>

#include "engine/layout.h"

namespace werkbaat::engine {

// Rules drawn per client (Layout::MicroRules): per row entry and destination of each such rule,
// the entry of the same row that makes the same move with the rule's change instead.
void build_micro_rules(const model::Scenario& s, Layout& L) {
  auto& mr = L.micro_rules;
  for (int r = 0; r < static_cast<int>(s.changes.size()); ++r) {
    if (!s.changes[r].per_client()) continue;
    mr.rule.push_back(r);
    mr.attr.push_back(static_cast<int>(std::find(L.changing_attr.begin(), L.changing_attr.end(), s.changes[r].attribute) -
                                       L.changing_attr.begin()));
    mr.dest_at.push_back(mr.width);
    mr.width += static_cast<int>(s.changes[r].to.size());
  }
  const int Q = mr.count(), A = L.changing;
  if (Q == 0) return;
  for (std::size_t vs = 0; vs < L.value_sets.size(); ++vs)
    for (int q = 0; q < Q; ++q) {
      mr.counts.push_back(s.changes[mr.rule[q]].from[L.value_sets[vs][2 * mr.attr[q]]]);
      mr.fires.push_back(L.rule_holds[vs * s.changes.size() + mr.rule[q]]);
    }
  // Whether entries k and k2 of one row make the same move with the same changes, but for
  // attribute a, which k2 changes by outcome `code`.
  const auto same_but = [&](int k, int k2, int a, int code) {
    if (L.health[k2] != L.health[k]) return false;
    for (int a2 = 0; a2 < A; ++a2)
      if (L.change[static_cast<std::size_t>(k2) * A + a2] != (a2 == a ? code : L.change[static_cast<std::size_t>(k) * A + a2]))
        return false;
    return true;
  };
  mr.forced.resize(static_cast<std::size_t>(L.entries()) * mr.width);
  for (int x = 0; x < L.expanded; ++x)
    for (int k = L.row_begin[x]; k < L.row_begin[x + 1]; ++k)
      for (int q = 0; q < Q; ++q) {
        const int a = mr.attr[q];
        const auto& outs = L.outcomes[a][L.value_sets[L.values_of[x]][2 * a]];
        for (int d = 0; d < static_cast<int>(s.changes[mr.rule[q]].to.size()); ++d) {
          int& to = mr.forced[static_cast<std::size_t>(k) * mr.width + mr.dest_at[q] + d];
          to = k;
          const int o = static_cast<int>(std::find(outs.begin(), outs.end(), std::pair{mr.rule[q], d}) - outs.begin());
          if (o == static_cast<int>(outs.size()) || L.change[static_cast<std::size_t>(k) * A + a] < 0) continue;
          for (int k2 = L.row_begin[x]; k2 < L.row_begin[x + 1]; ++k2)
            if (same_but(k, k2, a, o + 1)) to = k2;
        }
      }
}

}  // namespace werkbaat::engine
