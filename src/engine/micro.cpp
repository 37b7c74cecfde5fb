#include "engine/micro.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/special_functions/gamma.hpp>

#include "engine/rng.h"

namespace werkbaat::engine {

MicroPlan MicroPlan::build(const model::Scenario& s, int clients) {
  MicroPlan plan;
  plan.entry_months = s.population.entry_months;
  plan.per_month = std::max(1, static_cast<int>(std::lround(double(clients) / plan.entry_months)));
  const int G = static_cast<int>(s.groups.size());
  // Largest remainder: floors first, then the biggest fractional parts (earlier group on ties).
  std::vector<double> frac(G);
  plan.count.assign(G, 0);
  int given = 0;
  for (int g = 0; g < G; ++g) {
    const double exact = s.groups[g].share * plan.per_month;
    plan.count[g] = static_cast<int>(std::floor(exact));
    frac[g] = exact - plan.count[g];
    given += plan.count[g];
  }
  std::vector<int> order(G);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return frac[x] > frac[y]; });
  for (int i = 0; given < plan.per_month; ++i, ++given) ++plan.count[order[i % G]];

  plan.weight.assign(G, 0.0);
  for (int g = 0; g < G; ++g) {
    for (int k = 0; k < plan.count[g]; ++k) plan.group_of.push_back(g);
    const double population = s.groups[g].share * s.population.size / plan.entry_months;
    if (plan.count[g] > 0) {
      plan.weight[g] = population / plan.count[g];
    } else if (population > 0) {
      plan.warnings.push_back("micro: group " + s.groups[g].label + " (share " + std::to_string(s.groups[g].share) +
                              ") gets no simulated client; raise simulation.clients");
    }
  }
  return plan;
}

void MicroCounts::reset(const model::Scenario& s, const Layout& L, const TraceUnits& units) {
  const int T = s.settings.horizon;
  const std::size_t rows = static_cast<std::size_t>(units.count()) * T;
  moves.assign(rows * L.edge_count(), 0);
  u.assign(kLanes * (static_cast<std::size_t>(T) + 4), 0);
  left.assign(static_cast<std::size_t>(kLanes) * L.micro_rules.count(), -1);
  held.assign(left.size(), -1);
  pick.assign(left.size(), 0);
  visits.clear();
  if (sparse) return;
  if (at.size() == static_cast<std::size_t>(units.count())) {  // the same units as before: zero the counts
    std::fill(change.begin(), change.end(), 0);
    return;
  }
  // A unit's clients only reach its range of expanded states: only that is held (and zeroed, and read).
  const std::vector<int> reach = units.reach(L);
  width.assign(units.count(), 0);
  for (int k = 0; k < units.count(); ++k) width[k] = reach[2 * k + 1] - reach[2 * k];
  const std::size_t size = unit_offsets(reach, T, at);
  change.assign(size, 0);
}

void MicroCounts::add(const MicroCounts& o) {
  for (std::size_t i = 0; i < change.size(); ++i) change[i] += o.change[i];
  visits.insert(visits.end(), o.visits.begin(), o.visits.end());
  for (std::size_t i = 0; i < moves.size(); ++i) moves[i] += o.moves[i];
}

