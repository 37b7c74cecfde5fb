// The statistics of one quantity over the draws: mean, spread and quantiles by selection.
#include "werkbaat/analysis/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace werkbaat::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// "Positive" means more than a millionth of a euro: rounding noise of flows that cancel is not a gain.
constexpr double kPositive = 1e-6;

// Type-7 quantile (linear interpolation between order statistics) by selection, where v[m] already
// holds the value of rank m (the smaller values before it, the larger after): the selection runs
// on one side of it only, and the values are reordered, not sorted.
double quantile_beside(std::vector<double>& v, std::size_t m, double q) {
  const std::size_t n = v.size();
  const double h = (static_cast<double>(n) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto it = [&](std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
  if (lo < m) std::nth_element(it(0), it(lo), it(m));
  if (lo > m) std::nth_element(it(m + 1), it(lo), v.end());
  const double vlo = v[lo];
  // The next order statistic: the smallest after lo on its side (up to and with v[m] below m).
  const double vhi = lo + 1 >= n ? vlo : lo < m ? *std::min_element(it(lo + 1), it(m + 1)) : *std::min_element(it(lo + 1), v.end());
  return vlo + (h - static_cast<double>(lo)) * (vhi - vlo);
}

}  // namespace

std::uint32_t TailQuantiles::bucket(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return ((u & 0x80000000u) ? ~u : (u | 0x80000000u)) >> (32 - kBits);
}

std::pair<double, double> TailQuantiles::operator()(const float* v, std::size_t n, double q_lo, double q_hi) {
  if (n == 0) return {kNaN, kNaN};
  count_.assign(kBuckets, 0);
  for (std::size_t i = 0; i < n; ++i) ++count_[bucket(v[i])];
  return {at(v, n, q_lo), at(v, n, q_hi)};
}

double TailQuantiles::at(const float* v, std::size_t n, double q) {
  const double h = (static_cast<double>(n) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi_rank = std::min(lo + 1, n - 1);
  // The buckets holding ranks lo and lo + 1, and how many values lie below the first.
  std::size_t below = 0;
  int b = 0;
  while (below + count_[b] <= lo) below += count_[b++];
  int e = b;
  for (std::size_t upto = below + count_[b]; upto <= hi_rank;) upto += count_[++e];
  pick_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<int>(bucket(v[i]));
    if (k >= b && k <= e) pick_.push_back(v[i]);
  }
  const auto it = [&](std::size_t rank) { return pick_.begin() + static_cast<std::ptrdiff_t>(rank - below); };
  std::nth_element(pick_.begin(), it(lo), pick_.end());
  const double vlo = *it(lo);
  const double vhi = hi_rank == lo ? vlo : *std::min_element(it(lo) + 1, pick_.end());
  return vlo + (h - static_cast<double>(lo)) * (vhi - vlo);
}

Stat describe(std::vector<double> values, double base) {
  Stat st;
  st.base = base;
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  st.n = static_cast<int>(values.size());
  if (values.empty()) {
    st.mean = st.sd = st.mcse = st.p025 = st.p50 = st.p975 = st.p_positive = kNaN;
    return st;
  }
  double sum = 0;
  for (const double v : values) sum += v;
  st.mean = sum / st.n;
  double ss = 0;
  int positive = 0;
  for (const double v : values) {
    ss += (v - st.mean) * (v - st.mean);
    positive += v > kPositive;
  }
  st.sd = st.n > 1 ? std::sqrt(ss / (st.n - 1)) : 0.0;
  st.mcse = st.sd / std::sqrt(static_cast<double>(st.n));
  st.p_positive = static_cast<double>(positive) / st.n;
  // The median's rank selected once over all values; the tails then select on their side of it.
  const auto m = static_cast<std::size_t>(std::floor((static_cast<double>(values.size()) - 1) * 0.5));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(m), values.end());
  st.p50 = quantile_beside(values, m, 0.5);
  st.p025 = quantile_beside(values, m, 0.025);
  st.p975 = quantile_beside(values, m, 0.975);
  return st;
}

}  // namespace werkbaat::analysis
