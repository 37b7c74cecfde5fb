#pragma once
// Draws every parameter of a scenario for one PSA draw.
#include <cstdint>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

// Fills `out` (size = params) with the values of draw `draw`, already normalised to months and
// indexed to the scenario's price year. Draw 0 is the base case: every distribution's mean
// (Dirichlet components alpha_i / sum alpha). Draws >= 1 use the inverse CDF of Philox uniforms
// keyed by (seed, draw, hash of the parameter's path).
void draw_parameters(const model::Scenario& s, std::uint64_t seed, int draw, std::vector<double>& out);

}  // namespace werkbaat::engine
