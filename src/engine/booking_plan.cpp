// The ledger's plan, built once per run (engine/ledger.h): the shape of the results, discount
// factors, and where each line applies (runs of states per combination, and per trace unit the
// per-month lines' amounts as sparse rows). ledger.cpp books each draw with it.
#include "engine/ledger.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace werkbaat::engine {

Shape shape_of(const model::Scenario& s) {
  Shape sh;
  sh.arms = static_cast<int>(s.arms.size());
  sh.lines = static_cast<int>(s.lines.size());
  sh.accounts = static_cast<int>(s.parties.size()) + 1;
  sh.effects = static_cast<int>(s.effects.size());
  sh.months = s.settings.horizon;
  sh.years = (sh.months + 11) / 12;
  return sh;
}

double discount_factor(const model::ModelSettings& st, double annual_rate, int row, bool event) {
  double offset = 0.0;
  if (!event) offset = st.timing == model::Timing::start ? 0.0 : st.timing == model::Timing::middle ? 0.5 : 1.0;
  return std::pow(1.0 + annual_rate, -(row + offset) / 12.0);
}

namespace {

struct TermsHash {
  std::size_t operator()(const std::vector<std::pair<int, int>>& key) const {
    std::size_t h = key.size();
    for (const auto& [m, e] : key) h = h * 1000003u ^ (static_cast<std::size_t>(m) << 32 | static_cast<unsigned>(e));
    return h;
  }
};

// One trace unit's (`members`) amounts of the per-month lines `lines` as sparse rows of values.
BookingPlan::UnitAmounts unit_amounts(const BookingPlan& plan, const std::vector<int>& lines, const std::vector<int>& members,
                                      const TraceUnits& units, int combos) {
  struct Term {
    int x, j, member, expr;
  };
  // The terms by state, then line, then member: a counting sort on the state of terms made in
  // (line, member) order, each (line, member)'s runs in increasing, disjoint states.
  const auto each_term = [&](auto&& f) {
    for (int j = 0; j < static_cast<int>(lines.size()); ++j)
      for (int m = 0; m < static_cast<int>(members.size()); ++m) {
        const std::size_t i = static_cast<std::size_t>(lines[j]) * combos + members[m];
        for (int r = plan.first[i]; r < plan.first[i + 1]; ++r)
          for (int x = plan.runs[r].begin; x < plan.runs[r].end; ++x) f(Term{x, j, m, plan.runs[r].expr});
      }
  };
  std::vector<std::size_t> at;  // [x]: where its terms begin, then end
  each_term([&](const Term& t) {
    if (at.size() <= static_cast<std::size_t>(t.x) + 1) at.resize(static_cast<std::size_t>(t.x) + 2, 0);
    ++at[t.x + 1];
  });
  for (std::size_t x = 1; x < at.size(); ++x) at[x] += at[x - 1];
  std::vector<Term> terms(at.empty() ? 0 : at.back());
  each_term([&](const Term& t) { terms[at[t.x]++] = t; });
  BookingPlan::UnitAmounts ua;
  ua.term_begin.push_back(0);
  // (member, expression) terms -> value, numbered in the order they first appear
  std::unordered_map<std::vector<std::pair<int, int>>, int, TermsHash> value_of;
  std::vector<std::pair<int, int>> key;
  for (std::size_t a = 0; a < terms.size();) {
    const int x = terms[a].x, j = terms[a].j;
    key.clear();
    for (; a < terms.size() && terms[a].x == x && terms[a].j == j; ++a) key.emplace_back(terms[a].member, terms[a].expr);
    const auto [it, added] = value_of.try_emplace(key, static_cast<int>(value_of.size()));
    if (added) {
      for (const auto& [m, e] : key) {
        ua.weight.push_back(units.weight[members[m]]);
        ua.expr.push_back(e);
      }
      ua.term_begin.push_back(static_cast<int>(ua.expr.size()));
    }
    if (ua.state.empty() || ua.state.back() != x) {
      ua.state.push_back(x);
      ua.entry_begin.push_back(static_cast<int>(ua.line_at.size()));
    }
    ua.line_at.push_back(j);
    ua.value.push_back(it->second);
  }
  ua.entry_begin.push_back(static_cast<int>(ua.line_at.size()));
  return ua;
}

}  // namespace

BookingPlan BookingPlan::build(const model::Scenario& s, const Layout& L, const TraceUnits& units) {
  BookingPlan plan;
  const int C = s.combos();
  const bool base = plan.on_base = L.projects();
  for (const auto& line : s.lines) {
    for (int c = 0; c < C; ++c) {
      plan.first.push_back(static_cast<int>(plan.runs.size()));
      if (line.kind != model::FlowKind::in_state || L.start_at(c, 0) < 0) continue;
      int open_state = -1, open_combo = -1, open_piece = -1;
      for (int x = base ? 0 : L.reach_lo(c); x < (base ? L.based : L.reach_hi(c)); ++x) {
        const int st = base ? L.b_state[x] : L.state_of[x];
        const int cx = base ? L.combo_with(c, L.b_values[x]) : L.combo_at(c, x);
        const model::Pieces* pieces = cx < 0 ? nullptr : &line.state_pieces[st][cx];
        const int j = !pieces ? -1
                      : base  ? model::piece_index(*pieces, L.b_months[x], L.b_clocks_at(x))
                              : model::piece_index(*pieces, L.months_of[x], L.clocks_at(x));
        if (j < 0) {
          open_piece = -1;
          continue;
        }
        if (j == open_piece && st == open_state && cx == open_combo && plan.runs.back().end == x) {
          ++plan.runs.back().end;
          continue;
        }
        plan.runs.push_back({x, x + 1, (*pieces)[j].expr});
        open_state = st;
        open_combo = cx;
        open_piece = j;
      }
    }
  }
  plan.first.push_back(static_cast<int>(plan.runs.size()));
  for (int l = 0; l < static_cast<int>(s.lines.size()); ++l)
    if (s.lines[l].kind == model::FlowKind::in_state) plan.state_lines.push_back(l);
  for (int k = 0; k < units.count(); ++k)
    plan.amounts.push_back(unit_amounts(plan, plan.state_lines, units.members[k], units, C));
  for (const auto& line : s.lines) plan.one_offs = plan.one_offs || line.kind != model::FlowKind::in_state;
  for (int kind = 0; kind < 4; ++kind) {
    const bool costs = kind == kStateCosts || kind == kEventCosts, event = kind == kEventCosts || kind == kEventEffects;
    for (int row = 0; row < s.settings.horizon; ++row)
      plan.discount[kind].push_back(
          discount_factor(s.settings, costs ? s.settings.discount_costs : s.settings.discount_effects, row, event));
  }
  return plan;
}

}  // namespace werkbaat::engine
