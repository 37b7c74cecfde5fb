// Speed of werkbaat on the five-state benchmark model (shared/bench/five-state-model.md).
// Reports person-months per second (micro: clients x arms x draws x months / seconds) and
// cohort-months per second (cohort: groups x arms x draws x months / seconds), for 1 and 2
// threads, how the cost grows with draws, clients and months, and peak memory (max RSS).
// Before timing, it prints the model's PSA means per person (the spec's 3 x 4 table).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

namespace {

using namespace werkbaat;

const model::Scenario& bench_model() {
  static const model::Scenario s = io::load_scenario(WERKBAAT_SOURCE_DIR "/scenarios/five-state-bench.yaml");
  return s;
}

// The five-state model with a since-entry clock: transition 0 changes its hazard (to that of
// transition 1) from month 24 after entry, so both modes follow months since entry to 24.
const model::Scenario& clock_model() {
  static const model::Scenario s = [] {
    model::Scenario m = bench_model();
    model::Clock c;
    c.name = "since_entry";
    c.kind = model::ClockKind::since_entry;
    c.cap = 24;
    m.clocks.push_back(c);
    for (int k = 0; k < m.combos(); ++k) {
      auto& pieces = m.transitions[0].by_combo[k];
      if (!pieces.empty() && !m.transitions[1].by_combo[k].empty())
        pieces.push_back({0, m.transitions[1].by_combo[k][0].expr, 0, 24});
    }
    return m;
  }();
  return s;
}

// The Dutch default model with its benefit careers: IPS for EPA clients (scenarios/ips-epa.yaml).
const model::Scenario& dutch_model() {
  static const model::Scenario s = io::load_scenario(WERKBAAT_SOURCE_DIR "/scenarios/ips-epa.yaml");
  return s;
}

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

void run(benchmark::State& state, model::Mode mode, const model::Scenario& base = bench_model()) {
  model::Scenario s = base;
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
  const double groups = static_cast<double>(
      std::count_if(s.groups.begin(), s.groups.end(), [](const model::Group& g) { return g.share > 0; }));
  const double units = (mode == model::Mode::micro ? s.simulation.clients : groups) *
                       static_cast<double>(s.arms.size()) * s.simulation.draws * s.settings.horizon;
  const char* name = mode == model::Mode::micro ? "person_months/s" : "cohort_months/s";
  state.counters[name] = benchmark::Counter(units, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["per_thread"] = benchmark::Counter(units / threads, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_MiB"] = peak_rss_mib();
}

void BM_micro(benchmark::State& state) { run(state, model::Mode::micro); }
void BM_cohort(benchmark::State& state) { run(state, model::Mode::cohort); }
void BM_micro_clock(benchmark::State& state) { run(state, model::Mode::micro, clock_model()); }
void BM_cohort_clock(benchmark::State& state) { run(state, model::Mode::cohort, clock_model()); }
void BM_micro_dutch(benchmark::State& state) { run(state, model::Mode::micro, dutch_model()); }
void BM_cohort_dutch(benchmark::State& state) { run(state, model::Mode::cohort, dutch_model()); }

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

// A since-entry clock (five-state model) and the Dutch default model with its careers.
BENCHMARK(BM_micro_clock)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({100, 1000, 120, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_cohort_clock)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({1000, 1, 120, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_micro_dutch)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({100, 1000, 60, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_cohort_dutch)
    ->ArgNames({"draws", "clients", "months", "threads"})
    ->Args({1000, 1, 60, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Loading: the five-state model with `n` more parameters, each a distribution with its unit,
// price year, source and label (ten YAML values a parameter): the cost per parameter should not
// grow with n.
void BM_load(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  std::string text = io::disk_files().read(WERKBAAT_SOURCE_DIR "/scenarios/five-state-bench.yaml").text;
  text += "  extra:\n";
  for (int i = 0; i < n; ++i)
    text += fmt::format("    q{:06d}: {{gamma: {{mean: {}, sd: 100}}, unit: EUR/month, price_year: 2025, "
                        "source: generated, label: Q}}\n",
                        i, 1000 + i % 7);
  for (auto _ : state) benchmark::DoNotOptimize(io::load_scenario_text(text, "generated.yaml"));
  state.SetItemsProcessed(state.iterations() * n);
  state.SetComplexityN(n);
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_load)->ArgName("parameters")->Arg(1000)->Arg(10000)->Arg(100000)->Complexity(benchmark::oN)->Unit(benchmark::kMillisecond);

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
