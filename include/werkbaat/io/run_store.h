#pragma once
// A run store: every run's inputs, provenance and results in one SQLite file that R (RSQLite),
// pandas (read_sql) and any SQL tool read as it is. The schema is documented in
// docs/run-store.md: a `runs` table (one row per run), the resolved scenario and results.json
// of each run (`documents`), and the tidy tables of csv_tables.h, each a table of its own name
// with the run's id in front of the CSV's columns. A run is stored in one transaction: a process
// killed at any moment leaves the run whole or absent. Several processes may write one store at
// once (WAL mode, waiting for one another's writes), and several threads may share one RunStore.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/results_doc.h"
#include "werkbaat/model/source_ref.h"

struct sqlite3;

namespace werkbaat::io {

// One stored run, as the `runs` table holds it.
struct StoredRun {
  std::int64_t id = 0;
  std::string key;  // of the resolved scenario, werkbaat's version and the settings: equal keys, equal results
  std::string scenario, variant, files;  // files: the scenario file first, then the files it uses, one per line
  std::string version, mode, host, started, finished;  // times in UTC, ISO 8601
  std::uint64_t seed = 0;
  int draws = 0, clients = 0;
  std::string analyses;  // the analyses that ran, comma-separated
};

// One stored calibration, as the `calibrations` table holds it.
struct StoredCalibration {
  std::string scenario, files, targets_file, version, method, started, finished;
  std::uint64_t seed = 0;
  int chains = 0, warmup = 0, samples = 0;
  bool converged = false;
  long model_runs = 0;
};

class RunStore {
 public:
  static constexpr int kSchemaVersion = 2;

  // Opens the store at `path`, creating it (and its folder) when missing. InputError when the
  // file is not a werkbaat store, or one written by a newer werkbaat.
  explicit RunStore(const std::string& path);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  // Stores a run (REQUIRES: doc.has_draws()) under `key`; returns its id. `started` and
  // `finished` as ISO 8601 UTC.
  std::int64_t save(const ResultsDoc& doc, const std::string& key, const std::string& started,
                    const std::string& finished);

  // Stores a calibration with its resolved scenario, targets file, fit.json and tables (each a
  // table of its name with calibration_id in front); returns its id.
  std::int64_t save_calibration(const StoredCalibration& c, const std::string& resolved, const std::string& targets,
                                const std::string& fit_json, const std::vector<Table>& tables);

  // The newest run stored under `key`.
  std::optional<std::int64_t> find(const std::string& key) const;
  // The newest run of a scenario (by its name) and variant.
  std::optional<std::int64_t> latest(const std::string& scenario, const std::string& variant) const;
  std::vector<StoredRun> list() const;
  StoredRun run(std::int64_t id) const;         // InputError when the store has no such run
  ResultsDoc results(std::int64_t id) const;    // read back from the stored results.json
  std::string results_json(std::int64_t id) const;
  const std::string& path() const { return path_; }

 private:
  void open_schema(const model::SourceRef& at);

  std::string path_;
  sqlite3* db_ = nullptr;
  mutable std::mutex mutex_;  // one transaction at a time on the connection
};

// Now in UTC, ISO 8601 (2026-12-02T10:00:05Z): how a stored run's start and end are written.
std::string utc_now();

// "FILE:ID" names run ID of the store FILE (when FILE is a file and ID a number).
struct StoreRef {
  std::string file;
  std::int64_t id = 0;
};
std::optional<StoreRef> parse_store_ref(const std::string& text);

// Where --store without a path puts the store: $WERKBAAT_STORE, else
// $XDG_DATA_HOME/werkbaat/runs.sqlite, else ~/.local/share/werkbaat/runs.sqlite.
std::string default_store_path();

}  // namespace werkbaat::io
