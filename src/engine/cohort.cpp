#include "engine/cohort.h"

#include <Eigen/Core>

namespace werkbaat::engine {

void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, const TraceUnits& units, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded, E = L.entries();
  const int M = s.population.entry_months;
  const double per_month = 1.0 / M;  // one client, entering evenly over the entry months
  Eigen::VectorXd v(X), next(X);
  for (int u = 0; u < units.count(); ++u) {
    const int combo = units.members[u][0];  // all members share these transition probabilities
    const double* p = t.prob.data() + static_cast<std::size_t>(combo) * E;
    const int entry = L.start[combo];
    v.setZero();
    for (int row = 0; row < T; ++row) {
      if (row < M) {  // entrants at t = row/12 make their first transition now
        v[entry] += per_month;
        out.starts_at(u)[row] = per_month;
      }
      next.setZero();
      double* moves = out.moves_at(u, row);
      for (int x = 0; x < X; ++x) {
        const double vx = v[x];
        if (vx == 0) continue;
        for (int k = L.row_begin[x]; k < L.row_begin[x + 1]; ++k) {
          const double f = vx * p[k];
          next[L.dest[k]] += f;
          if (L.edge[k] >= 0) moves[L.edge[k]] += f;
        }
      }
      v.swap(next);
      Eigen::Map<Eigen::VectorXd>(out.occ_at(u, row), X) = v;
    }
  }
}

}  // namespace werkbaat::engine
