// Batch runs, sweeps, resume after SIGKILL, and regression verdicts and reports.
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
#include "werkbaat/analysis/regression.h"
#include "werkbaat/app/batch.h"
#include "werkbaat/io/regression_report.h"

using namespace werkbaat;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("werkbaat-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A small scenario built on the five-state benchmark model.
std::string bench_copy(int seed, int draws = 20, const std::string& extra = "", const std::string& mode = "cohort") {
  return "uses: " + test::source_path("scenarios/five-state-bench.yaml") + "\nname: copy " + std::to_string(seed) +
         "\nsimulation: {mode: " + mode + ", clients: 1500, draws: " + std::to_string(draws) +
         ", seed: " + std::to_string(seed) + "}\n" + extra;
}

// Runs the werkbaat executable with arguments; returns its exit code.
int werkbaat_cli(const std::vector<std::string>& args) {
  std::string cmd = WERKBAAT_EXE;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " > /dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

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

TEST_CASE("batch --resume after SIGKILL ends with exactly the results of an uninterrupted batch") {
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
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  int complete = 0;
  for (int i = 11; i <= 20; ++i) complete += fs::exists(dir / "killed" / ("s" + std::to_string(i)) / ".complete");
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

TEST_CASE("regression verdicts: identical, within noise, changed, missing") {
  using analysis::Verdict;
  const std::vector<analysis::MetricValue> old_ = {{"a", 100.0, 2.0}, {"b", 100.0, 2.0}, {"c", 100.0, 2.0},
                                                   {"d", 5.0, 0.0}, {"gone", 1.0, 0.0}};
  const std::vector<analysis::MetricValue> new_ = {{"a", 100.0, 2.0}, {"b", 110.0, 2.0}, {"c", 112.0, 2.0},
                                                   {"d", 5.0 * (1 + 1e-12), 0.0}, {"added", 1.0, 0.0}};
  const auto c = analysis::compare_metrics(old_, new_, {4.0, 1e-9, 1e-6});
  REQUIRE(c.size() == 6);
  CHECK(c[0].verdict == Verdict::identical);
  CHECK(c[1].verdict == Verdict::within_noise);  // 10 <= 4 * sqrt(8) = 11.3
  CHECK(c[1].z == doctest::Approx(10 / std::sqrt(8.0)));
  CHECK(c[2].verdict == Verdict::changed);       // 12 > 11.3
  CHECK(c[3].verdict == Verdict::within_noise);  // relative 1e-12: another compiler
  CHECK(c[4].verdict == Verdict::changed);       // added
  CHECK(c[5].verdict == Verdict::changed);       // gone
  CHECK(analysis::worst(c) == Verdict::changed);
}

TEST_CASE("regress: verdicts against constructed baselines, JUnit XML and exit codes") {
  const fs::path dir = fresh_dir("regress");
  write(dir / "in" / "one.yaml", bench_copy(1, 40));
  write(dir / "in" / "two.yaml", bench_copy(2, 40));
  const std::string in = (dir / "in").string(), base = (dir / "base").string();
  const std::string junit = (dir / "report.xml").string(), md = (dir / "report.md").string();
  CHECK(werkbaat_cli({"regress", in, "--baseline", base}) == 1);  // no baselines: new, not passing
  CHECK(werkbaat_cli({"regress", in, "--baseline", base, "--update"}) == 0);
  CHECK(werkbaat_cli({"regress", in, "--baseline", base, "--junit", junit}) == 0);  // identical
  CHECK(slurp(junit).find("failures=\"0\"") != std::string::npos);

  // Move one mean by half a standard error (noise) and another by 50 (a real change).
  const fs::path one = dir / "base" / "one" / "results.json";
  auto j = nlohmann::json::parse(slurp(one));
  auto& npv = j["comparisons"][0]["accounts"][1]["npv"];
  npv["mean"] = npv["mean"].get<double>() + 0.5 * npv["mcse"].get<double>();
  write(one, j.dump());
  CHECK(werkbaat_cli({"regress", in, "--baseline", base, "--markdown", md}) == 0);
  CHECK(slurp(md).find("| one | within noise | 0 |") != std::string::npos);
  npv["mean"] = npv["mean"].get<double>() + 50 * npv["mcse"].get<double>();
  write(one, j.dump());
  CHECK(werkbaat_cli({"regress", in, "--baseline", base, "--junit", junit, "--markdown", md}) == 1);
  CHECK(slurp(md).find("| one | changed | 1 |") != std::string::npos);
  CHECK(slurp(md).find("| one | IPS/health_insurer/npv.mean |") != std::string::npos);

  // The JUnit XML parses with a real XML parser and says the same.
  const auto xpath = [&](const std::string& expr) {
    const std::string cmd = "xmllint --xpath '" + expr + "' '" + junit + "' 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    char buf[256] = {0};
    const std::size_t n = p ? fread(buf, 1, sizeof buf - 1, p) : 0;
    if (p) pclose(p);
    std::string out(buf, n);
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
  };
  CHECK(xpath("count(//testsuite)") == "2");
  CHECK(xpath("count(//testcase[failure])") == "1");
  CHECK(xpath("string(//testcase[failure]/@name)") == "IPS/health_insurer/npv.mean");
  CHECK(xpath("string(//testsuite[@name=\"one\"]/@failures)") == "1");

  // A missing baseline is new, and fails; bad input exits 2.
  fs::remove_all(dir / "base" / "two");
  CHECK(werkbaat_cli({"regress", in, "--baseline", base, "--markdown", md}) == 1);
  CHECK(slurp(md).find("| two | new | 0 |") != std::string::npos);
  write(dir / "in" / "zbroken.yaml", "horizn: 3\n");
  CHECK(werkbaat_cli({"regress", in, "--baseline", base}) == 2);
  fs::remove_all(dir);
}
