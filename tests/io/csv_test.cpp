#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
horizon: 12
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
