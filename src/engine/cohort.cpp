#include "engine/cohort.h"

#include <Eigen/Core>
#include <algorithm>

namespace werkbaat::engine {
namespace {

// One unit's months. `Track`: follow the range [lo, hi) of states holding clients (a closed
// cohort fills little of a space that clocks and changes expand), else every state every month.
// `Moves`: count the transitions per edge (read only by one-off lines).
template <bool Track, bool Moves>
void unit_months(const model::Scenario& s, const Layout& L, const double* p, int combo, int u, Eigen::VectorXd& v,
                 Eigen::VectorXd& next, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded;
  const int M = s.population.entry_months;
  const double per_month = 1.0 / M;  // one client, entering evenly over the entry months
  const int* row_begin = L.row_begin.data();
  const int* dest = L.dest.data();
  const int* edge = L.edge.data();
  const int* into_begin = L.into_begin.data();
  const int* into = L.into.data();
  const int* source = L.source.data();
  int lo = Track ? X : 0, hi = Track ? 0 : X;
  for (int row = 0; row < T; ++row) {
    if (row < M) {  // entrants at t = row/12 make their first transition now
      const int entry = L.start_at(combo, row);
      v[entry] += per_month;
      out.starts_at(u)[row] = per_month;
      if (Track) {
        lo = std::min(lo, entry);
        hi = std::max(hi, entry + 1);
      }
    }
    double* moves = out.moves_at(u, row);
    double* nx = next.data();
    const double* vv = v.data();
    if (!Track) {
      // Every state every month: each destination's clients summed in a register, from its
      // entries in the order a loop over the rows would add them (all terms are >= 0, and a
      // term of 0 changes no sum: the same bits as adding only the rows holding clients).
      for (int d = 0; d < X; ++d) {
        double sum = 0;
        for (int i = into_begin[d]; i < into_begin[d + 1]; ++i) {
          const int k = into[i];
          sum += vv[source[k]] * p[k];
        }
        nx[d] = sum;
      }
      if (Moves)
        for (int k = 0; k < L.entries(); ++k)
          if (edge[k] >= 0) moves[edge[k]] += vv[source[k]] * p[k];
      v.swap(next);
      std::copy(v.data(), v.data() + X, out.occ_at(u, row));
      out.range[2 * (static_cast<std::size_t>(u) * T + row)] = 0;
      out.range[2 * (static_cast<std::size_t>(u) * T + row) + 1] = X;
      continue;
    }
    int next_lo = X, next_hi = 0;
    for (int x = lo; x < hi; ++x) {
      const double vx = v[x];
      if (vx == 0) continue;
      for (int k = row_begin[x]; k < row_begin[x + 1]; ++k) {
        const double f = vx * p[k];
        const int d = dest[k];
        nx[d] += f;
        next_lo = std::min(next_lo, d);
        next_hi = std::max(next_hi, d + 1);
        if (Moves && edge[k] >= 0) moves[edge[k]] += f;
      }
    }
    std::fill(v.data() + lo, v.data() + std::max(lo, hi), 0.0);
    v.swap(next);
    lo = next_lo;
    hi = next_hi;
    std::copy(v.data() + lo, v.data() + std::max(lo, hi), out.occ_at(u, row) + std::min(lo, X));
    out.range[2 * (static_cast<std::size_t>(u) * T + row)] = std::min(lo, hi);
    out.range[2 * (static_cast<std::size_t>(u) * T + row) + 1] = hi;
  }
  std::fill(v.data() + std::min(lo, hi), v.data() + hi, 0.0);
}

}  // namespace

void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, bool moves,
                Trace& out) {
  const int X = L.expanded, E = L.entries();
  Eigen::VectorXd v = Eigen::VectorXd::Zero(X), next = Eigen::VectorXd::Zero(X);
  const auto months = L.projects() ? (moves ? unit_months<true, true> : unit_months<true, false>)
                                   : (moves ? unit_months<false, true> : unit_months<false, false>);
  for (int u = 0; u < units.count(); ++u) {
    const int combo = units.members[u][0];  // all members share these transition probabilities
    months(s, L, t.prob.data() + static_cast<std::size_t>(combo) * E, combo, u, v, next, out);
  }
}

}  // namespace werkbaat::engine
