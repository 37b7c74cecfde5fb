#include "werkbaat/engine/simulate.h"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>
#include <limits>

#include "engine/cohort.h"
#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/ledger.h"
#include "engine/micro.h"
#include "engine/sums.h"
#include "werkbaat/model/error.h"

namespace werkbaat::engine {
namespace {

// What a draw reports besides its results: mended rows, and the first expression that was not a
// finite number (an error, raised on the calling thread in draw order).
struct DrawNotes {
  long adjusted_rows = 0;
  int bad_expr = -1;
  double bad_value = 0;

  static DrawNotes of(const DrawTables& t) {
    return {t.adjusted_rows, t.bad_expr, t.bad_expr >= 0 ? t.expr[t.bad_expr] : 0.0};
  }
};

// What one draw gives, waiting to be collected in draw order.
struct Finished {
  DrawSet out;
  Monthly monthly;
  GroupTotals groups;
  DrawNotes notes;
};

// One thread's working storage, reused across draws.
struct Workspace {
  DrawTables tables;
  Trace trace;
  BookScratch scratch;
  MicroCounts counts;
  Finished done;  // a draw split over the threads
};

// Micro mode's counts and trace are sparse where a draw's client-months are fewer than a quarter
// of the units' states times the months (`reach`: the units' states; measured on the Dutch model,
// the two take the same time at about a third): the same numbers either way, and less memory.
bool sparse_micro(const model::Scenario& s, const Layout& L, const std::vector<int>& reach, double clients) {
  if (!L.projects()) return false;
  double cells = 0;
  for (std::size_t u = 0; u < reach.size(); u += 2) cells += static_cast<double>(reach[u + 1] - reach[u]) * s.settings.horizon;
  return 4.0 * clients * static_cast<double>(s.arms.size()) * s.settings.horizon < cells;
}

// Cohort mode follows the expanded states, and a rule whose months on a value each client draws
// for itself would need a clock for every month they can last: such a scenario runs in micro mode.
void refuse_cohort(const model::Scenario& s, const model::SimulationSettings& sim) {
  if (sim.mode != model::Mode::cohort) return;
  for (const auto& r : s.changes)
    if (r.per_client())
      throw InputError(r.drawn_origin, r.value_key,
                       "rule '" + r.name + "' draws each client's months on the value, which only micro mode can " +
                           "follow (cohort mode would need a clock for every month they can last); " +
                           (s.simulation.mode == model::Mode::cohort ? "set simulation.mode: micro"
                                                                     : "this run asks for cohort mode: run it in micro mode") +
                           ", or give 'lasts' a whole number of months or the rule a probability per month");
}

class Driver {
 public:
  Driver(const model::Scenario& s, const model::SimulationSettings& sim)
      : s_(s), sim_(sim), L_(Layout::build(s)), sh_(shape_of(s)), threads_(sim.threads), ws_(sim.threads) {
    refuse_cohort(s, sim);
    const bool micro = sim.mode == model::Mode::micro;
    if (micro) plan_ = MicroPlan::build(s, sim.clients);
    units_ = micro ? TraceUnits::per_combination(s, L_) : TraceUnits::by_transitions(s, L_);
    booking_ = BookingPlan::build(s, L_, units_);
    // Transition tables: one per trace unit (micro mode: each combination clients enter in).
    for (const auto& m : units_.members) table_combos_.push_back(m[0]);  // (micro: each unit is one)
    const std::vector<int> reach = units_.reach(L_);  // each unit's trace holds only the states it can reach
    const bool sparse = micro && sparse_micro(s, L_, reach, plan_.clients());
    for (auto& w : ws_) {
      w.tables.thresholds = micro;  // cohort mode reads the probabilities only
      w.trace.reset(units_.count(), s.settings.horizon, L_.expanded, L_.edge_count(), reach, sparse);
      w.counts.sparse = sparse;
      if (micro) w.counts.reset(s, L_, units_);
    }
  }

  const Shape& shape() const { return sh_; }
  const MicroPlan& plan() const { return plan_; }

