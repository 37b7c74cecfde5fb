// What a calibration writes: the terminal summary, fit.json, posterior.csv, calibrated.yaml.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/calibration.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;
using analysis::Likelihood;
using analysis::MeasureKind;

std::string describe_measure(const model::Scenario& s, const analysis::Target& t) {
  const auto& m = t.measure;
  const std::string state = m.state >= 0 ? s.states[m.state] : "any state";
  std::string what;
  switch (m.kind) {
    case MeasureKind::share:
      what = m.first == m.last ? fmt::format("share in {} at month {}", state, m.last)
                               : fmt::format("share in {}, months {}-{}", state, m.first, m.last);
      break;
    case MeasureKind::ever: what = fmt::format("ever in {} by month {}", state, m.last); break;
    case MeasureKind::months: what = fmt::format("months in {} by month {}", state, m.last); break;
  }
  return fmt::format("{}, {}{}", what, s.arms[m.arm], m.minus >= 0 ? " - " + s.arms[m.minus] : "");
}

std::string observed_text(const analysis::Target& t) {
  if (t.likelihood == Likelihood::binomial) return fmt::format("{:g}/{:g} = {:.3f}", t.k, t.n, t.k / t.n);
  return fmt::format("{:.3f} (se {:.3f})", t.estimate, t.se);
}

nlohmann::json number_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

}  // namespace

std::string format_calibration(const analysis::CalibrationProblem& p, const CalibrationRun& run) {
  const auto& mle = *run.mle;
  const auto* post = run.posterior;
  std::string out = fmt::format("Calibration of {} to {}: {} targets, {} parameters, {} model runs in {:.1f} s\n\n",
                                run.scenario_file, run.targets_file, p.targets.size(), p.params.size(),
                                run.evaluations, run.seconds);
  out += "Targets (observed against the model at the maximum likelihood; z: standardised residual)\n";
  out += fmt::format("  {:<28} {:<44} {:>22} {:>8} {:>7}{}\n", "target", "measure", "observed", "fitted", "z",
                     post ? "   posterior predictive 95%" : "");
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const auto& tg = p.targets[t];
    const auto& f = mle.targets[t];
    out += fmt::format("  {:<28} {:<44} {:>22} {:>8.3f} {:>7.2f}", tg.name, describe_measure(p.scenario, tg),
                       observed_text(tg), f.predicted, f.z);
    if (post) out += fmt::format("   {:.3f} [{:.3f}, {:.3f}]", post->predicted_mean[t], post->predicted_q025[t], post->predicted_q975[t]);
    out += f.misfit ? "   MISFIT: the model cannot reach it with these parameters\n" : "\n";
  }
  out += fmt::format("  log-likelihood {:.3f}; deviance {:.2f} on {} targets\n\n", mle.log_likelihood, mle.deviance,
                     p.targets.size());
  out += "Parameters (prior: mean [95%]; maximum likelihood +- standard error; posterior: mean [95%])\n";
  out += fmt::format("  {:<34} {:>28} {:>22}{}\n", "parameter", "prior", "maximum likelihood",
                     post ? fmt::format(" {:>30} {:>7} {:>6}", "posterior", "R-hat", "ESS") : "");
  for (std::size_t k = 0; k < p.params.size(); ++k) {
    const auto& f = p.params[k];
    out += fmt::format("  {:<34} {:>28} {:>22}", f.path,
                       fmt::format("{:.4g} [{:.4g}, {:.4g}]", f.prior.mean(), f.prior.quantile(0.025), f.prior.quantile(0.975)),
                       std::isfinite(mle.se[k]) ? fmt::format("{:.4g} +- {:.2g}", mle.values[k], mle.se[k])
                                                : fmt::format("{:.4g} (not identified)", mle.values[k]));
    if (post) {
      const auto& pp = post->params[k];
      out += fmt::format(" {:>30} {:>7.3f} {:>6.0f}", fmt::format("{:.4g} [{:.4g}, {:.4g}]", pp.mean, pp.q025, pp.q975),
                         pp.rhat, pp.ess);
    }
    out += "\n";
  }
  if (!mle.identified)
    out += "  The targets do not identify every parameter on their own (the observed information is singular): the\n"
           "  standard errors are left out, and the posterior leans on the priors there.\n";
  if (!mle.pulls.empty()) {
    out += "\nTargets that pull against each other (their likelihoods move the fit in opposite directions)\n";
    for (const auto& pl : mle.pulls)
      out += fmt::format("  {} against {} (cosine {:.2f})\n", p.targets[pl.a].name, p.targets[pl.b].name, pl.cosine);
  }
  if (post) {
    out += post->converged ? fmt::format("\nConverged: {} chains of {} draws, every R-hat <= {:g} and effective sample size >= {:g}.\n",
                                         post->chains, post->samples, run.mcmc.max_rhat, run.mcmc.min_ess)
                           : fmt::format("\nNOT CONVERGED, so no posterior is written: {}. Run longer (--warmup, --samples).\n",
                                         post->problem);
  }
  return out;
}

