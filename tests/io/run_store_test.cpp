#include "werkbaat/io/run_store.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/model/error.h"

using namespace werkbaat;
namespace fs = std::filesystem;

namespace {

const io::ResultsDoc& small_run() {
  static const io::ResultsDoc doc = [] {
    auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
    s.simulation.mode = model::Mode::cohort;
    s.simulation.draws = 12;
    return io::results_doc(s, analysis::evaluate(s));
  }();
  return doc;
}

// One value of the store, as text ("" for none).
std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void execute(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

std::string error_of(const std::string& path) {
  return test::input_error([&] { io::RunStore store(path); });
}

}  // namespace

TEST_CASE("a stored run reads back whole: its document, its provenance and its tidy tables") {
  const fs::path dir = test::fresh_dir("store-test");
  const std::string path = (dir / "runs.sqlite").string();
  const io::ResultsDoc& doc = small_run();
  io::RunStore store(path);
  const std::int64_t id = store.save(doc, "k1", "2026-12-02T10:00:00Z", "2026-12-02T10:00:05Z");
  CHECK(id == 1);
  CHECK(store.results_json(id) == io::to_json_text(doc, true));
  CHECK(io::to_json_text(store.results(id), true) == io::to_json_text(doc, true));
  const io::StoredRun r = store.run(id);
  CHECK(r.key == "k1");
  CHECK(r.scenario == doc.scenario.name);
  CHECK(r.mode == "cohort");
  CHECK(r.draws == 12);
  CHECK(r.seed == doc.settings.seed);
  CHECK(r.started == "2026-12-02T10:00:00Z");
  CHECK(r.version == WERKBAAT_VERSION);
  // Every tidy table: as many rows as its CSV, numbers as numbers (NA as NULL).
  for (const auto& t : io::tidy_tables(doc)) {
    CAPTURE(t.name);
    const auto lines = std::count(t.csv.begin(), t.csv.end(), '\n') - 1;
    CHECK(query(path, "SELECT count(*) FROM \"" + t.name + "\" WHERE run_id = 1") == std::to_string(lines));
  }
  CHECK(query(path, "SELECT typeof(value) FROM summary LIMIT 1") == "real");
  CHECK(query(path, "SELECT typeof(draw) FROM draws LIMIT 1") == "integer");
  // The society's mean NPV in the table is the document's, to the bit.
  const auto& society = doc.comparisons[0].accounts.back();
  CHECK(std::stod(query(path, "SELECT printf('%.17g', value) FROM summary WHERE account = 'society' AND metric = 'npv' "
                              "AND statistic = 'mean' AND arm = '" + doc.comparisons[0].arm + "'")) ==
        society.npv.mean);
  // Found by key, and by scenario; a second run of the same key is the newer one.
  CHECK(store.find("k1") == id);
  CHECK(!store.find("k2"));
  const std::int64_t again = store.save(doc, "k1", "x", "y");
  CHECK(store.find("k1") == again);
  CHECK(store.latest(doc.scenario.name, "") == again);
  CHECK(store.list().size() == 2);
  CHECK_THROWS_WITH_AS(store.run(99), doctest::Contains("the run store has no run 99"), InputError);
  fs::remove_all(dir);
}

TEST_CASE("a run that cannot be stored whole is not stored at all") {
  const fs::path dir = test::fresh_dir("store-rollback-test");
  const std::string path = (dir / "runs.sqlite").string();
  {
    io::RunStore store(path);
    store.save(small_run(), "first", "a", "b");
  }
  // A trigger makes the last table's insert fail, after runs, documents and most tables.
  execute(path, "CREATE TRIGGER refuse BEFORE INSERT ON budgets BEGIN SELECT RAISE(ABORT, 'refused'); END");
  io::RunStore store(path);
  CHECK_THROWS(store.save(small_run(), "second", "a", "b"));
  CHECK(store.list().size() == 1);
  CHECK(query(path, "SELECT count(*) FROM documents") == "1");
  CHECK(query(path, "SELECT count(DISTINCT run_id) FROM summary") == "1");
  CHECK(!store.find("second"));
  fs::remove_all(dir);
}

TEST_CASE("a store of the first schema version is migrated to this one, its runs kept") {
  const fs::path dir = test::fresh_dir("store-migrate-test");
  const std::string path = (dir / "runs.sqlite").string();
  std::int64_t id = 0;
  { id = io::RunStore(path).save(small_run(), "k", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"); }
  // Version 1 is version 2 without the calibration tables.
  execute(path, "DROP TABLE calibration_documents; DROP TABLE calibrations; UPDATE werkbaat_schema SET version = 1");
  REQUIRE(query(path, "SELECT count(*) FROM sqlite_master WHERE name = 'calibrations'") == "0");
  {
    io::RunStore store(path);
    CHECK(store.run(id).key == "k");
    CHECK(store.results_json(id) == io::to_json_text(small_run(), true));
  }
  CHECK(query(path, "SELECT version FROM werkbaat_schema") == "2");
  CHECK(query(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('calibrations', 'calibration_documents')") == "2");
  fs::remove_all(dir);
}

TEST_CASE("a store is a werkbaat store of a version this werkbaat reads, or it is refused with why") {
  const fs::path dir = test::fresh_dir("store-schema-test");
  const std::string path = (dir / "runs.sqlite").string();
  { io::RunStore store(path); }
  CHECK(query(path, "SELECT version FROM werkbaat_schema") == "2");
  CHECK(query(path, "PRAGMA journal_mode") == "wal");
  CHECK(error_of(path).empty());  // opened again as it is
  execute(path, "UPDATE werkbaat_schema SET version = 7");
  CHECK(error_of(path) == path + ": --store: this run store has schema version 7, from a newer werkbaat; this one reads up to 2");
  // Other SQLite files, other files and folders.
  const std::string other = (dir / "other.sqlite").string();
  execute(other, "CREATE TABLE patients (name TEXT)");
  CHECK(error_of(other) == other + ": --store: this SQLite file has tables of its own: it is not a werkbaat run store");
  const std::string text = (dir / "notes.txt").string();
  test::write(text, "not a database, but long enough to be read as one's header........................\n");
  CHECK(error_of(text) == text + ": --store: this file is not a SQLite database, so not a werkbaat run store");
  CHECK(error_of(dir.string()) == dir.string() + ": --store: a run store is a file; this path is not a regular file");
  fs::remove_all(dir);
}

// Found by CI: two MPI ranks opening a new store at the same moment. Switching a new file to WAL
// upgrades a read lock to a write lock, and SQLite answers "database is locked" at once, without
// the busy timeout, to the one that comes second.
TEST_CASE("processes that open one new store at the same moment all open it") {
  const fs::path dir = fs::temp_directory_path() / "werkbaat_store_race";
  fs::remove_all(dir);
  fs::create_directories(dir);
  constexpr int kOpeners = 4;
  std::atomic<int> failed{0};
  std::string why;
  for (int round = 0; round < 40; ++round) {
    const std::string path = (dir / ("s" + std::to_string(round) + ".sqlite")).string();
    std::barrier start(kOpeners);
    std::vector<std::thread> openers;
    for (int i = 0; i < kOpeners; ++i)
      openers.emplace_back([&] {
        start.arrive_and_wait();
        try {
          io::RunStore store(path);
        } catch (const std::exception& e) {
          if (failed++ == 0) why = e.what();
        }
      });
    for (auto& t : openers) t.join();
  }
  fs::remove_all(dir);
  INFO(why);
  CHECK(failed == 0);
}

TEST_CASE("STORE:ID names a stored run only where STORE is a file and ID a number") {
  const fs::path dir = test::fresh_dir("store-ref-test");
  const std::string path = (dir / "runs.sqlite").string();
  { io::RunStore store(path); }
  const auto ref = io::parse_store_ref(path + ":12");
  REQUIRE(ref);
  CHECK(ref->file == path);
  CHECK(ref->id == 12);
  CHECK(!io::parse_store_ref(path + ":x"));
  CHECK(!io::parse_store_ref(path + ":"));
  CHECK(!io::parse_store_ref((dir / "missing.sqlite").string() + ":1"));
  CHECK(!io::parse_store_ref("results.json"));
  fs::remove_all(dir);
}
