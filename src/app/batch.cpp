#include "werkbaat/app/batch.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/csv_tables.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/text_escape.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::app {
namespace {

namespace fs = std::filesystem;

const char* kMarker = ".complete";
const char* kCombined[] = {"summary.csv", "annual.csv", "effects.csv"};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The marker of a complete run: its content hash, then every file of the folder with the hash of
// its bytes, so that resume notices a file deleted or changed since.
std::string manifest(const fs::path& dir, const std::string& hash) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != kMarker) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out = hash + "\n";
  for (const auto& n : names) out += fmt::format("{:016x} {}\n", model::fnv1a(read_text(dir / n)), n);
  return out;
}

// Whether the folder holds a complete run of these inputs, every file as it was written.
bool complete(const fs::path& dir, const std::string& hash) {
  if (!fs::exists(dir / kMarker)) return false;
  const std::string marker = read_text(dir / kMarker);
  return marker.rfind(hash + "\n", 0) == 0 && marker == manifest(dir, hash);
}

// Folder names: letters, digits and . _ = - kept; everything else becomes _.
std::string safe_name(const std::string& s) {
  std::string out;
  for (const char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '=' || c == '-') ? c : '_';
  return out;
}

BatchOutcome run_one(const BatchJob& job, const BatchOptions& o, int threads, io::RunStore* store) {
  BatchOutcome r{job, BatchOutcome::Status::ran, "", 0};
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const model::Scenario s = io::load_scenario(job.file, job.variant);
    if (o.check) o.check(s);
    analysis::EvaluateOptions eo;
    eo.overrides = o.overrides;
    if (o.stop)
      eo.progress = [&o](int, int) {
        if (o.stop()) throw Interrupted();
      };
    if (!eo.overrides.threads) eo.overrides.threads = threads;
    const std::string hash = content_hash(s, eo.overrides.applied_to(s.simulation));
    const fs::path dir = fs::path(o.out) / job.run;
    if (o.resume && complete(dir, hash)) {
      r.status = BatchOutcome::Status::skipped;
      return r;
    }
    fs::remove(dir / kMarker);
    const std::optional<std::int64_t> stored = store && o.reuse ? store->find(hash) : std::nullopt;
    if (stored) {
      io::write_results(dir.string(), store->results(*stored));
      r.status = BatchOutcome::Status::skipped;
    } else {
      const std::string started = io::utc_now();
      const io::ResultsDoc doc = io::results_doc(s, analysis::evaluate(s, eo), hash);
      io::write_results(dir.string(), doc);
      if (store) store->save(doc, hash, started, io::utc_now());
    }
    io::write_file_atomic((dir / kMarker).string(), manifest(dir, hash));
  } catch (const Interrupted&) {
    r.status = BatchOutcome::Status::failed;
    r.error = "interrupted";
  } catch (const std::exception& e) {
    r.status = BatchOutcome::Status::failed;
    r.error = e.what();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

// Combined CSVs: every finished run's rows, with the run's name, file and variant in front.
void write_combined(const std::vector<BatchOutcome>& outcomes, const BatchOptions& o) {
  for (const char* name : kCombined) {
    std::string out;
    for (const auto& oc : outcomes) {
      if (oc.status == BatchOutcome::Status::failed) continue;
      std::istringstream in(read_text(fs::path(o.out) / oc.job.run / name));
      std::string line;
      if (!std::getline(in, line)) continue;
      if (out.empty()) out = "run,file,variant," + line + "\n";
      const std::string prefix = fmt::format("{},{},{},", io::csv_field(oc.job.run), io::csv_field(oc.job.file),
                                             io::csv_field(oc.job.variant));
      while (std::getline(in, line)) out += prefix + line + "\n";
    }
    if (!out.empty()) io::write_file_atomic((fs::path(o.out) / name).string(), out);
  }
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& oc : outcomes) {
    const char* status = oc.status == BatchOutcome::Status::ran ? "ran"
                         : oc.status == BatchOutcome::Status::skipped ? "skipped" : "failed";
    runs.push_back({{"run", oc.job.run}, {"file", oc.job.file}, {"variant", oc.job.variant}, {"status", status},
                    {"error", oc.error}});
  }
  io::write_file_atomic((fs::path(o.out) / "batch.json").string(),
                    nlohmann::json{{"werkbaat_version", WERKBAAT_VERSION}, {"runs", runs}}.dump(1) + "\n");
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    if (fs::is_directory(in)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(in))
        if (e.is_regular_file() && e.path().extension() == ".yaml") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(in)) {
      files.push_back(in);
    } else if (in.find_first_of("*?[") != std::string::npos) {
      glob_t g{};
      if (::glob(in.c_str(), 0, nullptr, &g) == 0)
        for (std::size_t i = 0; i < g.gl_pathc; ++i) files.emplace_back(g.gl_pathv[i]);
      ::globfree(&g);
      if (files.empty()) throw InputError({in, 0, 0}, "", "no file matches this pattern");
    } else {
      throw InputError({in, 0, 0}, "", "no such file or folder");
    }
  }
  return files;
}

