#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>
#include <tuple>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/table_printer.h"
#include "werkbaat/io/text_escape.h"

using namespace werkbaat;
namespace fs = std::filesystem;
using test::slurp;


TEST_CASE("atomic writes replace the file and leave no temporary behind") {
  const fs::path dir = fs::temp_directory_path() / "werkbaat-atomic-test";
  fs::remove_all(dir);
  io::write_file_atomic((dir / "deep" / "x.txt").string(), "one");
  io::write_file_atomic((dir / "deep" / "x.txt").string(), "two");
  CHECK(slurp(dir / "deep" / "x.txt") == "two");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "deep")) ++files;
  CHECK(files == 1);
  fs::remove_all(dir);
}

TEST_CASE("results.json and the CSVs hold the run's numbers") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa-regio.yaml"));
  s.simulation.draws = 30;
  const auto e = analysis::evaluate(s);
  const auto& sum = e.summary;
  const auto report = io::results_doc(s, e);
  const fs::path dir = fs::temp_directory_path() / "werkbaat-writer-test";
  fs::remove_all(dir);
  io::write_results(dir.string(), report);
  const auto j = nlohmann::json::parse(slurp(dir / "results.json"));
  CHECK(j["settings"]["draws"] == 30);
  CHECK(j["settings"]["seed"] == s.simulation.seed);
  CHECK(j["werkbaat_version"] == WERKBAAT_VERSION);
  CHECK(j["scenario"]["resolved"].get<std::string>().find("parameters") != std::string::npos);
  const auto& society = j["comparisons"][0]["accounts"].back();
  CHECK(society["account"] == "society");
  CHECK(society["npv"]["mean"].get<double>() == doctest::Approx(sum.comparisons[0].accounts.back().npv.mean));
  CHECK(j["draws"]["ips"]["society"]["npv"].size() == 30);
  // Tidy CSV: a header and rows with the same number of fields.
  std::istringstream csv(slurp(dir / "summary.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "scenario,arm,comparator,account,metric,statistic,value");
  int rows = 0;
  while (std::getline(csv, line)) {
    CHECK(std::count(line.begin(), line.end(), ',') == 6);
    ++rows;
  }
  CHECK(rows > 0);
  // The table mentions every party but the outside account.
  const std::string table = io::format_table(report);
  CHECK(table.find("zorgverzekeraar") != std::string::npos);
  CHECK(table.find("society") != std::string::npos);
  CHECK(table.find("\nresources") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("money is printed in whole euros with separators") {
  CHECK(io::format_money(1234567.4) == "1,234,567");
  CHECK(io::format_money(-999.5) == "-1,000");
  CHECK(io::format_money(0) == "0");
}

TEST_CASE("CSV text fields are quoted per RFC 4180, and never start a spreadsheet formula") {
  const auto s = test::load_text(R"y(
parties: ["=HYPERLINK(\"http://x\")", p2]
states: [A, B]
start: A
horizon: 12 months
arms: {comparator: c, interventions: ["ips, met coaching"]}
population: {size: 1}
simulation: {draws: 3}
transitions: [{from: A, to: B, probability: 0.1}]
flows:
  cost: {payer: "=HYPERLINK(\"http://x\")", payee: p2, in_state: {A: 10}}
)y");
  const fs::path dir = test::fresh_dir("csv-quoting");
  io::write_results(dir.string(), io::results_doc(s, analysis::evaluate(s)));
  std::istringstream csv(slurp(dir / "summary.csv"));
  std::string line;
  std::getline(csv, line);
  std::getline(csv, line);
  CHECK(line == R"y(test,"ips, met coaching",c,resources,investment,base,0)y");
  bool seen = false;
  while (std::getline(csv, line))
    if (line.find("HYPERLINK") != std::string::npos) {
      CHECK(line.rfind(R"y(test,"ips, met coaching",c,"'=HYPERLINK(""http://x"")",)y", 0) == 0);
      seen = true;
    }
  CHECK(seen);
  CHECK(io::csv_field("-1") == "'-1");
  CHECK(io::csv_field("plain") == "plain");
  fs::remove_all(dir);
}

TEST_CASE("run --out replaces the folder whole: no file of an earlier run stays behind") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 3;
  o.overrides.mode = model::Mode::cohort;
  o.analyses = {model::Analysis::settlement};
  const fs::path dir = test::fresh_dir("replace-dir");
  const std::string out = (dir / "run").string();
  io::write_results(out, io::results_doc(s, analysis::evaluate(s, o)));
  CHECK(fs::exists(dir / "run" / "settlement.csv"));
  test::write(dir / ".run.partial-1", "left by a killed run");
  o.analyses.clear();
  io::write_results(out + "/", io::results_doc(s, analysis::evaluate(s, o)));
  CHECK(fs::exists(dir / "run" / "summary.csv"));
  CHECK_FALSE(fs::exists(dir / "run" / "settlement.csv"));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);  // no temporary or old folder beside it
  CHECK_THROWS_WITH_AS(io::write_file_atomic("/dev/null", "x"),
                       "/dev/null: is not a regular file (a device, pipe or socket); werkbaat does not replace it",
                       InputError);
  fs::remove_all(dir);
}

namespace {

// Fields of one CSV record (RFC 4180 quoting; no line breaks inside fields in these files).
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

}  // namespace

TEST_CASE("lines.csv and categories.csv add up to each party's NPV in summary.csv; budgets.csv to the budget impact") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa-regio.yaml"));
  s.simulation.draws = 20;
  const auto doc = io::results_doc(s, analysis::evaluate(s));
  const fs::path dir = fs::temp_directory_path() / ("werkbaat-lines-test-" + std::to_string(getpid()));
  fs::remove_all(dir);
  io::write_results(dir.string(), doc);
  // (arm, account) -> NPV mean, from summary.csv and summed over lines.csv and categories.csv.
  std::map<std::pair<std::string, std::string>, double> total, by_line, by_category;
  const auto read = [&](const char* file, std::size_t metric_col, auto&& take) {
    std::istringstream in(slurp(dir / file));
    std::string line;
    std::getline(in, line);
    const std::size_t columns = fields_of(line).size();
    while (std::getline(in, line)) {
      const auto f = fields_of(line);
      REQUIRE(f.size() == columns);
      take(f, metric_col);
    }
  };
  read("summary.csv", 4, [&](const auto& f, std::size_t m) {
    if (f[m] == "npv" && f[m + 1] == "mean") total[{f[1], f[3]}] = std::stod(f[m + 2]);
  });
  read("lines.csv", 6, [&](const auto& f, std::size_t m) {
    if (f[m] == "npv" && f[m + 2] == "mean") by_line[{f[1], f[3]}] += std::stod(f[m + 3]);
  });
  read("categories.csv", 5, [&](const auto& f, std::size_t m) {
    if (f[m] == "npv" && f[m + 2] == "mean") by_category[{f[1], f[3]}] += std::stod(f[m + 3]);
  });
  REQUIRE(!total.empty());
  for (const auto& entry : total) {
    const auto& key = entry.first;
    const double npv = entry.second;
    INFO(key.first, " ", key.second);
    CHECK(by_line[key] == doctest::Approx(npv).epsilon(1e-9).scale(1.0));
    CHECK(by_category[key] == doctest::Approx(npv).epsilon(1e-9).scale(1.0));
  }
  // budgets.csv: net per arm and year; the intervention's minus the comparator's is annual.csv's mean.
  std::map<std::tuple<std::string, std::string, std::string>, double> net;
  read("budgets.csv", 3, [&](const auto& f, std::size_t) {
    if (f[3] == "total") net[{f[1], f[2], f[4]}] = std::stod(f[7]);
  });
  int checked = 0;
  read("annual.csv", 5, [&](const auto& f, std::size_t) {
    if (f[5] != "mean") return;
    const double impact = net[{f[1], f[3], f[4]}] - net[{f[2], f[3], f[4]}];
    CHECK(impact == doctest::Approx(std::stod(f[6])).epsilon(1e-9).scale(1.0));
    ++checked;
  });
  CHECK(checked > 0);
  fs::remove_all(dir);
}

TEST_CASE("the terminal splits each party's result by category or by line, with its total") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa-regio.yaml"));
  s.simulation.draws = 5;
  const auto doc = io::results_doc(s, analysis::evaluate(s));
  const std::string cats = io::format_breakdown(doc, io::Breakdown::category);
  CHECK(cats.find("ips vs regulier, by category") != std::string::npos);
  CHECK(cats.find("  Benefits ") != std::string::npos);
  CHECK(cats.find("  Trajectory and coaching ") != std::string::npos);
  const std::string lines = io::format_breakdown(doc, io::Breakdown::line);
  CHECK(lines.find("  bijstand_vanaf_27 (Benefits) ") != std::string::npos);
  CHECK(lines.find("  total ") != std::string::npos);
}
