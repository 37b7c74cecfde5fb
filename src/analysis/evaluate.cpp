#include "werkbaat/analysis/evaluate.h"

#include <algorithm>

namespace werkbaat::analysis {

Evaluation evaluate(const model::Scenario& s, const EvaluateOptions& o) {
  Evaluation e;
  e.result = engine::simulate(s, o.overrides.applied_to(s.simulation), o.progress);
  e.summary = summarise(s, e.result);
  std::vector<model::Analysis> names = o.scenario_analyses ? s.analyses.run : std::vector<model::Analysis>{};
  names.insert(names.end(), o.analyses.begin(), o.analyses.end());
  if (names.empty()) return e;
  if (o.breakeven) {
    model::Scenario with = s;
    with.analyses.breakeven = {*o.breakeven};
    e.analyses = run_analyses(with, e.result, names);
  } else {
    e.analyses = run_analyses(s, e.result, names);
  }
  return e;
}

}  // namespace werkbaat::analysis
