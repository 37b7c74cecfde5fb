#include "werkbaat/io/batch_runner.h"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "werkbaat/analysis/summary.h"
#include "werkbaat/engine/rng.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/load_error.h"
#include "werkbaat/io/results_writer.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/io/text_escape.h"

namespace werkbaat::io {
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

// Folder names: letters, digits and . _ = - kept; everything else becomes _.
std::string safe_name(const std::string& s) {
  std::string out;
  for (const char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '=' || c == '-') ? c : '_';
  return out;
}

BatchOutcome run_one(const BatchJob& job, const BatchOptions& o, int threads) {
  BatchOutcome r{job, BatchOutcome::Status::ran, "", 0};
  const auto t0 = std::chrono::steady_clock::now();
  try {
    model::Scenario s = load_scenario(job.file, job.variant);
    apply_overrides(s, o.draws, o.seed);
    const std::string hash = content_hash(s);
    const fs::path dir = fs::path(o.out) / job.run;
    if (o.resume && fs::exists(dir / kMarker) && read_text(dir / kMarker) == hash + "\n") {
      r.status = BatchOutcome::Status::skipped;
      return r;
    }
    fs::remove(dir / kMarker);
    engine::RunOptions ro;
    ro.threads = threads;
    const auto result = engine::simulate(s, ro);
    const auto summary = analysis::summarise(s, result);
    RunReport report{s, result, summary};
    report.content_hash = hash;
    write_results(dir.string(), report);
    write_file_atomic((dir / kMarker).string(), hash + "\n");
  } catch (const std::exception& e) {
    r.status = BatchOutcome::Status::failed;
    r.error = e.what();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

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
      const std::string prefix =
          fmt::format("{},{},{},", csv_field(oc.job.run), csv_field(oc.job.file), csv_field(oc.job.variant));
      while (std::getline(in, line)) out += prefix + line + "\n";
    }
    if (!out.empty()) write_file_atomic((fs::path(o.out) / name).string(), out);
  }
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& oc : outcomes) {
    const char* status = oc.status == BatchOutcome::Status::ran ? "ran"
                         : oc.status == BatchOutcome::Status::skipped ? "skipped" : "failed";
    runs.push_back({{"run", oc.job.run}, {"file", oc.job.file}, {"variant", oc.job.variant}, {"status", status},
                    {"error", oc.error}});
  }
  write_file_atomic((fs::path(o.out) / "batch.json").string(),
                    nlohmann::json{{"werkbaat_version", WERKBAAT_VERSION}, {"runs", runs}}.dump(1) + "\n");
}

}  // namespace

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
      if (files.empty()) throw std::runtime_error("no file matches " + in);
    } else {
      throw std::runtime_error("no such file or folder: " + in);
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
      variants = sweep_variants(f);
    } catch (const std::exception&) {
      // Reported when the job runs.
    }
    if (variants.empty()) jobs.push_back({f, "", unique(stem)});
    for (const auto& v : variants) jobs.push_back({f, v, unique(stem + "__" + safe_name(v))});
  }
  return jobs;
}

void apply_overrides(model::Scenario& s, int draws, long seed) {
  if (draws >= 0) s.settings.draws = draws;
  if (seed >= 0) s.settings.seed = static_cast<std::uint64_t>(seed);
}

std::string content_hash(const model::Scenario& s) {
  const auto& st = s.settings;
  const std::string key = fmt::format("{}\n{}\n{}\nmode={} draws={} clients={} seed={} base={}", WERKBAAT_VERSION,
                                      s.variant, s.resolved, static_cast<int>(st.mode), st.draws, st.clients, st.seed,
                                      st.base_case);
  return fmt::format("{:016x}", engine::path_hash(key));
}

std::vector<BatchOutcome> run_batch(const std::vector<BatchJob>& jobs, const BatchOptions& o,
                                    const BatchProgress& progress) {
  std::vector<BatchOutcome> outcomes(jobs.size());
  const int workers = std::max(1, std::min<int>(o.jobs, static_cast<int>(jobs.size())));
  const int hw = std::max(1u, std::thread::hardware_concurrency());
  const int threads = o.threads > 0 ? o.threads : std::max(1, hw / workers);
  std::atomic<std::size_t> next{0};
  std::mutex report;
  int done = 0;
  const auto work = [&] {
    for (std::size_t i; (i = next++) < jobs.size();) {
      if (progress) {
        const std::lock_guard<std::mutex> lock(report);
        progress(BatchOutcome{jobs[i], BatchOutcome::Status::ran, "", 0}, false, done, static_cast<int>(jobs.size()));
      }
      outcomes[i] = run_one(jobs[i], o, threads);
      const std::lock_guard<std::mutex> lock(report);
      ++done;
      if (progress) progress(outcomes[i], true, done, static_cast<int>(jobs.size()));
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  write_combined(outcomes, o);
  return outcomes;
}

}  // namespace werkbaat::io
