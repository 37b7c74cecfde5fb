#pragma once
// results.json as types: the one contract between a run and everything that shows it (the
// table, the CSVs, the HTML report, the workbook, regression checks, and `report` on a finished
// run). Each key is spelled once, in results_json.cpp, whose field lists both write and read it.
//
// Money is in euros of settings.price_year, totals for the whole population, discounted unless
// a name says otherwise. A number that is not defined (no base case, no draws, a ratio without
// a denominator) is NaN here and null in the file. Payback is in months: 0 never behind, NaN
// (null) not within the horizon, also per draw.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "werkbaat/model/names.h"

namespace werkbaat::model {
struct Scenario;
}
namespace werkbaat::analysis {
struct Evaluation;
}

namespace werkbaat::io {

// The language of what people read: reports, workbooks, the terminal table.
enum class Lang { nl, en };

// A value that the file always has, null when there is none (an optional is left out instead).
template <class T>
struct Nullable : std::optional<T> {
  using std::optional<T>::optional;
};

struct StatDoc {  // a quantity over the PSA draws (see analysis::Stat)
  double base = 0, mean = 0, sd = 0, mcse = 0, p2_5 = 0, p50 = 0, p97_5 = 0, p_positive = 0;
  int n = 0;
};
struct YearStatDoc : StatDoc {
  int year = 0;  // 1-based calendar year of the horizon
};
struct PaybackDoc {
  double base = 0, median = 0, share_within_horizon = 0;
};
// A part of an account's result (see analysis::Attribution): a flow line's, or a category's.
struct AttributionDoc {
  StatDoc npv, npv_undiscounted, investment, ret;
  std::vector<double> annual_mean, annual_base;  // undiscounted net change per calendar year
};
struct LineDoc : AttributionDoc {
  std::string line, category;
};
struct CategoryDoc : AttributionDoc {
  std::string category;
};
// A micro run of the real population (analysis::ChanceSplit): the NPV with the chance of what
// the few clients do averaged out, and the share of the spread that is that chance.
struct ChanceDoc {
  StatDoc npv_parameters_only;
  double chance_share_of_variance = 0;
};
struct AccountDoc {
  std::string account;
  StatDoc investment, ret, npv, roi;
  double roi_of_means = 0;
  PaybackDoc payback;
  std::vector<YearStatDoc> annual_budget_impact;   // undiscounted net change per year
  std::vector<double> cumulative_npv_mean;         // per month
  std::vector<double> cumulative_npv_p2_5, cumulative_npv_p97_5;  // per month: its 95% band over the draws
  std::vector<YearStatDoc> cumulative_npv_by_year;
  std::vector<LineDoc> lines;            // the lines that move this account's money
  std::vector<CategoryDoc> categories;   // those lines by category
  std::optional<ChanceDoc> chance;       // only for a micro run of the real population
};
struct EffectDoc {
  std::string effect, unit;
  StatDoc delta_discounted, delta_undiscounted;
  double comparator_undiscounted_mean = 0, intervention_undiscounted_mean = 0;
};
// Cost-effectiveness (see analysis/cost_effectiveness.h): per effect and account, the net cost
// per extra unit of effect, and per willingness-to-pay value the NMB and P(NMB > 0).
struct AccountCostEffectDoc {
  std::string account;
  double cost_per_unit = 0, cost_per_unit_base = 0;  // NaN (null) when the effect does not rise
  std::vector<double> nmb_mean, p_positive;         // per value of the effect's wtp grid
};
struct EffectCostEffectDoc {
  std::string effect;
  double gained_mean = 0, gained_base = 0;  // discounted
  std::vector<AccountCostEffectDoc> accounts;
};
// One client group's part of a comparison (see analysis::GroupResult): no percentiles (null).
struct GroupAccountDoc {
  std::string account;
  StatDoc npv;
};
struct GroupEffectDoc {
  std::string effect;
  StatDoc gain;  // undiscounted
};
struct GroupDoc {
  // A client group (every attribute: severity=epa,benefit=bijstand,...) or one attribute value
  // (severity=epa: all groups that have it).
  std::string group;
  bool attribute_value = false;                   // one attribute value, not a client group
  std::map<std::string, std::string> attributes;  // attribute -> value
  double size = 0;                                // clients
  std::vector<GroupAccountDoc> accounts;
  std::vector<GroupEffectDoc> effects;
};
struct ComparisonDoc {
  std::string arm, comparator;
  std::vector<AccountDoc> accounts;  // parties in scenario order, then society
  std::vector<EffectDoc> effects;    // in scenario order
  std::vector<EffectCostEffectDoc> cost_effectiveness;  // per effect, in scenario order
  std::vector<GroupDoc> groups;                         // each client group, then each attribute value
};
// An effect's willingness-to-pay grid (euros a unit) and the EVPI of society's choice among all
// arms at each value.
struct WtpGridDoc {
  std::string effect;
  std::vector<double> wtp, evpi_society;
};
struct ParameterDoc {
  std::string path, distribution;
  double a = 0, b = 0, c = 0, mean = 0;
  std::string unit;
  Nullable<int> price_year;              // amounts only
  double index_factor = 1;
  Nullable<std::string> dirichlet;       // the Dirichlet group of a component
  std::string source, label, set_at;
  std::optional<double> point;           // the point estimate, where one is given
  bool used = true;                      // read by an expression the model evaluates for this population
};

struct PartySettlementDoc {
  std::string party;
  double investment = 0, ret = 0, current_net = 0, proposed_net = 0, proposed_payment = 0;
  double p_positive_current = 0, p_positive_proposed = 0;
};
struct TransferDoc {
  std::string from, to;
  double present_value = 0, per_year = 0;
};
struct SettlementRuleDoc {
  model::SettlementRule rule = model::SettlementRule::proportional;
  bool proposed = false;
  std::string reason;  // in English, for readers of the file; reports word it from the numbers
  std::vector<PartySettlementDoc> parties;
  std::vector<TransferDoc> transfers;
};
struct SettlementDoc {
  std::string arm;
  double society_net = 0, financiers_cost = 0, financiers_return = 0;
  std::vector<SettlementRuleDoc> rules;
};
struct TornadoBarDoc {
  std::string parameter;
  double low = 0, high = 0;
  std::vector<double> npv_low, npv_high;  // per account
  double swing_society = 0;
};
struct TornadoDoc {
  std::string arm;
  std::vector<std::string> accounts;
  std::vector<double> base_npv;
  std::vector<TornadoBarDoc> bars;  // largest society swing first
};
struct BreakEvenDoc {
  std::string parameter, arm, account;
  double low = 0, high = 0, npv_low = 0, npv_high = 0;
  bool found = false;
  double value = 0;  // NaN when not found
};
struct ValueDoc {
  double population = 0, se = 0, per_client = 0;
};
struct EvppiDoc {
  std::string group;
  std::vector<std::string> parameters;
  ValueDoc evppi;
};
struct AccountVoiDoc {
  std::string account;
  ValueDoc evpi;
  std::vector<EvppiDoc> evppi;
};
struct VoiDoc {
  int draws = 0;
  std::string method;
  std::vector<AccountVoiDoc> accounts;
  std::vector<std::string> warnings;
};
struct AnalysesDoc {
  std::vector<model::Analysis> ran;
  std::optional<std::vector<SettlementDoc>> settlement;
  std::optional<std::vector<TornadoDoc>> tornado;
  std::optional<std::vector<BreakEvenDoc>> breakeven;
  std::optional<VoiDoc> voi;
};

struct ScenarioInfoDoc {
  std::string name, description;
  std::vector<std::string> files;
  std::string variant;
  std::optional<std::string> resolved;  // the merged scenario, as YAML
};
struct DiscountDoc {
  double costs = 0, effects = 0;
};
struct SettingsDoc {
  model::Mode mode = model::Mode::cohort;
  int draws = 0, clients = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  bool base_case = false;
  int horizon_months = 0;
  model::Timing timing = model::Timing::middle;
  DiscountDoc discount;
  int price_year = 0;
};
struct PopulationDoc {
  double size = 0;
  int entry_months = 1;
};
struct UnitsDoc {
  std::string money, payback;
};
struct RunDoc {
  double seconds = 0;
  long adjusted_rows = 0;              // transition rows mended (negative, or summing above 1)
  std::vector<std::string> warnings;
};

struct DisplayNameDoc {
  std::string id, nl, en;
};
struct LineInfoDoc {
  std::string line, flow, category, payer, payee;  // flow: the line's flow (a split flow has a line per payer)
  bool event = false;  // an amount per move or entry (valued at the start of its month), else per month in a state
};
// What an account pays and receives in one arm per calendar year, undiscounted (PSA mean; the
// base case where there is one), in total and by category.
struct BudgetDoc {
  std::vector<double> paid, received, paid_base, received_base;
  std::map<std::string, std::vector<double>> paid_by_category, received_by_category;
};

struct DrawSeriesDoc {
  std::vector<double> npv, payback_month;  // per PSA draw
};

template <class T>
using ByArm = std::map<std::string, std::map<std::string, T>>;  // [arm][account or effect]

struct ResultsDoc {
  std::string werkbaat_version;
  ScenarioInfoDoc scenario;
  std::optional<std::string> content_hash;
  SettingsDoc settings;
  PopulationDoc population;
  UnitsDoc units;
  RunDoc run;
  std::vector<std::string> parties, arms;  // arms[0] is the comparator
  std::vector<ComparisonDoc> comparisons;  // one per intervention
  ByArm<std::vector<double>> effects_monthly_mean;    // per month, undiscounted
  ByArm<std::vector<double>> annual_net_by_arm_mean;  // per year, undiscounted, absolute
  ByArm<BudgetDoc> budgets;                           // per year, undiscounted, absolute
  std::vector<DisplayNameDoc> categories, labels;
  std::vector<WtpGridDoc> wtp;                        // per effect, in scenario order  // display names (labels: parties, arms, states, effects)
  std::vector<LineInfoDoc> lines;                     // the money lines, in scenario order
  // [arm][line]: the base case's amount per month, undiscounted (the workbook recomputes from it);
  // only in a run's results.json, like the per-draw results.
  std::optional<ByArm<std::vector<double>>> base_line_months;
  std::vector<ParameterDoc> parameters;
  std::optional<AnalysesDoc> analyses;
  std::optional<ByArm<DrawSeriesDoc>> draws;  // only in a run's results.json

  bool has_draws() const { return draws.has_value(); }
};

// The document of an evaluated scenario; `content_hash` as batch runs name their inputs.
ResultsDoc results_doc(const model::Scenario& s, const analysis::Evaluation& e, const std::string& content_hash = "");

// results.json text; without `per_draw` the per-draw results and the resolved scenario are left
// out (for --json and regression baselines).
std::string to_json_text(const ResultsDoc& doc, bool per_draw);

// Reads a results.json text; `file` names it in errors. Throws InputError naming the missing or
// mistyped key, e.g. "r.json: comparisons[0].accounts[2].npv.mean: expected a number, got a string".
ResultsDoc read_results_json(const std::string& text, const std::string& file);

}  // namespace werkbaat::io
