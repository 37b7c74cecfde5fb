#include "engine/cohort.h"

#include <Eigen/Core>
#include <algorithm>

namespace werkbaat::engine {

void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded, E = L.entries();
  const int M = s.population.entry_months;
  const double per_month = 1.0 / M;  // one client, entering evenly over the entry months
  // v holds this month's occupancy in [lo, hi) and zeros elsewhere; next is all zeros. The range
  // is followed where clocks and changes expand the space (a closed cohort fills little of it).
  const bool track = L.projects();
  Eigen::VectorXd v = Eigen::VectorXd::Zero(X), next = Eigen::VectorXd::Zero(X);
  for (int u = 0; u < units.count(); ++u) {
    const int combo = units.members[u][0];  // all members share these transition probabilities
    const double* p = t.prob.data() + static_cast<std::size_t>(combo) * E;
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
      int next_lo = X, next_hi = 0;
      if (!track) {  // a small space: every state, every month
        lo = next_lo = 0;
        hi = next_hi = X;
      }
      for (int x = lo; x < hi; ++x) {
        const double vx = v[x];
        if (vx == 0) continue;
        for (int k = L.row_begin[x]; k < L.row_begin[x + 1]; ++k) {
          const double f = vx * p[k];
          const int d = L.dest[k];
          next[d] += f;
          if (track) {
            next_lo = std::min(next_lo, d);
            next_hi = std::max(next_hi, d + 1);
          }
          if (L.edge[k] >= 0) moves[L.edge[k]] += f;
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
}

}  // namespace werkbaat::engine
