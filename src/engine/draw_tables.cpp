#include "engine/draw_tables.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "werkbaat/engine/parameter_draws.h"

namespace werkbaat::engine {
namespace {

constexpr double kTwo32 = 4294967296.0;

struct KeyHash {
  std::size_t operator()(const std::vector<int>& key) const {
    std::size_t h = key.size();
    for (const int v : key) h = h * 1000003u ^ static_cast<unsigned>(v);
    return h;
  }
};

// For combination c, each reachable row's first row (in x order) that reads the same entries,
// expressions and pieces, so computes the same probabilities (see DrawTables::row_first).
void first_rows(const model::Scenario& s, const Layout& L, int c, std::vector<int>& out) {
  const int A = L.changing;
  std::unordered_map<std::vector<int>, int, KeyHash> first;
  std::vector<int> key;
  for (int x = L.reach_lo(c); x < L.reach_hi(c); ++x) {
    const int b = L.row_begin[x], e = L.row_begin[x + 1];
    const int months = L.months_of[x], cx = L.combo_at(c, x), vs = L.values_of[x];
    const int* clocks = L.clocks_at(x);
    key.assign({cx, vs, e - b});
    int levels = 1;
    for (int k = b; k < e; ++k) {
      key.push_back(L.health[k]);
      for (int a = 0; a < A; ++a) {
        key.push_back(L.change[static_cast<std::size_t>(k) * A + a]);
        key.push_back(L.change_rule[static_cast<std::size_t>(k) * A + a]);
      }
      if (L.health[k] != levels) continue;  // as DrawTables::fill: a health level's first entry
      ++levels;
      const auto& t = s.transitions[L.transition[k]];
      key.push_back(L.transition[k]);
      key.push_back(model::piece_at(t.by_combo[cx], months, clocks));
    }
    const std::uint8_t* holds = L.rule_holds.data() + static_cast<std::size_t>(vs) * s.changes.size();
    for (int a = 0; a < A; ++a)
      for (const auto& [r, d] : L.outcomes[a][L.value_sets[vs][2 * a]])
        key.push_back(holds[r] ? model::piece_at(s.changes[r].by_combo[cx], months, clocks) : -1);
    out.push_back(first.try_emplace(key, x).first->second);
  }
}

}  // namespace

void DrawTables::fill(const model::Scenario& s, const Layout& L, std::uint64_t seed, int draw,
                      const std::vector<int>& combos) {
  if (streams_of != &s) {
    streams = parameter_streams(s);
    streams_of = &s;
  }
  draw_parameters(s, streams, seed, draw, params);
  expr.resize(s.exprs.size());
  bad_expr = -1;
  for (std::size_t i = 0; i < s.exprs.size(); ++i) {
    expr[i] = s.exprs[i].eval(params.data());
    if (bad_expr < 0 && !std::isfinite(expr[i])) bad_expr = static_cast<int>(i);
  }

  const int E = L.entries(), A = L.changing;
  // Every row of a listed combination is written below; the others are never read.
  const int listed = combos.empty() ? s.combos() : static_cast<int>(combos.size());
  entries = E;
  slot.assign(s.combos(), -1);
  for (int i = 0; i < listed; ++i) slot[combos.empty() ? i : combos[i]] = i;
  prob.resize(static_cast<std::size_t>(listed) * E, 0.0);
  if (thresholds) thresh.resize(prob.size(), 0);
  adjusted_rows = 0;
  std::vector<double> hp, q;
  std::vector<char> rate;  // per row: the model transitions' probabilities (stay first); per change outcome
  std::vector<int> q_begin(A + 1);
  // A rule's shares over its destinations add up to this (negative shares count as 0).
  const auto share_sum = [&](const std::vector<int>& shares) {
    double sum = 0;
    for (const int sh : shares) sum += std::max(0.0, expr[sh]);
    return sum;
  };
  if (row_first_of != &L || row_first_scenario != &s || row_first_combos != combos) {
    row_first.clear();
    row_first_at.assign(listed, 0);
    for (int i = 0; i < listed; ++i) {
      const int c = combos.empty() ? i : combos[i];
      row_first_at[i] = static_cast<int>(row_first.size());
      if (L.start_at(c, 0) >= 0) first_rows(s, L, c, row_first);
    }
    row_first_of = &L;
    row_first_scenario = &s;
    row_first_combos = combos;
    row_adjusted.assign(row_first.size(), 0);
  }
  for (int i = 0; i < listed; ++i) {
    const int c = combos.empty() ? i : combos[i];
    if (L.start_at(c, 0) < 0) continue;  // no client enters in this combination
    double* p = prob.data() + static_cast<std::size_t>(i) * E;
    std::uint64_t* th = thresholds ? thresh.data() + static_cast<std::size_t>(i) * E : nullptr;
    const int lo = L.reach_lo(c);
    const int* first = row_first.data() + row_first_at[i];
    char* mended = row_adjusted.data() + row_first_at[i];
    for (int x = lo; x < L.reach_hi(c); ++x) {  // rows its clients cannot reach are never read
      const int b = L.row_begin[x], e = L.row_begin[x + 1];
      if (share_rows && first[x - lo] != x) {  // the values of an earlier row that computes the same
        const int from = L.row_begin[first[x - lo]];
        std::copy(p + from, p + from + (e - b), p + b);
        if (th) std::copy(th + from, th + from + (e - b), th + b);
        adjusted_rows += mended[first[x - lo] - lo];
        continue;
      }
      const int months = L.months_of[x];
      const int cx = L.combo_at(c, x);
      const int* clocks = L.clocks_at(x);
      // Rates compete: P(leave by j) = rate_j / total * (1 - exp(-total)); probabilities add.
      hp.assign(1, 0.0);
      rate.assign(1, 0);
      double total_rate = 0;
      bool adjusted = false;
      for (int k = b; k < e; ++k) {
        if (L.health[k] != static_cast<int>(hp.size())) continue;
        const auto& t = s.transitions[L.transition[k]];
        const int ex = model::piece_at(t.by_combo[cx], months, clocks);
        double v = ex < 0 ? 0.0 : expr[ex];
        if (!(v >= 0)) {  // negative or NaN
          v = 0;
          adjusted = true;
        }
        hp.push_back(v);
        rate.push_back(t.is_rate);
        if (t.is_rate) total_rate += v;
      }
      const int H = static_cast<int>(hp.size());
      if (total_rate > 0) {
        const double leave = model::leave_probability_of_rates(total_rate);
        for (int h = 1; h < H; ++h)
          if (rate[h]) hp[h] = hp[h] / total_rate * leave;
      }
      double out = 0;
      for (int h = 1; h < H; ++h) out += hp[h];
      if (out > 1) {
        for (int h = 1; h < H; ++h) hp[h] /= out;
        out = 1;
        adjusted = true;
      }
      hp[0] = 1 - out;
      // The changes of value this month can bring, per changing attribute: no change first.
      q.clear();
      for (int a = 0; a < A; ++a) {
        q_begin[a] = static_cast<int>(q.size());
        const int v = L.value_sets[L.values_of[x]][2 * a];
        const auto& outcomes = L.outcomes[a][v];
        if (outcomes.empty()) continue;
        q.push_back(0.0);
        double total = 0;
        const std::uint8_t* holds = L.rule_holds.data() + static_cast<std::size_t>(L.values_of[x]) * s.changes.size();
        for (const auto& [r, d] : outcomes) {
          const auto& rule = s.changes[r];
          const int ex = holds[r] ? model::piece_at(rule.by_combo[cx], months, clocks) : -1;
          double pr = ex < 0 ? 0.0 : expr[ex];
          if (!(pr >= 0)) {
            pr = 0;
            adjusted = true;
          }
          if (!rule.share_by_combo.empty()) {
            const auto& shares = rule.share_by_combo[cx];
            const double sum = share_sum(shares);
            pr = sum > 0 ? pr * std::max(0.0, expr[shares[d]]) / sum : 0.0;
          }
          q.push_back(pr);
          total += pr;
        }
        if (total > 1) {
          for (std::size_t o = q_begin[a] + 1; o < q.size(); ++o) q[o] /= total;
          total = 1;
          adjusted = true;
        }
        q[q_begin[a]] = 1 - total;
      }
      for (int k = b; k < e; ++k) {
        double pk = hp[L.health[k]];
        for (int a = 0; a < A; ++a) {
          const int code = L.change[static_cast<std::size_t>(k) * A + a];
          if (code >= 0) {
            pk *= q[q_begin[a] + code];
          } else if (code <= -2) {  // a destination of a rule the move forces, by its shares
            const auto& shares = s.changes[L.change_rule[static_cast<std::size_t>(k) * A + a]].share_by_combo[cx];
            const double sum = share_sum(shares);
            pk *= sum > 0 ? std::max(0.0, expr[shares[-2 - code]]) / sum : 0.0;
          }
        }
        p[k] = pk;
      }
      adjusted_rows += adjusted;
      mended[x - lo] = adjusted;
      if (!thresholds) continue;
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
