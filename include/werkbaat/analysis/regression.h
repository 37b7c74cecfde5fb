#pragma once
// Regression verdicts that know Monte Carlo noise. A metric of the current run is compared with
// the same metric of a baseline run:
//   identical     same bits;
//   within noise  |new - old| <= k * sqrt(mcse_old^2 + mcse_new^2), or <= rel_tol * max(|old|, |new|),
//                 or <= abs_tol (tiny tolerances for other compilers and libraries, and for values
//                 that are zero up to rounding, such as a pass-through party's net);
//   changed       beyond both.
#include <string>
#include <vector>

namespace werkbaat::analysis {

struct MetricValue {
  std::string key;     // e.g. ips/gemeente/npv.mean
  double value = 0.0;  // NaN when not defined
  double mcse = 0.0;   // Monte Carlo standard error; 0 for deterministic values (the base case)
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
  double k = 4.0;
  double rel_tol = 1e-9;
  double abs_tol = 1e-6;  // euros
};

// Compares metric by metric (matched by key; a metric missing on one side is changed).
std::vector<MetricComparison> compare_metrics(const std::vector<MetricValue>& baseline,
                                              const std::vector<MetricValue>& current, const RegressionOptions& o);

// The worst verdict of a list (identical for an empty list).
Verdict worst(const std::vector<MetricComparison>& c);

}  // namespace werkbaat::analysis
