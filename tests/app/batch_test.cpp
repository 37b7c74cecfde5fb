// Batch runs, sweeps and resume after SIGKILL.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "../test_support.h"
#include "werkbaat/app/batch.h"

using namespace werkbaat;
namespace fs = std::filesystem;
using test::bench_copy, test::fresh_dir, test::slurp, test::werkbaat_cli, test::write;

namespace {

// results.json without the run's timing, which is not a result.
nlohmann::json results_without_timing(const fs::path& p) {
  auto j = nlohmann::json::parse(slurp(p));
  j["run"].erase("seconds");
  return j;
}

}  // namespace


TEST_CASE("sweep: a grid expands into the product of its values, named after them") {
  const fs::path dir = fresh_dir("sweep");
  write(dir / "grid.yaml", bench_copy(1, 2, "sweep:\n  grid:\n    m_emp.mild: [1.1, 1.3, 1.5]\n    rr_emp.regular: [1, 1.2]\n"));
  const auto names = io::sweep_variants((dir / "grid.yaml").string());
  REQUIRE(names.size() == 6);
  CHECK(names[0] == "m_emp.mild=1.1,rr_emp.regular=1");
  CHECK(names[5] == "m_emp.mild=1.5,rr_emp.regular=1.2");
  const auto s = io::load_scenario((dir / "grid.yaml").string(), names[5]);
  CHECK(s.name == "copy 1 [m_emp.mild=1.5,rr_emp.regular=1.2]");
  for (const auto& p : s.params)
    if (p.path == "m_emp.mild") CHECK(p.dist.mean() == 1.5);

  write(dir / "named.yaml", bench_copy(1, 2, "sweep:\n  variants:\n    low: {m_emp.mild: 1.0}\n    high: {m_emp.mild: 2.0, m_emp.severe: 0.9}\n"));
  CHECK(io::sweep_variants((dir / "named.yaml").string()) == std::vector<std::string>{"low", "high"});
  const auto jobs = app::plan_batch({(dir / "grid.yaml").string(), (dir / "named.yaml").string()});
  REQUIRE(jobs.size() == 8);
  CHECK(jobs[0].run == "grid__m_emp.mild=1.1_rr_emp.regular=1");
  CHECK(jobs[7].run == "named__high");
  fs::remove_all(dir);
}

TEST_CASE("batch: a broken scenario is reported and the batch goes on") {
  const fs::path dir = fresh_dir("batch-broken");
  write(dir / "in" / "a.yaml", bench_copy(1));
  write(dir / "in" / "sub" / "b.yaml", bench_copy(2));
  write(dir / "in" / "sub" / "broken.yaml", bench_copy(3, 20, "horizn: 12\n"));
  const auto files = app::expand_inputs({(dir / "in").string()});
  REQUIRE(files.size() == 3);
  app::BatchOptions o;
  o.out = (dir / "out").string();
  const auto outcomes = app::run_batch(app::plan_batch(files), o);
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].status == app::BatchOutcome::Status::ran);
  CHECK(outcomes[1].status == app::BatchOutcome::Status::ran);
  CHECK(outcomes[2].status == app::BatchOutcome::Status::failed);
  CHECK(outcomes[2].error.find("broken.yaml:4:1: horizn: unknown key 'horizn'") != std::string::npos);
  // Combined CSV: rows of the two good runs, with run, file and variant in front.
  std::istringstream csv(slurp(dir / "out" / "summary.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "run,file,variant,scenario,arm,comparator,account,metric,statistic,value");
  std::set<std::string> runs;
  while (std::getline(csv, line)) runs.insert(line.substr(0, line.find(',')));
  CHECK(runs == std::set<std::string>{"a", "b"});
  const auto manifest = nlohmann::json::parse(slurp(dir / "out" / "batch.json"));
  CHECK(manifest["runs"][2]["status"] == "failed");
  // The command line exits 1 when a run failed.
  CHECK(werkbaat_cli({"batch", (dir / "in").string(), "--out", (dir / "out2").string(), "-q"}) == 1);
  fs::remove_all(dir);
}

TEST_CASE("batch --resume after SIGKILL ends with exactly the results of an uninterrupted batch" *
          doctest::test_suite("slow")) {
  const fs::path dir = fresh_dir("batch-resume");
  for (int i = 1; i <= 10; ++i) write(dir / "in" / ("s" + std::to_string(10 + i) + ".yaml"), bench_copy(i, 150, "", "micro"));
  const std::string in = (dir / "in").string();
  REQUIRE(werkbaat_cli({"batch", in, "--out", (dir / "whole").string(), "-q"}) == 0);

  // The same batch, killed part-way, then resumed.
  const pid_t pid = fork();
  if (pid == 0) {
    execl(WERKBAAT_EXE, WERKBAAT_EXE, "batch", in.c_str(), "--out", (dir / "killed").c_str(), "-q", nullptr);
    _exit(127);
  }
  // Kill it as soon as the first run is complete, so that the resume really starts mid-batch.
  const fs::path first = dir / "killed" / "s11" / ".complete";
  for (int i = 0; i < 4000 && !fs::exists(first); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  int complete = 0;
  for (int i = 11; i <= 20; ++i) complete += fs::exists(dir / "killed" / ("s" + std::to_string(i)) / ".complete");
  REQUIRE(complete >= 1);
  REQUIRE(complete < 10);
  MESSAGE("runs complete when killed: " << complete << " of 10");
  REQUIRE(werkbaat_cli({"batch", in, "--out", (dir / "killed").string(), "--resume", "-q"}) == 0);

  for (int i = 11; i <= 20; ++i) {
    const fs::path a = dir / "whole" / ("s" + std::to_string(i)), b = dir / "killed" / ("s" + std::to_string(i));
    for (const char* f : {"summary.csv", "annual.csv", "effects.csv", "cumulative.csv", "monthly.csv", "draws.csv"})
      CHECK(slurp(a / f) == slurp(b / f));
    CHECK(results_without_timing(a / "results.json") == results_without_timing(b / "results.json"));
    for (const auto& e : fs::directory_iterator(b)) CHECK(e.path().string().find(".tmp.") == std::string::npos);
  }
  CHECK(slurp(dir / "whole" / "summary.csv") == slurp(dir / "killed" / "summary.csv"));
  fs::remove_all(dir);
}


TEST_CASE("batch runs each scenario's analyses.run, as run does") {
  const fs::path dir = fresh_dir("batch-analyses");
  write(dir / "in" / "with.yaml", bench_copy(1, 12, "analyses: {run: [settlement]}\n"));
  write(dir / "in" / "without.yaml", bench_copy(2, 12));
  app::BatchOptions o;
  o.out = (dir / "out").string();
  const auto outcomes = app::run_batch(app::plan_batch(app::expand_inputs({(dir / "in").string()})), o);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].status == app::BatchOutcome::Status::ran);
  CHECK(fs::exists(dir / "out" / "with" / "settlement.csv"));
  CHECK_FALSE(fs::exists(dir / "out" / "without" / "settlement.csv"));
  const auto j = nlohmann::json::parse(slurp(dir / "out" / "with" / "results.json"));
  CHECK(j["analyses"]["ran"] == nlohmann::json::array({"settlement"}));
  fs::remove_all(dir);
}

