#include "werkbaat/analysis/voi.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "werkbaat/engine/parameter_draws.h"

namespace werkbaat::analysis {
namespace {

constexpr int kBootstrap = 200;
constexpr int kFewDraws = 1000;  // below this, regression-based EVPPI is noticeably biased upward

// E[max_j x_j] - max_j E[x_j] over the draws, for fitted or raw net benefits.
double value_of(const std::vector<std::vector<double>>& x, const std::vector<int>& rows) {
  const std::size_t J = x.size();
  double best_mean = -INFINITY, mean_best = 0;
  for (std::size_t j = 0; j < J; ++j) {
    double m = 0;
    for (const int d : rows) m += x[j][d];
    best_mean = std::max(best_mean, m / static_cast<double>(rows.size()));
  }
  for (const int d : rows) {
    double b = -INFINITY;
    for (std::size_t j = 0; j < J; ++j) b = std::max(b, x[j][d]);
    mean_best += b;
  }
  return mean_best / static_cast<double>(rows.size()) - best_mean;
}

Eigen::MatrixXd basis(const Eigen::MatrixXd& raw) {
  const Eigen::Index n = raw.rows(), k = raw.cols();
  Eigen::MatrixXd z(n, k);
  for (Eigen::Index c = 0; c < k; ++c) {
    const double mu = raw.col(c).mean();
    const double sd =
        std::sqrt((raw.col(c).array() - mu).square().sum() / static_cast<double>(std::max<Eigen::Index>(1, n - 1)));
    if (sd > 0) z.col(c) = ((raw.col(c).array() - mu) / sd).matrix();
    else z.col(c).setZero();
  }
  // Linear terms first, so that a fit with too few draws can keep just the first 1 + k columns.
  std::vector<Eigen::VectorXd> cols = {Eigen::VectorXd::Ones(n)};
  for (Eigen::Index c = 0; c < k; ++c) cols.push_back(z.col(c));
  for (Eigen::Index c = 0; c < k; ++c) cols.push_back(z.col(c).array().square().matrix());
  for (Eigen::Index c = 0; c < k; ++c) cols.push_back(z.col(c).array().cube().matrix());
  if (k <= 4)
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = a + 1; b < k; ++b) cols.push_back((z.col(a).array() * z.col(b).array()).matrix());
  Eigen::MatrixXd X(n, static_cast<Eigen::Index>(cols.size()));
  for (std::size_t c = 0; c < cols.size(); ++c) X.col(static_cast<Eigen::Index>(c)) = cols[c];
  return X;
}

std::vector<int> all_rows(std::size_t n) {
  std::vector<int> r(n);
  for (std::size_t i = 0; i < n; ++i) r[i] = static_cast<int>(i);
  return r;
}

}  // namespace

ValueEstimate evpi(const std::vector<std::vector<double>>& nb) {
  ValueEstimate v;
  const std::size_t S = nb.empty() ? 0 : nb[0].size();
  if (S == 0) return v;
  v.value = value_of(nb, all_rows(S));
  // Opportunity loss per draw against the option that is best on average.
  std::size_t best = 0;
  double best_mean = -INFINITY;
  for (std::size_t j = 0; j < nb.size(); ++j) {
    double m = 0;
    for (const double x : nb[j]) m += x;
    if (m / static_cast<double>(S) > best_mean) {
      best_mean = m / static_cast<double>(S);
      best = j;
    }
  }
  double mean = 0, ss = 0;
  std::vector<double> loss(S);
  for (std::size_t d = 0; d < S; ++d) {
    double b = -INFINITY;
    for (const auto& opt : nb) b = std::max(b, opt[d]);
    loss[d] = b - nb[best][d];
    mean += loss[d] / static_cast<double>(S);
  }
  for (const double l : loss) ss += (l - mean) * (l - mean);
  v.se = S > 1 ? std::sqrt(ss / static_cast<double>(S - 1) / static_cast<double>(S)) : 0.0;
  return v;
}

