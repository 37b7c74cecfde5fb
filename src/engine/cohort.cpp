#include "engine/cohort.h"

#include <Eigen/Core>
#include <algorithm>

namespace werkbaat::engine {
namespace {

// One unit's months, following the range [lo, hi) of states holding clients (a closed cohort
// fills little of a space that clocks and changes expand). `Moves`: count the transitions per
// edge (read only by one-off lines).
template <bool Moves>
void unit_months(const model::Scenario& s, const Layout& L, const double* p, int combo, int u, Eigen::VectorXd& v,
                 Eigen::VectorXd& next, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded;
  const int M = s.population.entry_months;
  const double per_month = 1.0 / M;  // one client, entering evenly over the entry months
  const int* row_begin = L.row_begin.data();
  const int* dest = L.dest.data();
  const int* edge = L.edge.data();
  const int* dest_lo = L.dest_lo.data();
  const int* dest_hi = L.dest_hi.data();
  int lo = X, hi = 0;
  for (int row = 0; row < T; ++row) {
    if (row < M) {  // entrants at t = row/12 make their first transition now
      const int entry = L.start_at(combo, row);
      v[entry] += per_month;
      out.starts_at(u)[row] = per_month;
      lo = std::min(lo, entry);
      hi = std::max(hi, entry + 1);
    }
    double* moves = out.moves_at(u, row);
    double* nx = next.data();
    int next_lo = X, next_hi = 0;
    for (int x = lo; x < hi; ++x) {
      const double vx = v[x];
      if (vx == 0) continue;
      next_lo = std::min(next_lo, dest_lo[x]);
      next_hi = std::max(next_hi, dest_hi[x]);
      for (int k = row_begin[x]; k < row_begin[x + 1]; ++k) {
        const double f = vx * p[k];
        nx[dest[k]] += f;
        if (Moves && edge[k] >= 0) moves[edge[k]] += f;
      }
    }
    std::fill(v.data() + lo, v.data() + std::max(lo, hi), 0.0);
    v.swap(next);
    lo = next_lo;
    hi = next_hi;
    if (lo < hi) std::copy(v.data() + lo, v.data() + hi, out.occ_at(u, row) + lo);
    out.range[2 * (static_cast<std::size_t>(u) * T + row)] = std::min(lo, hi);
    out.range[2 * (static_cast<std::size_t>(u) * T + row) + 1] = hi;
  }
  std::fill(v.data() + std::min(lo, hi), v.data() + hi, 0.0);
}

// Every unit's months side by side, every state every month (a space without clocks or changes
// is small): each destination's clients summed from its entries in the order a loop over the rows
// would add them, all units at once. All terms are >= 0 and a term of 0 changes no sum, so each
// unit gets the bits of adding only the rows that hold clients, one unit at a time.
void all_units(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, bool moves,
               Trace& out) {
  const int T = s.settings.horizon, X = L.expanded, E = L.entries(), U = units.count();
  const int M = s.population.entry_months;
  const double per_month = 1.0 / M;
  const std::size_t W = static_cast<std::size_t>(U);
  std::vector<double> p(static_cast<std::size_t>(E) * W), v(static_cast<std::size_t>(X) * W, 0.0), next(v.size());
  for (int u = 0; u < U; ++u) {
    const double* pu = t.prob_of(units.members[u][0]);
    for (int k = 0; k < E; ++k) p[k * W + u] = pu[k];
  }
  for (int row = 0; row < T; ++row) {
    if (row < M)
      for (int u = 0; u < U; ++u) {
        v[L.start_at(units.members[u][0], row) * W + u] += per_month;
        out.starts_at(u)[row] = per_month;
      }
    for (int d = 0; d < X; ++d) {
      double* __restrict to = next.data() + d * W;
      std::fill(to, to + W, 0.0);
      for (int i = L.into_begin[d]; i < L.into_begin[d + 1]; ++i) {
        const int k = L.into[i];
        const double* __restrict from = v.data() + L.source[k] * W;
        const double* __restrict pk = p.data() + k * W;
        for (std::size_t u = 0; u < W; ++u) to[u] += from[u] * pk[u];
      }
    }
    if (moves)
      for (int k = 0; k < E; ++k) {
        if (L.edge[k] < 0) continue;
        const double* from = v.data() + L.source[k] * W;
        const double* pk = p.data() + k * W;
        for (int u = 0; u < U; ++u) out.moves_at(u, row)[L.edge[k]] += from[u] * pk[u];
      }
    v.swap(next);
    for (int u = 0; u < U; ++u) {
      double* occ = out.occ_at(u, row);
      for (int x = 0; x < X; ++x) occ[x] = v[x * W + u];
      out.range[2 * (static_cast<std::size_t>(u) * T + row)] = 0;
      out.range[2 * (static_cast<std::size_t>(u) * T + row) + 1] = X;
    }
  }
}

}  // namespace

void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, bool moves,
                Trace& out) {
  if (!L.projects()) return all_units(s, L, t, units, moves, out);
  const int X = L.expanded;
  Eigen::VectorXd v = Eigen::VectorXd::Zero(X), next = Eigen::VectorXd::Zero(X);
  const auto months = moves ? unit_months<true> : unit_months<false>;
  for (int u = 0; u < units.count(); ++u) {
    const int combo = units.members[u][0];  // all members share these transition probabilities
    months(s, L, t.prob_of(combo), combo, u, v, next, out);
  }
}

}  // namespace werkbaat::engine
