// The posterior by adaptive Metropolis, and its diagnostics (split R-hat, effective sample size).
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <mutex>
#include <numeric>
#include <thread>

#include "analysis/calibration_math.h"
#include "werkbaat/analysis/calibration.h"
#include "werkbaat/engine/parameter_draws.h"

namespace werkbaat::analysis {

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

using namespace detail;

double normal_quantile(double u) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), u);
}

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
    double lp = log_prior_free(p, x.data(), v);
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
      std::vector<double> v(d);
      const double lp = log_prior_free(p, x.data(), v);
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
