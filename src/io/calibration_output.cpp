// What a calibration writes: the terminal summary, fit.json, posterior.csv, calibrated.yaml.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/calibration.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;
using analysis::Likelihood;
using analysis::MeasureKind;

std::string describe_measure(const model::Scenario& s, const analysis::Target& t, Lang lang = Lang::en) {
  const auto& m = t.measure;
  const bool nl = lang == Lang::nl;
  const std::string state = m.state >= 0 ? s.states[m.state] : (nl ? "elke toestand" : "any state");
  std::string what;
  switch (m.kind) {
    case MeasureKind::share:
      what = m.first == m.last
                 ? fmt::format(fmt::runtime(nl ? "aandeel in {} in maand {}" : "share in {} at month {}"), state, m.last)
                 : fmt::format(fmt::runtime(nl ? "aandeel in {}, maanden {}-{}" : "share in {}, months {}-{}"), state, m.first, m.last);
      break;
    case MeasureKind::ever: what = fmt::format(fmt::runtime(nl ? "ooit in {} t/m maand {}" : "ever in {} by month {}"), state, m.last); break;
    case MeasureKind::effect:
      what = fmt::format(fmt::runtime(nl ? "{} per cliënt t/m maand {}" : "{} per client by month {}"), s.effects[m.effect], m.last);
      break;
    case MeasureKind::months: what = fmt::format(fmt::runtime(nl ? "maanden in {} t/m maand {}" : "months in {} by month {}"), state, m.last); break;
  }
  return fmt::format("{}, {}{}{}", what, s.arms[m.arm], m.minus >= 0 ? " - " + s.arms[m.minus] : "",
                     t.filter.empty() ? "" : " (" + t.filter + ")");
}

// The observation's standard error (binomial: at the observed share).
double observed_se(const analysis::Target& t) {
  const double obs = t.observed();
  return t.likelihood == Likelihood::binomial ? std::sqrt(obs * (1 - obs) / t.n) : t.se;
}

