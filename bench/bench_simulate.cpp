// Speed of werkbaat on the five-state benchmark model (shared/bench/five-state-model.md).
// Reports person-months per second (micro: clients x arms x draws x months / seconds) and
// cohort-months per second (cohort: groups x arms x draws x months / seconds), for 1 and 2
// threads, how the cost grows with draws, clients and months, and peak memory (max RSS).
// Before timing, it prints the model's PSA means per person (the spec's 3 x 4 table).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

namespace {

using namespace werkbaat;

const model::Scenario& bench_model() {
  static const model::Scenario s = io::load_scenario(WERKBAAT_SOURCE_DIR "/scenarios/five-state-bench.yaml");
  return s;
}

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

void run(benchmark::State& state, model::Mode mode) {
  model::Scenario s = bench_model();
  s.simulation.mode = mode;
  s.simulation.base_case = false;
  s.simulation.draws = static_cast<int>(state.range(0));
  s.simulation.clients = static_cast<int>(state.range(1));
  s.settings.horizon = static_cast<int>(state.range(2));
  const int threads = static_cast<int>(state.range(3));
  auto sim = s.simulation;
  sim.threads = threads;
  for (auto _ : state) {
    const engine::RunResult r = engine::simulate(s, sim);
    benchmark::DoNotOptimize(r.psa.line_disc.data());
  }
  const double units = (mode == model::Mode::micro ? s.simulation.clients : static_cast<double>(s.groups.size())) *
                       static_cast<double>(s.arms.size()) * s.simulation.draws * s.settings.horizon;
  const char* name = mode == model::Mode::micro ? "person_months/s" : "cohort_months/s";
  state.counters[name] = benchmark::Counter(units, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["per_thread"] = benchmark::Counter(units / threads, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_MiB"] = peak_rss_mib();
}

void BM_micro(benchmark::State& state) { run(state, model::Mode::micro); }
void BM_cohort(benchmark::State& state) { run(state, model::Mode::cohort); }

// Args: draws, clients, months, threads.
BENCHMARK(BM_micro)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({100, 1000, 120, 1})
    ->Args({100, 1000, 120, 2})
    ->Args({25, 1000, 120, 1})
    ->Args({400, 1000, 120, 1})
    ->Args({100, 250, 120, 1})
    ->Args({100, 4000, 120, 1})
    ->Args({100, 1000, 30, 1})
    ->Args({100, 1000, 480, 1})
    ->Args({1, 100000, 120, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_cohort)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({1000, 1, 120, 1})
    ->Args({1000, 1, 120, 2})
    ->Args({10000, 1, 120, 2})
    ->Args({1000, 1, 480, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The spec's output: PSA mean per person of discounted cost per payer and QALYs, per strategy.
void print_model_table() {
  model::Scenario s = bench_model();
  s.simulation.mode = model::Mode::cohort;
  s.simulation.draws = 1000;
  const engine::RunResult r = engine::simulate(s);
  const auto& sh = r.shape;
  fmt::print("five-state model, cohort mode, {} PSA draws: mean discounted per person\n", s.simulation.draws);
  fmt::print("{:<10} {:>15} {:>15} {:>17} {:>8}\n", "strategy", "health_insurer", "municipality", "employment_servs",
             "QALYs");
  for (int a = 0; a < sh.arms; ++a) {
    double v[4] = {0, 0, 0, 0};
    for (int d = 0; d < r.psa.draws; ++d)
      for (int l = 0; l < sh.lines; ++l) {
        const int slot = s.lines[l].is_money() ? s.lines[l].payer - 1 : (s.lines[l].effect == 0 ? 3 : -1);
        if (slot >= 0) v[slot] += r.psa.line(sh, true, d, a, l);
      }
    for (double& x : v) x /= r.psa.draws * s.population.size;
    fmt::print("{:<10} {:>15.2f} {:>15.2f} {:>17.2f} {:>8.4f}\n", s.arms[a], v[0], v[1], v[2], v[3]);
  }
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  print_model_table();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