namespace {

// The months on the value a client of combination cx draws for rule `rule` from the uniform u:
// a gamma's draw rounded to whole months, or whole months uniform in [min, max]; at least 1, at
// most 1200. A gamma sd that is not positive gives the mean itself; arguments that are not
// finite numbers (a PSA draw far out) end the value after its first month.
int months_drawn(const model::ChangeRule& rule, const DrawTables& t, int cx, double u) {
  using Quiet = boost::math::policies::policy<boost::math::policies::domain_error<boost::math::policies::ignore_error>,
                                              boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
                                              boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;
  const double first = t.expr[rule.drawn_args[cx][0]], second = t.expr[rule.drawn_args[cx][1]];
  double months = 1;
  if (rule.drawn == model::ChangeRule::Drawn::gamma) {
    if (!(second > 0)) {
      months = first;
    } else {
      const double shape = first * first / (second * second), scale = second * second / first;
      months = scale * boost::math::gamma_p_inv(shape, u, Quiet());
    }
    months = std::round(months);
  } else {
    const double lo = std::round(first), hi = std::max(lo, std::round(second));
    months = lo + std::min(hi - lo, std::floor(u * (hi - lo + 1)));
  }
  if (!(months >= 1) || !std::isfinite(first) || !std::isfinite(second)) return 1;  // NaN too
  return static_cast<int>(std::min(months, 1200.0));
}

// The destination of rule `rule` a client of combination cx takes, by its shares, from u.
int destination_drawn(const model::ChangeRule& rule, const DrawTables& t, int cx, double u) {
  if (rule.to.size() == 1) return 0;
  const auto& shares = rule.share_by_combo[cx];
  double sum = 0;
  for (const int e : shares) sum += std::max(0.0, t.expr[e]);
  double cum = 0;
  for (int d = 0; d + 1 < static_cast<int>(shares.size()); ++d) {
    cum += std::max(0.0, t.expr[shares[d]]);
    if (u * sum < cum) return d;
  }
  return static_cast<int>(shares.size()) - 1;
}

template <bool Drawn, bool Sparse>
void run_lanes(const model::Scenario& s, const Layout& L, const DrawTables& t, const MicroPlan& plan,
               const TraceUnits& units, std::uint64_t seed, int draw, int begin, int end, MicroCounts& counts) {
  const int T = s.settings.horizon, E = L.entries(), S = L.edge_count();
  const int A = static_cast<int>(s.arms.size());
  const int* row_begin = L.row_begin.data();
  const int* dest = L.dest.data();
  const int* edge = L.edge.data();
  const std::uint8_t* absorbing = L.absorbing.data();
  const std::size_t stride = static_cast<std::size_t>(T) + 4;  // one client's uniforms
  std::uint32_t* u = counts.u.data();
  const Layout::MicroRules& mr = L.micro_rules;
  const int Q = mr.count();
  int* left = counts.left.data();
  int* held = counts.held.data();
  int* pick = counts.pick.data();

  // kLanes clients at a time, month by month side by side: one client's months form a chain of
  // dependent loads (state -> row -> threshold -> next state), and several independent chains keep
  // the processor busy while each waits. Counts are integers: the order they are added in does
  // not matter, and each client reads its own random numbers as before.
  for (int i0 = begin; i0 < end; i0 += kLanes) {
    const int n = std::min(kLanes, end - i0);
    int m[kLanes], g[kLanes], len[kLanes], longest = 0;
    for (int j = 0; j < n; ++j) {
      const int i = i0 + j;
      m[j] = i / plan.per_month;
      g[j] = plan.group_of[i % plan.per_month];
      len[j] = T - m[j];
      longest = std::max(longest, len[j]);
      for (int b = 0; 4 * b < len[j]; ++b) {
        const auto r = philox_block(seed, static_cast<std::uint32_t>(draw), static_cast<std::uint32_t>(i),
                                    static_cast<std::uint32_t>(b), Purpose::transition);
        std::copy(r.begin(), r.end(), u + j * stride + 4 * b);
      }
    }
    for (int a = 0; a < A; ++a) {
      const std::uint64_t* th[kLanes];
      std::uint32_t *change[kLanes], *moves[kLanes];
      int x[kLanes], last[kLanes], w[kLanes];  // last: the lane's final month (shortened at absorption)
      std::uint64_t key[kLanes];               // (sparse) the lane's unit's first key
      for (int j = 0; j < n; ++j) {
        const int c = s.combo(a, g[j]), unit = units.unit_of[c];
        if constexpr (Drawn) std::fill_n(left + j * Q, Q, -1);
        th[j] = t.thresh.data() + static_cast<std::size_t>(t.slot[c]) * E;
        if constexpr (Sparse) key[j] = static_cast<std::uint64_t>(unit) * T << 32;
        else change[j] = counts.change.data() + counts.at[unit];
        moves[j] = counts.moves.data() + static_cast<std::size_t>(unit) * T * S;
        w[j] = Sparse ? 0 : counts.width[unit];
        x[j] = L.start_at(c, m[j]);
        last[j] = len[j];
      }
      for (int k = 0; k < longest; ++k)
        for (int j = 0; j < n; ++j) {
          if (k >= last[j]) continue;
          const int row = m[j] + k;
          const std::uint64_t uk = u[j * stride + k];
          int e = row_begin[x[j]];
          while (uk >= th[j][e]) ++e;
          if constexpr (Drawn)
            for (int q = 0; q < Q; ++q)  // the client's months on the value are up: the rule's change
              if (left[j * Q + q] == 1 && mr.fires[L.values_of[x[j]] * Q + q]) {
                e = mr.forced[static_cast<std::size_t>(e) * mr.width + mr.dest_at[q] + pick[j * Q + q]];
                left[j * Q + q] = -1;
              }
          if (edge[e] >= 0) ++moves[j][row * S + edge[e]];
          const int to = dest[e];
          if constexpr (Sparse) {
            counts.visits.push_back(key[j] + (static_cast<std::uint64_t>(row) << 32) + static_cast<std::uint32_t>(to));
          } else if (k == 0 || to != x[j]) {  // (before its first month a client is in no state's count)
            std::uint32_t* at_row = change[j] + static_cast<std::size_t>(row) * w[j];
            ++at_row[to];
            if (k > 0) --at_row[x[j]];
          }
          x[j] = to;
          if constexpr (Drawn) {
            const int vs = L.values_of[x[j]];
            for (int q = 0; q < Q; ++q) {
              int& l = left[j * Q + q];
              const int v = L.value_sets[vs][2 * mr.attr[q]];
              if (!mr.counts[vs * Q + q]) {
                l = -1;
              } else if (l < 0 || held[j * Q + q] != v) {  // a value the rule runs on, just taken
                const auto r = philox_block(seed, static_cast<std::uint32_t>(draw), static_cast<std::uint32_t>(i0 + j),
                                            static_cast<std::uint32_t>(row * Q + q), Purpose::duration);
                const auto& rule = s.changes[mr.rule[q]];
                const int cx = L.combo_at(s.combo(a, g[j]), x[j]);
                l = months_drawn(rule, t, cx, uniform53(r[0], r[1]));
                pick[j * Q + q] = destination_drawn(rule, t, cx, uniform53(r[2], r[3]));
                held[j * Q + q] = v;
              } else if (l > 1) {  // at 1 it waits for the rule's `when:` to hold, as a clock on the value would
                --l;
              }
            }
          }
          if (absorbing[x[j]]) {  // it stays counted in x from here on
            last[j] = k + 1;
            if constexpr (Sparse)
              for (int r = row + 1; r < T; ++r)
                counts.visits.push_back(key[j] + (static_cast<std::uint64_t>(r) << 32) + static_cast<std::uint32_t>(x[j]));
          }
        }
    }
  }
}

// The sparse trace of the sparse counts: per unit and month, the states its clients are in, in
// increasing order, with their number times the unit's weight (the value the dense trace holds).
void sparse_trace(const model::Scenario& s, const MicroPlan& plan, const TraceUnits& units, const MicroCounts& counts,
                  Trace& out) {
  const int T = s.settings.horizon, G = static_cast<int>(s.groups.size());
  const std::size_t cells = static_cast<std::size_t>(units.count()) * T;
  // The states by (unit, month): a counting sort on the key's upper half, then each cell's sorted.
  auto& at = out.sparse_at;
  auto& x = out.sparse_scratch;
  at.assign(cells + 1, 0);
  for (const std::uint64_t v : counts.visits) ++at[(v >> 32) + 1];
  for (std::size_t i = 0; i < cells; ++i) at[i + 1] += at[i];
  x.resize(counts.visits.size());
  {
    std::vector<std::size_t> fill(at.begin(), at.end() - 1);
    for (const std::uint64_t v : counts.visits) x[fill[v >> 32]++] = static_cast<std::uint32_t>(v);
  }
  out.sparse_x.clear();
  out.sparse_o.clear();
  std::size_t begin = 0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    const std::size_t end = at[cell + 1];
    std::sort(x.begin() + static_cast<std::ptrdiff_t>(begin), x.begin() + static_cast<std::ptrdiff_t>(end));
    at[cell] = out.sparse_x.size();
    const double w = plan.weight[units.members[cell / T][0] % G];
    for (std::size_t i = begin; i < end;) {
      std::size_t j = i;
      while (j < end && x[j] == x[i]) ++j;
      out.sparse_x.push_back(static_cast<int>(x[i]));
      out.sparse_o.push_back(static_cast<double>(j - i) * w);
      i = j;
    }
    begin = end;
  }
  at[cells] = out.sparse_x.size();
}

}  // namespace

