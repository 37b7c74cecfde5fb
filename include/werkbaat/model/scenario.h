#pragma once
// The validated, typed scenario: what io::load_scenario produces and the engine runs. Everything
// here is already checked and normalised: amounts are euros per month (or per event) in prices
// of `settings.price_year`, probabilities and rates are per month, and every expression is bound
// to parameter indices for every (arm, client group) combination.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "werkbaat/model/distribution.h"
#include "werkbaat/model/expression.h"
#include "werkbaat/model/units.h"

namespace werkbaat::model {

// Where something was written: 1-based line and column.
struct SourceRef {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Parameter {
  std::string path;          // dotted, e.g. cost.treatment.epa
  Distribution dist;         // in `unit`, in prices of `price_year`
  Unit unit;
  int price_year = 0;        // 0 when not an amount
  double index_factor = 1.0; // CPI factor from price_year to the scenario's price year
  int dirichlet = -1;        // the Dirichlet group this is a component of, or -1
  std::string source, label, note;
  SourceRef origin;          // where its value was last set (uses: or set:)
};

// Components are drawn as gamma(alpha_i, 1) (their `dist`) and normalised to sum to 1.
struct DirichletGroup {
  std::string path;
  std::vector<int> members;
};

// One piece of a piecewise-constant value: applies from `from_month` months in the state on.
struct Piece {
  int from_month = 0;
  int expr = -1;  // index into Scenario::exprs
};
using Pieces = std::vector<Piece>;  // sorted, first from 0; empty = not applicable

struct Transition {
  int from = -1, to = -1;
  bool is_rate = false;          // rate per month (competing risks) or probability per month
  std::vector<Pieces> by_combo;  // [combo], combo = arm * groups + group
  SourceRef origin;
};

enum class FlowKind { in_state, on_transition, at_start };

// One booked line: a flow (or one party's part of a split flow) with one payer and one payee,
// or an effect (no payer, payee).
struct FlowLine {
  std::string name;              // flow name, or flow/payer for a split
  int payer = -1, payee = -1;    // party indices; -1 for effects
  int effect = -1;               // effect index, or -1 for money
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
  std::vector<double> shares;
};

// A client group: one value of every attribute, with its population share.
struct Group {
  std::vector<int> values;  // per attribute
  double share = 0.0;
  std::string label;        // e.g. "severity=epa,benefit=bijstand"
};

enum class Mode { cohort, micro };
enum class Timing { start, middle, end };

struct Settings {
  int horizon = 60;               // months
  double discount_costs = 0.0225; // annual
  double discount_effects = 0.0225;
  Timing timing = Timing::middle;
  int price_year = 2025;
  Mode mode = Mode::cohort;
  int draws = 1000;               // PSA draws, besides the base case
  int clients = 1000;             // simulated clients per draw (micro)
  std::uint64_t seed = 1;
  int threads = 0;                // 0 = all cores
  bool base_case = true;
};

// What the analyses of analysis/ look at, from the scenario's `analyses:` block.
struct AnalysisSettings {
  std::vector<std::string> run;  // analyses every `run` does: settlement, tornado, breakeven, voi
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
  std::vector<Attribute> attributes;
  std::vector<Group> groups;
  std::vector<std::string> effects;
  std::vector<std::string> effect_units;

  std::vector<Parameter> params;
  std::vector<DirichletGroup> dirichlets;
  std::vector<Expression> exprs;
  std::vector<Transition> transitions;
  std::vector<FlowLine> lines;

  Population population;
  Settings settings;
  AnalysisSettings analyses;

  int combos() const { return static_cast<int>(arms.size() * groups.size()); }
  int combo(int arm, int group) const { return arm * static_cast<int>(groups.size()) + group; }
  int party_index(const std::string& party) const;
  int state_index(const std::string& state) const;
};

}  // namespace werkbaat::model
