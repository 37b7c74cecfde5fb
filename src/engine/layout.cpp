#include "engine/layout.h"

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <string>

#include "werkbaat/model/error.h"

namespace werkbaat::engine {
namespace {

// A client's expanded state while the layout is built: [state, months, clock..., (value, earlier)...].
using Tuple = std::vector<int>;

struct Builder {
  Builder(const model::Scenario& scenario, Layout& layout) : s(scenario), L(layout) {}
  const model::Scenario& s;
  Layout& L;
  int K = 0, A = 0;
  std::vector<int> cap;                  // [clock]: it stops counting here (Clock::cap, within the horizon's reach)
  std::vector<std::vector<int>> cap_on;  // [clock][value]: an on_value clock counts to this on the value (-1: not)
  int oldest = 0;                        // age: no client is older than this (months) in the run
  std::vector<bool> keeps_earlier;       // [a]: some rule returns to the earlier value

  struct Entry {
    int dest, health, transition;
    std::vector<int> change, rule;
  };
  std::map<Tuple, int> id;
  std::vector<Tuple> tuples;
  std::vector<std::vector<Entry>> rows;
  std::vector<int> queue;

  int state(const Tuple& t) const { return t[0]; }
  int months(const Tuple& t) const { return t[1]; }
  int clock(const Tuple& t, int k) const { return t[2 + k]; }
  int value(const Tuple& t, int a) const { return t[2 + K + 2 * a]; }
  int earlier(const Tuple& t, int a) const { return t[3 + K + 2 * a]; }

  int intern(const Tuple& t) {
    const auto [it, added] = id.try_emplace(t, static_cast<int>(tuples.size()));
    if (added) {
      if (static_cast<int>(tuples.size()) >= Layout::kMaxExpanded)
        throw InputError({s.files.empty() ? "" : s.files[0], 1, 1}, "",
                         "the model's clocks and changing attributes make more than " +
                             std::to_string(Layout::kMaxExpanded) +
                             " expanded states; use fewer or lower bounds in the pieces");
      tuples.push_back(t);
      queue.push_back(it->second);
    }
    return it->second;
  }

  // The clock after a month that ends in `next` (state and values already set), from `t`.
  int advance(const Tuple& t, const Tuple& next, int k) const {
    const model::Clock& c = s.clocks[k];
    const int now = clock(t, k);
    const auto counted = [&](int v) { return std::min(v, cap[k]); };
    switch (c.kind) {
      case model::ClockKind::since_entry:
      case model::ClockKind::calendar: return now < 0 ? 0 : counted(now + 1);
      case model::ClockKind::age: {
        // Counts only while a bound lies within a horizon ahead and below the oldest age of the
        // run: a client who cannot reach the next bound reads the same pieces at every later age,
        // so it keeps this one.
        const auto next_bound = std::upper_bound(c.bounds.begin(), c.bounds.end(), now);
        return next_bound != c.bounds.end() && *next_bound <= std::min(now + s.settings.horizon, oldest) ? now + 1 : now;
      }
      case model::ClockKind::entries:
        if (now < 0) return state(next) == c.target ? 1 : 0;  // entering the programme in it counts
        return state(next) == c.target && state(t) != c.target ? counted(now + 1) : now;
      case model::ClockKind::since_state: return now >= 0 ? counted(now + 1) : state(next) == c.target ? 0 : -1;
      case model::ClockKind::on_value: {
        int a = 0;
        while (L.changing_attr[a] != c.target) ++a;
        const int v = value(next, a), top = cap_on[k][v];
        if (top < 0) return -1;
        return v != value(t, a) || now < 0 ? 0 : std::min(now + 1, top);
      }
    }
    return -1;
  }

  // Every tuple reachable from `start`, itself included.
  std::vector<int> reached_from(int start) const {
    std::vector<char> seen(tuples.size(), 0);
    std::vector<int> out, stack = {start};
    seen[start] = 1;
    while (!stack.empty()) {
      const int x = stack.back();
      stack.pop_back();
      out.push_back(x);
      for (const auto& en : rows[x])
        if (!seen[en.dest]) {
          seen[en.dest] = 1;
          stack.push_back(en.dest);
        }
    }
    return out;
  }

