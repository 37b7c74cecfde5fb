// The booking of one draw (engine/ledger.h), by the plan that booking_plan.cpp builds once per run.
#include "engine/ledger.h"

#include <algorithm>
#include <cmath>

#include "werkbaat/model/accounts.h"

namespace werkbaat::engine {
namespace {

// The amount of a one-off line for a client of combination `c` making a move of edge `slot`
// (its value set decides which combination's expression applies), or at entry (slot -1).
double one_off(const Layout& L, const DrawTables& t, const model::FlowLine& line, int c, int slot) {
  const int cx = slot < 0 ? c : L.combo_with(c, L.edges[slot].values);
  return cx < 0 || line.combo_expr[cx] < 0 ? 0.0 : t.expr[line.combo_expr[cx]];
}

bool on_edge(const model::FlowLine& line, const Layout::Edge& e) {
  return (line.from < 0 || line.from == e.from) && (line.to < 0 || line.to == e.to);
}

// Undiscounted amounts per month of every per-month line of one arm, [line][row] in population
// units: per trace unit, the lines' amounts per state (summed over the unit's combinations with
// their weights, BookingPlan::UnitAmounts), and each month's occupancy times them, the lines side
// by side. Each line's sum takes the states in increasing order, as a line-by-line loop does; the
// states and lines left out have an amount of 0, which would add exact zeros: the same bits.
void per_month_amounts(const model::Scenario& s, const Layout& L, const BookingPlan& plan, const DrawTables& t,
                       const Trace& tr, BookScratch& scratch, const TraceUnits& units, int arm) {
  const int T = tr.months, G = static_cast<int>(s.groups.size());
  auto& out = scratch.per_month;
  out.assign(s.lines.size() * static_cast<std::size_t>(T), 0.0);
  const auto& lines = plan.state_lines;
  const int J = static_cast<int>(lines.size());
  if (J == 0) return;
  auto& acc = scratch.acc;
  auto& val = scratch.values;
  for (int k = 0; k < units.count(); ++k) {
    if (units.members[k][0] / G != arm) continue;
    const auto& ua = plan.amounts[k];
    const std::size_t Q = ua.state.size();
    if (Q == 0) continue;
    val.resize(ua.term_begin.size() - 1);
    for (std::size_t v = 0; v < val.size(); ++v) {
      double sum = 0;
      for (int i = ua.term_begin[v]; i < ua.term_begin[v + 1]; ++i) sum += ua.weight[i] * t.expr[ua.expr[i]];
      val[v] = sum;
    }
    if (plan.on_base) {  // a large tracked space, booked on b: month by month, the lines side by side
      acc.assign(static_cast<std::size_t>(J), 0.0);
      double* ac = acc.data();
      for (int row = 0; row < T; ++row) {
        const double* occ = scratch.base_occ.data() + (static_cast<std::size_t>(k) * T + row) * L.based;
        std::fill(acc.begin(), acc.end(), 0.0);
        for (std::size_t q = 0; q < Q; ++q) {
          const double o = occ[ua.state[q]];
          if (o == 0) continue;
          for (int i = ua.entry_begin[q]; i < ua.entry_begin[q + 1]; ++i) ac[ua.line_at[i]] += o * val[ua.value[i]];
        }
        for (int j = 0; j < J; ++j) out[static_cast<std::size_t>(lines[j]) * T + row] += ac[j];
      }
      continue;
    }
    // A small space, booked on x: the unit's occupancy of the states with an amount, month by
    // month side by side ([col][row]; 0 outside the range the trace wrote), so that each line's
    // sum over the states runs over all months at once, the states still in increasing order.
    auto& occ_t = scratch.occ_t;
    occ_t.assign(Q * T, 0.0);
    for (int row = 0; row < T; ++row) {
      const double* occ = tr.occ_at(k, row);
      const int lo = tr.lo(k, row), hi = tr.hi(k, row);
      for (std::size_t q = 0; q < Q; ++q)
        if (ua.state[q] >= lo && ua.state[q] < hi) occ_t[q * T + row] = occ[ua.state[q]];
    }
    acc.assign(static_cast<std::size_t>(J) * T, 0.0);
    for (std::size_t q = 0; q < Q; ++q) {
      const double* o = occ_t.data() + q * T;
      for (int i = ua.entry_begin[q]; i < ua.entry_begin[q + 1]; ++i) {
        const double amount = val[ua.value[i]];
        if (amount == 0) continue;
        double* aj = acc.data() + static_cast<std::size_t>(ua.line_at[i]) * T;
        for (int row = 0; row < T; ++row) aj[row] += o[row] * amount;
      }
    }
    for (int j = 0; j < J; ++j) {
      double* to = out.data() + static_cast<std::size_t>(lines[j]) * T;
      const double* aj = acc.data() + static_cast<std::size_t>(j) * T;
      for (int row = 0; row < T; ++row) to[row] += aj[row];
    }
  }
}

// Undiscounted amounts of one one-off line (at entry or on a transition) in one arm, per month
// (rows), in population units: per trace unit of the arm, the line's amount per edge (or at
// entry) summed over the unit's combinations with their weights, times the unit's moves.
void one_off_amounts(const model::Scenario& s, const Layout& L, const DrawTables& t, const Trace& tr,
                     const TraceUnits& units, int arm, int l, std::vector<double>& u) {
  const model::FlowLine& line = s.lines[l];
  const int T = tr.months, G = static_cast<int>(s.groups.size());
  std::fill(u.begin(), u.end(), 0.0);
  for (int k = 0; k < units.count(); ++k) {
    const auto& members = units.members[k];
    if (members[0] / G != arm) continue;
    if (line.kind == model::FlowKind::at_start) {
      double a = 0;
      for (const int c : members) a += units.weight[c] * one_off(L, t, line, c, -1);
      if (a == 0) continue;
      for (int row = 0; row < T; ++row) u[row] += tr.starts_at(k)[row] * a;
      continue;
    }
    for (int slot = 0; slot < L.edge_count(); ++slot) {
      if (!on_edge(line, L.edges[slot])) continue;
      double a = 0;
      for (const int c : members) a += units.weight[c] * one_off(L, t, line, c, slot);
      if (a == 0) continue;
      for (int row = 0; row < T; ++row) u[row] += tr.moves_at(k, row)[slot] * a;
    }
  }
}

// Per client group: each unit's trace summed over the months once (discounted at each rate, and
// not), then every line's amount per expanded state, edge or entry of each member combination
// times those sums. Linear in the months, not in months x lines x groups. Fills base_occ (the
// trace summed over each b, [unit][row][b]) in the same pass, when the layout projects.
void book_groups(const model::Scenario& s, const Layout& L, const BookingPlan& plan, const DrawTables& t, const Trace& tr,
                 const TraceUnits& units, const Shape& sh, const std::vector<double>& state_c,
                 const std::vector<double>& event_c, std::vector<double>& base_occ, GroupTotals& out) {
  const int T = tr.months, G = static_cast<int>(s.groups.size()), C = s.combos(), society = sh.accounts - 1,
            E = L.edge_count();
  out.resize(sh, G);
  // Per rate (0: discounted at the costs' rate, for money; 1: not discounted, for effects):
  // occupancy summed over the months as prefix sums over the expanded states (a piece covers a run
  // of tunnel states), moves per edge slot, entries.
  const std::size_t X = static_cast<std::size_t>(L.expanded), B = static_cast<std::size_t>(L.based);
  const bool project = L.projects();
  std::vector<double> occ(2 * (X + 1)), occ_base(project ? 2 * (B + 1) : 0), moves(2 * static_cast<std::size_t>(E));
  if (project) base_occ.assign(static_cast<std::size_t>(units.count()) * T * B, 0.0);
  // A sparse trace (micro mode, tr.sparse) touches few states of each unit: those alone are
  // summed, projected and zeroed again. Every state left out would add exact zeros.
  std::vector<int> touched;
  std::vector<char> seen(tr.sparse ? X : 0, 0);
  double starts[2];
  for (int k = 0; k < units.count(); ++k) {
    if (!tr.sparse) std::fill(occ.begin(), occ.end(), 0.0);
    std::fill(moves.begin(), moves.end(), 0.0);
    std::fill(std::begin(starts), std::end(starts), 0.0);
    for (int row = 0; row < T; ++row) {
      const double w_state[2] = {state_c[row], 1.0}, w_event[2] = {event_c[row], 1.0};
      const double* o = tr.sparse ? nullptr : tr.occ_at(k, row);
      const double* m = tr.moves_at(k, row);
      const int lo = tr.lo(k, row), hi = tr.hi(k, row);
      // One pass over the unit's trace this month: summed over the months at both rates, and
      // projected on b for the lines.
      double* oc0 = occ.data() + 1;
      double* oc1 = occ.data() + (X + 1) + 1;
      if (project && tr.sparse) {  // the same sums, in the same order, over the states held
        double* b = base_occ.data() + (static_cast<std::size_t>(k) * T + row) * B;
        const std::size_t cell = static_cast<std::size_t>(k) * T + row;
        for (std::size_t i = tr.sparse_at[cell]; i < tr.sparse_at[cell + 1]; ++i) {
          const int x = tr.sparse_x[i];
          const double ox = tr.sparse_o[i];
          if (!seen[x]) {
            seen[x] = 1;
            touched.push_back(x);
          }
          oc0[x] += ox * w_state[0];
          oc1[x] += ox * w_state[1];
          b[L.base_of[x]] += ox;
        }
      } else if (project) {
        double* b = base_occ.data() + (static_cast<std::size_t>(k) * T + row) * B;
        for (int x = lo; x < hi; ++x) {
          oc0[x] += o[x] * w_state[0];
          oc1[x] += o[x] * w_state[1];
        }
        for (int x = lo; x < hi;) {  // a run of states with one b, in order, in a register
          const int end = std::min(L.base_run_end[x], hi);
          double& to = b[L.base_of[x]];
          double sum = to;
          for (; x < end; ++x) sum += o[x];
          to = sum;
        }
      } else if (row == 0) {
        // A space without clocks or changes is small and its trace has one range for all months
        // (every state in cohort mode, the unit's reach in micro mode): each state's sums over all
        // the months at once, the months in order, as a month-by-month loop adds them.
        for (int x = lo; x < hi; ++x) {
          double s0 = 0, s1 = 0;
          for (int r = 0; r < T; ++r) {
            const double ox = tr.occ_at(k, r)[x];
            s0 += ox * state_c[r];
            s1 += ox;
          }
          oc0[x] = s0;
          oc1[x] = s1;
        }
      }
      if (!plan.one_offs) continue;  // the moves and entries are read by one-off lines only
      for (int r = 0; r < 2; ++r) {
        double* mv = moves.data() + static_cast<std::size_t>(r) * E;
        for (int slot = 0; slot < E; ++slot) mv[slot] += m[slot] * w_event[r];
        starts[r] += tr.starts_at(k)[row] * w_event[r];
      }
    }
    if (project && tr.sparse) {
      std::fill(occ_base.begin(), occ_base.end(), 0.0);
      std::sort(touched.begin(), touched.end());
      for (int r = 0; r < 2; ++r)
        for (const int x : touched) occ_base[r * (B + 1) + 1 + L.base_of[x]] += occ[r * (X + 1) + 1 + x];
      for (const int x : touched) {
        occ[1 + x] = occ[(X + 1) + 1 + x] = 0;
        seen[x] = 0;
      }
      touched.clear();
      for (int r = 0; r < 2; ++r)
        for (std::size_t b = 1; b <= B; ++b) occ_base[r * (B + 1) + b] += occ_base[r * (B + 1) + b - 1];
    } else if (project) {
      std::fill(occ_base.begin(), occ_base.end(), 0.0);
      for (int r = 0; r < 2; ++r)
        for (std::size_t x = 0; x < X; ++x) occ_base[r * (B + 1) + 1 + L.base_of[x]] += occ[r * (X + 1) + 1 + x];
      for (int r = 0; r < 2; ++r)
        for (std::size_t b = 1; b <= B; ++b) occ_base[r * (B + 1) + b] += occ_base[r * (B + 1) + b - 1];
    } else {  // the lines' runs are over x
      for (int r = 0; r < 2; ++r)
        for (std::size_t x = 1; x <= X; ++x) occ[r * (X + 1) + x] += occ[r * (X + 1) + x - 1];
    }
    for (const int c : units.members[k]) {
      const int arm = c / G, g = c % G;
      for (int l = 0; l < static_cast<int>(s.lines.size()); ++l) {
        const model::FlowLine& line = s.lines[l];
        // The line's total for this combination: money discounted, effects not.
        const int r = line.is_money() ? 0 : 1;
        const double* oc = plan.on_base ? occ_base.data() + r * (B + 1) : occ.data() + r * (X + 1);
        double total = 0;
        if (line.kind == model::FlowKind::in_state) {
          const std::size_t i = static_cast<std::size_t>(l) * C + c;
          for (int j = plan.first[i]; j < plan.first[i + 1]; ++j) {
            const auto& run = plan.runs[j];
            total += (oc[run.end] - oc[run.begin]) * t.expr[run.expr];
          }
        } else if (line.kind == model::FlowKind::at_start) {
          total = starts[r] * one_off(L, t, line, c, -1);
        } else {
          const double* mv = moves.data() + static_cast<std::size_t>(r) * E;
          for (int slot = 0; slot < E; ++slot)
            if (on_edge(line, L.edges[slot])) {
              const double a = one_off(L, t, line, c, slot);
              if (a != 0) total += mv[slot] * a;
            }
        }
        total *= units.weight[c];
        if (!line.is_money()) {
          out.effect_undisc[(static_cast<std::size_t>(arm) * G + g) * sh.effects + line.effect] += total;
          continue;
        }
        double* acct = out.acct_disc.data() + (static_cast<std::size_t>(arm) * G + g) * sh.accounts;
        acct[line.payer] -= total;
        acct[line.payee] += total;
        acct[society] += model::society_coefficient(line) * total;
      }
    }
  }
}

}  // namespace

void book(const model::Scenario& s, const Layout& L, const BookingPlan& plan, const DrawTables& t, const Trace& tr,
          const TraceUnits& units, const Shape& sh, BookScratch& scratch, DrawSet& out, Monthly& monthly,
          GroupTotals& groups) {
  out.resize(sh, 1);
  monthly.resize(sh);
  const int T = sh.months, society = sh.accounts - 1;
  scratch.u.resize(T);
  // Also fills scratch.base_occ: the trace summed over each b, where the lines are booked on b.
  book_groups(s, L, plan, t, tr, units, sh, plan.discount[BookingPlan::kStateCosts], plan.discount[BookingPlan::kEventCosts],
              scratch.base_occ, groups);

  // Each sum below takes its terms in the order of lines, then months: every result is the same
  // to the bit however the loops are arranged around it.
  for (int a = 0; a < sh.arms; ++a) {
    per_month_amounts(s, L, plan, t, tr, scratch, units, a);
    for (int l = 0; l < sh.lines; ++l) {
      const auto& line = s.lines[l];
      const bool event = line.kind != model::FlowKind::in_state;
      if (event) one_off_amounts(s, L, t, tr, units, a, l, scratch.u);
      const double* u = event ? scratch.u.data() : scratch.per_month.data() + static_cast<std::size_t>(l) * T;
      const double* df = plan.discount[line.is_money() ? (event ? BookingPlan::kEventCosts : BookingPlan::kStateCosts)
                                                       : (event ? BookingPlan::kEventEffects : BookingPlan::kStateEffects)]
                             .data();
      const std::size_t li = static_cast<std::size_t>(a) * sh.lines + l;
      double disc = 0, undisc = 0;
      double* year_disc = monthly.line_year_disc.data() + li * sh.years;
      double* year_undisc = monthly.line_year_undisc.data() + li * sh.years;
      for (int y = 0, row = 0; y < sh.years; ++y) {  // each year's sums in a register, months in order
        double yd = year_disc[y], yu = year_undisc[y];
        for (; row < std::min(T, 12 * (y + 1)); ++row) {
          const double d = u[row] * df[row];
          disc += d;
          undisc += u[row];
          yd += d;
          yu += u[row];
        }
        year_disc[y] = yd;
        year_undisc[y] = yu;
      }
      std::copy(u, u + T, monthly.line_month.data() + li * T);
      out.line_disc[li] = disc;
      out.line_undisc[li] = undisc;
      if (!line.is_money()) {
        double* effect = monthly.effect.data() + (static_cast<std::size_t>(a) * sh.effects + line.effect) * T;
        for (int row = 0; row < T; ++row) effect[row] += u[row];
        out.effect_disc[static_cast<std::size_t>(a) * sh.effects + line.effect] += disc;
        out.effect_undisc[static_cast<std::size_t>(a) * sh.effects + line.effect] += undisc;
        continue;
      }
      // Double entry: the payer's net falls by the amount, the payee's rises by it. Society gains
      // what enters from the outside account and loses what leaves to it.
      const double soc = model::society_coefficient(line);
      const std::pair<int, double> sides[3] = {{line.payer, -1.0}, {line.payee, 1.0}, {society, soc}};
      for (const auto& [acct, sign] : sides) {
        if (sign == 0) continue;
        const std::size_t at = static_cast<std::size_t>(a) * sh.accounts + acct;
        double* ydisc = out.acct_year_disc.data() + at * sh.years;
        double* yundisc = out.acct_year_undisc.data() + at * sh.years;
        double* mdisc = monthly.acct_disc.data() + at * T;
        for (int y = 0, row = 0; y < sh.years; ++y) {
          double yd = ydisc[y], yu = yundisc[y];
          for (; row < std::min(T, 12 * (y + 1)); ++row) {
            const double d = sign * (u[row] * df[row]);
            yd += d;
            yu += sign * u[row];
            mdisc[row] += d;
          }
          ydisc[y] = yd;
          yundisc[y] = yu;
        }
      }
    }
  }

  // Payback: the month from which the intervention's cumulative discounted net (against the
  // comparator) stays >= 0 to the horizon; 0 when it is never behind, -1 when still behind at it.
  constexpr double kEps = 1e-6;  // euros
  for (int i = 1; i < sh.arms; ++i) {
    for (int acct = 0; acct < sh.accounts; ++acct) {
      const double* ni = monthly.acct_disc.data() + (static_cast<std::size_t>(i) * sh.accounts + acct) * T;
      const double* n0 = monthly.acct_disc.data() + static_cast<std::size_t>(acct) * T;
      double cum = 0;
      int last_behind = -1;
      for (int row = 0; row < T; ++row) {
        cum += ni[row] - n0[row];
        if (cum < -kEps) last_behind = row;
      }
      double& p = out.payback[static_cast<std::size_t>(i - 1) * sh.accounts + acct];
      p = last_behind < 0 ? 0.0 : last_behind == T - 1 ? -1.0 : last_behind + 2.0;
    }
  }
}

}  // namespace werkbaat::engine
