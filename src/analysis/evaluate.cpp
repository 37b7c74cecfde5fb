#include "werkbaat/analysis/evaluate.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace werkbaat::analysis {
namespace {

Evaluation with_analyses(const model::Scenario& s, Evaluation e, const EvaluateOptions& o);

}  // namespace

Evaluation evaluate(const model::Scenario& s, const EvaluateOptions& o) {
  Evaluation e;
  const model::SimulationSettings sim = o.overrides.applied_to(s.simulation);
  if (simulates_real_population(s, sim)) {
    // The real clients, one for one: whole clients per group (each stands for one person), and
    // the parameters' part of the spread from the same draws of that population in cohort mode.
    model::Scenario real = s;
    const auto shares = engine::micro_shares(s, sim.clients);
    for (std::size_t g = 0; g < real.groups.size(); ++g) real.groups[g].share = shares[g];
    e.result = engine::simulate(real, sim, o.progress);
    const auto drawn = std::find_if(s.changes.begin(), s.changes.end(), [](const auto& r) { return r.per_client(); });
    if (drawn != s.changes.end())
      e.result.warnings.push_back("the spread is not split into the parameters' part and the chance of these " +
                                  std::to_string(std::lround(s.population.size)) + " clients: that split needs cohort " +
                                  "mode, which rule '" + drawn->name + "' (months drawn per client) rules out");
    e.summary = summarise(real, e.result);
    if (drawn == s.changes.end()) {
      model::SimulationSettings cohort = sim;
      cohort.mode = model::Mode::cohort;
      split_chance(real, e.result, engine::simulate(real, cohort), e.summary);
    }
  } else {
    return evaluate_run(s, engine::simulate(s, sim, o.progress), o);
  }
  return with_analyses(s, std::move(e), o);
}

Evaluation evaluate_run(const model::Scenario& s, engine::RunResult run, const EvaluateOptions& o) {
  Evaluation e;
  e.result = std::move(run);
  e.summary = summarise(s, e.result);
  return with_analyses(s, std::move(e), o);
}

namespace {

Evaluation with_analyses(const model::Scenario& s, Evaluation e, const EvaluateOptions& o) {
  std::vector<model::Analysis> names = o.scenario_analyses ? s.analyses.run : std::vector<model::Analysis>{};
  names.insert(names.end(), o.analyses.begin(), o.analyses.end());
  if (names.empty()) return e;
  e.analyses = run_analyses(s, e.result, names, o.breakeven ? &*o.breakeven : nullptr);
  return e;
}

}  // namespace
}  // namespace werkbaat::analysis