// Observed against the posterior predictive: the difference over both spreads together (the
// prediction's from its 95% interval).
double posterior_z(const analysis::Target& t, const analysis::Posterior& post, std::size_t i) {
  const double sd_pred = (post.predicted_q975[i] - post.predicted_q025[i]) / (2 * 1.959963984540054);
  return (t.observed() - post.predicted_mean[i]) / std::hypot(observed_se(t), sd_pred);
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
  out += fmt::format("  {:<28} {:<58} {:>22} {:>8} {:>7}{}\n", "target", "measure", "observed", "fitted", "z",
                     post ? "   posterior predictive 95%, z" : "");
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const auto& tg = p.targets[t];
    const auto& f = mle.targets[t];
    out += fmt::format("  {:<28} {:<58} {:>22} {:>8.3f} {:>7.2f}", tg.name, describe_measure(p.scenario, tg),
                       observed_text(tg), f.predicted, f.z);
    if (post)
      out += fmt::format("   {:.3f} [{:.3f}, {:.3f}] z {:.2f}", post->predicted_mean[t], post->predicted_q025[t],
                         post->predicted_q975[t], posterior_z(tg, *post, t));
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

namespace {

struct Words {
  const char *title, *scenario, *verdict_ok, *verdict_bad, *verdict_mle, *targets, *targets_note, *target, *measure,
      *observed, *fitted, *predictive, *misfit, *params, *params_note, *parameter, *prior, *mle, *posterior,
      *not_identified, *pulls, *pulls_note, *against, *none;
};
const Words kNl = {"Kalibratie", "Scenario", "Geconvergeerd: de posterior is bruikbaar",
                   "NIET geconvergeerd, dus er is geen posterior geschreven; draai langer (--warmup, --samples). De diagnose", "Alleen maximum likelihood (geen MCMC)",
                   "Doelen", "Waargenomen (95%-interval) tegen het model: de grijze balk is de waarneming, de blauwe wat het gekalibreerde model voorspelt.",
                   "doel", "maat", "waargenomen", "model (ML)", "model (posterior, 95%)", "misfit: het model haalt dit niet",
                   "Parameters", "Prior (grijs) tegen posterior (blauw), 95%-intervallen.", "parameter", "prior",
                   "maximum likelihood", "posterior", "niet geïdentificeerd", "Doelen die tegen elkaar in trekken",
                   "Hun likelihoods duwen de fit in tegengestelde richting (cosinus van hun gradiënten).", "tegen", "geen"};
const Words kEn = {"Calibration", "Scenario", "Converged: the posterior can be used",
                   "NOT converged, so no posterior was written; run longer (--warmup, --samples). The diagnosis", "Maximum likelihood only (no MCMC)", "Targets",
                   "Observed (95% interval) against the model: the grey bar is the observation, the blue one what the calibrated model predicts.",
                   "target", "measure", "observed", "model (ML)", "model (posterior, 95%)", "misfit: the model cannot reach it",
                   "Parameters", "Prior (grey) against posterior (blue), 95% intervals.", "parameter", "prior",
                   "maximum likelihood", "posterior", "not identified", "Targets that pull against each other",
                   "Their likelihoods push the fit in opposite directions (cosine of their gradients).", "against", "none"};

// Two intervals on one axis [lo, hi]: grey (a) above blue (b), each with its centre marked.
std::string interval_svg(double lo, double hi, double a0, double a, double a1, double b0, double b, double b1) {
  const double w = 220, pad = 6;
  const auto X = [&](double v) { return pad + (w - 2 * pad) * (hi > lo ? (v - lo) / (hi - lo) : 0.5); };
  std::string out = fmt::format("<svg width=\"{}\" height=\"38\" role=\"img\" font-size=\"10\" fill=\"#555\">"
                                "<text x=\"{}\" y=\"36\">{:.3g}</text><text x=\"{}\" y=\"36\" text-anchor=\"end\">{:.3g}</text>",
                                w, pad, lo, w - pad, hi);
  const auto bar = [&](double y, double v0, double v, double v1, const char* colour) {
    if (!std::isfinite(v)) return std::string();
    return fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"6\"/>"
                       "<circle cx=\"{:.1f}\" cy=\"{}\" r=\"4\" fill=\"#222\"/>",
                       X(v0), X(v1), y, y, colour, X(v), y);
  };
  return out + bar(7, a0, a, a1, "#bbb") + bar(19, b0, b, b1, "#3b6fb6") + "</svg>";
}

std::string html_report(const analysis::CalibrationProblem& p, const CalibrationRun& run, Lang lang) {
  const Words& w = lang == Lang::nl ? kNl : kEn;
  const auto& mle = *run.mle;
  const auto* post = run.posterior;
  const auto esc = [](const std::string& t) { return xml_escape(t); };
  std::string h = fmt::format(
      "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>"
      "body{{font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:80em;color:#222}}"
      "table{{border-collapse:collapse;margin:1em 0}}td,th{{padding:.3em .7em;border-bottom:1px solid #ddd;"
      "text-align:left;vertical-align:middle}}td.n{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}"
      ".bad{{color:#a00;font-weight:bold}}.ok{{color:#070;font-weight:bold}}small{{color:#555}}</style></head><body>",
      lang == Lang::nl ? "nl" : "en", w.title);
  h += fmt::format("<h1>{}</h1><p>{}: <b>{}</b>; {}</p>", w.title, w.scenario, esc(run.scenario_file), esc(run.targets_file));
  if (!post) h += fmt::format("<p>{}</p>", w.verdict_mle);
  else if (post->converged) h += fmt::format("<p class=\"ok\">{}</p>", w.verdict_ok);
  else h += fmt::format("<p class=\"bad\">{}: {}</p>", w.verdict_bad, esc(post->problem));

  h += fmt::format("<h2>{}</h2><p><small>{}</small></p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>z</th><th>{}</th><th>z</th><th></th></tr>",
                   w.targets, w.targets_note, w.target, w.measure, w.observed, w.fitted, post ? w.predictive : "");
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const auto& tg = p.targets[t];
    const auto& f = mle.targets[t];
    const double obs = tg.observed();
    const double se = observed_se(tg);
    const double o0 = obs - 1.96 * se, o1 = obs + 1.96 * se;
    const double q0 = post ? post->predicted_q025[t] : f.predicted, q = post ? post->predicted_mean[t] : f.predicted,
                 q1 = post ? post->predicted_q975[t] : f.predicted;
    const double lo = std::min({0.0, o0, q0}), hi = std::max({o1, q1});
    h += fmt::format("<tr><td><b>{}</b><br><small>{}</small></td><td>{}</td><td class=\"n\">{:.3f} [{:.3f}; {:.3f}]</td>"
                     "<td class=\"n\">{:.3f}</td><td class=\"n\">{:.2f}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}{}</td></tr>",
                     esc(tg.name), esc(tg.source), esc(describe_measure(p.scenario, tg, lang)), obs, o0, o1, f.predicted, f.z,
                     post ? fmt::format("{:.3f} [{:.3f}; {:.3f}]", q, q0, q1) : "",
                     post ? fmt::format("{:.2f}", posterior_z(tg, *post, t)) : "",
                     interval_svg(lo, hi, o0, obs, o1, q0, q, q1), f.misfit ? fmt::format("<br><span class=\"bad\">{}</span>", w.misfit) : "");
  }
  h += "</table>";

  h += fmt::format("<h2>{}</h2><p><small>{}</small></p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>R-hat</th><th>ESS</th><th></th></tr>",
                   w.params, w.params_note, w.parameter, w.prior, w.mle, post ? w.posterior : "");
  for (std::size_t k = 0; k < p.params.size(); ++k) {
    const auto& f = p.params[k];
    const double a0 = f.prior.quantile(0.025), a = f.prior.mean(), a1 = f.prior.quantile(0.975);
    const auto* pp = post ? &post->params[k] : nullptr;
    const double b0 = pp ? pp->q025 : NAN, b = pp ? pp->mean : NAN, b1 = pp ? pp->q975 : NAN;
    const double lo = pp ? std::min(a0, b0) : a0, hi = pp ? std::max(a1, b1) : a1;
    h += fmt::format("<tr><td>{}</td><td class=\"n\">{:.4g} [{:.4g}; {:.4g}]</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                     "<td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                     esc(f.path), a, a0, a1,
                     std::isfinite(mle.se[k]) ? fmt::format("{:.4g} ± {:.2g}", mle.values[k], mle.se[k])
                                              : fmt::format("{:.4g}<br><small>({})</small>", mle.values[k], w.not_identified),
                     pp ? fmt::format("{:.4g} [{:.4g}; {:.4g}]", b, b0, b1) : "", pp ? fmt::format("{:.3f}", pp->rhat) : "",
                     pp ? fmt::format("{:.0f}", pp->ess) : "", interval_svg(lo, hi, a0, a, a1, b0, b, b1));
  }
  h += "</table>";
  h += fmt::format("<h2>{}</h2><p><small>{}</small></p><ul>", w.pulls, w.pulls_note);
  for (const auto& pl : mle.pulls)
    h += fmt::format("<li><b>{}</b> {} <b>{}</b> ({:.2f})</li>", esc(p.targets[pl.a].name), w.against,
                     esc(p.targets[pl.b].name), pl.cosine);
  if (mle.pulls.empty()) h += fmt::format("<li>{}</li>", w.none);
  h += fmt::format("</ul><p><small>werkbaat {} · {}</small></p></body></html>\n", WERKBAAT_VERSION, esc(run.command));
  return h;
}

}  // namespace

