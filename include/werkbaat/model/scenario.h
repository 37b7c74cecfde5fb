#pragma once
// The validated, typed scenario: what io::load_scenario produces and the engine runs. Everything
// here is already checked and normalised: amounts are euros per month (or per event) in prices
// of `settings.price_year`, probabilities and rates are per month, and every expression is bound
// to parameter indices for every (arm, client group) combination.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "werkbaat/model/distribution.h"
#include "werkbaat/model/expression.h"
#include "werkbaat/model/names.h"
#include "werkbaat/model/settings.h"
#include "werkbaat/model/source_ref.h"
#include "werkbaat/model/units.h"

namespace werkbaat::model {

struct Parameter {
  std::string path;          // dotted, e.g. cost.treatment.epa
  Distribution dist;         // in `unit`, in prices of `price_year`
  Unit unit;
  int price_year = 0;        // 0 when not an amount
  double index_factor = 1.0; // CPI factor from price_year to the scenario's price year
  int dirichlet = -1;        // the Dirichlet group this is a component of, or -1
  std::string source, label, note;
  SourceRef origin;          // where its value was last set (uses: or set:)
  int joint = -1, joint_column = -1;  // drawn from Scenario::joint_draws[joint], that column
  std::optional<double> point;  // the point estimate, in `unit`: what the base case and the tornado's
                                // centre use; without one, the distribution's mean

