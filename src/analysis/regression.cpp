#include "werkbaat/analysis/regression.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace werkbaat::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

MetricComparison judge(const std::string& key, const MetricValue* o, const MetricValue* n, const RegressionOptions& opt,
                       double band) {
  MetricComparison c;
  c.key = key;
  c.old_value = o ? o->value : kNaN;
  c.new_value = n ? n->value : kNaN;
  c.diff = c.new_value - c.old_value;
  if (!o || !n) {
    c.verdict = Verdict::changed;
    c.z = kNaN;
    return c;
  }
  if (same_bits(c.old_value, c.new_value)) {
    c.verdict = Verdict::identical;
    c.diff = 0;
    return c;
  }
  const double se = std::sqrt(o->mcse * o->mcse + n->mcse * n->mcse);
  c.z = se > 0 ? c.diff / se : (c.diff > 0 ? 1.0 : -1.0) * std::numeric_limits<double>::infinity();
  const bool noise = std::abs(c.diff) <= band * se || std::abs(c.diff) <= opt.abs_tol ||
                     std::abs(c.diff) <= opt.rel_tol * std::max(std::abs(c.old_value), std::abs(c.new_value));
  c.verdict = std::isfinite(c.diff) && noise ? Verdict::within_noise : Verdict::changed;
  return c;
}

}  // namespace

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::identical: return "identical";
    case Verdict::within_noise: return "within noise";
    case Verdict::changed: return "changed";
  }
  return "?";
}

double noise_band(const std::vector<MetricValue>& current, const RegressionOptions& o) {
  if (o.k > 0) return o.k;
  int m = 0, n = 0;
  for (const auto& x : current)
    if (x.mcse > 0) {
      ++m;
      n = n == 0 ? x.n : std::min(n, x.n);
    }
  if (m == 0) return 4.0;  // nothing noisy: the band is never used
  const boost::math::students_t t(std::max(1, n - 1));
  return boost::math::quantile(boost::math::complement(t, o.false_alarm / (2.0 * m)));
}

std::vector<MetricComparison> compare_metrics(const std::vector<MetricValue>& baseline,
                                              const std::vector<MetricValue>& current, const RegressionOptions& o) {
  const double band = noise_band(current, o);
  std::unordered_map<std::string, const MetricValue*> old_by_key, new_by_key;
  for (const auto& m : baseline) old_by_key[m.key] = &m;
  for (const auto& m : current) new_by_key[m.key] = &m;
  std::vector<MetricComparison> out;
  for (const auto& m : current) {
    const auto it = old_by_key.find(m.key);
    out.push_back(judge(m.key, it == old_by_key.end() ? nullptr : it->second, &m, o, band));
  }
  for (const auto& m : baseline)
    if (!new_by_key.count(m.key)) out.push_back(judge(m.key, &m, nullptr, o, band));
  return out;
}

Verdict worst(const std::vector<MetricComparison>& c) {
  Verdict w = Verdict::identical;
  for (const auto& x : c)
    if (static_cast<int>(x.verdict) > static_cast<int>(w)) w = x.verdict;
  return w;
}

}  // namespace werkbaat::analysis
