#include <fmt/format.h>
#include <unistd.h>

#include <chrono>

#include "commands.h"
#include "werkbaat/io/batch_runner.h"

namespace werkbaat::cli {

void setup_batch(CLI::App& app, BatchOptions& o) {
  auto* cmd = app.add_subcommand("batch", "Run many scenarios (files, folders, globs; sweeps expanded)");
  cmd->add_option("inputs", o.inputs, "Scenario files, folders (recursively, *.yaml) or glob patterns")->required();
  cmd->add_option("--out", o.out, "Output folder: one sub-folder per run, plus combined CSVs")->required();
  cmd->add_option("--jobs,-j", o.jobs, "Scenarios run at once")->check(CLI::PositiveNumber);
  cmd->add_option("--threads", o.threads, "Threads per scenario (default: cores / jobs)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--draws", o.draws, "Override simulation.draws of every scenario")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o.seed, "Override simulation.seed of every scenario")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--resume", o.resume, "Skip runs whose complete output matches the scenario's content hash");
  cmd->add_flag("--quiet,-q", o.quiet, "Print only failures");
  cmd->callback([&o] { throw CLI::RuntimeError(run_batch(o)); });
}

int run_batch(const BatchOptions& o) {
  const auto jobs = io::plan_batch(io::expand_inputs(o.inputs));
  io::BatchOptions bo;
  bo.out = o.out;
  bo.jobs = o.jobs;
  bo.threads = o.threads;
  bo.resume = o.resume;
  bo.draws = o.draws;
  bo.seed = o.seed;
  const bool tty = !o.quiet && ::isatty(STDERR_FILENO);
  const auto t0 = std::chrono::steady_clock::now();
  const auto outcomes = io::run_batch(jobs, bo, [&](const io::BatchOutcome& oc, bool finished, int done, int total) {
    if (!tty) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string left = done > 0 ? fmt::format("{:.1f}s", elapsed * (total - done) / done) : "?";
    fmt::print(stderr, "\r\033[Kscenarios {}/{}  {}: {}  elapsed {:.1f}s  left ~{}", done, total,
               finished ? "done" : "running", oc.job.run, elapsed, left);
    if (done == total) fmt::print(stderr, "\r\033[K");
  });
  int failed = 0, skipped = 0;
  for (const auto& oc : outcomes) {
    if (oc.status == io::BatchOutcome::Status::failed) {
      ++failed;
      fmt::print(stderr, "failed: {}{}: {}\n", oc.job.file, oc.job.variant.empty() ? "" : " [" + oc.job.variant + "]",
                 oc.error);
    }
    skipped += oc.status == io::BatchOutcome::Status::skipped;
  }
  if (!o.quiet || failed > 0)
    fmt::print("{} runs: {} ran, {} skipped (complete), {} failed; results in {}/\n", outcomes.size(),
               outcomes.size() - failed - skipped, skipped, failed, o.out);
  return failed == 0 ? Exit::ok : Exit::failed;
}

}  // namespace werkbaat::cli