CalibrationFiles write_calibration(const std::string& dir, const analysis::CalibrationProblem& p, const CalibrationRun& run) {
  CalibrationFiles files;
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
    // Every step-th draw of each chain, at most mcmc.rows rows in all, the chains interleaved
    // (row r from chain r mod chains), so that a PSA of fewer draws than rows sees every chain.
    const int per_chain = std::max(1, std::min(post->samples, run.mcmc.rows / post->chains));
    const int step = post->samples / per_chain;
    std::string csv;
    for (std::size_t k = 0; k < p.params.size(); ++k) csv += (k ? "," : "") + p.params[k].path;
    csv += "\n";
    for (int kept = 0; kept < per_chain; ++kept)
      for (int c = 0; c < post->chains; ++c) {
        const int i = (kept + 1) * step - 1;
        for (std::size_t k = 0; k < p.params.size(); ++k)
          csv += fmt::format("{}{:.17g}", k ? "," : "", post->value(c, i, static_cast<int>(k)));
        csv += "\n";
      }
    write_file_atomic((fs::path(dir) / "posterior.csv").string(), csv);
    files.posterior_csv = csv;
    const std::string yaml = fmt::format(
        "# Written by werkbaat calibrate: the posterior of {} fitted to {}.\n"
        "# A scenario samples it jointly (correlations kept) with `uses: [.../calibrated.yaml]` after\n"
        "# its base files; see docs/calibration.md.\n"
        "werkbaat: 1\n"
        "joint_draws:\n"
        "  calibration:\n"
        "    file: posterior.csv\n"
        "    source: \"werkbaat calibrate {} --targets {} ({} chains x {} draws, every {}th kept, chains interleaved; seed {})\"\n"
        "    label: D\n"
        "    content_hash: \"{:016x}\"\n",
        run.scenario_file, run.targets_file, run.scenario_file, run.targets_file, post->chains, post->samples, step,
        run.mcmc.seed, model::fnv1a(csv));
    write_file_atomic((fs::path(dir) / "calibrated.yaml").string(), yaml);
    j["posterior_csv"] = "posterior.csv";
    j["parameter_file"] = "calibrated.yaml";
  } else {
    // Nothing of an earlier run in this folder may pass for this one's posterior.
    fs::remove(fs::path(dir) / "posterior.csv");
    fs::remove(fs::path(dir) / "calibrated.yaml");
  }
  write_file_atomic((fs::path(dir) / "report.html").string(), html_report(p, run, run.lang));
  files.fit_json = j.dump(2) + "\n";
  write_file_atomic((fs::path(dir) / "fit.json").string(), files.fit_json);
  return files;
}

