#include "werkbaat/io/run_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/names.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;

// How long a write waits for another process's write to the store.
constexpr std::chrono::milliseconds kBusyTimeout{60'000};

// The schema of each version, and the steps from one version to the next (migrations[v - 1]
// takes a store of version v to v + 1). Version 1 is the first: there is nothing to migrate yet,
// but a store is always brought to kSchemaVersion the same way.
const char* kSchemaV1 = R"(
CREATE TABLE werkbaat_schema (version INTEGER NOT NULL);
INSERT INTO werkbaat_schema VALUES (1);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  scenario TEXT NOT NULL,
  variant TEXT NOT NULL,
  files TEXT NOT NULL,
  version TEXT NOT NULL,
  mode TEXT NOT NULL,
  seed INTEGER NOT NULL,
  draws INTEGER NOT NULL,
  clients INTEGER NOT NULL,
  analyses TEXT NOT NULL,
  host TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT NOT NULL
);
CREATE INDEX runs_by_key ON runs (key);
CREATE INDEX runs_by_scenario ON runs (scenario, variant);
CREATE TABLE documents (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  resolved TEXT NOT NULL,
  results_json TEXT NOT NULL
);
)";
// Version 2: calibrations (werkbaat calibrate --store), their parameters, targets and posterior
// draws.
const char* kToV2 = R"(
CREATE TABLE calibrations (
  id INTEGER PRIMARY KEY,
  scenario TEXT NOT NULL,
  files TEXT NOT NULL,
  targets_file TEXT NOT NULL,
  version TEXT NOT NULL,
  method TEXT NOT NULL,
  seed INTEGER NOT NULL,
  chains INTEGER NOT NULL,
  warmup INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  converged INTEGER NOT NULL,
  model_runs INTEGER NOT NULL,
  host TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT NOT NULL
);
CREATE TABLE calibration_documents (
  calibration_id INTEGER PRIMARY KEY REFERENCES calibrations (id) ON DELETE CASCADE,
  resolved TEXT NOT NULL,
  targets TEXT NOT NULL,
  fit_json TEXT NOT NULL
);
)";
const std::vector<const char*> kMigrations = {kToV2};
static_assert(RunStore::kSchemaVersion == 2, "a new schema version needs its migration in kMigrations");

// A prepared statement, finalized when it goes.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK)
      throw std::runtime_error("run store: " + std::string(sqlite3_errmsg(db)) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void text(int i, const std::string& v) { check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT)); }
  void integer(int i, std::int64_t v) { check(sqlite3_bind_int64(s_, i, v)); }
  void real(int i, double v) { check(sqlite3_bind_double(s_, i, v)); }
  void null(int i) { check(sqlite3_bind_null(s_, i)); }
  // One step: true while there is a row to read.
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error("run store: " + std::string(sqlite3_errmsg(db_)));
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string column_text(int i) const {
    const auto* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, i))) : "";
  }
  std::int64_t column_integer(int i) const { return sqlite3_column_int64(s_, i); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw std::runtime_error("run store: " + std::string(sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string why = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw std::runtime_error("run store: " + why);
  }
}

// BEGIN IMMEDIATE (the write lock at once, so two writers wait rather than deadlock) ... COMMIT;
// rolled back when left by an exception.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { exec(db, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return x;
}

// A tidy table into the table of its name: created with the CSV's columns (and run_id in front)
// the first time, widened by a column a later werkbaat adds. A column whose cells are all numbers
// (or NA, stored as NULL) holds numbers; whole numbers as integers.
// `owner`: the table the rows belong to (runs, or calibrations), keyed by its id in `id_column`.
void store_table(sqlite3* db, std::int64_t run, const Table& t, const std::string& owner = "runs",
                 const std::string& id_column = "run_id") {
  const auto rows = csv_rows(t.csv);
  if (rows.empty()) return;
  const auto& header = rows[0];
  std::string columns;
  for (const auto& c : header) columns += ", " + quoted(c);
  exec(db, fmt::format("CREATE TABLE IF NOT EXISTS {} ({} INTEGER NOT NULL REFERENCES {} (id) ON DELETE CASCADE{})",
                       quoted(t.name), id_column, owner, columns));
  exec(db, fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})", quoted(t.name + "_by_" + id_column), quoted(t.name),
                       id_column));
  std::set<std::string> have;
  {
    Statement info(db, "SELECT name FROM pragma_table_info(?)");
    info.text(1, t.name);
    while (info.step()) have.insert(info.column_text(0));
  }
  for (const auto& c : header)
    if (!have.count(c)) exec(db, fmt::format("ALTER TABLE {} ADD COLUMN {}", quoted(t.name), quoted(c)));
  std::vector<bool> numeric(header.size(), true);
  for (std::size_t r = 1; r < rows.size(); ++r)
    for (std::size_t c = 0; c < header.size() && c < rows[r].size(); ++c)
      if (rows[r][c] != "NA" && !number(rows[r][c])) numeric[c] = false;
  std::string marks;
  for (std::size_t c = 0; c < header.size(); ++c) marks += ", ?";
  Statement insert(db, fmt::format("INSERT INTO {} ({}{}) VALUES (?{})", quoted(t.name), id_column, columns, marks));
  for (std::size_t r = 1; r < rows.size(); ++r) {
    insert.integer(1, run);
    for (std::size_t c = 0; c < header.size(); ++c) {
      const int at = static_cast<int>(c) + 2;
      if (c >= rows[r].size() || (numeric[c] && rows[r][c] == "NA")) {
        insert.null(at);
      } else if (numeric[c]) {
        const double x = *number(rows[r][c]);
        if (x == static_cast<double>(static_cast<std::int64_t>(x)) && std::abs(x) < 9e15)
          insert.integer(at, static_cast<std::int64_t>(x));
        else
          insert.real(at, x);
      } else {
        insert.text(at, rows[r][c]);
      }
    }
    insert.step();
    insert.reset();
  }
}

