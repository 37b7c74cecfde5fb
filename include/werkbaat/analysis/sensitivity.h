#pragma once
// One-way sensitivity (tornado) and break-even thresholds. Both evaluate the base case (every
// other parameter at its point estimate, or its mean) with one parameter set to chosen values, in
// that parameter's own unit (as written in the scenario), and read each account's NPV of each
// intervention against the comparator. All evaluations of one call share one prepared run. A Dirichlet component is varied along its Beta marginal, the other components
// keeping their proportions.
#include <string>
#include <utility>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::analysis {

// Every function here runs the base case with the mode, clients, seed and threads of `sim` (its
// draws and base_case are ignored).
//
// NPVs of the base case with some parameters set: [intervention][account] (accounts as in
// summary.h: parties, then society).
std::vector<std::vector<double>> point_npv(const model::Scenario& s, const model::SimulationSettings& sim,
                                           const std::vector<std::pair<int, double>>& set);

struct TornadoBar {
  std::string parameter;
  double low = 0.0, high = 0.0;           // the parameter's values
  std::vector<double> npv_low, npv_high;  // per account
  double swing = 0.0;                     // |npv_high - npv_low| for society
};

struct Tornado {
  std::string arm;
  std::vector<std::string> accounts;
  std::vector<double> base_npv;   // per account
  std::vector<TornadoBar> bars;   // sorted by society's swing, largest first
};

struct TornadoOptions {
  std::vector<std::string> parameters;                              // empty: every uncertain one
  std::vector<std::pair<std::string, std::pair<double, double>>> ranges;  // given low, high
  double low_quantile = 0.025, high_quantile = 0.975;
};

std::vector<Tornado> tornado(const model::Scenario& s, const model::SimulationSettings& sim, const TornadoOptions& o);

struct BreakEven {
  std::string parameter, arm, account;
  double low = 0.0, high = 0.0;           // the interval searched
  double npv_low = 0.0, npv_high = 0.0;   // the account's NPV at its ends
  bool found = false;
  double value = 0.0;                     // where the NPV crosses zero
};

// Break-even values of `parameter` in [low, high] for every intervention and account, by a
// bracketing root finder (TOMS 748) on the base-case NPV.
std::vector<BreakEven> break_even(const model::Scenario& s, const model::SimulationSettings& sim,
                                  const std::string& parameter, double low, double high);

// The value of quantile q of a parameter's distribution (a Dirichlet component: its Beta marginal).
double parameter_quantile(const model::Scenario& s, int param, double q);

}  // namespace werkbaat::analysis
