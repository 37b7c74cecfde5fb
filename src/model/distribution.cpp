#include "werkbaat/model/distribution.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace werkbaat::model {
namespace {

// Quantiles in double precision: Boost's default promotes to long double, several times slower
// for no accuracy a PSA draw needs.
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

Distribution make(DistKind kind, double a, double b = 0.0, double c = 0.0) {
  Distribution d;
  d.kind = kind;
  d.a = a;
  d.b = b;
  d.c = c;
  return d;
}

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

// PERT with lambda = 4 is a beta on [min, max] with these shapes.
std::pair<double, double> pert_shapes(const Distribution& d) {
  const double range = d.c - d.a;
  return {1.0 + 4.0 * (d.b - d.a) / range, 1.0 + 4.0 * (d.c - d.b) / range};
}

}  // namespace

std::string_view to_string(DistKind kind) {
  switch (kind) {
    case DistKind::fixed: return "fixed";
    case DistKind::beta: return "beta";
    case DistKind::gamma: return "gamma";
    case DistKind::lognormal: return "lognormal";
    case DistKind::normal: return "normal";
    case DistKind::uniform: return "uniform";
    case DistKind::triangular: return "triangular";
    case DistKind::pert: return "pert";
    case DistKind::empirical: return "empirical";
  }
  return "?";
}

Distribution Distribution::fixed(double value) {
  require(std::isfinite(value), "value must be finite");
  return make(DistKind::fixed, value, 0, 0);
}
Distribution Distribution::beta(double alpha, double beta_) {
  require(alpha > 0 && beta_ > 0, "alpha and beta must be > 0");
  return make(DistKind::beta, alpha, beta_, 0);
}
Distribution Distribution::beta_mean_sd(double mean, double sd) {
  require(mean > 0 && mean < 1, "beta mean must lie in (0, 1)");
  require(sd > 0 && sd * sd < mean * (1 - mean), "beta sd must be > 0 and sd^2 < mean*(1-mean)");
  const double k = mean * (1 - mean) / (sd * sd) - 1;
  return beta(mean * k, (1 - mean) * k);
}
Distribution Distribution::gamma(double shape, double scale) {
  require(shape > 0 && scale > 0, "gamma shape and scale must be > 0");
  return make(DistKind::gamma, shape, scale, 0);
}
Distribution Distribution::gamma_mean_sd(double mean, double sd) {
  require(mean > 0 && sd > 0, "gamma mean and sd must be > 0");
  const double shape = (mean / sd) * (mean / sd);
  return gamma(shape, mean / shape);
}
Distribution Distribution::lognormal(double meanlog, double sdlog) {
  require(std::isfinite(meanlog) && sdlog > 0, "lognormal sdlog must be > 0");
  return make(DistKind::lognormal, meanlog, sdlog, 0);
}
Distribution Distribution::lognormal_mean_sd(double mean, double sd) {
  require(mean > 0 && sd > 0, "lognormal mean and sd must be > 0");
  const double s2 = std::log1p((sd / mean) * (sd / mean));
  return lognormal(std::log(mean) - s2 / 2, std::sqrt(s2));
}
Distribution Distribution::normal(double mean, double sd) {
  require(std::isfinite(mean) && sd > 0, "normal sd must be > 0");
  return make(DistKind::normal, mean, sd, 0);
}
Distribution Distribution::uniform(double min, double max) {
  require(min < max, "uniform needs min < max");
  return make(DistKind::uniform, min, max, 0);
}
Distribution Distribution::triangular(double min, double mode, double max) {
  require(min < max && min <= mode && mode <= max, "triangular needs min <= mode <= max, min < max");
  return make(DistKind::triangular, min, mode, max);
}
Distribution Distribution::pert(double min, double mode, double max) {
  require(min < max && min <= mode && mode <= max, "pert needs min <= mode <= max, min < max");
  return make(DistKind::pert, min, mode, max);
}

Distribution Distribution::empirical(std::vector<double> values) {
  require(values.size() >= 2, "an empirical distribution needs at least 2 values");
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (const double v : values) sum += v;
  const double mean = sum / n;
  double ss = 0;
  for (const double v : values) ss += (v - mean) * (v - mean);
  Distribution d = make(DistKind::empirical, mean, ss / n, n);
  d.sample = std::make_shared<const std::vector<double>>(std::move(values));
  return d;
}