  // Simulates one draw entirely on the calling thread's workspace, into `f`.
  void run_draw(int draw, Workspace& w, Finished& f) {
    w.tables.fill(s_, L_, sim_.seed, draw, table_combos_);
    if (sim_.mode == model::Mode::cohort) {
      if (booking_.one_offs) std::fill(w.trace.moves.begin(), w.trace.moves.end(), 0.0);
      std::fill(w.trace.starts.begin(), w.trace.starts.end(), 0.0);
      run_cohort(s_, L_, w.tables, units_, booking_.one_offs, w.trace);
    } else {
      w.counts.reset(s_, L_, units_);
      run_micro(s_, L_, w.tables, plan_, units_, sim_.seed, draw, 0, plan_.clients(), w.counts);
      micro_to_trace(s_, L_, plan_, units_, w.counts, w.trace);
    }
    book(s_, L_, booking_, w.tables, w.trace, units_, sh_, w.scratch, f.out, f.monthly, f.groups);
    f.notes = DrawNotes::of(w.tables);
  }

  // Simulates one micro draw with its clients split over the threads; integer counts add exactly.
  void run_draw_split(int draw, Workspace& w0) {
    w0.tables.fill(s_, L_, sim_.seed, draw, table_combos_);
    const int n = plan_.clients();
    int used = 1;  // the threads the region got (possibly fewer than asked)
#pragma omp parallel num_threads(threads_)
    {
      const int id = omp_get_thread_num(), nt = omp_get_num_threads();
      if (id == 0) used = nt;
      auto& w = ws_[id];
      w.counts.reset(s_, L_, units_);
      run_micro(s_, L_, w0.tables, plan_, units_, sim_.seed, draw, static_cast<int>(static_cast<long>(n) * id / nt),
                static_cast<int>(static_cast<long>(n) * (id + 1) / nt), w.counts);
    }
    for (int k = 1; k < used; ++k) w0.counts.add(ws_[k].counts);
    micro_to_trace(s_, L_, plan_, units_, w0.counts, w0.trace);
    book(s_, L_, booking_, w0.tables, w0.trace, units_, sh_, w0.scratch, w0.done.out, w0.done.monthly,
         w0.done.groups);
    w0.done.notes = DrawNotes::of(w0.tables);
  }

  RunResult run(const DrawRange& range, const ProgressFn& progress) {
    RunResult r;
    r.shape = sh_;
    r.simulation = sim_;
    r.has_base = sim_.base_case && range.base;
    r.warnings = plan_.warnings;
    for (const auto& j : s_.joint_draws)
      if (sim_.draws > j.rows)
        r.warnings.push_back(fmt::format("{} draws, but {} holds {}: draw d takes its row (d - 1) mod {} + 1, so rows "
                                         "are used more than once; run at most {} draws for each row once",
                                         sim_.draws, j.file, j.rows, j.rows, j.rows));
    r.first_draw = range.first;
    const int S = range.count;
    const bool part = r.part = range.keep_sums;
    std::vector<int> draws;
    if (r.has_base) draws.push_back(0);
    for (int d = range.first; d < range.first + S; ++d) draws.push_back(d);
    r.base.resize(sh_, r.has_base ? 1 : 0);
    r.psa.resize(sh_, S);
    r.base_monthly.resize(sh_);
    zeros(r.psa_cumulative, static_cast<std::size_t>(S) * sh_.interventions() * sh_.accounts * sh_.months);
    auto& bg = r.by_group;
    bg.groups = static_cast<int>(s_.groups.size());
    bg.cells = bg.groups;
    for (const auto& a : s_.attributes) bg.cells += static_cast<int>(a.values.size());
    const double none = r.has_base ? 0.0 : std::numeric_limits<double>::quiet_NaN();
    DrawSums total = DrawSums::zero(sh_, bg.groups, bg.cells), block = total;
    bg.npv_base.assign(total.groups.npv_sum.size(), none);  // the base case beside the sums, cell by cell
    bg.effect_base.assign(total.groups.effect_sum.size(), none);
    if (part) finish_sums(r, total);  // zeros until merged: a part keeps its sums in blocks

    const bool split = sim_.mode == model::Mode::micro && static_cast<int>(draws.size()) < 2 * threads_;
    const int batch = std::max(16, 4 * threads_);
    // Finished draws of a batch wait here, to be collected in draw order.
    std::vector<Finished> slots(split ? 0 : std::min<std::size_t>(batch, draws.size()));
    const auto take = [&](int draw, const Finished& f) {
      collect(r, draw, f, block);
      // A block of sums ends at every kSumBlock-th draw of the run and at this range's last draw.
      if (draw == 0 || (draw % kSumBlock != 0 && draw != range.first + S - 1)) return;
      if (part) r.blocks.push_back(block);
      else total.add(block);
      block = DrawSums::zero(sh_, bg.groups, bg.cells);
    };
    for (std::size_t b0 = 0; b0 < draws.size(); b0 += batch) {
      const int nb = static_cast<int>(std::min<std::size_t>(batch, draws.size() - b0));
      if (split) {
        for (int j = 0; j < nb; ++j) {
          run_draw_split(draws[b0 + j], ws_[0]);
          take(draws[b0 + j], ws_[0].done);
        }
      } else {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads_)
        for (int j = 0; j < nb; ++j) {
          run_draw(draws[b0 + j], ws_[omp_get_thread_num()], slots[j]);
        }
        for (int j = 0; j < nb; ++j) take(draws[b0 + j], slots[j]);
      }
      if (progress) progress(static_cast<int>(b0) + nb, static_cast<int>(draws.size()));
    }
    if (!part) finish_sums(r, total);
    return r;
  }

