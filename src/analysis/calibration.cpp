#include "werkbaat/analysis/calibration.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <mutex>
#include <nlopt.hpp>
#include <numbers>
#include <numeric>
#include <thread>

#include "werkbaat/engine/parameter_draws.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/error.h"

namespace werkbaat::analysis {
namespace {

constexpr double kMisfitZ = 2.5758293035489;  // two-sided 1%

double normal_quantile(double u) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), u);
}

// A `*` matches any characters but a dot.
bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (glob_match(pattern.substr(1), text.substr(i))) return true;
      if (i < text.size() && text[i] == '.') break;
    }
    return false;
  }
  return !text.empty() && pattern.front() == text.front() && glob_match(pattern.substr(1), text.substr(1));
}

}  // namespace

double Target::log_likelihood(double p) const {
  if (likelihood == Likelihood::normal) {
    const double z = (estimate - p) / se;
    return -0.5 * z * z - std::log(se) - 0.5 * std::log(2 * std::numbers::pi);
  }
  if (p > 1 && p < 1 + 1e-12) p = 1;  // a share summed over groups may round past 1
  if (p < 0 && p > -1e-12) p = 0;
  if (!(p >= 0 && p <= 1)) return -INFINITY;
  const double a = k > 0 ? k * std::log(p) : 0.0, b = n - k > 0 ? (n - k) * std::log1p(-p) : 0.0;
  return a + b;
}

double Target::z(double p) const {
  if (likelihood == Likelihood::normal) return (estimate - p) / se;
  const double sd = std::sqrt(p * (1 - p) / n);
  return sd > 0 ? (k / n - p) / sd : (k / n == p ? 0.0 : INFINITY);
}

double FitParameter::to_free(double v) const {
  if (std::isfinite(lo) && std::isfinite(hi)) {
    const double u = (v - lo) / (hi - lo);
    return std::log(u) - std::log1p(-u);
  }
  if (std::isfinite(lo)) return std::log(v - lo);
  return v;
}

double FitParameter::from_free(double x) const {
  if (std::isfinite(lo) && std::isfinite(hi)) return lo + (hi - lo) / (1 + std::exp(-x));
  if (std::isfinite(lo)) return lo + std::exp(x);
  return x;
}

double FitParameter::log_jacobian(double x) const {
  if (std::isfinite(lo) && std::isfinite(hi)) return std::log(hi - lo) - std::abs(x) - 2 * std::log1p(std::exp(-std::abs(x)));
  if (std::isfinite(lo)) return x;
  return 0.0;
}

double FitParameter::log_prior(double v) const { return prior.log_pdf(v); }

