#include "werkbaat/analysis/evaluate.h"

namespace werkbaat::analysis {

Evaluation evaluate(const model::Scenario& s, const EvaluateOptions& o) {
  Evaluation e;
  e.result = engine::simulate(s, o.overrides.applied_to(s.simulation), o.progress);
  e.summary = summarise(s, e.result);
  std::vector<model::Analysis> names = o.scenario_analyses ? s.analyses.run : std::vector<model::Analysis>{};
  names.insert(names.end(), o.analyses.begin(), o.analyses.end());
  if (names.empty()) return e;
  e.analyses = run_analyses(s, e.result, names, o.breakeven ? &*o.breakeven : nullptr);
  return e;
}

}  // namespace werkbaat::analysis