void run_micro(const model::Scenario& s, const Layout& L, const DrawTables& t, const MicroPlan& plan,
               const TraceUnits& units, std::uint64_t seed, int draw, int begin, int end, MicroCounts& counts) {
  const bool drawn = L.micro_rules.count() > 0;
  if (counts.sparse) {
    counts.visits.reserve(counts.visits.size() + static_cast<std::size_t>(end - begin) * s.arms.size() * s.settings.horizon);
    if (drawn) run_lanes<true, true>(s, L, t, plan, units, seed, draw, begin, end, counts);
    else run_lanes<false, true>(s, L, t, plan, units, seed, draw, begin, end, counts);
  } else if (drawn) {
    run_lanes<true, false>(s, L, t, plan, units, seed, draw, begin, end, counts);
  } else {
    run_lanes<false, false>(s, L, t, plan, units, seed, draw, begin, end, counts);
  }
}

void micro_to_trace(const model::Scenario& s, const Layout& L, const MicroPlan& plan, const TraceUnits& units,
                    const MicroCounts& counts, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded, S = L.edge_count();
  if (counts.sparse) sparse_trace(s, plan, units, counts, out);
  for (int c = 0; c < units.count(); ++c) {  // unit c: one combination
    const int g = units.members[c][0] % static_cast<int>(s.groups.size());
    const double w = plan.weight[g];
    const int lo = L.reach_lo(units.members[c][0]), hi = L.reach_hi(units.members[c][0]);
    std::vector<std::uint32_t> in(counts.sparse ? 0 : X, 0);  // the clients in each state this month
    for (int row = 0; row < T; ++row) {
      const std::size_t at = (static_cast<std::size_t>(c) * T + row);
      if (!counts.sparse) {
        const std::uint32_t* change = counts.change.data() + counts.at[c] + static_cast<std::size_t>(row) * counts.width[c];
        double* occ = out.occ_at(c, row);
        for (int x = lo; x < hi; ++x) occ[x] = static_cast<double>(in[x] += change[x]) * w;
        out.range[2 * at] = lo;
        out.range[2 * at + 1] = hi;
      }
      double* moves = out.moves_at(c, row);
      for (int k = 0; k < S; ++k) moves[k] = counts.moves[at * S + k] * w;
      if (row < plan.entry_months) out.starts_at(c)[row] = plan.count[g] * w;
    }
  }
}

}  // namespace werkbaat::engine
