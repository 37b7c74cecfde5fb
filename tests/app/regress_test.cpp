// regress as CI calls it: verdicts against constructed baselines, JUnit XML, Markdown, exit codes.
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
#include "werkbaat/analysis/evaluate.h"

using namespace werkbaat;
namespace fs = std::filesystem;
using test::bench_copy, test::fresh_dir, test::slurp, test::werkbaat_cli, test::write;


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
  CHECK(slurp(md).find("| two | new | - | - |") != std::string::npos);
  write(dir / "in" / "zbroken.yaml", "horizn: 3\n");
  CHECK(werkbaat_cli({"regress", in, "--baseline", base}) == 2);
  fs::remove_all(dir);
}

TEST_CASE("an unchanged model is flagged in few runs: independent seeds compared with the run's band" *
          doctest::test_suite("slow")) {
  // Regression runs of the same model with two different seeds are two unchanged runs; with a
  // 1% false-alarm rate, about 1 in 100 such pairs may be flagged.
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.mode = model::Mode::cohort;
  o.overrides.draws = 40;
  int flagged = 0;
  std::vector<analysis::MetricValue> previous;
  for (std::uint64_t seed = 1; seed <= 101; ++seed) {
    o.overrides.seed = seed;
    auto now = io::regression_metrics(io::results_doc(s, analysis::evaluate(s, o)));
    for (auto& x : now)  // the base case does not depend on the seed
      if (x.mcse == 0) x.value = 0;
    if (!previous.empty()) flagged += analysis::worst(analysis::compare_metrics(previous, now, {})) == analysis::Verdict::changed;
    previous = std::move(now);
  }
  MESSAGE("unchanged runs flagged: " << flagged << " of 100");
  CHECK(flagged <= 5);
}

TEST_CASE("regress: money moved between two lines of one party is a change, though the party's totals stay") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.mode = model::Mode::cohort;
  o.overrides.draws = 4;
  const io::ResultsDoc doc = io::results_doc(s, analysis::evaluate(s, o));
  io::ResultsDoc moved = doc;
  auto& lines = moved.comparisons.at(0).accounts.at(0).lines;
  REQUIRE(lines.size() >= 2);
  REQUIRE(lines[0].npv.mean != lines[1].npv.mean);
  std::swap(lines[0].npv, lines[1].npv);  // the account's own npv, investment and return are untouched
  const auto c = analysis::compare_metrics(io::regression_metrics(doc), io::regression_metrics(moved), {});
  CHECK(analysis::worst(c) == analysis::Verdict::changed);
  int changed = 0;
  for (const auto& m : c) {
    if (m.verdict != analysis::Verdict::changed) continue;
    ++changed;
    CHECK(m.key.find("/line/") != std::string::npos);
  }
  CHECK(changed >= 2);
  CHECK(analysis::worst(analysis::compare_metrics(io::regression_metrics(doc), io::regression_metrics(doc), {})) ==
        analysis::Verdict::identical);
}
