#pragma once
// The steps of scenario loading, in the order scenario_loader.cpp calls them. Each reads its part
// of the merged document and fills its part of the scenario; what a step needs from an earlier
// one is in its arguments.
#include <map>

#include "io/scenario/document.h"
#include "io/scenario/expression_binder.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::io {

// price_year, horizon, discount, timing, simulation, cpi (year -> index).
struct SettingsRead {
  model::ModelSettings model;
  model::SimulationSettings simulation;
  std::map<int, double> cpi;
};
SettingsRead read_settings(const Value& root);

// parties (resources first), states, arms and their start states, the population and its client
// groups (every combination of attribute values with a positive share).
void read_structure(const Value& root, model::Scenario& s);

// Every parameter: set: applied (in doc.params too, so that the resolved document shows the values
// used), distributions and units checked, amounts indexed to the price year with `cpi`, Dirichlet
// groups; fills s.params, s.dirichlets and s.param_index.
void read_parameters(Document& doc, const std::map<int, double>& cpi, model::Scenario& s);

// Refuses (at `at`) a parameter whose distribution reaches outside its unit's range: a
// probability or share outside [0, 1], a negative amount or rate.
void check_range(const model::Parameter& p, const Value& at);

// joint_draws: each entry's file of parameter draws (a header of parameter paths, a row per
// draw) read through `files`; its parameters get the file's columns as their distributions
// (except those a set: entry or a sweep gives: the user's value wins) and the entry gets the
// file's content_hash (for the resolved scenario).
void read_joint_draws(Document& doc, const FileReader& files, model::Scenario& s);

// transitions, categories, flows (split payers included) and effects, bound for every (arm, group).
void read_model(const Value& root, ExpressionBinder& bind, model::Scenario& s);

// analyses: which to run, and what they look at.
void read_analyses(const Value& root, model::Scenario& s);

}  // namespace werkbaat::io