std::vector<Table> calibration_tables(const analysis::CalibrationProblem& p, const CalibrationRun& run,
                                      const CalibrationFiles& files) {
  const auto num = [](double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : std::string("NA"); };
  const auto& mle = *run.mle;
  const auto* post = run.posterior;
  std::string targets =
      "target,measure,likelihood,observed,k,n,estimate,se,mle_predicted,mle_z,misfit,posterior_mean,posterior_q025,"
      "posterior_q975\n";
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const auto& tg = p.targets[t];
    const bool bin = tg.likelihood == Likelihood::binomial;
    targets += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(tg.name),
                           csv_field(describe_measure(p.scenario, tg)), bin ? "binomial" : "normal", num(tg.observed()),
                           bin ? num(tg.k) : "NA", bin ? num(tg.n) : "NA", bin ? "NA" : num(tg.estimate),
                           bin ? "NA" : num(tg.se), num(mle.targets[t].predicted), num(mle.targets[t].z),
                           mle.targets[t].misfit ? 1 : 0, post ? num(post->predicted_mean[t]) : "NA",
                           post ? num(post->predicted_q025[t]) : "NA", post ? num(post->predicted_q975[t]) : "NA");
  }
  std::string params =
      "parameter,prior,prior_mean,prior_q025,prior_q975,mle,mle_se,posterior_mode,posterior_mean,posterior_sd,"
      "posterior_q025,posterior_median,posterior_q975,rhat,ess\n";
  for (std::size_t k = 0; k < p.params.size(); ++k) {
    const auto& f = p.params[k];
    const analysis::ParameterPosterior none{NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 0};
    const auto& pp = post ? post->params[k] : none;
    params += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(f.path), model::to_string(f.prior.kind),
                          num(f.prior.mean()), num(f.prior.quantile(0.025)), num(f.prior.quantile(0.975)),
                          num(mle.values[k]), num(mle.se[k]), num(mle.map_values[k]), num(pp.mean), num(pp.sd),
                          num(pp.q025), num(pp.q50), num(pp.q975), num(pp.rhat), num(pp.ess));
  }
  std::vector<Table> out = {{"calibration_targets", targets}, {"calibration_parameters", params}};
  // The posterior's rows as posterior.csv holds them, one value a row.
  if (!files.posterior_csv.empty()) {
    const auto rows = csv_rows(files.posterior_csv);
    std::string draws = "row,parameter,value\n";
    for (std::size_t r = 1; r < rows.size(); ++r)
      for (std::size_t c = 0; c < rows[r].size(); ++c) draws += fmt::format("{},{},{}\n", r, csv_field(rows[0][c]), rows[r][c]);
    out.push_back({"calibration_draws", draws});
  }
  return out;
}

}  // namespace werkbaat::io