void write_calibration(const std::string& dir, const analysis::CalibrationProblem& p, const CalibrationRun& run) {
  fs::create_directories(dir);
  const auto& mle = *run.mle;
  const auto* post = run.posterior;
  nlohmann::ordered_json j;
  j["werkbaat_version"] = WERKBAAT_VERSION;
  j["command"] = run.command;
  j["scenario"] = run.scenario_file;
  j["targets_file"] = run.targets_file;
  j["model_runs"] = run.evaluations;
  j["seconds"] = run.seconds;
  auto& targets = j["targets"] = nlohmann::ordered_json::array();
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const auto& tg = p.targets[t];
    nlohmann::ordered_json x;
    x["name"] = tg.name;
    x["source"] = tg.source;
    x["measure"] = describe_measure(p.scenario, tg);
    x["likelihood"] = tg.likelihood == Likelihood::binomial ? "binomial" : "normal";
    if (tg.likelihood == Likelihood::binomial) x["k"] = tg.k, x["n"] = tg.n;
    else x["estimate"] = tg.estimate, x["se"] = tg.se;
    x["observed"] = tg.observed();
    x["mle_predicted"] = mle.targets[t].predicted;
    x["mle_z"] = number_or_null(mle.targets[t].z);
    x["misfit"] = mle.targets[t].misfit;
    if (post) x["posterior_predicted"] = {{"mean", post->predicted_mean[t]}, {"q025", post->predicted_q025[t]}, {"q975", post->predicted_q975[t]}};
    targets.push_back(x);
  }
  auto& params = j["parameters"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < p.params.size(); ++k) {
    const auto& f = p.params[k];
    nlohmann::ordered_json x;
    x["path"] = f.path;
    x["prior"] = {{"distribution", model::to_string(f.prior.kind)}, {"mean", f.prior.mean()},
                  {"q025", f.prior.quantile(0.025)}, {"q975", f.prior.quantile(0.975)}};
    x["mle"] = mle.values[k];
    x["mle_se"] = number_or_null(mle.se[k]);
    x["posterior_mode"] = mle.map_values[k];
    if (post) {
      const auto& pp = post->params[k];
      x["posterior"] = {{"mean", pp.mean}, {"sd", pp.sd}, {"q025", pp.q025}, {"median", pp.q50}, {"q975", pp.q975},
                        {"rhat", pp.rhat}, {"ess", pp.ess}};
    }
    params.push_back(x);
  }
  j["mle"] = {{"log_likelihood", mle.log_likelihood}, {"deviance", mle.deviance}, {"identified", mle.identified},
              {"starts", mle.start_log_likelihoods}, {"correlation", mle.correlation}};
  auto& pulls = j["pulls"] = nlohmann::ordered_json::array();
  for (const auto& pl : mle.pulls) pulls.push_back({{"a", p.targets[pl.a].name}, {"b", p.targets[pl.b].name}, {"cosine", pl.cosine}});
  if (post)
    j["mcmc"] = {{"chains", post->chains}, {"warmup", run.mcmc.warmup}, {"samples", post->samples},
                 {"seed", run.mcmc.seed}, {"acceptance", post->acceptance}, {"converged", post->converged},
                 {"problem", post->problem}, {"correlation", post->correlation}};

  if (post && post->converged) {
    // Every thin-th draw of each chain, so that the file holds at most mcmc.rows rows.
    const long all = static_cast<long>(post->chains) * post->samples;
    const int thin = static_cast<int>(std::max(1L, (all + run.mcmc.rows - 1) / run.mcmc.rows));
    std::string csv;
    for (std::size_t k = 0; k < p.params.size(); ++k) csv += (k ? "," : "") + p.params[k].path;
    csv += "\n";
    for (int c = 0; c < post->chains; ++c)
      for (int i = thin - 1; i < post->samples; i += thin) {
        for (std::size_t k = 0; k < p.params.size(); ++k)
          csv += fmt::format("{}{:.17g}", k ? "," : "", post->value(c, i, static_cast<int>(k)));
        csv += "\n";
      }
    write_file_atomic((fs::path(dir) / "posterior.csv").string(), csv);
    const std::string yaml = fmt::format(
        "# Written by werkbaat calibrate: the posterior of {} fitted to {}.\n"
        "# A scenario samples it jointly (correlations kept) with `uses: [.../calibrated.yaml]` after\n"
        "# its base files; see docs/calibration.md.\n"
        "werkbaat: 1\n"
        "joint_draws:\n"
        "  calibration:\n"
        "    file: posterior.csv\n"
        "    source: \"werkbaat calibrate {} --targets {} ({} chains x {} draws, every {}th kept; seed {})\"\n"
        "    label: D\n"
        "    content_hash: \"{:016x}\"\n",
        run.scenario_file, run.targets_file, run.scenario_file, run.targets_file, post->chains, post->samples, thin,
        run.mcmc.seed, model::fnv1a(csv));
    write_file_atomic((fs::path(dir) / "calibrated.yaml").string(), yaml);
    j["posterior_csv"] = "posterior.csv";
    j["parameter_file"] = "calibrated.yaml";
  } else {
    // Nothing of an earlier run in this folder may pass for this one's posterior.
    fs::remove(fs::path(dir) / "posterior.csv");
    fs::remove(fs::path(dir) / "calibrated.yaml");
  }
  write_file_atomic((fs::path(dir) / "fit.json").string(), j.dump(2) + "\n");
}

}  // namespace werkbaat::io
