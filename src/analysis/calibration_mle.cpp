// Maximum likelihood (NLopt), its standard errors, the fit per target, the pulls and the
// posterior mode.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlopt.hpp>

#include "analysis/calibration_math.h"
#include "werkbaat/analysis/calibration.h"
#include "werkbaat/model/error.h"

namespace werkbaat::analysis {
namespace {

using namespace detail;

constexpr double kMisfitZ = 2.5758293035489;  // two-sided 1%

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

}  // namespace werkbaat::analysis
