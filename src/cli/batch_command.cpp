#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.h"
#include "progress.h"
#include "ranks.h"
#include "werkbaat/app/batch.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/model/error.h"

namespace werkbaat::cli {

CLI::App* setup_batch(CLI::App& app, BatchOptions& o) {
  auto* cmd = app.add_subcommand("batch", "Run many scenarios (files, folders, globs; sweeps expanded)");
  cmd->add_option("inputs", o.inputs, "Scenario files, folders (recursively, *.yaml) or glob patterns")->required();
  cmd->add_option("--out", o.out, "Output folder: one sub-folder per run, plus combined CSVs")->required();
  cmd->add_option("--jobs,-j", o.jobs, "Scenarios run at once")->check(CLI::PositiveNumber);
  add_overrides(*cmd, o.overrides, o.no_limits);
  cmd->add_flag("--resume", o.resume, "Skip runs whose complete output matches the scenario's content hash");
  cmd->add_flag("--quiet,-q", o.quiet, "Print only failures");
  cmd->add_option("--store", o.store, "Also keep every run in this SQLite run store; --store alone: the default store")
      ->expected(0, 1)
      ->default_str(io::default_store_path());
  cmd->add_flag("--reuse", o.reuse, "With --store: a run stored with the same content hash is written from the store, not run");
  return cmd;
}

// A batch that ran fails (1) when any of its runs failed; the others' results are written.
Exit run_batch(const BatchOptions& o) {
  const auto jobs = app::plan_batch(app::expand_inputs(o.inputs));
  app::BatchOptions bo;
  bo.out = o.out;
  bo.jobs = o.jobs;
  bo.resume = o.resume;
  if (o.reuse && o.store.empty())
    throw InputError({o.out, 0, 0}, "--reuse", "--reuse reads stored runs: give --store too");
  bo.store = o.store;
  bo.reuse = o.reuse;
  bo.overrides = o.overrides;
  bo.stop = stop_requested;
  bo.check = [&o](const model::Scenario& s) { check_fits(s, o.overrides, o.no_limits); };
  // Under MPI each rank runs every P-th scenario, with this machine's cores shared among the
  // ranks on it; rank 0 then writes the combined files over all of them.
  bo.rank = Ranks::rank();
  bo.ranks = Ranks::size();
  bo.combine = bo.ranks == 1;
  if (bo.ranks > 1 && !bo.overrides.threads)
    bo.overrides.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) /
                                           (std::max(1, o.jobs) * Ranks::local_size()));
  const bool tty = !o.quiet && ::isatty(STDERR_FILENO) && bo.ranks == 1;
  const auto t0 = std::chrono::steady_clock::now();
  bool interrupted = false;
  std::vector<app::BatchOutcome> outcomes;
  std::string failure;  // a rank's own failure (not a job's): every rank still reaches the gather
  try {
    outcomes = app::run_batch(jobs, bo, [&](const app::BatchOutcome& oc, bool finished, int done, int total) {
    if (!tty) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string left = done > 0 ? fmt::format("{:.1f}s", elapsed * (total - done) / done) : "?";
    fmt::print(stderr, "\r\033[Kscenarios {}/{}  {}: {}  elapsed {:.1f}s  left ~{}", done, total,
               finished ? "done" : "running", oc.job.run, elapsed, left);
    if (done == total) fmt::print(stderr, "\r\033[K");
    });
  } catch (const std::exception& e) {
    if (bo.ranks == 1) throw;
    failure = e.what();  // the other ranks still wait to hear from this one
  }
  if (bo.ranks > 1) {
    interrupted = stop_requested();
    // Every rank's outcomes of its own jobs, to rank 0 (error texts may hold any bytes).
    nlohmann::json mine = nlohmann::json::array();
    for (std::size_t i = static_cast<std::size_t>(bo.rank); i < outcomes.size(); i += static_cast<std::size_t>(bo.ranks))
      mine.push_back({i, static_cast<int>(outcomes[i].status), outcomes[i].error, outcomes[i].seconds});
    const auto all = Ranks::gather(mine.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    interrupted = Ranks::max(interrupted ? 1 : 0) != 0;
    if (!failure.empty()) fmt::print(stderr, "error: rank {}: {}\n", bo.rank, failure);
    if (bo.rank != 0) return failure.empty() ? Exit::ok : Exit::failed;
    if (outcomes.empty())
      for (const auto& job : jobs) outcomes.push_back({job, app::BatchOutcome::Status::failed, "not run", 0});
    for (const auto& text : all)
      for (const auto& oc : nlohmann::json::parse(text)) {
        auto& out = outcomes.at(oc[0].get<std::size_t>());
        out.status = static_cast<app::BatchOutcome::Status>(oc[1].get<int>());
        out.error = oc[2].get<std::string>();
        out.seconds = oc[3].get<double>();
      }
    app::write_combined(outcomes, bo);
    if (interrupted) throw Interrupted();
  }
  int failed = 0, skipped = 0;
  for (const auto& oc : outcomes) {
    if (oc.status == app::BatchOutcome::Status::failed) {
      ++failed;
      fmt::print(stderr, "failed: {}{}: {}\n", oc.job.file, oc.job.variant.empty() ? "" : " [" + oc.job.variant + "]",
                 oc.error);
    }
    skipped += oc.status == app::BatchOutcome::Status::skipped;
  }
  if (!o.quiet || failed > 0)
    fmt::print("{} runs: {} ran, {} skipped (complete), {} failed; results in {}/\n", outcomes.size(),
               outcomes.size() - failed - skipped, skipped, failed, o.out);
  return failed == 0 ? Exit::ok : Exit::failed;
}

}  // namespace werkbaat::cli
