#pragma once
// Calibration: chosen parameters fitted to what trials, registers and pilots observed, by maximum
// likelihood and by Bayesian MCMC whose draws a scenario can sample jointly (joint_draws:).
//
// The model is evaluated in cohort mode at its base case with the fitted parameters set to the
// values tried; every other parameter keeps its point value. A target is a quantity of that run:
// the share of a population in a state at a month (or its mean over months), the share ever in a
// state by a month, the mean months in a state by a month, or one of the scenario's effects per
// client summed by a month (hours worked, jobs started), in one arm or as the difference
// between two arms. Its likelihood is binomial for k of n observed, normal for an estimate with a
// standard error or a 95% interval.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/scenario.h"
#include "werkbaat/model/source_ref.h"

namespace werkbaat::analysis {

enum class MeasureKind { share, ever, months, effect };

struct Measure {
  MeasureKind kind = MeasureKind::share;
  int state = -1;             // -1 with share and months: in any state (with `holding`)
  int effect = -1;            // effect: the scenario's effect, per client, summed by month `last`
  int first = 0, last = 0;    // months, 1-based: share: the mean over first..last (first == last:
                              // at that month); ever, months: by month `last`
  int arm = 0, minus = -1;    // minus: the arm whose value is subtracted, or -1
  std::vector<bool> population;  // [group]: the clients measured (attributes that do not change)
  std::vector<bool> counted;     // [group]: counted when in one of these groups (changing ones too)
};

enum class Likelihood { binomial, normal };

struct Target {
  std::string name, source;
  std::string filter;  // where: and holding: as written, for people ("severity=epa; holding benefit=geen")
  model::SourceRef origin;
  Measure measure;
  Likelihood likelihood = Likelihood::binomial;
  double k = 0, n = 0;          // binomial: k of n
  double estimate = 0, se = 0;  // normal
  double observed() const { return likelihood == Likelihood::binomial ? k / n : estimate; }
  // Log-likelihood of the observation when the model predicts `predicted` (without the
  // binomial coefficient; -inf where the prediction rules the observation out).
  double log_likelihood(double predicted) const;
  // Standardised residual: (observed - predicted) over the observation's standard error at the
  // prediction (binomial: sqrt(p (1 - p) / n)).
  double z(double predicted) const;
};

// A fitted parameter, moved to an unconstrained scale for the optimiser and the sampler: log for
// a positive support, logit for a bounded one, none for the real line. Its prior is its
// distribution in the scenario.
struct FitParameter {
  int param = -1;
  std::string path;
  model::Distribution prior;   // in the parameter's own unit
  double lo = 0, hi = 0;       // the support (bounds may be infinite)
  double to_free(double v) const;
  double from_free(double x) const;
  double log_jacobian(double x) const;  // log |dv/dx| at free value x
  double log_prior(double v) const;     // density on the natural scale
};

struct CalibrationProblem {
  model::Scenario scenario;
  std::vector<Target> targets;
  std::vector<FitParameter> params;
};

// The parameter paths that `patterns` name: a `*` stands for any characters within one dotted
// segment. Throws InputError at `where` for a pattern that names no parameter and for a parameter
// that cannot be fitted (fixed, a Dirichlet component, drawn from joint_draws).
std::vector<FitParameter> fit_parameters(const model::Scenario& s, const std::vector<std::string>& patterns,
                                         const std::vector<model::SourceRef>& where);

// Evaluates the targets at parameter values: owns its copies of the scenario (one per kind of
// run the targets need), so that one evaluator per thread runs in parallel.
class TargetModel {
 public:
  explicit TargetModel(const CalibrationProblem& p);
  TargetModel(const TargetModel&) = delete;
  TargetModel& operator=(const TargetModel&) = delete;
  // Predicted value of every target with the fitted parameters at `values` (own units).
  std::vector<double> predict(const std::vector<double>& values);
  double log_likelihood(const std::vector<double>& values);
  long evaluations() const { return evaluations_; }

