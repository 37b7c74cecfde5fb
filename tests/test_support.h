#pragma once
// Small helpers shared by the tests.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <cmath>

#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/scenario_loader.h"

namespace werkbaat::test {

// The message of the InputError that f() throws, or "" when it throws none.
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

inline std::string source_path(const std::string& relative) { return std::string(WERKBAAT_SOURCE_DIR) + "/" + relative; }

inline model::Scenario load_text(const std::string& text, const std::string& name = "test.yaml") {
  return io::load_scenario_text(text, name);
}

// Sets every parameter to a fixed value at its mean, so that draws differ only by first-order
// (micro) randomness.
inline void fix_parameters(model::Scenario& s) {
  std::vector<double> means;
  for (auto& p : s.params)
    if (p.dirichlet < 0) p.dist = model::Distribution::fixed(p.dist.mean());
  for (auto& g : s.dirichlets) {
    double total = 0;
    for (int m : g.members) total += s.params[m].dist.mean();
    for (int m : g.members) s.params[m].dist = model::Distribution::fixed(s.params[m].dist.mean() / total);
  }
  s.dirichlets.clear();
  for (auto& p : s.params) p.dirichlet = -1;
}

// Micro mode's mean over its draws against cohort mode's expectation (the base case of the same
// scenario in cohort mode), line by line and arm by arm, within 4 Monte Carlo standard errors.
// `micro` should have its parameters fixed (fix_parameters), so that draws differ only in the
// clients' histories. Returns the (arm, line) pairs compared: those not zero in both modes.
// With `cohort` given, cohort mode runs that scenario instead: one that micro's should equal in
// expectation (the same lines in the same order).
inline std::vector<std::pair<int, int>> check_micro_matches_cohort(model::Scenario micro,
                                                                   std::optional<model::Scenario> other = {}) {
  micro.simulation.mode = model::Mode::micro;
  micro.simulation.base_case = false;
  auto cohort = other ? *other : micro;
  cohort.simulation.mode = model::Mode::cohort;
  cohort.simulation.draws = 0;
  cohort.simulation.base_case = true;
  const auto rm = engine::simulate(micro);
  const auto rc = engine::simulate(cohort);
  const auto& sh = rm.shape;
  const int S = rm.psa.draws;
  std::vector<std::pair<int, int>> compared;
  for (int a = 0; a < sh.arms; ++a)
    for (int l = 0; l < sh.lines; ++l) {
      const double expected = rc.base.line(sh, true, 0, a, l);
      double mean = 0, ss = 0;
      for (int d = 0; d < S; ++d) mean += rm.psa.line(sh, true, d, a, l);
      mean /= S;
      for (int d = 0; d < S; ++d) ss += std::pow(rm.psa.line(sh, true, d, a, l) - mean, 2);
      if (expected == 0 && mean == 0) continue;
      const double mcse = std::sqrt(ss / (S - 1) / S);
      CAPTURE(micro.arms[a]);
      CAPTURE(micro.lines[l].name);
      CAPTURE(expected);
      CAPTURE(mean);
      CHECK(std::abs(mean - expected) <= 4 * mcse + 1e-9 * std::abs(expected));
      compared.emplace_back(a, l);
    }
  return compared;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// An empty folder of this test process's own (tests of two processes may run at once).
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("werkbaat-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// A small scenario built on the five-state benchmark model.
inline std::string bench_copy(int seed, int draws = 20, const std::string& extra = "",
                              const std::string& mode = "cohort") {
  return "uses: " + source_path("scenarios/five-state-bench.yaml") + "\nname: copy " + std::to_string(seed) +
         "\nsimulation: {mode: " + mode + ", clients: 1500, draws: " + std::to_string(draws) +
         ", seed: " + std::to_string(seed) + "}\n" + extra;
}

// Runs the werkbaat executable with arguments, output discarded; returns its exit code.
inline int werkbaat_cli(const std::vector<std::string>& args) {
  std::string cmd = WERKBAAT_EXE;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " > /dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace werkbaat::test