std::vector<FitParameter> fit_parameters(const model::Scenario& s, const std::vector<std::string>& patterns,
                                         const std::vector<model::SourceRef>& where) {
  std::vector<FitParameter> out;
  std::vector<bool> taken(s.params.size(), false);
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    const std::string key = fmt::format("fit[{}]", k);
    int matched = 0;
    for (int p = 0; p < static_cast<int>(s.params.size()); ++p) {
      const auto& param = s.params[p];
      if (!glob_match(patterns[k], param.path)) continue;
      ++matched;
      if (taken[p]) continue;
      const auto refuse = [&](const std::string& why) {
        throw InputError(where[k], key, fmt::format("'{}' cannot be fitted: {}", param.path, why));
      };
      if (param.dirichlet >= 0) refuse("it is a component of a Dirichlet group");
      if (param.joint >= 0) refuse("it is drawn from joint_draws '" + s.joint_draws[param.joint].name + "'");
      if (param.dist.is_fixed())
        refuse(fmt::format("it has no distribution to be its prior (it is fixed at {:g}, set at {}:{})", param.dist.a,
                           param.origin.file, param.origin.line));
      taken[p] = true;
      FitParameter f;
      f.param = p;
      f.path = param.path;
      f.prior = param.dist;
      std::tie(f.lo, f.hi) = param.dist.support();
      out.push_back(f);
    }
    if (matched == 0) {
      if (patterns[k].find('*') != std::string::npos)
        throw InputError(where[k], key, fmt::format("'{}' names no parameter of the scenario", patterns[k]));
      throw InputError::unknown_name(where[k], key, "parameter", patterns[k], s.parameter_paths());
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model at a point.

TargetModel::TargetModel(const CalibrationProblem& p) : problem_(&p) {
  const model::Scenario& base = p.scenario;
  model::Expression one;
  one.code = {{model::ExprOp::constant, -1, 1.0}};
  one.text = "1";
  // One run for the shares and months; one per state asked "ever in", with the moves out of it
  // removed so that a client once in it stays there.
  std::vector<int> ever_states;
  bool plain = false;
  for (const auto& t : p.targets) {
    if (t.measure.kind == MeasureKind::ever) {
      if (std::find(ever_states.begin(), ever_states.end(), t.measure.state) == ever_states.end())
        ever_states.push_back(t.measure.state);
    } else {
      plain = true;
    }
  }
  const auto make_variant = [&](int absorbing) {
    auto v = std::make_unique<Variant>();
    v->scenario = base;
    model::Scenario& s = v->scenario;
    if (absorbing >= 0) std::erase_if(s.transitions, [&](const model::Transition& t) { return t.from == absorbing; });
    // Only the counts are read: money lines are not booked, nor effects no target reads. A target
    // on an effect gets its own copy of the effect's lines, booked only for its clients.
    std::vector<model::FlowLine> effect_lines;
    for (const auto& l : s.lines)
      if (!l.is_money()) effect_lines.push_back(l);
    s.lines.clear();
    s.splits.clear();
    s.effects.clear();
    s.effect_units.clear();
    s.analyses = {};
    s.simulation.mode = model::Mode::cohort;
    s.simulation.draws = 0;
    s.simulation.base_case = true;
    s.simulation.threads = 1;
    s.exprs.push_back(one);
    const int expr = static_cast<int>(s.exprs.size()) - 1;
    for (int ti = 0; ti < static_cast<int>(p.targets.size()); ++ti) {
      const Measure& m = p.targets[ti].measure;
      if ((m.kind == MeasureKind::ever) != (absorbing >= 0) || (absorbing >= 0 && m.state != absorbing)) continue;
      const std::string name = "target/" + p.targets[ti].name;
      const int effect = static_cast<int>(s.effects.size());
      s.effects.push_back(name);
      s.effect_units.push_back("people");
      const int groups = static_cast<int>(s.groups.size());
      const auto counted = [&](int combo) { return m.population[combo % groups] && m.counted[combo % groups]; };
      v->targets.push_back(ti);
      if (m.kind == MeasureKind::effect) {
        for (model::FlowLine l : effect_lines) {
          if (l.effect != m.effect) continue;
          l.effect = effect;
          for (auto& by_combo : l.state_pieces)
            for (int c = 0; c < static_cast<int>(by_combo.size()); ++c)
              if (!counted(c)) by_combo[c].clear();
          for (int c = 0; c < static_cast<int>(l.combo_expr.size()); ++c)
            if (!counted(c)) l.combo_expr[c] = -1;
          s.lines.push_back(std::move(l));
        }
        continue;
      }
      model::FlowLine line;
      line.name = name;
      line.flow = line.name;
      line.effect = effect;
      line.state_pieces.assign(s.states.size(), std::vector<model::Pieces>(s.combos()));
      for (int st = 0; st < static_cast<int>(s.states.size()); ++st) {
        if (m.state >= 0 && st != m.state) continue;
        for (int a = 0; a < static_cast<int>(s.arms.size()); ++a)
          for (int g = 0; g < groups; ++g)
            if (counted(s.combo(a, g))) line.state_pieces[st][s.combo(a, g)] = {{0, expr}};
      }
      s.lines.push_back(std::move(line));
    }
    v->run = std::make_unique<engine::PreparedRun>(s, s.simulation);
    variants_.push_back(std::move(v));
  };
  if (plain) make_variant(-1);
  for (const int st : ever_states) make_variant(st);
  for (const auto& t : p.targets) {
    double share = 0;
    for (std::size_t g = 0; g < base.groups.size(); ++g)
      if (t.measure.population[g]) share += base.groups[g].share;
    denominators_.push_back(base.population.size * share);
  }
}

std::vector<double> TargetModel::predict(const std::vector<double>& values) {
  ++evaluations_;
  std::vector<double> out(problem_->targets.size(), 0.0);
  for (auto& v : variants_) {
    for (std::size_t k = 0; k < problem_->params.size(); ++k) v->scenario.params[problem_->params[k].param].point = values[k];
    const engine::RunResult r = v->run->run();
    const auto& sh = r.shape;
    for (int e = 0; e < static_cast<int>(v->targets.size()); ++e) {
      const int ti = v->targets[e];
      const Measure& m = problem_->targets[ti].measure;
      const auto value = [&](int arm) {
        const double* series = r.base_monthly.effect.data() + (static_cast<std::size_t>(arm) * sh.effects + e) * sh.months;
        double sum = 0;
        const int from = m.kind == MeasureKind::share ? m.first : 1;
        for (int t = from; t <= m.last; ++t) sum += series[t - 1];
        if (m.kind == MeasureKind::share) sum /= m.last - m.first + 1;
        if (m.kind == MeasureKind::ever) sum = series[m.last - 1];
        return sum / denominators_[ti];
      };
      out[ti] = value(m.arm) - (m.minus >= 0 ? value(m.minus) : 0.0);
    }
  }
  return out;
}

double TargetModel::log_likelihood(const std::vector<double>& values) {
  const auto predicted = predict(values);
  double ll = 0;
  for (std::size_t t = 0; t < predicted.size(); ++t) ll += problem_->targets[t].log_likelihood(predicted[t]);
  return ll;
}

// ---------------------------------------------------------------------------------------------
// Maximum likelihood.

namespace {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

std::vector<double> natural(const CalibrationProblem& p, const std::vector<double>& x) {
  std::vector<double> v(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) v[k] = p.params[k].from_free(x[k]);
  return v;
}

double log_prior_sum(const CalibrationProblem& p, const std::vector<double>& v) {
  double lp = 0;
  for (std::size_t k = 0; k < v.size(); ++k) lp += p.params[k].log_prior(v[k]);
  return lp;
}

// The free-scale box the optimiser searches: the prior's 1e-9 and 1 - 1e-9 quantiles, widened.
std::pair<std::vector<double>, std::vector<double>> search_box(const CalibrationProblem& p) {
  std::vector<double> lo, hi;
  for (const auto& f : p.params) {
    const double a = f.to_free(f.prior.quantile(1e-9)), b = f.to_free(f.prior.quantile(1 - 1e-9));
    const bool scaled = std::isfinite(f.lo);  // logit or log: keep away from where the map saturates
    const double w = std::max(b - a, scaled ? 1.0 : 1e-9 * std::max(1.0, std::abs(a)));
    lo.push_back(scaled ? std::max(a - w / 2, -40.0) : a - w / 2);
    hi.push_back(scaled ? std::min(b + w / 2, 40.0) : b + w / 2);
  }
  return {lo, hi};
}

// Maximises f on the free scale from x (in place); returns the maximum.
double maximise(const std::function<double(const std::vector<double>&)>& f, std::vector<double>& x,
                const std::pair<std::vector<double>, std::vector<double>>& box, int max_evaluations) {
  nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(x.size()));
  opt.set_lower_bounds(box.first);
  opt.set_upper_bounds(box.second);
  opt.set_xtol_abs(1e-7);
  opt.set_ftol_abs(1e-10);
  opt.set_maxeval(max_evaluations);
  std::vector<double> step(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    x[k] = std::clamp(x[k], box.first[k] + 1e-6, box.second[k] - 1e-6);
    step[k] = std::min(0.5, (box.second[k] - box.first[k]) / 10);
  }
  opt.set_initial_step(step);
  // NLopt turns an exception of the objective into its own: keep the model's, and rethrow it.
  struct Data {
    const std::function<double(const std::vector<double>&)>* f;
    nlopt::opt* opt;
    std::exception_ptr error;
  } data{&f, &opt, nullptr};
  opt.set_max_objective(
      [](const std::vector<double>& v, std::vector<double>&, void* d) {
        auto* self = static_cast<Data*>(d);
        try {
          const double y = (*self->f)(v);
          return std::isfinite(y) ? y : -1e300;
        } catch (...) {
          self->error = std::current_exception();
          self->opt->force_stop();
          return -1e300;
        }
      },
      &data);
  double best = -INFINITY;
  try {
    opt.optimize(x, best);
  } catch (const nlopt::roundoff_limited&) {
    best = f(x);  // converged as far as rounding allows
  } catch (const nlopt::forced_stop&) {
  }
  if (data.error) std::rethrow_exception(data.error);
  return std::isfinite(best) ? best : -1e300;
}

// Second derivatives of f at x by central differences, step h on the free scale.
Mat hessian(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& x, double h) {
  const int d = static_cast<int>(x.size());
  Mat H(d, d);
  const double f0 = f(x);
  auto at = [&](int i, double di, int j, double dj) {
    std::vector<double> y = x;
    y[i] += di;
    y[j] += dj;
    return f(y);
  };
  for (int i = 0; i < d; ++i) {
    H(i, i) = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (int j = 0; j < i; ++j)
      H(i, j) = H(j, i) = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
  }
  return H;
}

// The inverse of a positive definite matrix, or nothing.
bool inverse_if_positive(const Mat& A, Mat& inv) {
  Eigen::SelfAdjointEigenSolver<Mat> eig(A);
  const double top = eig.eigenvalues().cwiseAbs().maxCoeff();
  if (eig.info() != Eigen::Success || !(eig.eigenvalues().minCoeff() > 1e-9 * std::max(top, 1e-300))) return false;
  inv = eig.eigenvectors() * eig.eigenvalues().cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
  return true;
}

std::vector<std::vector<double>> correlation_of(const Mat& cov) {
  const auto d = cov.rows();
  std::vector<std::vector<double>> out(d, std::vector<double>(d));
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) out[i][j] = cov(i, j) / std::sqrt(cov(i, i) * cov(j, j));
  return out;
}

}  // namespace