  // The value of the base case, normalised to months and indexed to the scenario's price year
  // (a Dirichlet component: its alpha, normalised by base_values()).
  double base_value() const {
    const double v = point.value_or(dist.mean());
    return dirichlet >= 0 ? v : unit.to_month(v) * index_factor;
  }
};

// Parameters drawn together from a file of draws (a posterior, a CSV made elsewhere): draw d of
// the PSA takes row (d - 1) mod rows for every column, so their correlations are kept. Each
// column's parameter has that column as its distribution (Distribution::empirical).
struct JointDraws {
  std::string name, file, source;
  std::vector<int> params;     // [column]: the parameter
  std::vector<double> values;  // [row * columns + column], in each parameter's unit
  int rows = 0;
  int columns() const { return static_cast<int>(params.size()); }
};

// Components are drawn as gamma(alpha_i, 1) (their `dist`) and normalised to sum to 1.
struct DirichletGroup {
  std::string path;
  std::vector<int> members;
};

// A clock a piece can be bounded by, besides the months in the current state. Clocks count
// months: since the client entered the programme, since it first entered a state, on the
// current value of a changing attribute (see ChangeRule), or since the start of the run (the
// calendar: the month a cohort entered in counts); or they count entries into a state (the
// number of jobs); or the client's age in months (its age at entry, Population::entry_age, plus
// the months since). A clock reads -1 before it starts.
enum class ClockKind { since_entry, since_state, on_value, calendar, entries, age };
struct Clock {
  std::string name;  // since_entry, since_<state>, on_<attribute>, calendar, entries_<state>, age
  ClockKind kind = ClockKind::since_entry;
  int target = -1;   // since_state, entries: the state; on_value: the attribute
  int cap = 0;       // the largest bound a piece gives it: the clock stops counting there
  std::vector<int> bounds;  // age: every bound a piece gives it, ascending
};

// One piece of a piecewise-constant value: applies from `from_month` months in the state on and,
// when it names a clock, once that clock reads at least `clock_from`. Of a list, the last piece
// that applies is the one used; the first applies always.
struct Piece {
  int from_month = 0;
  int expr = -1;  // index into Scenario::exprs
  int clock = -1;  // index into Scenario::clocks, or -1
  int clock_from = 0;
  bool operator==(const Piece&) const = default;
};
using Pieces = std::vector<Piece>;  // empty = not applicable

// The index in `pieces` of the piece that applies after `months` months in the state, with the
// clocks reading `clocks` (-1: none applies).
inline int piece_index(const Pieces& pieces, int months, const int* clocks = nullptr) {
  int j = -1;
  for (int k = 0; k < static_cast<int>(pieces.size()); ++k) {
    const Piece& p = pieces[k];
    if (p.from_month <= months && (p.clock < 0 || clocks[p.clock] >= p.clock_from)) j = k;
  }
  return j;
}
// The expression of that piece (-1: none).
inline int piece_at(const Pieces& pieces, int months, const int* clocks = nullptr) {
  const int j = piece_index(pieces, months, clocks);
  return j < 0 ? -1 : pieces[j].expr;
}

struct Transition {
  int from = -1, to = -1;
  bool is_rate = false;          // rate per month (competing risks) or probability per month
  std::vector<Pieces> by_combo;  // [combo], combo = arm * groups + group
  SourceRef origin;
  SourceRef value_origin;        // where its probability or rate was written
  std::string value_key;         // e.g. transitions[0].probability
};

// Per month, rates compete and probabilities add: with total rate r out of a state, the chance
// of leaving by rate is 1 - exp(-r), shared in proportion to each rate.
double leave_probability_of_rates(double total_rate);

enum class FlowKind { in_state, on_transition, at_start };

// A name as the reports write it, in Dutch and English: of a category (what a flow is, as the
// outputs group lines: benefits, care, Wmo, ...), or of a party, arm, state or effect.
struct DisplayName {
  std::string id, nl, en;
};
// The category of a money flow that names none.
inline constexpr const char* kOtherCategory = "overig";

// One booked line: a flow (or one party's part of a split flow) with one payer and one payee,
// or an effect (no payer, payee).
struct FlowLine {
  std::string name;              // flow name, or flow/payer for a split
  std::string flow;              // the flow's name
  int payer = -1, payee = -1;    // party indices; -1 for effects
  int effect = -1;               // effect index, or -1 for money
  int category = -1;             // index into Scenario::categories (money lines)
  FlowKind kind = FlowKind::in_state;
  std::vector<std::vector<Pieces>> state_pieces;  // in_state: [state][combo]
  int from = -1, to = -1;        // on_transition: states, -1 = any
  std::vector<int> combo_expr;   // on_transition, at_start: expr per combo, -1 = not applicable
  SourceRef origin;
  bool is_money() const { return effect < 0; }
};

struct Attribute {
  std::string name;                 // e.g. severity
  std::vector<std::string> values;  // e.g. licht, midden, epa
  std::vector<double> shares;       // at entry; 0 for a value clients only reach by a change
  bool changes = false;             // a ChangeRule moves clients between its values
  std::vector<SourceRef> value_origin;   // [value]: where the value was named (its share, or a rule)
  std::vector<std::string> value_key;    // [value]: that place's key path
};

// How a client's value of a changing attribute (the benefit a client receives) moves over time:
// on a move out of a state after at least `after` months in it, or with a probability per month.
// A client's current value decides which flows apply to it (`when:`) and fills `{attribute}`.
inline constexpr int kEarlier = -2;  // a destination: the value held before the last remembered change
struct ChangeRule {
  std::string name, source;
  int attribute = -1;
  std::vector<bool> from;          // [value]: the values it moves clients from
  int leaving = -1, after = 0;     // on a move out of state `leaving` after at least `after` months in it
  int entering = -1;               // or on a move into state `entering` (e.g. contract hours drawn per job)
  std::vector<Pieces> by_combo;    // otherwise: probability per month, [combo]
  std::vector<int> to;             // destination values (or kEarlier)
  std::vector<std::vector<int>> share_by_combo;  // [combo][destination] expression, with several destinations
  bool remember = false;           // the value left is remembered, for a later `to: earlier`
  std::vector<std::vector<bool>> when;  // [attribute][value]: it applies only to clients holding one
                                        // of these values (changing attributes; empty: any value)
  SourceRef origin;
  std::string key;                 // e.g. changes.benefit[0]
  std::string value_key;           // e.g. changes.benefit[0].probability
  // `lasts` drawn per client: each client draws its own months on the value when it takes it,
  // from a gamma (mean, sd; rounded to whole months, at least 1) or whole months uniform in
  // [min, max]. Only micro mode can follow it: cohort mode would need a clock for every month it
  // can last (engine::refuse_cohort). by_combo then holds probability 0.
  enum class Drawn { none, gamma, uniform };
  Drawn drawn = Drawn::none;
  std::vector<std::array<int, 2>> drawn_args;  // [combo]: the two arguments' expressions
  SourceRef drawn_origin;
  bool per_client() const { return drawn != Drawn::none; }
};

// A client group: one value of every attribute, with its population share.
struct Group {
  std::vector<int> values;  // per attribute
  double share = 0.0;
  std::string label;        // e.g. "severity=epa,benefit=bijstand"
};

// The shares of a split payer: per combination, one expression per share. Checked to sum to one
// in the base case; not evaluated per draw (each line carries its share in its own amount).
struct SplitShares {
  SourceRef origin;
  std::string key;                                   // e.g. flows.key_figure.payer.split
  std::vector<std::vector<Expression>> by_combo;     // [combo][share]
};

// What the analyses of analysis/ look at, from the scenario's `analyses:` block.
struct AnalysisSettings {
  std::vector<Analysis> run;     // analyses every `run` does
  std::vector<std::string> financiers;  // settlement; empty: all parties but client and pass-through ones
  std::vector<std::string> tornado_parameters;  // empty: every uncertain parameter
  std::vector<std::pair<std::string, std::pair<double, double>>> tornado_ranges;
  struct BreakEvenSpec {
    std::string parameter;
    double low = 0.0, high = 0.0;
    bool has_range = false;  // otherwise the 0.1% and 99.9% quantiles of its distribution
  };
  std::vector<BreakEvenSpec> breakeven;
  std::vector<std::pair<std::string, std::vector<std::string>>> voi_groups;  // name, path prefixes
};

struct Population {
  double size = 1.0;       // clients in total
  int entry_months = 1;    // clients enter evenly over this many months (1 = closed cohort)
  // The clients' age at entry in months (what the `age` clock starts from): one for every client
  // (age_attribute -1), or one per value of attribute `age_attribute`. Empty: not given.
  int age_attribute = -1;
  std::vector<int> entry_age;
  int entry_age_of(const std::vector<int>& group_values) const {
    return entry_age[age_attribute < 0 ? 0 : static_cast<std::size_t>(group_values[age_attribute])];
  }
};

struct Scenario {
  std::string name, description;
  std::string variant;             // the sweep variant, "" for the scenario as written
  std::vector<std::string> files;  // the scenario file first, then every file it uses
  std::string resolved;            // the merged scenario document, as text

