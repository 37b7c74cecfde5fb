#pragma once
// Regression verdicts that know Monte Carlo noise. A metric of the current run is compared with
// the same metric of a baseline run:
//   identical     same bits;
//   within noise  |new - old| <= k * sqrt(mcse_old^2 + mcse_new^2), or <= rel_tol * max(|old|, |new|),
//                 or <= abs_tol (tiny tolerances for other compilers and libraries, and for values
//                 that are zero up to rounding, such as a pass-through party's net);
//   changed       beyond both.
// The band k is chosen for the whole regression run, not per metric: with m noisy metrics (all
// scenarios together) estimated from n
// draws, k is the two-sided Student t quantile (n - 1 degrees of freedom, for standard errors
// estimated from few draws of heavy-tailed metrics) at false_alarm / m (Bonferroni). So an
// unchanged model is flagged in at most `false_alarm` of runs, and a change of k standard errors
// is the smallest the run can detect. Deterministic metrics (mcse 0) must be identical up to
// the tolerances.
#include <string>
#include <vector>

namespace werkbaat::analysis {

struct MetricValue {
  std::string key;     // e.g. ips/gemeente/npv.mean
  double value = 0.0;  // NaN when not defined
  double mcse = 0.0;   // Monte Carlo standard error; 0 for deterministic values (the base case)
  int n = 0;           // draws behind the mcse
};

enum class Verdict { identical, within_noise, changed };
const char* to_string(Verdict v);

struct MetricComparison {
  std::string key;
  double old_value = 0.0, new_value = 0.0, diff = 0.0;
  double z = 0.0;  // diff / sqrt(mcse_old^2 + mcse_new^2); +-inf when both errors are 0
  Verdict verdict = Verdict::identical;
};

struct RegressionOptions {
  double k = 0.0;           // > 0: this band in standard errors; 0: from false_alarm (see above)
  double rel_tol = 1e-9;
  double abs_tol = 1e-6;    // euros
  double false_alarm = 0.01;  // share of unchanged runs that may be flagged
};

// The band in standard errors the comparison of this run's metrics uses.
double noise_band(const std::vector<MetricValue>& current, const RegressionOptions& o);

// Compares metric by metric (matched by key; a metric missing on one side is changed), with the
// band noise_band(current, o) (the caller may pass a band chosen over more metrics as o.k).
std::vector<MetricComparison> compare_metrics(const std::vector<MetricValue>& baseline,
                                              const std::vector<MetricValue>& current, const RegressionOptions& o);

// The worst verdict of a list (identical for an empty list).
Verdict worst(const std::vector<MetricComparison>& c);

}  // namespace werkbaat::analysis