 private:
  // Stores one finished draw; called in draw order on the calling thread. Its sums go to `sums`.
  void collect(RunResult& r, int draw, const Finished& f, DrawSums& sums) {
    const DrawSet& out = f.out;
    const Monthly& monthly = f.monthly;
    const DrawNotes& notes = f.notes;
    if (notes.bad_expr >= 0) {
      const auto& e = s_.exprs[notes.bad_expr];
      throw InputError(e.origin, e.origin_key,
                       fmt::format("the value is {} in {} ({}), but an amount, probability or rate must be a finite "
                                   "number; look for a division by zero or a distribution without a finite mean",
                                   notes.bad_value, draw == 0 ? "the base case" : fmt::format("draw {}", draw),
                                   s_.combo_label(e.origin_combo)));
    }
    r.adjusted_rows += notes.adjusted_rows;
    collect_groups(r.by_group, sums.groups, draw, f.groups);
    if (draw == 0) {
      r.base.copy_draw(sh_, 0, out, 0);
      r.base_monthly = monthly;
      return;
    }
    const int at = draw - r.first_draw;  // in this range
    r.psa.copy_draw(sh_, at, out, 0);
    const int T = sh_.months, S = r.psa.draws;
    for (int i = 1; i < sh_.arms; ++i)
      for (int acct = 0; acct < sh_.accounts; ++acct) {
        const double* ni = monthly.acct_disc.data() + (static_cast<std::size_t>(i) * sh_.accounts + acct) * T;
        const double* n0 = monthly.acct_disc.data() + static_cast<std::size_t>(acct) * T;
        float* cum = r.psa_cumulative.data() + ((static_cast<std::size_t>(i - 1) * sh_.accounts + acct) * T) * S + at;
        double running = 0;
        for (int k = 0; k < T; ++k) cum[static_cast<std::size_t>(k) * S] = static_cast<float>(running += ni[k] - n0[k]);
      }
    add_monthly(sums.monthly, monthly);  // (its group sums were added above)
  }