MaximumLikelihood maximum_likelihood(const CalibrationProblem& p, const MleOptions& o,
                                     const CalibrationProgress& progress) {
  TargetModel model(p);
  const int d = static_cast<int>(p.params.size());
  const long budget = static_cast<long>(o.starts + 1) * o.max_evaluations;
  const auto loglik = [&](const std::vector<double>& x) {
    if (progress && model.evaluations() % 20 == 0) progress("maximum likelihood", model.evaluations(), budget);
    return model.log_likelihood(natural(p, x));
  };
  const auto box = search_box(p);
  MaximumLikelihood out;
  out.starts = o.starts;
  std::vector<double> best_x;
  double best = -INFINITY;
  for (int s = 0; s < o.starts; ++s) {
    // Start 0 at the parameters' point values; the others spread over the priors' middle 90%
    // along a Kronecker sequence (deterministic).
    std::vector<double> x(d);
    for (int k = 0; k < d; ++k) {
      const auto& f = p.params[k];
      const double point = p.scenario.params[f.param].point.value_or(f.prior.mean());
      const double u = std::fmod(0.5 + s * std::sqrt(2.0 + k) * 0.7548776662466927, 1.0);
      x[k] = f.to_free(s == 0 ? point : f.prior.quantile(0.05 + 0.9 * u));
    }
    const double y = maximise(loglik, x, box, o.max_evaluations);
    out.start_log_likelihoods.push_back(y);
    if (s == 0 || y > best) best = y, best_x = x;
  }
  // Targets that no value of the fitted parameters can give: refused, naming them.
  if (!(best > -1e300)) {
    const auto at = model.predict(natural(p, best_x));
    for (std::size_t t = 0; t < p.targets.size(); ++t)
      if (!std::isfinite(p.targets[t].log_likelihood(at[t])))
        throw InputError(p.targets[t].origin, "targets." + p.targets[t].name,
                         fmt::format("the model gives {:g} here for every value of the fitted parameters tried, which "
                                     "rules out the observed {:g} of {:g}: does the target count what was meant?",
                                     at[t], p.targets[t].k, p.targets[t].n));
  }
  out.log_likelihood = best;
  out.values = natural(p, best_x);

  // Standard errors from the observed information on the free scale, by the delta method.
  const Mat H = hessian(loglik, best_x, 1e-3);
  Mat cov;
  out.identified = inverse_if_positive(-H, cov);
  out.se.assign(d, NAN);
  if (out.identified) {
    for (int k = 0; k < d; ++k)
      out.se[k] = std::exp(p.params[k].log_jacobian(best_x[k])) * std::sqrt(cov(k, k));
    out.correlation = correlation_of(cov);
  }

  // Per target: the fit at the maximum likelihood.
  const auto predicted = model.predict(out.values);
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const Target& tg = p.targets[t];
    TargetFit f;
    f.predicted = predicted[t];
    f.z = tg.z(predicted[t]);
    f.log_likelihood = tg.log_likelihood(predicted[t]);
    f.misfit = !(std::abs(f.z) <= kMisfitZ);
    // Deviance against the model that fits this target exactly.
    out.deviance += 2 * (tg.log_likelihood(tg.observed()) - f.log_likelihood);
    out.targets.push_back(f);
  }

  // The posterior mode on the natural scale (no Jacobian), from the maximum likelihood.
  std::vector<double> x = best_x;
  const auto log_post = [&](const std::vector<double>& y) {
    const auto v = natural(p, y);
    return model.log_likelihood(v) + log_prior_sum(p, v);
  };
  out.map_log_posterior = maximise(log_post, x, box, o.max_evaluations);
  out.map_values = natural(p, x);

  // The pulls, from the gradient of each target's log-likelihood (free scale) at the posterior
  // mode: at the maximum likelihood of a model with more parameters than targets every target is
  // met exactly and the gradients are rounding noise; at the mode the prior holds them apart.
  std::vector<Vec> grad(p.targets.size(), Vec::Zero(d));
  const double h = 1e-4;
  for (int k = 0; k < d; ++k) {
    std::vector<double> up = x, down = x;
    up[k] += h;
    down[k] -= h;
    const auto pu = model.predict(natural(p, up)), pd = model.predict(natural(p, down));
    for (std::size_t t = 0; t < p.targets.size(); ++t)
      grad[t][k] = (p.targets[t].log_likelihood(pu[t]) - p.targets[t].log_likelihood(pd[t])) / (2 * h);
  }
  for (std::size_t a = 0; a < grad.size(); ++a)
    for (std::size_t b = a + 1; b < grad.size(); ++b) {
      const double na = grad[a].norm(), nb = grad[b].norm();
      if (!(na > 1e-6 && nb > 1e-6)) continue;
      const double c = grad[a].dot(grad[b]) / (na * nb);
      if (c < -0.5) out.pulls.push_back({static_cast<int>(a), static_cast<int>(b), c});
    }
  std::sort(out.pulls.begin(), out.pulls.end(), [](const Pull& u, const Pull& v) { return u.cosine < v.cosine; });
  out.evaluations = model.evaluations();
  if (progress) progress("maximum likelihood", budget, budget);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

