#pragma once
// Runs many scenarios (files, folders, globs; sweep variants expanded) into one output folder:
// one sub-folder per run with the files of `run --out` (the scenario's analyses.run included),
// plus combined tidy CSVs over all runs and batch.json. A run whose output is complete and
// matches its content hash can be skipped (--resume): each run's folder gets a `.complete`
// marker, written last, holding that hash and the hash of every file in the folder, so that a
// file deleted or changed since makes the run be done again.
#include <functional>
#include <string>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::app {

// Expands files, folders (recursively, *.yaml, sorted) and glob patterns into scenario files.
// Throws InputError for a path that matches nothing.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// One scenario (or one sweep variant of it) to run.
struct BatchJob {
  std::string file;
  std::string variant;  // "" for the scenario as written
  std::string run;      // the output sub-folder's name, unique in the batch
};

// The jobs for these files: one per file, or one per sweep variant. A file that cannot even be
// read for its variants still becomes a job, so that its error is reported when it runs.
std::vector<BatchJob> plan_batch(const std::vector<std::string>& files);

struct BatchOptions {
  std::string out;
  int jobs = 1;                          // scenarios run at once
  bool resume = false;
  model::SimulationOverrides overrides;  // threads unset: cores / jobs per scenario
  std::function<bool()> stop;            // asked between blocks of draws; true: stop (Interrupted)
  // Called with each loaded scenario before it runs; throws to refuse it (e.g. too large).
  std::function<void(const model::Scenario&)> check;
  // Spread over processes (MPI ranks): this one runs jobs rank, rank + ranks, ...; the others'
  // outcomes are left "not run here". With `combine` false the combined CSVs and batch.json are
  // not written (the ranks' outcomes are put together first: write_combined).
  int rank = 0, ranks = 1;
  bool combine = true;
  // A run store (io/run_store.h) that keeps every run; with `reuse`, a run stored with the same
  // content hash is not run again but written from the store.
  std::string store;
  bool reuse = false;
};

struct BatchOutcome {
  BatchJob job;
  enum class Status { ran, skipped, failed } status = Status::ran;
  std::string error;
  double seconds = 0;
};

// Called when a job starts (status ran, not yet run) and after it ends, from any worker, one call
// at a time: the job's outcome so far, whether it finished, jobs done, total.
using BatchProgress = std::function<void(const BatchOutcome&, bool finished, int, int)>;

// Runs the jobs; writes the combined CSVs and batch.json after all of them. When `stop` says so,
// the running jobs end without output, no further job starts, and run_batch throws Interrupted
// after writing the combined files of the jobs that finished (without `combine`: it returns the
// outcomes, and the caller asks `stop`).
std::vector<BatchOutcome> run_batch(const std::vector<BatchJob>& jobs, const BatchOptions& options,
                                    const BatchProgress& progress = {});

// The combined CSVs over the finished runs' folders, and batch.json with every outcome.
void write_combined(const std::vector<BatchOutcome>& outcomes, const BatchOptions& options);

// The content hash of a scenario run with these settings: werkbaat version, resolved scenario,
// and the simulation settings that change results (not threads).
std::string content_hash(const model::Scenario& s, const model::SimulationSettings& sim);

}  // namespace werkbaat::app