  // Adds one draw's group totals, against the comparator, to the run's group results: each group
  // and each attribute value (the sum of its groups in this draw).
  void collect_groups(GroupResults& bg, GroupResults& sums, int draw, const GroupTotals& g) const {
    const int G = bg.groups, C = bg.cells, A = sh_.accounts, E = sh_.effects;
    std::vector<double> npv(static_cast<std::size_t>(C) * A), gain(static_cast<std::size_t>(C) * E);
    std::vector<int> cells;
    for (int i = 1; i < sh_.arms; ++i) {
      std::fill(npv.begin(), npv.end(), 0.0);
      std::fill(gain.begin(), gain.end(), 0.0);
      for (int k = 0; k < G; ++k) {
        // The group's own cell and one cell per attribute: its value's.
        cells.assign(1, k);
        int first = G;
        for (std::size_t a = 0; a < s_.attributes.size(); ++a) {
          cells.push_back(first + s_.groups[k].values[a]);
          first += static_cast<int>(s_.attributes[a].values.size());
        }
        const int n = static_cast<int>(cells.size());
        for (int acct = 0; acct < A; ++acct) {
          const double v = g.acct_disc[(static_cast<std::size_t>(i) * G + k) * A + acct] -
                           g.acct_disc[static_cast<std::size_t>(k) * A + acct];
          for (int j = 0; j < n; ++j) npv[static_cast<std::size_t>(cells[j]) * A + acct] += v;
        }
        for (int e = 0; e < E; ++e) {
          const std::size_t ai = (static_cast<std::size_t>(i) * G + k) * E + e, a0 = static_cast<std::size_t>(k) * E + e;
          for (int j = 0; j < n; ++j) gain[static_cast<std::size_t>(cells[j]) * E + e] += g.effect_undisc[ai] - g.effect_undisc[a0];
        }
      }
      for (int c = 0; c < C; ++c) {
        for (int acct = 0; acct < A; ++acct) {
          const double v = npv[static_cast<std::size_t>(c) * A + acct];
          const std::size_t x = bg.at(sh_, i - 1, c, acct);
          if (draw == 0) {
            bg.npv_base[x] = v;
            continue;
          }
          sums.npv_sum[x] += v;
          sums.npv_sumsq[x] += v * v;
          sums.npv_positive[x] += v > 1e-6;
        }
        for (int e = 0; e < E; ++e) {
          const std::size_t x = bg.effect_at(sh_, i - 1, c, e), y = static_cast<std::size_t>(c) * E + e;
          if (draw == 0) bg.effect_base[x] = gain[y];
          else sums.effect_sum[x] += gain[y];
        }
      }
    }
  }

  const model::Scenario& s_;
  const model::SimulationSettings sim_;
  Layout L_;
  Shape sh_;
  MicroPlan plan_;
  TraceUnits units_;
  BookingPlan booking_;
  std::vector<int> table_combos_;  // the combinations whose transition tables a draw fills
  int threads_;
  std::vector<Workspace> ws_;
};

}  // namespace

void check_space(const model::Scenario& s) { (void)Layout::build(s); }