ChainDiagnostics diagnose(const std::vector<std::vector<double>>& chains) {
  // Split each chain in two halves of n draws.
  std::vector<std::vector<double>> split;
  for (const auto& c : chains) {
    const std::size_t n = c.size() / 2;
    split.emplace_back(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n));
    split.emplace_back(c.end() - static_cast<std::ptrdiff_t>(n), c.end());
  }
  const std::size_t m = split.size(), n = split.front().size();
  std::vector<double> mean(m), var(m);
  for (std::size_t j = 0; j < m; ++j) {
    mean[j] = std::accumulate(split[j].begin(), split[j].end(), 0.0) / static_cast<double>(n);
    double ss = 0;
    for (const double x : split[j]) ss += (x - mean[j]) * (x - mean[j]);
    var[j] = ss / static_cast<double>(n - 1);
  }
  const double grand = std::accumulate(mean.begin(), mean.end(), 0.0) / static_cast<double>(m);
  double B = 0;
  for (const double mu : mean) B += (mu - grand) * (mu - grand);
  B *= static_cast<double>(n) / static_cast<double>(m - 1);
  const double W = std::accumulate(var.begin(), var.end(), 0.0) / static_cast<double>(m);
  const double nn = static_cast<double>(n);
  const double var_plus = (nn - 1) / nn * W + B / nn;
  ChainDiagnostics out;
  if (W == 0) {  // chains that never moved tell nothing of the posterior
    out.rhat = INFINITY;
    out.ess = 0;
    return out;
  }
  out.rhat = std::sqrt(var_plus / W);
  // Autocorrelation at lag t over the chains, summed in pairs until a pair turns negative
  // (Geyer's initial positive sequence), kept monotone.
  const auto rho = [&](std::size_t t) {
    double acov = 0;
    for (std::size_t j = 0; j < m; ++j) {
      double s = 0;
      for (std::size_t i = 0; i + t < n; ++i) s += (split[j][i] - mean[j]) * (split[j][i + t] - mean[j]);
      acov += s / nn;
    }
    acov /= static_cast<double>(m);
    return 1 - (W * (nn - 1) / nn - acov) / var_plus;
  };
  double tau = -1, last_pair = INFINITY;
  for (std::size_t t = 0; t + 1 < n; t += 2) {
    double pair = (t == 0 ? 1.0 : rho(t)) + rho(t + 1);
    if (pair < 0) break;
    pair = std::min(pair, last_pair);
    last_pair = pair;
    tau += 2 * pair;
  }
  out.ess = static_cast<double>(m * n) / std::max(tau, 1.0 / std::log10(static_cast<double>(m * n)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Adaptive Metropolis.

namespace {

// The k-th uniform of iteration `it` of chain `chain` (counter-based: independent of threads).
double uniform_at(std::uint64_t seed, int chain, int it, int k) {
  return engine::calibration_uniform(seed, static_cast<std::uint32_t>(chain), static_cast<std::uint32_t>(it),
                                     static_cast<std::uint32_t>(k));
}

struct ChainOut {
  std::vector<double> draws;      // [sample][param], natural
  std::vector<double> predicted;  // [sample][target]
  double acceptance = 0;
  long evaluations = 0;
};

ChainOut run_chain(const CalibrationProblem& p, int chain, const std::vector<double>& x_mode, const Mat& chol0,
                   const McmcOptions& o, const std::function<void()>& step) {
  TargetModel model(p);
  const int d = static_cast<int>(p.params.size());
  const auto log_target = [&](const Vec& x, std::vector<double>& predicted) {
    std::vector<double> v(d);
    double lp = 0;
    for (int k = 0; k < d; ++k) {
      v[k] = p.params[k].from_free(x[k]);
      lp += p.params[k].log_prior(v[k]) + p.params[k].log_jacobian(x[k]);
    }
    if (!std::isfinite(lp)) return -HUGE_VAL;
    predicted = model.predict(v);
    for (std::size_t t = 0; t < predicted.size(); ++t) lp += p.targets[t].log_likelihood(predicted[t]);
    return lp;
  };
  const auto normals = [&](int it, int first) {
    Vec z(d);
    for (int k = 0; k < d; ++k) z[k] = normal_quantile(uniform_at(o.seed, chain, it, first + k));
    return z;
  };
  // Start over-dispersed around the mode: two proposal standard deviations away, at random.
  Vec x = Eigen::Map<const Vec>(x_mode.data(), d) + 2.0 * chol0 * normals(0, 0);
  std::vector<double> pred, pred_new;
  double lp = log_target(x, pred);
  for (int tries = 1; !std::isfinite(lp) && tries < 100; ++tries) {
    x = Eigen::Map<const Vec>(x_mode.data(), d) + chol0 * normals(0, tries * d);
    lp = log_target(x, pred);
  }
  if (!std::isfinite(lp)) {
    x = Eigen::Map<const Vec>(x_mode.data(), d);
    lp = log_target(x, pred);
  }
  Mat L = chol0;
  double log_scale = 0;  // the proposal is exp(log_scale) L z
  const double target_rate = d == 1 ? 0.44 : 0.234;
  std::vector<Vec> history;
  ChainOut out;
  int accepted = 0;
  for (int it = 1; it <= o.warmup + o.samples; ++it) {
    const Vec proposal = x + std::exp(log_scale) * L * normals(it, 0);
    const double u = uniform_at(o.seed, chain, it, d);
    const double lp_new = log_target(proposal, pred_new);
    const double alpha = std::isfinite(lp_new) ? std::min(1.0, std::exp(lp_new - lp)) : 0.0;
    if (u < alpha) {
      x = proposal;
      lp = lp_new;
      pred.swap(pred_new);
      if (it > o.warmup) ++accepted;
    }
    if (it <= o.warmup) {
      // Robbins-Monro on the scale; the covariance of the second half of the warmup so far.
      log_scale += (alpha - target_rate) / std::pow(static_cast<double>(it), 0.6);
      history.push_back(x);
      if (it >= 200 && it % 50 == 0) {
        const std::size_t from = history.size() / 2;
        const auto count = static_cast<double>(history.size() - from);
        Vec mean = Vec::Zero(d);
        for (std::size_t i = from; i < history.size(); ++i) mean += history[i];
        mean /= count;
        Mat cov = Mat::Zero(d, d);
        for (std::size_t i = from; i < history.size(); ++i) cov += (history[i] - mean) * (history[i] - mean).transpose();
        cov /= count - 1;
        cov *= 2.38 * 2.38 / d;
        cov += 1e-10 * Mat::Identity(d, d);
        Eigen::LLT<Mat> llt(cov);
        if (llt.info() == Eigen::Success) {
          L = llt.matrixL();
          log_scale = 0;
        }
      }
    } else {
      for (int k = 0; k < d; ++k) out.draws.push_back(p.params[k].from_free(x[k]));
      out.predicted.insert(out.predicted.end(), pred.begin(), pred.end());
    }
    step();
  }
  out.acceptance = o.samples > 0 ? static_cast<double>(accepted) / o.samples : 0.0;
  out.evaluations = model.evaluations();
  return out;
}

double quantile_sorted(const std::vector<double>& x, double q) {
  const double h = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(h);
  return lo + 1 < x.size() ? x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]) : x.back();
}

}  // namespace

