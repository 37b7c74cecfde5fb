#include "engine/draw_tables.h"

#include <algorithm>
#include <cmath>

#include "werkbaat/engine/parameter_draws.h"

namespace werkbaat::engine {
namespace {

constexpr double kTwo32 = 4294967296.0;

}  // namespace

void DrawTables::fill(const model::Scenario& s, const Layout& L, std::uint64_t seed, int draw,
                      const std::vector<int>& combos) {
  draw_parameters(s, seed, draw, params);
  expr.resize(s.exprs.size());
  bad_expr = -1;
  for (std::size_t i = 0; i < s.exprs.size(); ++i) {
    expr[i] = s.exprs[i].eval(params.data());
    if (bad_expr < 0 && !std::isfinite(expr[i])) bad_expr = static_cast<int>(i);
  }

  const int E = L.entries();
  prob.assign(static_cast<std::size_t>(s.combos()) * E, 0.0);
  thresh.assign(prob.size(), 0);
  adjusted_rows = 0;
  for (int i = 0; i < (combos.empty() ? s.combos() : static_cast<int>(combos.size())); ++i) {
    const int c = combos.empty() ? i : combos[i];
    double* p = prob.data() + static_cast<std::size_t>(c) * E;
    std::uint64_t* th = thresh.data() + static_cast<std::size_t>(c) * E;
    for (int x = 0; x < L.expanded; ++x) {
      const int b = L.row_begin[x], e = L.row_begin[x + 1];
      const int months = L.months_of[x];
      // Rates compete: P(leave by j) = rate_j / total * (1 - exp(-total)); probabilities add.
      double total_rate = 0;
      bool adjusted = false;
      for (int k = b + 1; k < e; ++k) {
        const auto& t = s.transitions[L.transition[k]];
        const int ex = model::piece_at(t.by_combo[c], months);
        double v = ex < 0 ? 0.0 : expr[ex];
        if (!(v >= 0)) {  // negative or NaN
          v = 0;
          adjusted = true;
        }
        p[k] = v;
        if (t.is_rate) total_rate += v;
      }
      if (total_rate > 0) {
        const double leave = model::leave_probability_of_rates(total_rate);
        for (int k = b + 1; k < e; ++k)
          if (s.transitions[L.transition[k]].is_rate) p[k] = p[k] / total_rate * leave;
      }
      double out = 0;
      for (int k = b + 1; k < e; ++k) out += p[k];
      if (out > 1) {
        for (int k = b + 1; k < e; ++k) p[k] /= out;
        out = 1;
        adjusted = true;
      }
      p[b] = 1 - out;
      adjusted_rows += adjusted;
      // The last entry with a positive probability takes everything up to 2^32, so rounding in
      // the running sum can never hand a draw to an entry of probability 0.
      int last = b;
      for (int k = b; k < e; ++k)
        if (p[k] > 0) last = k;
      double cum = 0;
      for (int k = b; k < e; ++k) {
        cum += p[k];
        th[k] = k >= last ? static_cast<std::uint64_t>(kTwo32) : static_cast<std::uint64_t>(std::min(cum, 1.0) * kTwo32);
      }
    }
  }
}

}  // namespace werkbaat::engine
