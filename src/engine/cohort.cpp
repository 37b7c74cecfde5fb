#include "werkbaat/engine/cohort.h"

#include <Eigen/Core>

namespace werkbaat::engine {

void run_cohort(const model::Scenario& s, const Layout& L, const DrawTables& t, Trace& out) {
  const int T = s.settings.horizon, X = L.expanded, E = L.entries();
  const int M = s.population.entry_months;
  Eigen::VectorXd v(X), next(X);
  for (int a = 0; a < static_cast<int>(s.arms.size()); ++a) {
    for (int g = 0; g < static_cast<int>(s.groups.size()); ++g) {
      const int c = s.combo(a, g);
      const double per_month = s.groups[g].share * s.population.size / M;
      const double* p = t.prob.data() + static_cast<std::size_t>(c) * E;
      v.setZero();
      for (int row = 0; row < T; ++row) {
        if (row < M) {  // entrants at t = row/12 make their first transition now
          v[L.base[s.start_state[a]]] += per_month;
          out.starts_at(c)[row] = per_month;
        }
        next.setZero();
        double* moves = out.moves_at(c, row);
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
        Eigen::Map<Eigen::VectorXd>(out.occ_at(c, row), X) = v;
      }
    }
  }
}

}  // namespace werkbaat::engine
