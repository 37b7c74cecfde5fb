#pragma once
// Probability distributions of uncertain parameters. Draws are made by the inverse CDF on the
// project's own uniforms (see engine/rng.h), so a draw is the same on every platform.
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace werkbaat::model {

enum class DistKind { fixed, beta, gamma, lognormal, normal, uniform, triangular, pert, empirical };

std::string_view to_string(DistKind kind);

// A univariate distribution. Meaning of a, b, c by kind:
//   fixed: a = value          beta: a = alpha, b = beta       gamma: a = shape, b = scale
//   lognormal: a = meanlog, b = sdlog                          normal: a = mean, b = sd
//   uniform: a = min, b = max   triangular, pert: a = min, b = mode, c = max
// Construct through the named factories; they check their arguments (std::invalid_argument).
struct Distribution {
  DistKind kind = DistKind::fixed;
  double a = 0.0, b = 0.0, c = 0.0;  // empirical: the sample's mean, variance and size
  std::shared_ptr<const std::vector<double>> sample;  // empirical: sorted

  static Distribution fixed(double value);
  static Distribution beta(double alpha, double beta);
  static Distribution beta_mean_sd(double mean, double sd);   // method of moments
  static Distribution gamma(double shape, double scale);
  static Distribution gamma_mean_sd(double mean, double sd);  // shape = (mean/sd)^2
  static Distribution lognormal(double meanlog, double sdlog);
  static Distribution lognormal_mean_sd(double mean, double sd);
  static Distribution normal(double mean, double sd);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);
  static Distribution pert(double min, double mode, double max);  // beta-PERT, lambda = 4
  // The distribution of a sample (draws from elsewhere: a posterior, a CSV); at least 2 values.
  static Distribution empirical(std::vector<double> values);

  double mean() const;
  double variance() const;
  // Inverse CDF; u in (0, 1).
  double quantile(double u) const;
  // The log of the density at x (-inf outside the support); not for fixed or empirical.
  double log_pdf(double x) const;
  // The interval the distribution lives on (bounds may be infinite).
  std::pair<double, double> support() const;
  bool is_fixed() const { return kind == DistKind::fixed; }
};

}  // namespace werkbaat::model
