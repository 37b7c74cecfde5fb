#pragma once
// Per-draw results of a run, as flat arrays. Accounts are the scenario's parties (index 0 is the
// outside account `resources`) plus society (index = parties.size()): society's net is the sum
// over all parties but `resources`, computed flow by flow so that pure transfers cancel exactly.
// Money is in euros of the scenario's price year, totals for the whole population.
#include <string>
#include <vector>

#include "werkbaat/model/settings.h"

namespace werkbaat::engine {

struct Shape {
  int arms = 0, lines = 0, accounts = 0, effects = 0, years = 0, months = 0;
  int interventions() const { return arms - 1; }
};

// Results of one draw, or of many draws stacked draw after draw.
struct DrawSet {
  int draws = 0;
  std::vector<double> line_disc, line_undisc;            // [d][arm][line]: discounted / undiscounted totals
  std::vector<double> acct_year_disc, acct_year_undisc;  // [d][arm][account][year]: net position
  std::vector<double> effect_disc, effect_undisc;        // [d][arm][effect]
  std::vector<double> payback;   // [d][intervention][account]: months, 0 = never behind, -1 = not within horizon

  void resize(const Shape& sh, int n);
  void copy_draw(const Shape& sh, int to, const DrawSet& from, int from_draw);

  double line(const Shape& sh, bool disc, int d, int arm, int l) const {
    return (disc ? line_disc : line_undisc)[(static_cast<std::size_t>(d) * sh.arms + arm) * sh.lines + l];
  }
  double acct_year(const Shape& sh, bool disc, int d, int arm, int acct, int y) const {
    return (disc ? acct_year_disc : acct_year_undisc)
        [((static_cast<std::size_t>(d) * sh.arms + arm) * sh.accounts + acct) * sh.years + y];
  }
  double effect(const Shape& sh, bool disc, int d, int arm, int e) const {
    return (disc ? effect_disc : effect_undisc)[(static_cast<std::size_t>(d) * sh.arms + arm) * sh.effects + e];
  }
  // NPV of draw d: the account's discounted net of arm `arm` minus the comparator's, over all years.
  double npv(const Shape& sh, int d, int arm, int acct) const {
    double total = 0;
    for (int y = 0; y < sh.years; ++y) total += acct_year(sh, true, d, arm, acct, y) - acct_year(sh, true, d, 0, acct, y);
    return total;
  }
  double payback_month(const Shape& sh, int d, int intervention, int acct) const {
    return payback[(static_cast<std::size_t>(d) * sh.interventions() + intervention) * sh.accounts + acct];
  }
};

// Series over time of the base case, or the mean of the PSA draws: [arm][account][month]
// discounted net, [arm][effect][month] undiscounted effect, [arm][line][year] line totals,
// [arm][line][month] undiscounted line amounts.
struct Monthly {
  std::vector<double> acct_disc;
  std::vector<double> effect;
  std::vector<double> line_year_disc, line_year_undisc;
  std::vector<double> line_month;
  void resize(const Shape& sh) {
    acct_disc.assign(static_cast<std::size_t>(sh.arms) * sh.accounts * sh.months, 0.0);
    effect.assign(static_cast<std::size_t>(sh.arms) * sh.effects * sh.months, 0.0);
    line_year_disc.assign(static_cast<std::size_t>(sh.arms) * sh.lines * sh.years, 0.0);
    line_year_undisc.assign(line_year_disc.size(), 0.0);
    line_month.assign(static_cast<std::size_t>(sh.arms) * sh.lines * sh.months, 0.0);
  }
  double line_year(const Shape& sh, bool disc, int arm, int l, int y) const {
    return (disc ? line_year_disc : line_year_undisc)[(static_cast<std::size_t>(arm) * sh.lines + l) * sh.years + y];
  }
};

// One draw's totals per client group: [arm][group][account] discounted net, and [arm][group][effect]
// undiscounted effect. A group's totals over its arms are what its share of the
// population contributes; the groups of an arm add up to the arm's totals.
struct GroupTotals {
  std::vector<double> acct_disc, effect_undisc;
  void resize(const Shape& sh, int groups) {
    acct_disc.assign(static_cast<std::size_t>(sh.arms) * groups * sh.accounts, 0.0);
    effect_undisc.assign(static_cast<std::size_t>(sh.arms) * groups * sh.effects, 0.0);
  }
};

// Per client group and intervention, against the comparator: the base case and, over the PSA
// draws, the sums that give each NPV's mean and standard deviation and the count of positive
// draws (per-draw values are not kept: a run may have many groups).
// The same per attribute value (all groups with severity = epa, say): `cells` are the groups, then
// the attribute values, attribute by attribute in scenario order.
struct GroupResults {
  int groups = 0, cells = 0;
  std::vector<double> npv_base, npv_sum, npv_sumsq;  // [intervention][cell][account]
  std::vector<int> npv_positive;                     // draws with NPV > 1e-6
  std::vector<double> effect_base, effect_sum;       // [intervention][cell][effect]: undiscounted gain
  std::size_t at(const Shape& sh, int intervention, int group, int acct) const {
    return (static_cast<std::size_t>(intervention) * cells + group) * sh.accounts + acct;
  }
  std::size_t effect_at(const Shape& sh, int intervention, int group, int e) const {
    return (static_cast<std::size_t>(intervention) * cells + group) * sh.effects + e;
  }
};

// Sums over PSA draws that a run reduces in blocks of kSumBlock consecutive draws (draws 1..32,
// 33..64, ...): each block's sum in draw order, then the blocks' sums in block order. A run split
// into parts at block boundaries (shards, MPI ranks) keeps its blocks' sums, and merging adds them
// in the same order: the merged run has the same bits as one run, for any split.
constexpr int kSumBlock = 32;
struct DrawSums {
  Monthly monthly;      // sums, not yet means
  GroupResults groups;  // its npv_sum, npv_sumsq, npv_positive and effect_sum
  void add(const DrawSums& o);
  static DrawSums zero(const Shape& sh, int groups, int cells);  // sums over no draw
};

struct RunResult {
  Shape shape;
  bool has_base = false;
  DrawSet base;          // draw 0: every parameter at its mean
  DrawSet psa;           // draws 1..S
  Monthly base_monthly;  // of the base case
  Monthly psa_monthly;   // mean over the PSA draws
  // Per PSA draw, the cumulative discounted net against the comparator at the end of each month:
  // [intervention][account][month][d], in single precision (it draws the charts' 95% bands); the
  // draws of one month lie together, as the bands read them.
  std::vector<float> psa_cumulative;
  GroupResults by_group;
  const float* cumulative_draws(const Shape& sh, int intervention, int acct, int month) const {
    return psa_cumulative.data() +
           ((static_cast<std::size_t>(intervention) * sh.accounts + acct) * sh.months + month) * psa.draws;
  }
  // A part of a run (engine::DrawRange): PSA draws first_draw .. first_draw + psa.draws - 1 of a
  // run of simulation.draws draws, with its blocks' sums in `blocks`; psa_monthly and the sums of
  // by_group are zeros until the parts are merged. A whole run: first_draw 1, no blocks.
  bool part = false;
  int first_draw = 1;
  std::vector<DrawSums> blocks;
  long adjusted_rows = 0;             // transition rows mended (negative, or summing above 1)
  std::vector<std::string> warnings;
  model::SimulationSettings simulation;  // what the run used; threads as resolved
  double seconds = 0;
};

}  // namespace werkbaat::engine
