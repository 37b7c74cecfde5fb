#include "werkbaat/engine/parameter_draws.h"

#include "engine/rng.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::engine {

std::array<std::uint32_t, 4> random_words(std::uint64_t seed, std::uint32_t draw, std::uint32_t a, std::uint32_t b) {
  return philox_block(seed, draw, a, b, Purpose::parameter);
}

double calibration_uniform(std::uint64_t seed, std::uint32_t chain, std::uint32_t iteration, std::uint32_t k) {
  const auto w = philox_block(seed, chain, iteration, k / 2, Purpose::calibration);
  return k % 2 == 0 ? uniform53(w[0], w[1]) : uniform53(w[2], w[3]);
}

std::vector<std::uint64_t> parameter_streams(const model::Scenario& s) {
  std::vector<std::uint64_t> out;
  for (const auto& p : s.params) out.push_back(model::fnv1a(p.path));
  return out;
}

void draw_parameters(const model::Scenario& s, const std::vector<std::uint64_t>& streams, std::uint64_t seed, int draw,
                     std::vector<double>& out) {
  if (draw == 0) {
    model::base_values(s, out);
    return;
  }
  out.resize(s.params.size());
  for (std::size_t i = 0; i < s.params.size(); ++i) {
    const auto& p = s.params[i];
    double v;
    if (p.joint >= 0) {  // its row of the file's draws: the same row for every column
      const auto& j = s.joint_draws[p.joint];
      v = j.values[static_cast<std::size_t>((draw - 1) % j.rows) * j.columns() + p.joint_column];
    } else if (p.dist.is_fixed()) {
      v = p.dist.mean();
    } else {
      const std::uint64_t h = streams[i];
      const auto r = philox_block(seed, static_cast<std::uint32_t>(draw), static_cast<std::uint32_t>(h),
                                  static_cast<std::uint32_t>(h >> 32), Purpose::parameter);
      v = p.dist.quantile(uniform53(r[0], r[1]));
    }
    out[i] = p.dirichlet >= 0 ? v : p.unit.to_month(v) * p.index_factor;
  }
  model::normalise_dirichlets(s, out);  // the gamma(alpha_i, 1) draws
}

void draw_parameters(const model::Scenario& s, std::uint64_t seed, int draw, std::vector<double>& out) {
  draw_parameters(s, parameter_streams(s), seed, draw, out);
}

}  // namespace werkbaat::engine
