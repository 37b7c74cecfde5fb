#pragma once
// Small helpers shared by the tests.
#include <string>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

namespace werkbaat::test {

inline std::string source_path(const std::string& relative) { return std::string(WERKBAAT_SOURCE_DIR) + "/" + relative; }

inline model::Scenario load_text(const std::string& text, const std::string& name = "test.yaml") {
  return io::load_scenario_text(text, name);
}

// Sets every parameter to a fixed value at its mean, so that draws differ only by first-order
// (micro) randomness.
inline void fix_parameters(model::Scenario& s) {
  std::vector<double> means;
  for (auto& p : s.params)
    if (p.dirichlet < 0) p.dist = model::Distribution::fixed(p.dist.mean());
  for (auto& g : s.dirichlets) {
    double total = 0;
    for (int m : g.members) total += s.params[m].dist.mean();
    for (int m : g.members) s.params[m].dist = model::Distribution::fixed(s.params[m].dist.mean() / total);
  }
  s.dirichlets.clear();
  for (auto& p : s.params) p.dirichlet = -1;
}

}  // namespace werkbaat::test