RunEstimate estimate(const model::Scenario& s, const model::SimulationSettings& simulation) {
  refuse_cohort(s, simulation);
  const Layout L = Layout::build(s);
  const Shape sh = shape_of(s);
  const double threads = simulation.threads > 0 ? simulation.threads : omp_get_max_threads();
  const double draws = simulation.draws + 1.0;
  const double per_draw = 8.0 * (2.0 * sh.arms * sh.lines + 2.0 * sh.arms * sh.accounts * sh.years +
                                 2.0 * sh.arms * sh.effects + 1.0 * sh.interventions() * sh.accounts);
  const double monthly = 8.0 * sh.arms * ((sh.accounts + sh.effects + sh.lines) * sh.months + 2.0 * sh.lines * sh.years);
  const double cumulative = 4.0 * draws * sh.interventions() * sh.accounts * sh.months;
  const double months = sh.months;
  const bool micro = simulation.mode == model::Mode::micro;
  // Trace units: one per combination clients enter in (micro), or per group of combinations
  // with the same transitions (cohort); each follows the expanded states its entry state reaches
  // (estimated as the states' entries spread over the distinct entry states).
  const TraceUnits units = micro ? TraceUnits::per_combination(s, L) : TraceUnits::by_transitions(s, L);
  const double U = units.count();
  const double starts = static_cast<double>(std::set<int>(L.start.begin(), L.start.end()).size());
  const double reach = L.entries() / std::max(1.0, starts), based = std::max(1.0, L.based / std::max(1.0, starts));
  double held = 0;  // the expanded states the units' traces hold, together
  const std::vector<int> unit_reach = units.reach(L);
  for (std::size_t i = 0; i < unit_reach.size(); i += 2) held += unit_reach[i + 1] - unit_reach[i];
  // Micro mode: dense counts and trace per unit, month and state, or sparse ones per client-month.
  const double simulated = micro ? MicroPlan::build(s, simulation.clients).clients() : 0.0;  // as the run rounds them
  const double client_months = simulated * sh.arms * months;
  const bool sparse = micro && sparse_micro(s, L, unit_reach, simulated);
  const double trace = 8.0 * months * (sparse ? 0.0 : held) + 8.0 * months * U * (L.edge_count() + 1.0) +
                       (sparse ? 24.0 * client_months : 0.0);
  const double counts = !micro ? 0.0 : sparse ? 8.0 * client_months + 4.0 * months * U * L.edge_count()
                                              : 4.0 * months * (held + U * L.edge_count());
  const double tables = (micro ? 16.0 : 8.0) * U * L.entries();
  const double block = std::max(16.0, 4 * threads);
  RunEstimate e;
  e.expanded_states = L.expanded;
  // Per-draw results (twice: the run's, and the summaries' and writers' copies), each thread's
  // workspace, and the block of finished draws waiting to be collected.
  e.bytes = 2 * draws * per_draw + cumulative + threads * (trace + counts + tables + per_draw + monthly) +
            block * (per_draw + monthly);
  // Operations per draw: the clients' months (micro), or each unit's rows and its lines' amounts
  // per month (cohort), and the transition tables; rates measured on the shipped scenarios.
  // Micro mode also counts every unit's expanded states per month (zeroed, then turned into a trace).
  const double clients = micro ? client_months : 0.0;
  const double booking =
      U * months * ((micro ? (sparse ? 0.0 : 3.0 * L.expanded) : reach) + sh.lines * based) + U * L.entries();
  e.seconds = draws * (clients / 1.5e8 + booking / 4e8) / std::max(1.0, std::min(threads, double(omp_get_num_procs())));
  return e;
}

std::vector<double> micro_shares(const model::Scenario& s, int clients) {
  const MicroPlan plan = MicroPlan::build(s, clients);
  std::vector<double> out;
  for (const int n : plan.count) out.push_back(static_cast<double>(n) / plan.per_month);
  return out;
}

RunResult simulate(const model::Scenario& s, const model::SimulationSettings& simulation, const DrawRange& range,
                   const ProgressFn& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  if (range.first < 1 || range.count < 0 || range.first - 1 + range.count > simulation.draws ||
      (range.keep_sums && (range.first - 1) % kSumBlock != 0))
    throw std::invalid_argument(fmt::format("draws {} to {} are not a part of a run of {} draws (parts begin at a block "
                                            "of {})", range.first, range.first + range.count - 1, simulation.draws,
                                            kSumBlock));
  model::SimulationSettings sim = simulation;
  if (sim.threads <= 0) sim.threads = omp_get_max_threads();
  Driver driver(s, sim);
  RunResult r = driver.run(range, progress);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

struct PreparedRun::Impl {
  model::SimulationSettings sim;
  Driver driver;
  Impl(const model::Scenario& s, const model::SimulationSettings& simulation)
      : sim(with_threads(simulation)), driver(s, sim) {}
  static model::SimulationSettings with_threads(model::SimulationSettings sim) {
    if (sim.threads <= 0) sim.threads = omp_get_max_threads();
    return sim;
  }
};

PreparedRun::PreparedRun(const model::Scenario& s, const model::SimulationSettings& simulation)
    : impl_(std::make_unique<Impl>(s, simulation)) {}
PreparedRun::~PreparedRun() = default;

RunResult PreparedRun::run() {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = impl_->driver.run(DrawRange{1, impl_->sim.draws, true}, {});
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

RunResult simulate(const model::Scenario& s, const model::SimulationSettings& simulation, const ProgressFn& progress) {
  return simulate(s, simulation, DrawRange{1, simulation.draws, true}, progress);
}

}  // namespace werkbaat::engine