Posterior sample_posterior(const CalibrationProblem& p, const std::vector<double>& start, const McmcOptions& o,
                           const CalibrationProgress& progress) {
  const int d = static_cast<int>(p.params.size());
  std::vector<double> x_mode(d);
  for (int k = 0; k < d; ++k) x_mode[k] = p.params[k].to_free(start[k]);
  // The first proposal: the curvature of the log posterior (free scale) at the start, scaled as
  // adaptive Metropolis scales it; the prior's spread where that curvature is not usable.
  Mat chol0 = Mat::Zero(d, d);
  long evaluations = 0;
  {
    TargetModel model(p);
    const auto log_post = [&](const std::vector<double>& x) {
      double lp = 0;
      std::vector<double> v(d);
      for (int k = 0; k < d; ++k) {
        v[k] = p.params[k].from_free(x[k]);
        lp += p.params[k].log_prior(v[k]) + p.params[k].log_jacobian(x[k]);
      }
      return lp + model.log_likelihood(v);
    };
    Mat cov;
    if (inverse_if_positive(-hessian(log_post, x_mode, 1e-3), cov)) {
      Eigen::LLT<Mat> llt(cov * (2.38 * 2.38 / d));
      if (llt.info() == Eigen::Success) chol0 = llt.matrixL();
    }
    if (chol0.isZero()) {
      for (int k = 0; k < d; ++k) {
        const auto& f = p.params[k];
        chol0(k, k) = 0.1 * std::abs(f.to_free(f.prior.quantile(0.84)) - f.to_free(f.prior.quantile(0.16)));
      }
    }
    evaluations = model.evaluations();
  }
  const int chains = o.chains;
  std::vector<ChainOut> outs(chains);
  const long total = static_cast<long>(chains) * (o.warmup + o.samples);
  std::atomic<long> done{0};
  std::mutex report;
  const auto step = [&] {
    const long n = ++done;
    if (progress && n % 50 == 0) {
      const std::lock_guard<std::mutex> lock(report);
      progress("posterior (MCMC)", n, total);
    }
  };
  const int threads = std::max(1, std::min(chains, o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency())));
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(threads);
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (int c = t; c < chains; c += threads) outs[c] = run_chain(p, c, x_mode, chol0, o, step);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  for (auto& th : pool) th.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);

  Posterior post;
  post.evaluations = evaluations;
  for (const auto& c : outs) post.evaluations += c.evaluations;
  post.chains = chains;
  post.samples = o.samples;
  for (const auto& c : outs) {
    post.draws.insert(post.draws.end(), c.draws.begin(), c.draws.end());
    post.acceptance.push_back(c.acceptance);
  }
  post.params.resize(d);
  std::vector<std::string> problems;
  Mat cov = Mat::Zero(d, d);
  std::vector<double> means(d);
  for (int k = 0; k < d; ++k) {
    std::vector<std::vector<double>> per_chain(chains);
    std::vector<double> all;
    for (int c = 0; c < chains; ++c)
      for (int i = 0; i < o.samples; ++i) {
        per_chain[c].push_back(post.value(c, i, k));
        all.push_back(post.value(c, i, k));
      }
    auto& pp = post.params[k];
    const auto dg = diagnose(per_chain);
    pp.rhat = dg.rhat;
    pp.ess = dg.ess;
    pp.mean = std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size());
    means[k] = pp.mean;
    double ss = 0;
    for (const double v : all) ss += (v - pp.mean) * (v - pp.mean);
    pp.sd = std::sqrt(ss / static_cast<double>(all.size() - 1));
    std::sort(all.begin(), all.end());
    pp.q025 = quantile_sorted(all, 0.025);
    pp.q50 = quantile_sorted(all, 0.5);
    pp.q975 = quantile_sorted(all, 0.975);
    const auto& prior = p.params[k].prior;
    pp.prior_mean = prior.mean();
    pp.prior_q025 = prior.quantile(0.025);
    pp.prior_q975 = prior.quantile(0.975);
    if (!(pp.rhat <= o.max_rhat))
      problems.push_back(fmt::format("{}: R-hat {:.3f} above {:g}", p.params[k].path, pp.rhat, o.max_rhat));
    if (!(pp.ess >= o.min_ess))
      problems.push_back(fmt::format("{}: effective sample size {:.0f} below {:g}", p.params[k].path, pp.ess, o.min_ess));
  }
  const std::size_t n = post.draws.size() / d;
  for (std::size_t i = 0; i < n; ++i)
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) cov(a, b) += (post.draws[i * d + a] - means[a]) * (post.draws[i * d + b] - means[b]);
  post.correlation = correlation_of(cov);
  const std::size_t T = p.targets.size();
  for (std::size_t t = 0; t < T; ++t) {
    std::vector<double> v;
    for (const auto& c : outs)
      for (std::size_t i = 0; i < c.predicted.size() / std::max<std::size_t>(T, 1); ++i) v.push_back(c.predicted[i * T + t]);
    std::sort(v.begin(), v.end());
    post.predicted_mean.push_back(std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()));
    post.predicted_q025.push_back(quantile_sorted(v, 0.025));
    post.predicted_q975.push_back(quantile_sorted(v, 0.975));
  }
  for (int c = 0; c < chains; ++c)
    if (!(post.acceptance[c] >= 0.05))
      problems.push_back(fmt::format("chain {} accepted {:.1f}% of its proposals, below 5%", c + 1, 100 * post.acceptance[c]));
  post.converged = problems.empty();
  for (std::size_t i = 0; i < problems.size(); ++i) post.problem += (i ? "; " : "") + problems[i];
  return post;
}

}  // namespace werkbaat::analysis
