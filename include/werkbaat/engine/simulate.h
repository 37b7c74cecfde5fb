#pragma once
// The PSA driver: draws parameters, simulates every draw in cohort or micro mode, books the
// ledger, and keeps per-draw results. The same seed gives the same bits for any thread count:
// each draw is a pure function of (scenario, seed, draw), micro counts are integers summed
// exactly, and draws are reduced in draw order.
#include <functional>
#include <memory>

#include "werkbaat/engine/run_result.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::engine {

// Called on the calling thread after each block of draws: (draws done, draws in total).
using ProgressFn = std::function<void(int, int)>;

// Runs the scenario with the given simulation settings (threads 0: all cores). The result
// records the settings it ran with, the thread count resolved.
RunResult simulate(const model::Scenario& s, const model::SimulationSettings& simulation,
                   const ProgressFn& progress = {});

// A scenario's run prepared once and made many times while its parameters' values change (what a
// calibration does): the layout, trace units, booking plan and working storage depend on the
// scenario's structure only, and are built once. Each run() reads the parameters of `s` as they
// are then, and gives the bits simulate(s, simulation) would. `s` must outlive this, and only its
// parameters' values may change.
class PreparedRun {
 public:
  PreparedRun(const model::Scenario& s, const model::SimulationSettings& simulation);
  ~PreparedRun();
  PreparedRun(const PreparedRun&) = delete;
  PreparedRun& operator=(const PreparedRun&) = delete;
  RunResult run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Part k (1-based) of n of a run's PSA draws, for shards and MPI ranks: whole blocks of kSumBlock
// draws, spread as evenly as the blocks allow; part 1 also runs the base case.
struct DrawRange {
  int first = 1, count = 0;  // PSA draws first .. first + count - 1
  bool base = true;
  bool keep_sums = false;    // keep the blocks' sums for merge() (made by part())
  // Throws InputError (naming `where`) when k/n is not a part of `draws` draws: n larger than the
  // blocks of draws there are, or k outside 1..n.
  static DrawRange part(int k, int n, int draws, bool base_case);
};
RunResult simulate(const model::Scenario& s, const model::SimulationSettings& simulation, const DrawRange& range,
                   const ProgressFn& progress = {});

// The parts of one run, in any order, as one run: the same bits as the run made at once. Throws
// InputError when parts are missing, overlap or come from different runs.
RunResult merge(std::vector<RunResult> parts);

// What a run will need, known before it starts: memory for the per-draw results and the threads'
// working storage, and a rough time on this kind of machine (one core does about 1.5e8 micro
// person-months, or 2e8 cohort row entries, a second).
struct RunEstimate {
  double bytes = 0;
  double seconds = 0;
  int expanded_states = 0;  // the model's states told apart by months in them, clocks and changing values
};
// Refuses, before anything runs, a model whose expanded state space is too large to hold, and a
// rule the run's mode cannot follow (a cohort run of months drawn per client).
RunEstimate estimate(const model::Scenario& s, const model::SimulationSettings& simulation);
// The expanded state space alone, whatever mode a run will take (the scenario loader's check: a
// run may still override simulation.mode).
void check_space(const model::Scenario& s);

// The groups' shares as micro mode simulates `clients` clients: whole clients per group (the
// largest-remainder split of each entry month's clients), as shares of the population.
std::vector<double> micro_shares(const model::Scenario& s, int clients);

// Runs the scenario with its own simulation settings.
inline RunResult simulate(const model::Scenario& s) { return simulate(s, s.simulation); }

}  // namespace werkbaat::engine