 private:
  struct Variant {
    model::Scenario scenario;
    std::vector<int> targets;  // the targets read from this run
    std::unique_ptr<engine::PreparedRun> run;  // of `scenario`
  };
  const CalibrationProblem* problem_;
  std::vector<std::unique_ptr<Variant>> variants_;  // stable: each run reads its scenario in place
  std::vector<double> denominators_;  // per target: the clients its population holds
  long evaluations_ = 0;
};

using CalibrationProgress = std::function<void(const std::string& stage, long done, long total)>;

struct TargetFit {
  double predicted = 0, z = 0, log_likelihood = 0;
  bool misfit = false;  // |z| beyond the two-sided 1% point
};

struct Pull {  // two targets whose likelihoods move the fit in opposite directions
  int a = -1, b = -1;
  double cosine = 0;  // of their log-likelihood gradients at the estimate, on the free scale
};

struct MaximumLikelihood {
  std::vector<double> values;  // per fitted parameter, own units
  std::vector<double> se;      // from the observed information (NaN where not identified)
  std::vector<std::vector<double>> correlation;
  bool identified = true;      // the observed information is positive definite
  double log_likelihood = 0;
  double deviance = 0;         // against the saturated model, summed over targets
  int starts = 0;
  std::vector<double> start_log_likelihoods;  // the best of each start
  std::vector<TargetFit> targets;
  std::vector<Pull> pulls;
  double map_log_posterior = 0;  // the posterior mode on the natural scale
  std::vector<double> map_values;
  long evaluations = 0;          // model runs
};

struct MleOptions {
  int starts = 5;
  int max_evaluations = 3000;  // per start
};

MaximumLikelihood maximum_likelihood(const CalibrationProblem& p, const MleOptions& o = {},
                                     const CalibrationProgress& progress = {});

struct McmcOptions {
  int chains = 4;
  int warmup = 2000;    // per chain: the proposal adapts, draws discarded
  int samples = 10000;  // per chain, kept (and thinned to at most `rows` in the posterior file)
  int rows = 4000;
  std::uint64_t seed = 1;
  int threads = 0;     // 0: all cores; the draws do not depend on it
  double max_rhat = 1.01;
  double min_ess = 400;
};

struct ParameterPosterior {
  double mean = 0, sd = 0, q025 = 0, q50 = 0, q975 = 0;
  double rhat = 0, ess = 0;
  double prior_mean = 0, prior_q025 = 0, prior_q975 = 0;
};

struct Posterior {
  int chains = 0, samples = 0;
  std::vector<double> draws;  // [chain][sample][parameter], own units
  std::vector<ParameterPosterior> params;
  std::vector<std::vector<double>> correlation;
  std::vector<double> acceptance;  // per chain, after warmup
  bool converged = false;
  std::string problem;             // why it is not, in words
  long evaluations = 0;            // model runs
  // Per target: the posterior predictive mean and 95% interval of the predicted value.
  std::vector<double> predicted_mean, predicted_q025, predicted_q975;
  double value(int chain, int sample, int param) const {
    return draws[(static_cast<std::size_t>(chain) * samples + sample) * params.size() + param];
  }
};

// Adaptive Metropolis (Haario et al. 2001) on the free scale. Each chain starts two proposal
// standard deviations from `start` (the posterior mode), the proposal taken from the curvature
// there; the proposal adapts during warmup only. Diagnostics: split R-hat
// and the effective sample size (Gelman et al., BDA3 ch. 11). The same seed gives the same draws
// for any thread count.
Posterior sample_posterior(const CalibrationProblem& p, const std::vector<double>& start, const McmcOptions& o = {},
                           const CalibrationProgress& progress = {});

// Split R-hat and effective sample size of draws [chain][sample] (both halves of each chain).
struct ChainDiagnostics {
  double rhat = 0, ess = 0;
};
ChainDiagnostics diagnose(const std::vector<std::vector<double>>& chains);

}  // namespace werkbaat::analysis