TEST_CASE("batch --mode and --draws apply to every scenario and change its content hash") {
  const auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  model::SimulationOverrides cohort, draws;
  cohort.mode = model::Mode::cohort;  // the file says micro
  draws.draws = s.simulation.draws + 1;
  CHECK(app::content_hash(s, s.simulation) != app::content_hash(s, cohort.applied_to(s.simulation)));
  CHECK(app::content_hash(s, s.simulation) != app::content_hash(s, draws.applied_to(s.simulation)));
  model::SimulationOverrides threads;
  threads.threads = 7;  // threads never change results
  CHECK(app::content_hash(s, s.simulation) == app::content_hash(s, threads.applied_to(s.simulation)));
  CHECK_THROWS_WITH_AS(app::expand_inputs({"/no/such/dir"}), "/no/such/dir: no such file or folder", InputError);
}

TEST_CASE("SIGTERM stops a run cleanly: exit 130, a message, and no output folder" * doctest::test_suite("slow")) {
  const fs::path dir = fresh_dir("sigterm");
  const std::string out = (dir / "out").string();
  const pid_t pid = fork();
  if (pid == 0) {
    execl(WERKBAAT_EXE, WERKBAAT_EXE, "run", test::source_path("scenarios/five-state-bench.yaml").c_str(), "--draws",
          "200000", "-q", "--out", out.c_str(), nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK_FALSE(fs::exists(out));
  fs::remove_all(dir);
}

TEST_CASE("batch --resume redoes a run whose files were deleted or changed since, and only that one") {
  const fs::path dir = fresh_dir("resume-check");
  write(dir / "in" / "a.yaml", bench_copy(1, 5));
  write(dir / "in" / "b.yaml", bench_copy(2, 5));
  app::BatchOptions o;
  o.out = (dir / "out").string();
  const auto jobs = app::plan_batch(app::expand_inputs({(dir / "in").string()}));
  app::run_batch(jobs, o);
  const std::string combined = slurp(dir / "out" / "summary.csv");
  fs::remove(dir / "out" / "a" / "annual.csv");
  write(dir / "out" / "b" / "summary.csv", "tampered\n");
  o.resume = true;
  auto outcomes = app::run_batch(jobs, o);
  CHECK(outcomes[0].status == app::BatchOutcome::Status::ran);
  CHECK(outcomes[1].status == app::BatchOutcome::Status::ran);
  CHECK(slurp(dir / "out" / "summary.csv") == combined);
  outcomes = app::run_batch(jobs, o);
  CHECK(outcomes[0].status == app::BatchOutcome::Status::skipped);
  CHECK(outcomes[1].status == app::BatchOutcome::Status::skipped);
  fs::remove_all(dir);
}