ValueEstimate evppi(const std::vector<std::vector<double>>& nb, const std::vector<std::vector<double>>& rows_in,
                    std::uint64_t seed) {
  ValueEstimate v;
  const std::size_t S = rows_in.size();
  if (S < 2) return v;
  const auto K = static_cast<Eigen::Index>(rows_in[0].size());
  Eigen::MatrixXd inputs(static_cast<Eigen::Index>(S), K);
  for (std::size_t d = 0; d < S; ++d)
    for (Eigen::Index k = 0; k < K; ++k) inputs(static_cast<Eigen::Index>(d), k) = rows_in[d][static_cast<std::size_t>(k)];
  Eigen::MatrixXd X = basis(inputs);
  // Too few draws for the full basis: keep the constant and the linear terms (in place; assigning
  // X.leftCols() to X would read freed memory).
  if (X.cols() * 2 > static_cast<Eigen::Index>(S))
    X.conservativeResize(Eigen::NoChange, std::min<Eigen::Index>(X.cols(), 1 + inputs.cols()));
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  std::vector<std::vector<double>> fitted(nb.size(), std::vector<double>(S));
  for (std::size_t j = 0; j < nb.size(); ++j) {
    const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(nb[j].data(), static_cast<Eigen::Index>(S));
    const Eigen::VectorXd g = X * qr.solve(y);
    for (std::size_t d = 0; d < S; ++d) fitted[j][d] = g[static_cast<Eigen::Index>(d)];
  }
  v.value = std::max(0.0, value_of(fitted, all_rows(S)));
  std::vector<int> rows(S);
  double mean = 0, ss = 0;
  std::vector<double> boot(kBootstrap);
  for (int b = 0; b < kBootstrap; ++b) {
    for (std::size_t d = 0; d < S; d += 4) {
      const auto r = engine::random_words(seed, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(d), 7);
      for (std::size_t k = 0; k < 4 && d + k < S; ++k) rows[d + k] = static_cast<int>(r[k] % S);
    }
    boot[b] = value_of(fitted, rows);
    mean += boot[b] / kBootstrap;
  }
  for (const double x : boot) ss += (x - mean) * (x - mean);
  v.se = std::sqrt(ss / (kBootstrap - 1));
  return v;
}

Voi value_of_information(const model::Scenario& s, std::uint64_t seed, const std::vector<std::string>& accounts,
                         const std::vector<std::vector<std::vector<double>>>& npv,
                         const std::vector<VoiGroupSpec>& groups_in) {
  Voi out;
  out.population = s.population.size;
  out.draws = npv.empty() || npv[0].empty() ? 0 : static_cast<int>(npv[0][0].size());
  const int S = out.draws;
  // Groups: given, or one per first two path segments of the uncertain parameters.
  std::vector<VoiGroupSpec> groups = groups_in;
  if (groups.empty()) {
    for (const auto& p : s.params) {
      if (p.dist.is_fixed() && p.dirichlet < 0) continue;
      const auto dot = p.path.find('.', p.path.find('.') + 1);
      const std::string name = p.dirichlet >= 0 ? s.dirichlets[p.dirichlet].path : p.path.substr(0, dot);
      if (std::none_of(groups.begin(), groups.end(), [&](const auto& g) { return g.name == name; }))
        groups.push_back({name, {name}});
    }
  }
  const std::vector<bool> used = model::used_parameters(s);
  if (S < kFewDraws)
    out.warnings.push_back("EVPPI from " + std::to_string(S) + " draws is biased upward; use " +
                           std::to_string(kFewDraws) + " draws or more for values to rely on");
  // Parameter values per draw (draws 1..S), as the engine drew them.
  std::vector<std::vector<double>> theta(S);
  for (int d = 0; d < S; ++d) engine::draw_parameters(s, seed, d + 1, theta[d]);
  struct Resolved {
    std::string name;
    std::vector<int> params;
  };
  std::vector<Resolved> resolved;
  for (const auto& g : groups) {
    Resolved r{g.name, {}};
    for (int p = 0; p < static_cast<int>(s.params.size()); ++p) {
      const auto& path = s.params[p].path;
      const bool uncertain = !s.params[p].dist.is_fixed() || s.params[p].dirichlet >= 0;
      for (const auto& prefix : g.prefixes)
        if (uncertain && (path == prefix || path.rfind(prefix + ".", 0) == 0)) {
          r.params.push_back(p);
          break;
        }
    }
    if (!r.params.empty()) resolved.push_back(r);
  }
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    AccountVoi av;
    av.account = accounts[a];
    std::vector<std::vector<double>> nb = {std::vector<double>(S, 0.0)};  // the comparator
    for (const auto& arm : npv[a]) nb.push_back(arm);
    av.evpi = evpi(nb);
    for (const auto& r : resolved) {
      EvppiGroup g;
      g.group = r.name;
      for (const int p : r.params) g.parameters.push_back(s.params[p].path);
      std::vector<int> inputs;  // the group's parameters that the model uses
      for (const int p : r.params)
        if (used[p]) inputs.push_back(p);
      if (!inputs.empty()) {
        std::vector<std::vector<double>> in(S, std::vector<double>(inputs.size()));
        for (int d = 0; d < S; ++d)
          for (std::size_t k = 0; k < inputs.size(); ++k) in[d][k] = theta[d][inputs[k]];
        g.value = evppi(nb, in, seed);
        g.value.value = std::min(g.value.value, av.evpi.value);  // regression noise cannot add information
      }
      av.groups.push_back(std::move(g));
    }
    out.accounts.push_back(std::move(av));
  }
  return out;
}

}  // namespace werkbaat::analysis