std::vector<BatchJob> plan_batch(const std::vector<std::string>& files) {
  std::vector<BatchJob> jobs;
  std::vector<std::string> taken;
  const auto unique = [&](std::string name) {
    std::string n = name;
    for (int k = 2; std::find(taken.begin(), taken.end(), n) != taken.end(); ++k) n = name + "-" + std::to_string(k);
    taken.push_back(n);
    return n;
  };
  for (const auto& f : files) {
    const std::string stem = safe_name(fs::path(f).stem().string());
    std::vector<std::string> variants;
    try {
      variants = io::sweep_variants(f);
    } catch (const std::exception&) {
      // Reported when the job runs.
    }
    if (variants.empty()) jobs.push_back({f, "", unique(stem)});
    for (const auto& v : variants) jobs.push_back({f, v, unique(stem + "__" + safe_name(v))});
  }
  return jobs;
}

std::string content_hash(const model::Scenario& s, const model::SimulationSettings& st) {
  const std::string key = fmt::format("{}\n{}\n{}\nmode={} draws={} clients={} seed={} base={}", WERKBAAT_VERSION,
                                      s.variant, s.resolved, static_cast<int>(st.mode), st.draws, st.clients, st.seed,
                                      st.base_case);
  return fmt::format("{:016x}", model::fnv1a(key));
}

std::vector<BatchOutcome> run_batch(const std::vector<BatchJob>& jobs, const BatchOptions& o,
                                    const BatchProgress& progress) {
  std::vector<BatchOutcome> outcomes;  // a job that never starts (the batch was stopped) stays failed
  for (const auto& job : jobs) outcomes.push_back({job, BatchOutcome::Status::failed, "not run: the batch was stopped", 0});
  std::vector<std::size_t> mine;  // this process's jobs
  for (std::size_t i = static_cast<std::size_t>(o.rank); i < jobs.size(); i += static_cast<std::size_t>(o.ranks))
    mine.push_back(i);
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (static_cast<int>(i % static_cast<std::size_t>(o.ranks)) != o.rank) outcomes[i].error = "not run here";
  const int workers = std::max(1, std::min<int>(o.jobs, static_cast<int>(mine.size())));
  const int hw = std::max(1u, std::thread::hardware_concurrency());
  const int threads = std::max(1, hw / workers);
  const std::unique_ptr<io::RunStore> store = o.store.empty() ? nullptr : std::make_unique<io::RunStore>(o.store);
  std::atomic<std::size_t> next{0};
  std::mutex report;
  int done = 0;
  const auto work = [&] {
    for (std::size_t n; !(o.stop && o.stop()) && (n = next++) < mine.size();) {
      const std::size_t i = mine[n];
      if (progress) {
        const std::lock_guard<std::mutex> lock(report);
        progress(BatchOutcome{jobs[i], BatchOutcome::Status::ran, "", 0}, false, done,
                 static_cast<int>(mine.size()));
      }
      outcomes[i] = run_one(jobs[i], o, threads, store.get());
      const std::lock_guard<std::mutex> lock(report);
      ++done;
      if (progress) progress(outcomes[i], true, done, static_cast<int>(mine.size()));
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (!o.combine) return outcomes;  // the caller puts the processes' outcomes together, and stops
  write_combined(outcomes, o);
  if (o.stop && o.stop()) throw Interrupted();
  return outcomes;
}

}  // namespace werkbaat::app