double Distribution::mean() const {
  switch (kind) {
    case DistKind::fixed: return a;
    case DistKind::beta: return a / (a + b);
    case DistKind::gamma: return a * b;
    case DistKind::lognormal: return std::exp(a + b * b / 2);
    case DistKind::normal: return a;
    case DistKind::uniform: return (a + b) / 2;
    case DistKind::triangular: return (a + b + c) / 3;
    case DistKind::pert: return (a + 4 * b + c) / 6;
    case DistKind::empirical: return a;
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind) {
    case DistKind::fixed: return 0;
    case DistKind::beta: return a * b / ((a + b) * (a + b) * (a + b + 1));
    case DistKind::gamma: return a * b * b;
    case DistKind::lognormal: return std::expm1(b * b) * std::exp(2 * a + b * b);
    case DistKind::normal: return b * b;
    case DistKind::uniform: return (b - a) * (b - a) / 12;
    case DistKind::triangular: return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    case DistKind::pert: {
      const auto [al, be] = pert_shapes(*this);
      return (c - a) * (c - a) * al * be / ((al + be) * (al + be) * (al + be + 1));
    }
    case DistKind::empirical: return b;
  }
  return 0;
}

double Distribution::quantile(double u) const {
  namespace bm = boost::math;
  switch (kind) {
    case DistKind::fixed: return a;
    case DistKind::beta: return bm::quantile(bm::beta_distribution<double, Policy>(a, b), u);
    case DistKind::gamma: return bm::quantile(bm::gamma_distribution<double, Policy>(a, b), u);
    case DistKind::lognormal: return bm::quantile(bm::lognormal_distribution<double, Policy>(a, b), u);
    case DistKind::normal: return bm::quantile(bm::normal_distribution<double, Policy>(a, b), u);
    case DistKind::uniform: return a + (b - a) * u;
    case DistKind::triangular: return bm::quantile(bm::triangular_distribution<double, Policy>(a, b, c), u);
    case DistKind::pert: {
      const auto [al, be] = pert_shapes(*this);
      return a + (c - a) * bm::quantile(bm::beta_distribution<double, Policy>(al, be), u);
    }
    case DistKind::empirical: {  // linear between order statistics (Hyndman and Fan type 7)
      const auto& x = *sample;
      const double h = u * static_cast<double>(x.size() - 1);
      const auto lo = static_cast<std::size_t>(h);
      return lo + 1 < x.size() ? x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]) : x.back();
    }
  }
  return a;
}

namespace {

// Log-densities in closed form: a pdf computed first underflows to 0 far in a tail, where a
// sampler or an optimiser still needs the slope.
double log_beta(double x, double al, double be) {
  return (al - 1) * std::log(x) + (be - 1) * std::log1p(-x) - (std::lgamma(al) + std::lgamma(be) - std::lgamma(al + be));
}

}  // namespace

double Distribution::log_pdf(double x) const {
  const auto [lo, hi] = support();
  if (!(x > lo && x < hi)) return -INFINITY;  // the open support: densities at 0 or 1 may be infinite
  const double log_sqrt_2pi = 0.5 * std::log(2 * std::numbers::pi);
  switch (kind) {
    case DistKind::beta: return log_beta(x, a, b);
    case DistKind::gamma: return (a - 1) * std::log(x) - x / b - std::lgamma(a) - a * std::log(b);
    case DistKind::lognormal: {
      const double z = (std::log(x) - a) / b;
      return -0.5 * z * z - std::log(x * b) - log_sqrt_2pi;
    }
    case DistKind::normal: {
      const double z = (x - a) / b;
      return -0.5 * z * z - std::log(b) - log_sqrt_2pi;
    }
    case DistKind::uniform: return -std::log(b - a);
    case DistKind::triangular:  // min a, mode b, max c
      return std::log(2.0) - std::log(c - a) + (x < b ? std::log(x - a) - std::log(b - a) : std::log(c - x) - std::log(c - b));
    case DistKind::pert: {
      const auto [al, be] = pert_shapes(*this);
      return log_beta((x - a) / (c - a), al, be) - std::log(c - a);
    }
    case DistKind::fixed:
    case DistKind::empirical: break;
  }
  throw std::logic_error("log_pdf of a fixed or empirical distribution");
}

std::pair<double, double> Distribution::support() const {
  switch (kind) {
    case DistKind::fixed: return {a, a};
    case DistKind::beta: return {0.0, 1.0};
    case DistKind::gamma:
    case DistKind::lognormal: return {0.0, INFINITY};
    case DistKind::normal: return {-INFINITY, INFINITY};
    case DistKind::uniform: return {a, b};
    case DistKind::triangular:
    case DistKind::pert: return {a, c};
    case DistKind::empirical: return {sample->front(), sample->back()};
  }
  return {a, a};
}

}  // namespace werkbaat::model
