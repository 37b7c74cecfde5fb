#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "commands.h"
#include "werkbaat/io/calibration.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/scenario_loader.h"

namespace werkbaat::cli {

CLI::App* setup_calibrate(CLI::App& app, CalibrateOptions& o) {
  auto* cmd = app.add_subcommand("calibrate", "Fit parameters to observed targets: maximum likelihood, then MCMC draws "
                                              "a scenario can sample jointly");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML); evaluated in cohort mode at its base case")->required();
  cmd->add_option("--targets", o.targets, "Targets file (YAML): what was observed, and which parameters to fit")->required();
  cmd->add_option("--out", o.out, "Folder for fit.json, posterior.csv and calibrated.yaml")->required();
  cmd->add_option("--fit", o.fit, "Parameters to fit instead of the targets file's fit: list (a * stands for any "
                                  "characters within one dotted segment)");
  cmd->add_option("--method", o.method, "mle (maximum likelihood only) or mcmc (and the posterior; default)")
      ->check(CLI::IsMember({"mle", "mcmc"}));
  cmd->add_option("--starts", o.mle.starts, "Starts of the maximum-likelihood search (default 5)")->check(CLI::Range(1, 100));
  cmd->add_option("--chains", o.mcmc.chains, "MCMC chains (default 4)")->check(CLI::Range(2, 64));
  cmd->add_option("--warmup", o.mcmc.warmup, "Warmup iterations per chain, discarded (default 2000)")->check(CLI::Range(100, 10'000'000));
  cmd->add_option("--samples", o.mcmc.samples, "Kept draws per chain (default 10000)")->check(CLI::Range(100, 10'000'000));
  cmd->add_option("--rows", o.mcmc.rows, "Rows of posterior.csv at most: every k-th draw of each chain (default 4000)")
      ->check(CLI::Range(2, 100'000'000));
  cmd->add_option("--seed", o.mcmc.seed, "Seed of the MCMC (default 1)");
  cmd->add_option("--threads", o.mcmc.threads, "Threads, one chain each (0: all cores); the draws do not depend on it")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--lang", o.lang, "Language of report.html: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  cmd->add_option("--store", o.store, "Also keep the calibration in this SQLite run store (docs/run-store.md); --store "
                                      "alone: the default store")
      ->expected(0, 1)
      ->default_str(io::default_store_path());
  cmd->add_flag("--quiet,-q", o.quiet, "Print only problems");
  return cmd;
}

Exit run_calibrate(const CalibrateOptions& o, const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const std::string started = io::utc_now();
  const model::Scenario s = io::load_scenario(o.scenario);
  const analysis::CalibrationProblem p = io::read_calibration(s, o.targets, o.fit);
  std::optional<io::RunStore> store;
  if (!o.store.empty()) store.emplace(o.store);  // opened (created, or checked) before the work
  const bool show = !o.quiet && ::isatty(STDERR_FILENO);
  const analysis::CalibrationProgress progress = [&](const std::string& stage, long done, long total) {
    if (!show) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "\r\033[K%s: %ld/%ld  elapsed %.1fs", stage.c_str(), done, total, elapsed);
    std::fflush(stderr);
  };
  const auto mle = analysis::maximum_likelihood(p, o.mle, progress);
  std::optional<analysis::Posterior> post;
  if (o.method == "mcmc") post = analysis::sample_posterior(p, mle.map_values, o.mcmc, progress);
  if (show) std::fputs("\r\033[K", stderr);
  io::CalibrationRun run{o.scenario, o.targets, command, &mle, post ? &*post : nullptr, o.mcmc,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                         mle.evaluations + (post ? post->evaluations : 0), o.lang == "en" ? io::Lang::en : io::Lang::nl};
  const io::CalibrationFiles files = io::write_calibration(o.out, p, run);
  if (store) {
    io::StoredCalibration c{o.scenario, "", o.targets, WERKBAAT_VERSION, o.method, started, io::utc_now(),
                            o.mcmc.seed, o.mcmc.chains, o.mcmc.warmup, o.mcmc.samples, post && post->converged,
                            run.evaluations};
    for (const auto& f : s.files) c.files += (c.files.empty() ? "" : "\n") + f;
    const io::FileText targets = io::disk_files().read(o.targets);
    const std::int64_t id = store->save_calibration(c, s.resolved, targets.text, files.fit_json,
                                                    io::calibration_tables(p, run, files));
    if (!o.quiet) fmt::print(stderr, "stored as calibration {} in {}\n", id, o.store);
  }
  const std::string text = io::format_calibration(p, run);
  const bool failed = post && !post->converged;
  if (!o.quiet || failed) fmt::print("{}", text);
  return failed ? Exit::failed : Exit::ok;
}

}  // namespace werkbaat::cli
