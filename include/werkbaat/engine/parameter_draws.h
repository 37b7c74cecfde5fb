#pragma once
// Draws every parameter of a scenario for one PSA draw.
#include <array>
#include <cstdint>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

// Fills `out` (size = params) with the values of draw `draw`, already normalised to months and
// indexed to the scenario's price year. Draw 0 is the base case: every distribution's mean
// (Dirichlet components alpha_i / sum alpha). Draws >= 1 use the inverse CDF of Philox uniforms
// keyed by (seed, draw, hash of the parameter's path).
void draw_parameters(const model::Scenario& s, std::uint64_t seed, int draw, std::vector<double>& out);

// The same, with each parameter's stream key (the hash of its path) computed once per scenario
// by parameter_streams(): for callers that draw many times.
std::vector<std::uint64_t> parameter_streams(const model::Scenario& s);
void draw_parameters(const model::Scenario& s, const std::vector<std::uint64_t>& streams, std::uint64_t seed, int draw,
                     std::vector<double>& out);

// Four random 32-bit words of the parameter stream at counter (draw, a, b), for analyses that
// resample the draws (bootstrap); the same words on every platform.
std::array<std::uint32_t, 4> random_words(std::uint64_t seed, std::uint32_t draw, std::uint32_t a, std::uint32_t b);

// A uniform in (0, 1) of the calibration's own stream (MCMC proposals and acceptances), number k
// of iteration `iteration` of chain `chain`: the same on every platform and thread.
double calibration_uniform(std::uint64_t seed, std::uint32_t chain, std::uint32_t iteration, std::uint32_t k);

}  // namespace werkbaat::engine