std::string hostname() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("unknown");
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

RunStore::RunStore(const std::string& path) : path_(path) {
  const model::SourceRef at{path, 0, 0};
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    throw InputError(at, "--store", "a run store is a file; this path is not a regular file");
  if (const fs::path dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw InputError(at, "--store", "cannot open the run store: " + why);
  }
  sqlite3_busy_timeout(db_, static_cast<int>(kBusyTimeout.count()));  // another process's write
  try {
    open_schema(at);
  } catch (...) {  // the destructor does not run for a constructor that throws
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

// The store's schema checked, created or brought up to date, in one transaction.
void RunStore::open_schema(const model::SourceRef& at) {
  try {
    Statement probe(db_, "SELECT count(*) FROM sqlite_master");
    probe.step();
  } catch (const std::runtime_error&) {
    throw InputError(at, "--store", "this file is not a SQLite database, so not a werkbaat run store");
  }
  exec(db_, "PRAGMA foreign_keys = ON");
  // Switching a new file to WAL upgrades a read lock to a write lock, and SQLite answers BUSY at
  // once, without the busy timeout, to a second process doing the same (two MPI ranks opening a
  // new store): so that one waits here, for as long as the busy timeout would.
  for (const auto until = std::chrono::steady_clock::now() + kBusyTimeout;;) {
    const int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > until)
      throw std::runtime_error("run store: " + std::string(sqlite3_errmsg(db_)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  Transaction tx(db_);
  int version = 0;
  {
    Statement t(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'werkbaat_schema'");
    t.step();
    if (t.column_integer(0) > 0) {
      Statement v(db_, "SELECT max(version) FROM werkbaat_schema");
      v.step();
      version = static_cast<int>(v.column_integer(0));
    } else {
      Statement any(db_, "SELECT count(*) FROM sqlite_master");
      any.step();
      if (any.column_integer(0) > 0)
        throw InputError(at, "--store", "this SQLite file has tables of its own: it is not a werkbaat run store");
    }
  }
  if (version > kSchemaVersion)
    throw InputError(at, "--store", fmt::format("this run store has schema version {}, from a newer werkbaat; this one reads up to {}",
                                                version, kSchemaVersion));
  if (version == 0) {
    exec(db_, kSchemaV1);
    version = 1;
  }
  for (; version < kSchemaVersion; ++version) {
    exec(db_, kMigrations[static_cast<std::size_t>(version - 1)]);
    exec(db_, fmt::format("UPDATE werkbaat_schema SET version = {}", version + 1));
  }
  tx.commit();
}

RunStore::~RunStore() { sqlite3_close(db_); }

std::int64_t RunStore::save(const ResultsDoc& doc, const std::string& key, const std::string& started,
                            const std::string& finished) {
  const std::vector<Table> tables = tidy_tables(doc);
  const std::string json = to_json_text(doc, true);
  std::vector<std::string> analyses;
  if (doc.analyses) {
    if (doc.analyses->settlement) analyses.push_back("settlement");
    if (doc.analyses->tornado) analyses.push_back("tornado");
    if (doc.analyses->breakeven) analyses.push_back("breakeven");
    if (doc.analyses->voi) analyses.push_back("voi");
  }
  const std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement run(db_,
                "INSERT INTO runs (key, scenario, variant, files, version, mode, seed, draws, clients, analyses, host, "
                "started, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  run.text(1, key);
  run.text(2, doc.scenario.name);
  run.text(3, doc.scenario.variant);
  run.text(4, joined(doc.scenario.files, "\n"));
  run.text(5, doc.werkbaat_version);
  run.text(6, std::string(model::name_of(doc.settings.mode)));
  if (doc.settings.seed <= static_cast<std::uint64_t>(INT64_MAX)) run.integer(7, static_cast<std::int64_t>(doc.settings.seed));
  else run.text(7, std::to_string(doc.settings.seed));
  run.integer(8, doc.settings.draws);
  run.integer(9, doc.settings.clients);
  run.text(10, joined(analyses, ","));
  run.text(11, hostname());
  run.text(12, started);
  run.text(13, finished);
  run.step();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Statement document(db_, "INSERT INTO documents (run_id, resolved, results_json) VALUES (?, ?, ?)");
  document.integer(1, id);
  document.text(2, doc.scenario.resolved.value_or(""));
  document.text(3, json);
  document.step();
  for (const auto& t : tables) store_table(db_, id, t);
  tx.commit();
  return id;
}

std::int64_t RunStore::save_calibration(const StoredCalibration& c, const std::string& resolved, const std::string& targets,
                                        const std::string& fit_json, const std::vector<Table>& tables) {
  const std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement row(db_,
                "INSERT INTO calibrations (scenario, files, targets_file, version, method, seed, chains, warmup, samples, "
                "converged, model_runs, host, started, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  row.text(1, c.scenario);
  row.text(2, c.files);
  row.text(3, c.targets_file);
  row.text(4, c.version);
  row.text(5, c.method);
  if (c.seed <= static_cast<std::uint64_t>(INT64_MAX)) row.integer(6, static_cast<std::int64_t>(c.seed));
  else row.text(6, std::to_string(c.seed));
  row.integer(7, c.chains);
  row.integer(8, c.warmup);
  row.integer(9, c.samples);
  row.integer(10, c.converged);
  row.integer(11, c.model_runs);
  row.text(12, hostname());
  row.text(13, c.started);
  row.text(14, c.finished);
  row.step();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Statement document(db_, "INSERT INTO calibration_documents (calibration_id, resolved, targets, fit_json) VALUES (?, ?, ?, ?)");
  document.integer(1, id);
  document.text(2, resolved);
  document.text(3, targets);
  document.text(4, fit_json);
  document.step();
  for (const auto& t : tables) store_table(db_, id, t, "calibrations", "calibration_id");
  tx.commit();
  return id;
}

std::optional<std::int64_t> RunStore::find(const std::string& key) const {
  const std::lock_guard lock(mutex_);
  Statement q(db_, "SELECT id FROM runs WHERE key = ? ORDER BY id DESC LIMIT 1");
  q.text(1, key);
  if (!q.step()) return std::nullopt;
  return q.column_integer(0);
}

std::optional<std::int64_t> RunStore::latest(const std::string& scenario, const std::string& variant) const {
  const std::lock_guard lock(mutex_);
  Statement q(db_, "SELECT id FROM runs WHERE scenario = ? AND variant = ? ORDER BY id DESC LIMIT 1");
  q.text(1, scenario);
  q.text(2, variant);
  if (!q.step()) return std::nullopt;
  return q.column_integer(0);
}

namespace {
const char* kRunColumns =
    "id, key, scenario, variant, files, version, mode, seed, draws, clients, analyses, host, started, finished";

StoredRun read_run(const Statement& q) {
  StoredRun r;
  r.id = q.column_integer(0);
  r.key = q.column_text(1);
  r.scenario = q.column_text(2);
  r.variant = q.column_text(3);
  r.files = q.column_text(4);
  r.version = q.column_text(5);
  r.mode = q.column_text(6);
  r.seed = std::strtoull(q.column_text(7).c_str(), nullptr, 10);
  r.draws = static_cast<int>(q.column_integer(8));
  r.clients = static_cast<int>(q.column_integer(9));
  r.analyses = q.column_text(10);
  r.host = q.column_text(11);
  r.started = q.column_text(12);
  r.finished = q.column_text(13);
  return r;
}
}  // namespace

std::vector<StoredRun> RunStore::list() const {
  const std::lock_guard lock(mutex_);
  Statement q(db_, fmt::format("SELECT {} FROM runs ORDER BY id", kRunColumns));
  std::vector<StoredRun> out;
  while (q.step()) out.push_back(read_run(q));
  return out;
}

StoredRun RunStore::run(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  Statement q(db_, fmt::format("SELECT {} FROM runs WHERE id = ?", kRunColumns));
  q.integer(1, id);
  if (!q.step()) throw InputError({path_, 0, 0}, "", fmt::format("the run store has no run {}", id));
  return read_run(q);
}

std::string RunStore::results_json(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  Statement q(db_, "SELECT results_json FROM documents WHERE run_id = ?");
  q.integer(1, id);
  if (!q.step()) throw InputError({path_, 0, 0}, "", fmt::format("the run store has no run {}", id));
  return q.column_text(0);
}

ResultsDoc RunStore::results(std::int64_t id) const {
  return read_results_json(results_json(id), fmt::format("{}:{}", path_, id));
}

std::optional<StoreRef> parse_store_ref(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  const std::string file = text.substr(0, colon), id = text.substr(colon + 1);
  if (id.find_first_not_of("0123456789") != std::string::npos || id.size() > 18) return std::nullopt;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return StoreRef{file, std::stoll(id)};
}

std::string utc_now() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr))); }

std::string default_store_path() {
  if (const char* p = std::getenv("WERKBAAT_STORE"); p && *p) return p;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return (fs::path(x) / "werkbaat" / "runs.sqlite").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".local" / "share" / "werkbaat" / "runs.sqlite").string();
  return "runs.sqlite";
}

}  // namespace werkbaat::io
