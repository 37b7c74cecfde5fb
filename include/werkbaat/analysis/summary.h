#pragma once
// Summaries over the PSA draws: per intervention (against the comparator) and per account (each
// party, and society), the discounted investment, return, net present value, ROI and payback
// month, the annual budget impact, and the effects. Money is euros of the price year, totals for
// the population; `per_client` figures divide by the population size.
//
// Investment and return: for each flow line, the account's discounted net change against the
// comparator; lines where it loses are its investment, lines where it gains are its return.
// NPV = return - investment. ROI = NPV / investment, its statistics only when every draw has an
// investment (else NaN, with n the draws that define it). Payback: see engine/ledger.h.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "werkbaat/analysis/cost_effectiveness.h"
#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::analysis {

// A quantity over the PSA draws; `base` is its value in the base case (NaN without one).
struct Stat {
  double base = 0.0;
  double mean = 0.0, sd = 0.0, mcse = 0.0;  // mcse: Monte Carlo standard error of the mean
  double p025 = 0.0, p50 = 0.0, p975 = 0.0;
  double p_positive = 0.0;                  // share of draws > 1e-6 (rounding noise is not > 0)
  int n = 0;                                // draws with a defined value
};

// Builds a Stat from values (NaN values are left out) and the base-case value.
Stat describe(std::vector<double> values, double base);

// Type-7 quantiles of n single-precision values (no NaN) at q_lo and q_hi, equal to those of
// describe() on the same values as doubles, without selecting over all of them twice: one pass
// counts the values per bucket of their leading bits (in an order-preserving encoding), and only
// the values in the buckets of the wanted ranks are selected among. For the 95% bands of the
// cumulative nets: two per month per account. Keeps its scratch between calls.
class TailQuantiles {
 public:
  std::pair<double, double> operator()(const float* v, std::size_t n, double q_lo, double q_hi);

 private:
  static constexpr int kBits = 11, kBuckets = 1 << kBits;
  static std::uint32_t bucket(float f);
  double at(const float* v, std::size_t n, double q);
  std::vector<std::uint32_t> count_;
  std::vector<float> pick_;
};

// A part of an account's result against the comparator. In each draw a line's net change for
// the account is its investment (a loss) or its return (a gain), so an account's lines add up to
// its investment, return and NPV draw by draw; a category's figures are the sums of its lines'.
struct Attribution {
  Stat npv, npv_undisc, investment, ret;
  std::vector<double> annual_mean, annual_base;  // undiscounted net change per calendar year
};
struct LineResult : Attribution {
  int line = -1;  // index into Scenario::lines
};
struct CategoryResult : Attribution {
  int category = -1;  // index into Scenario::categories
};

// A small population's own spread, split: in micro mode with the real number of clients, each
// draw's result varies with the parameters and with the chance of what those few people do. The
// same draws in cohort mode (the expectation given the parameters) give the parameters' part.
struct ChanceSplit {
  Stat npv_parameters;       // NPV over the draws with the chance of the clients averaged out
  double chance_share = 0;   // share of the NPV's variance over the draws that is chance (0..1)
};

struct AccountResult {
  std::string account;
  std::optional<ChanceSplit> chance;  // only for micro runs of the real population (see split_chance)
  Stat investment, ret, npv, roi;
  double roi_of_means = 0.0;       // mean NPV / mean investment (NaN when no investment)
  double payback_base = 0.0;       // months; 0 never behind; -1 not within horizon
  double payback_median = 0.0;     // over draws, -1 when half or more do not pay back in time
  double payback_share = 0.0;      // share of draws that pay back within the horizon
  std::vector<Stat> annual;        // undiscounted net change per calendar year (budget impact)
  std::vector<double> cumulative_mean;  // mean cumulative discounted net change per month
  std::vector<double> cumulative_p025, cumulative_p975;  // its 95% band, per month (NaN without draws)
  std::vector<Stat> cumulative_year;    // cumulative discounted net change at the end of each year
  std::vector<LineResult> lines;            // the lines that move the account's money, in scenario order
  std::vector<CategoryResult> categories;   // their categories, in scenario order
};

// What an account pays and receives in one arm, undiscounted, per calendar year and by category
// (PSA mean, and the base case): the absolute budgets whose difference is the budget impact.
struct ArmBudget {
  std::vector<double> paid, received;                                 // [year]
  std::vector<std::vector<double>> paid_by_category, received_by_category;  // [category][year]
  std::vector<double> paid_base, received_base;                       // [year]; NaN without a base case
};

struct EffectResult {
  std::string effect, unit;
  Stat delta_disc, delta_undisc;   // intervention minus comparator
  double comparator_undisc = 0.0;  // mean over draws
  double intervention_undisc = 0.0;
};

// One client group's part of a comparison: each account's NPV and each effect's undiscounted gain.
// Over the draws: base, mean, sd, mcse and P(> 0); no percentiles (per-draw values per group are
// not kept). The groups of a comparison add up to its totals.
struct GroupResult {
  int group = -1;            // index into Scenario::groups, or -1 for an attribute value
  int attribute = -1, value = -1;  // the attribute value (all groups that have it), or -1
  double size = 0.0;         // clients
  std::vector<Stat> npv;     // per account
  std::vector<Stat> effect;  // per effect
};

struct Comparison {
  std::string arm;
  std::vector<AccountResult> accounts;  // parties in scenario order, then society
  std::vector<EffectResult> effects;
  std::vector<GroupResult> groups;      // each client group, then each attribute value (in scenario order)
};

struct Summary {
  std::vector<Comparison> comparisons;   // one per intervention
  std::vector<std::vector<std::vector<double>>> effect_monthly;  // [arm][effect][month]: mean per month
  std::vector<std::vector<std::vector<double>>> annual_by_arm;   // [arm][account][year]: mean net, undiscounted
  std::vector<std::vector<ArmBudget>> budgets;                    // [arm][account]
  CostEffectiveness cost_effectiveness;
  int draws = 0;
  bool has_base = false;
  double population = 0.0;
};

Summary summarise(const model::Scenario& s, const engine::RunResult& r);

// Whether a run simulates the real population one for one: micro mode, as many clients as the
// population has (a pilot of 40 clients run with clients: 40), and PSA draws.
bool simulates_real_population(const model::Scenario& s, const model::SimulationSettings& sim);
// Fills every account's `chance` from `micro` and `cohort`: runs of the same draws and seed. The
// chance share is the mean square of micro minus cohort over the variance of micro, per draw
// (the law of total variance), at most 1.
void split_chance(const model::Scenario& s, const engine::RunResult& micro, const engine::RunResult& cohort,
                  Summary& summary);

// Per PSA draw: an account's discounted investment and return for intervention arm `arm` (>= 1).
struct DrawFlows {
  std::vector<double> investment, ret;
};
DrawFlows draw_flows(const model::Scenario& s, const engine::RunResult& r, int arm, int account);

}  // namespace werkbaat::analysis