  std::vector<std::string> parties;  // parties[0] == "resources", the outside account
  std::vector<std::string> states;
  std::vector<std::string> arms;     // arms[0] is the comparator
  std::vector<int> start_state;      // per arm
  std::vector<SourceRef> arm_origin; // per arm: where it was named
  std::vector<std::string> arm_key;  // per arm: that place's key path
  std::vector<Attribute> attributes;
  std::vector<Group> groups;        // every combination of values clients can hold; share 0 for
                                    // one they reach only by a change
  std::vector<ChangeRule> changes;
  std::vector<Clock> clocks;        // those a piece reads
  std::vector<std::string> effects;
  std::vector<std::string> effect_units;
  std::vector<DisplayName> categories;  // as declared; "overig" added when a money flow names none
  std::vector<DisplayName> labels;      // display names of parties, arms, states and effects

  std::vector<Parameter> params;
  std::vector<DirichletGroup> dirichlets;
  std::vector<JointDraws> joint_draws;
  std::vector<Expression> exprs;
  std::vector<Transition> transitions;
  std::vector<FlowLine> lines;
  std::vector<SplitShares> splits;

  Population population;
  ModelSettings settings;
  SimulationSettings simulation;  // as the file says; a run may override it
  AnalysisSettings analyses;
  std::unordered_map<std::string, int> param_index;  // path -> index into params

  int combos() const { return static_cast<int>(arms.size() * groups.size()); }
  int combo(int arm, int group) const { return arm * static_cast<int>(groups.size()) + group; }
  int party_index(const std::string& party) const;
  int state_index(const std::string& state) const;
  int parameter_index(const std::string& path) const;  // -1 when there is no such parameter
  std::vector<std::string> parameter_paths() const;     // in order, for suggestions
  std::string combo_label(int combo) const;             // "arm ips, severity=epa"
};

// Every parameter's base-case value (see Parameter::base_value), Dirichlet components normalised.
void base_values(const Scenario& s, std::vector<double>& out);

// Per parameter: whether an expression the model evaluates for its population reads it (a
// Dirichlet group counts as a whole).
std::vector<bool> used_parameters(const Scenario& s);

// Divides each Dirichlet group's components by their sum, so that they sum to 1.
void normalise_dirichlets(const Scenario& s, std::vector<double>& values);

}  // namespace werkbaat::model