  // Whether rule r's `when:` holds for a client in t.
  bool holds(const model::ChangeRule& r, const Tuple& t) const {
    for (int a = 0; a < A; ++a) {
      const auto& allowed = r.when[L.changing_attr[a]];
      if (!allowed.empty() && !allowed[value(t, a)]) return false;
    }
    return true;
  }

  void expand(int x) {
    const Tuple t = tuples[x];
    const int st = state(t), m = months(t);
    std::vector<int> outs = {-1};
    for (int i = 0; i < static_cast<int>(s.transitions.size()); ++i)
      if (s.transitions[i].from == st) outs.push_back(i);
    std::vector<Entry> row;
    for (int h = 0; h < static_cast<int>(outs.size()); ++h) {
      const int to = outs[h] < 0 ? st : s.transitions[outs[h]].to;
      Tuple next = t;
      next[0] = to;
      next[1] = outs[h] < 0 ? std::min(m + 1, L.tunnel[st] - 1) : 0;
      // Per changing attribute, the month's possible changes: (code, value, earlier).
      std::vector<std::vector<std::array<int, 4>>> choices(A);  // code, value, earlier, rule
      for (int a = 0; a < A; ++a) {
        const int v = value(t, a), e = earlier(t, a);
        const auto moved_to = [&](const model::ChangeRule& r, int d) -> std::pair<int, int> {
          const int target = r.to[d];
          if (target == model::kEarlier) return e >= 0 ? std::pair{e, -1} : std::pair{v, e};
          return {target, r.remember && keeps_earlier[a] ? v : e};
        };
        // A move out of a state (or into one) forces the first rule on it; with shares, each
        // destination is a choice.
        int forced = -1;
        if (outs[h] >= 0)
          for (int r = 0; r < static_cast<int>(s.changes.size()) && forced < 0; ++r) {
            const auto& rule = s.changes[r];
            if (rule.attribute == L.changing_attr[a] && rule.from[v] && holds(rule, t) &&
                ((rule.leaving == st && m >= rule.after) || rule.entering == to))
              forced = r;
          }
        if (forced >= 0) {
          const auto& rule = s.changes[forced];
          for (int d = 0; d < static_cast<int>(rule.to.size()); ++d) {
            const auto [nv, ne] = moved_to(rule, d);
            choices[a].push_back({rule.to.size() == 1 ? -1 : -2 - d, nv, ne, forced});
          }
          continue;
        }
        const auto& outcomes = L.outcomes[a][v];
        bool any = false;
        for (const auto& [r, d] : outcomes) any = any || holds(s.changes[r], t);
        if (!any) {
          choices[a].push_back({-1, v, e, -1});
          continue;
        }
        choices[a].push_back({0, v, e, -1});
        for (int o = 0; o < static_cast<int>(outcomes.size()); ++o) {
          if (!holds(s.changes[outcomes[o].first], t)) continue;
          const auto [nv, ne] = moved_to(s.changes[outcomes[o].first], outcomes[o].second);
          choices[a].push_back({o + 1, nv, ne, -1});
        }
      }
      // Every combination of the attributes' choices, the first attribute slowest.
      std::vector<int> pick(A, 0);
      for (;;) {
        Entry en{-1, h, outs[h], std::vector<int>(A), std::vector<int>(A)};
        Tuple n = next;
        for (int a = 0; a < A; ++a) {
          en.change[a] = choices[a][pick[a]][0];
          en.rule[a] = choices[a][pick[a]][3];
          n[2 + K + 2 * a] = choices[a][pick[a]][1];
          n[3 + K + 2 * a] = choices[a][pick[a]][2];
        }
        for (int k = 0; k < K; ++k) n[2 + k] = advance(t, n, k);
        en.dest = intern(n);
        row.push_back(std::move(en));
        int a = A - 1;
        for (; a >= 0; --a) {
          if (++pick[a] < static_cast<int>(choices[a].size())) break;
          pick[a] = 0;
        }
        if (a < 0) break;
      }
    }
    rows[x] = std::move(row);
  }
};

// The largest month in the state at which a piece starts, of those a client can reach: no more
// than `reach` (a piece that starts later never applies within the horizon).
int last_piece_start(const std::vector<model::Pieces>& by_combo, int reach) {
  int m = 0;
  for (const auto& pieces : by_combo)
    for (const auto& p : pieces)
      if (p.from_month <= reach) m = std::max(m, p.from_month);
  return m;
}

// Calls f(pieces) for every piece list a transition, an in-state line or a change rule reads.
template <class F>
void for_each_pieces(const model::Scenario& s, F f) {
  for (const auto& t : s.transitions) f(t.by_combo);
  for (const auto& line : s.lines)
    if (line.kind == model::FlowKind::in_state)
      for (const auto& by_combo : line.state_pieces) f(by_combo);
  for (const auto& r : s.changes) f(r.by_combo);
}

}  // namespace

Layout Layout::build(const model::Scenario& s) {
  Layout L;
  Builder b(s, L);
  L.states = static_cast<int>(s.states.size());
  L.clocks = b.K = static_cast<int>(s.clocks.size());
  for (int i = 0; i < static_cast<int>(s.attributes.size()); ++i)
    if (s.attributes[i].changes) L.changing_attr.push_back(i);
  L.changing = b.A = static_cast<int>(L.changing_attr.size());
  const int G = static_cast<int>(s.groups.size()), C = s.combos();

  // Within the horizon, months in a state and every clock read at most T - 1 (a count of entries
  // at most T): a bound beyond that never holds, so it neither cuts the space nor stops a clock.
  const int reach = s.settings.horizon - 1;
  L.tunnel.assign(L.states, 1);
  for (const auto& t : s.transitions)
    L.tunnel[t.from] = std::max(L.tunnel[t.from], last_piece_start(t.by_combo, reach) + 1);
  for (const auto& line : s.lines)
    if (line.kind == model::FlowKind::in_state)
      for (int st = 0; st < L.states; ++st)
        L.tunnel[st] = std::max(L.tunnel[st], last_piece_start(line.state_pieces[st], reach) + 1);
  for (const auto& r : s.changes) {
    if (r.leaving >= 0) L.tunnel[r.leaving] = std::max(L.tunnel[r.leaving], r.after + 1);
    for (int st = 0; st < L.states; ++st) L.tunnel[st] = std::max(L.tunnel[st], last_piece_start(r.by_combo, reach) + 1);
  }
  b.cap.assign(b.K, 0);
  for (int k = 0; k < b.K; ++k)
    if (s.clocks[k].kind == model::ClockKind::age) b.cap[k] = s.clocks[k].cap;  // stops at bounds of its own
  for_each_pieces(s, [&](const std::vector<model::Pieces>& by_combo) {
    for (const auto& pieces : by_combo)
      for (const auto& p : pieces)
        if (p.clock >= 0 && s.clocks[p.clock].kind != model::ClockKind::age &&
            p.clock_from <= reach + (s.clocks[p.clock].kind == model::ClockKind::entries))
          b.cap[p.clock] = std::max(b.cap[p.clock], p.clock_from);
  });

  // Which values an on_value clock counts on, and how far: those of the clients whose pieces
  // read it, to the largest bound they read there.
  if (!s.population.entry_age.empty())
    b.oldest = *std::max_element(s.population.entry_age.begin(), s.population.entry_age.end()) - 1 + s.settings.horizon;
  b.cap_on.resize(b.K);
  for (int k = 0; k < b.K; ++k) {
    const model::Clock& c = s.clocks[k];
    if (c.kind != model::ClockKind::on_value) continue;
    b.cap_on[k].assign(s.attributes[c.target].values.size(), -1);
    const auto mark = [&](const std::vector<model::Pieces>& by_combo, const std::vector<bool>* from) {
      for (int cb = 0; cb < static_cast<int>(by_combo.size()); ++cb) {
        const int v = s.groups[cb % G].values[c.target];
        if (from && !(*from)[v]) continue;
        for (const auto& p : by_combo[cb])
          if (p.clock == k && p.clock_from <= reach) b.cap_on[k][v] = std::max(b.cap_on[k][v], p.clock_from);
      }
    };
    for (const auto& t : s.transitions) mark(t.by_combo, nullptr);
    // A rule reads its pieces only for the values it moves clients from.
    for (const auto& r : s.changes) mark(r.by_combo, r.attribute == c.target ? &r.from : nullptr);
    for (const auto& line : s.lines)
      if (line.kind == model::FlowKind::in_state)
        for (const auto& by_combo : line.state_pieces) mark(by_combo, nullptr);
  }
  b.keeps_earlier.assign(b.A, false);
  L.outcomes.resize(b.A);
  for (int a = 0; a < b.A; ++a) {
    const int attr = L.changing_attr[a];
    L.outcomes[a].resize(s.attributes[attr].values.size());
    for (int r = 0; r < static_cast<int>(s.changes.size()); ++r) {
      const auto& rule = s.changes[r];
      if (rule.attribute != attr) continue;
      for (const int d : rule.to) b.keeps_earlier[a] = b.keeps_earlier[a] || d == model::kEarlier;
      if (rule.leaving >= 0 || rule.entering >= 0) continue;
      for (std::size_t v = 0; v < rule.from.size(); ++v)
        if (rule.from[v])
          for (int d = 0; d < static_cast<int>(rule.to.size()); ++d) L.outcomes[a][v].push_back({r, d});
    }
  }

  // Where each combination's clients enter; without clocks and changes, every (state, months).
  const int W = 2 + b.K + 2 * b.A;
  // A calendar clock reads the month of entry: one entry state per entry month (up to its cap).
  int calendar = -1;
  for (int k = 0; k < b.K; ++k)
    if (s.clocks[k].kind == model::ClockKind::calendar) calendar = k;
  L.entry_starts = calendar < 0 ? 1 : s.population.entry_months;
  std::vector<int> start_id(static_cast<std::size_t>(C) * L.entry_starts, -1);
  for (int c = 0; c < C; ++c) {
    const auto& g = s.groups[c % G];
    if (!(g.share > 0)) continue;
    for (int m = 0; m < L.entry_starts; ++m) {
      Tuple t(W, -1);
      t[0] = s.start_state[c / G];
      t[1] = 0;
      for (int a = 0; a < b.A; ++a) t[2 + b.K + 2 * a] = g.values[L.changing_attr[a]];
      if (calendar >= 0) t[2 + calendar] = std::min(m, b.cap[calendar] + 1) - 1;  // the first month reads m
      for (int k = 0; k < b.K; ++k)
        if (s.clocks[k].kind == model::ClockKind::age) t[2 + k] = s.population.entry_age_of(g.values) - 1;
      start_id[static_cast<std::size_t>(c) * L.entry_starts + m] = b.intern(t);
    }
  }
  if (b.K == 0 && b.A == 0)
    for (int st = 0; st < L.states; ++st)
      for (int m = 0; m < L.tunnel[st]; ++m) b.intern({st, m});
  while (!b.queue.empty()) {
    const int x = b.queue.back();
    b.queue.pop_back();
    if (static_cast<int>(b.rows.size()) < static_cast<int>(b.tuples.size())) b.rows.resize(b.tuples.size());
    b.expand(x);
  }
  b.rows.resize(b.tuples.size());

  // Where clocks or changes expand the space, each state belongs to the first entry state that
  // reaches it (its reach class): a unit's states then lie close together.
  const int X = static_cast<int>(b.tuples.size());
  const bool expands = b.K > 0 || b.A > 0;
  std::vector<int> reach_class(X, 0);
  std::map<int, std::vector<int>> reached;  // entry state -> the states it reaches
  if (expands) {
    std::fill(reach_class.begin(), reach_class.end(), -1);
    int cls = 0;
    for (const int st : start_id) {
      if (st < 0 || reached.count(st)) continue;
      for (const int x : reached[st] = b.reached_from(st))
        if (reach_class[x] < 0) reach_class[x] = cls;
      ++cls;
    }
  }
  // Order: by months since entry and the calendar (a closed cohort holds one value at a time: a
  // block of x), reach class, age (one value at a time within a class), value set, the other
  // clocks, then state and months in state.
  const auto outer = [&](int c) {
    return s.clocks[c].kind == model::ClockKind::since_entry || s.clocks[c].kind == model::ClockKind::calendar;
  };
  const auto key = [&](int id) {
    const Tuple& t = b.tuples[id];
    Tuple k;
    for (int c = 0; c < b.K; ++c)
      if (outer(c)) k.push_back(t[2 + c]);
    k.push_back(reach_class[id]);
    for (int c = 0; c < b.K; ++c)
      if (s.clocks[c].kind == model::ClockKind::age) k.push_back(t[2 + c]);
    k.insert(k.end(), t.begin() + 2 + b.K, t.end());
    for (int c = 0; c < b.K; ++c)
      if (!outer(c) && s.clocks[c].kind != model::ClockKind::age) k.push_back(t[2 + c]);
    k.push_back(t[0]);
    k.push_back(t[1]);
    return k;
  };
  std::vector<int> order(X), x_of(X);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int p, int q) { return key(p) < key(q); });
  for (int x = 0; x < X; ++x) x_of[order[x]] = x;

  std::map<std::vector<int>, int> set_id;
  std::map<std::vector<int>, int> group_id;
  for (int g = 0; g < G; ++g) group_id[s.groups[g].values] = g;
  L.expanded = X;
  for (int x = 0; x < X; ++x) {
    const Tuple& t = b.tuples[order[x]];
    L.state_of.push_back(t[0]);
    L.months_of.push_back(t[1]);
    for (int k = 0; k < b.K; ++k) L.clock_of.push_back(t[2 + k]);
    const std::vector<int> vs(t.begin() + 2 + b.K, t.end());
    const auto [it, added] = set_id.try_emplace(vs, static_cast<int>(L.value_sets.size()));
    if (added) L.value_sets.push_back(vs);
    L.values_of.push_back(it->second);
  }
  const int VS = static_cast<int>(L.value_sets.size());
  for (int vs = 0; vs < VS; ++vs) {
    Tuple t(W, -1);
    for (int a = 0; a < b.A; ++a) t[2 + b.K + 2 * a] = L.value_sets[vs][2 * a];
    for (const auto& r : s.changes) L.rule_holds.push_back(b.holds(r, t) ? 1 : 0);
  }
  L.current.assign(static_cast<std::size_t>(C) * VS, -1);
  for (int c = 0; c < C; ++c)
    for (int vs = 0; vs < VS; ++vs) {
      std::vector<int> values = s.groups[c % G].values;
      for (int a = 0; a < b.A; ++a) values[L.changing_attr[a]] = L.value_sets[vs][2 * a];
      const auto it = group_id.find(values);
      if (it != group_id.end()) L.current[static_cast<std::size_t>(c) * VS + vs] = s.combo(c / G, it->second);
    }
  for (const int id : start_id) L.start.push_back(id < 0 ? -1 : x_of[id]);
  // Per combination, the range of expanded states its entry states reach.
  L.reach.assign(2 * static_cast<std::size_t>(C), 0);
  std::map<int, std::pair<int, int>> reach_of;  // entry state id -> [lo, hi)
  for (int c = 0; c < C; ++c) {
    int lo = X, hi = 0;
    for (int m = 0; m < L.entry_starts; ++m) {
      const int st = start_id[static_cast<std::size_t>(c) * L.entry_starts + m];
      if (st < 0) continue;
      auto it = reach_of.find(st);
      if (it == reach_of.end()) {
        int rlo = expands ? X : 0, rhi = expands ? 0 : X;
        if (expands)
          for (const int x : reached.at(st)) {
            rlo = std::min(rlo, x_of[x]);
            rhi = std::max(rhi, x_of[x] + 1);
          }
        it = reach_of.emplace(st, std::pair{rlo, rhi}).first;
      }
      lo = std::min(lo, it->second.first);
      hi = std::max(hi, it->second.second);
    }
    L.reach[2 * c] = std::min(lo, hi);
    L.reach[2 * c + 1] = hi;
  }

  // Edge slots: one per model transition (from, to) that a one-off line books, none for the
  // others. Where values change, a one-off line's amount depends on the mover's current values:
  // one slot per (booked transition, values). Without changing values the slots follow the
  // transitions' order.
  std::vector<std::pair<int, int>> pairs;
  for (const auto& t : s.transitions)
    if (std::find(pairs.begin(), pairs.end(), std::pair{t.from, t.to}) == pairs.end()) pairs.push_back({t.from, t.to});
  std::map<std::pair<std::vector<int>, int>, int> slot_of;  // (values, pair) -> slot
  const auto pair_booked = [&](int p) {
    for (const auto& line : s.lines)
      if (line.kind == model::FlowKind::on_transition && (line.from < 0 || line.from == pairs[p].first) &&
          (line.to < 0 || line.to == pairs[p].second))
        return true;
    return false;
  };
  const auto slot = [&](int vs, int p) {
    if (!pair_booked(p)) return -1;
    std::vector<int> values;
    for (int a = 0; a < b.A; ++a) values.push_back(L.value_sets[vs][2 * a]);
    const auto [it, added] = slot_of.try_emplace({values, p}, L.edge_count());
    if (added) L.edges.push_back({pairs[p].first, pairs[p].second, vs});
    return it->second;
  };
  if (b.A == 0)
    for (int p = 0; p < static_cast<int>(pairs.size()); ++p) slot(0, p);

  for (int x = 0; x < X; ++x) {
    L.row_begin.push_back(L.entries());
    const auto& row = b.rows[order[x]];
    for (const auto& en : row) {
      L.dest.push_back(x_of[en.dest]);
      L.health.push_back(en.health);
      L.transition.push_back(en.transition);
      int e = -1;
      if (en.transition >= 0) {
        const auto& t = s.transitions[en.transition];
        e = slot(L.values_of[x],
                 static_cast<int>(std::find(pairs.begin(), pairs.end(), std::pair{t.from, t.to}) - pairs.begin()));
      }
      L.edge.push_back(e);
      L.change.insert(L.change.end(), en.change.begin(), en.change.end());
      L.change_rule.insert(L.change_rule.end(), en.rule.begin(), en.rule.end());
    }
    L.absorbing.push_back(row.size() == 1 && x_of[row[0].dest] == x ? 1 : 0);
  }
  L.row_begin.push_back(L.entries());

  build_base(s, L);
  build_micro_rules(s, L);

  // The rows' entries by destination, each destination's in the order of the entries.
  L.source.resize(L.entries());
  for (int x = 0; x < X; ++x)
    for (int k = L.row_begin[x]; k < L.row_begin[x + 1]; ++k) L.source[k] = x;
  L.into_begin.assign(X + 1, 0);
  for (const int d : L.dest) ++L.into_begin[d + 1];
  for (int x = 0; x < X; ++x) L.into_begin[x + 1] += L.into_begin[x];
  L.into.resize(L.entries());
  std::vector<int> fill(L.into_begin.begin(), L.into_begin.end() - 1);
  for (int k = 0; k < L.entries(); ++k) L.into[fill[L.dest[k]]++] = k;

  // Each row's destinations as a range.
  L.dest_lo.assign(X, X);
  L.dest_hi.assign(X, 0);
  for (int x = 0; x < X; ++x)
    for (int k = L.row_begin[x]; k < L.row_begin[x + 1]; ++k) {
      L.dest_lo[x] = std::min(L.dest_lo[x], L.dest[k]);
      L.dest_hi[x] = std::max(L.dest_hi[x], L.dest[k] + 1);
    }
  return L;
}

}  // namespace werkbaat::engine
