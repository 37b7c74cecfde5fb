// run --shard k/n writes one part of a run's draws; merge puts the parts together as the run.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "commands.h"
#include "werkbaat/analysis/summary.h"
#include "werkbaat/app/batch.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/file_reader.h"
#include "werkbaat/io/run_part.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/error.h"

namespace werkbaat::cli {
namespace {

namespace fs = std::filesystem;

// A part holds a run's per-draw results: far below this for any run that fits in memory.
constexpr std::size_t kMaxPartBytes = std::size_t{8} << 30;

// "k/n" with 1 <= k <= n, else an InputError about --shard.
std::pair<int, int> parse_shard(const std::string& text, const model::SourceRef& cli) {
  int k = 0, n = 0;
  char slash = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &k, &slash, &n, &rest) != 3 || slash != '/' || n < 1 || k < 1 || k > n)
    throw InputError(cli, "--shard", fmt::format("'{}' is not a part: give k/n, e.g. 2/8 for the second of eight", text));
  return {k, n};
}

std::string part_file(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) ? (fs::path(path) / io::kPartFile).string() : path;
}

}  // namespace

Exit run_shard(const model::Scenario& s, const RunOptions& o, const model::SimulationSettings& sim,
               const engine::ProgressFn& progress) {
  const model::SourceRef cli{o.scenario, 0, 0};
  const auto [k, n] = parse_shard(o.shard, cli);
  if (o.out.empty()) throw InputError(cli, "--shard", "a shard needs --out DIR: the folder its part is written to");
  if (!o.report.empty() || !o.xlsx.empty() || o.json || !o.analyses.empty() || !o.by.empty())
    throw InputError(cli, "--shard",
                     "a shard writes only its part; give --report, --xlsx, --json, --by and --analyses to merge");
  if (analysis::simulates_real_population(s, sim))
    throw InputError(cli, "--shard",
                     "this run simulates the real population one for one (its chance split needs a second run); run it "
                     "whole, or with more clients than the population");
  engine::DrawRange range;
  try {
    range = engine::DrawRange::part(k, n, sim.draws, sim.base_case);
  } catch (const std::invalid_argument& e) {
    throw InputError(cli, "--shard", e.what());
  }
  const engine::RunResult part = engine::simulate(s, sim, range, progress);
  // The part names its scenario by the path merge loads it from, and its inputs as loaded from
  // there: the resolved scenario holds file names (a set: entry's source), so a relative path
  // would otherwise make merge see a changed scenario.
  const std::string path = fs::absolute(o.scenario).lexically_normal().string();
  const std::string hash = app::content_hash(path == o.scenario ? s : io::load_scenario(path), sim);
  const io::PartHeader header{path, hash, k, n};
  const std::string bytes = io::encode_part(header, part);
  io::replace_dir(o.out, [&](const std::string& tmp) {
    io::write_file_atomic((fs::path(tmp) / io::kPartFile).string(), bytes);
  });
  if (!o.quiet)
    fmt::print("shard {}/{}: draws {} to {}{} written to {}/\n", k, n, range.first, range.first + range.count - 1,
               range.base ? " and the base case" : "", o.out);
  return Exit::ok;
}

CLI::App* setup_merge(CLI::App& app, MergeOptions& o) {
  auto* cmd = app.add_subcommand("merge", "Put the parts of a run (run --shard k/n) together and report it as run does");
  cmd->add_option("parts", o.parts, "The folders run --shard wrote (or their part files), all n of them")->required();
  add_output_options(*cmd, o.run);
  return cmd;
}

Exit run_merge(const MergeOptions& o) {
  if (!o.run.store.empty()) io::RunStore{o.run.store};  // opened (created, or checked) before the merge
  if (!o.run.out.empty()) io::check_output_dir(o.run.out);
  for (const auto* target : {&o.run.report, &o.run.xlsx})
    if (!target->empty() && *target != "-") io::check_file_target(*target);
  // Every part read and checked against the first before anything is merged.
  std::vector<io::DecodedPart> parts;
  std::map<int, std::string> seen;  // k -> its file
  for (const auto& given : o.parts) {
    const std::string file = part_file(given);
    const io::FileText text = io::read_regular_file(file, kMaxPartBytes, "not a part of a run that fits in memory");
    if (!text.ok()) throw InputError({file, 0, 0}, "", "cannot read this part: " + text.problem);
    io::DecodedPart p = io::decode_part(text.text, file);
    const auto& h = p.header;
    if (!parts.empty()) {
      const auto& h0 = parts.front().header;
      if (h.n != h0.n)
        throw InputError({file, 0, 0}, "", fmt::format("part {} of {}, but {} is part {} of {}: parts of different "
                                                       "splits", h.k, h.n, seen.begin()->second, h0.k, h0.n));
      if (h.content_hash != h0.content_hash || h.scenario != h0.scenario)
        throw InputError({file, 0, 0}, "",
                         fmt::format("a part of another run ({} with inputs {}) than {} ({} with inputs {})", h.scenario,
                                     h.content_hash, seen.begin()->second, h0.scenario, h0.content_hash));
    }
    if (const auto it = seen.find(h.k); it != seen.end())
      throw InputError({file, 0, 0}, "", fmt::format("part {} of {} is given twice: {} and {}", h.k, h.n, it->second, file));
    seen[h.k] = file;
    parts.push_back(std::move(p));
  }
  const auto& h0 = parts.front().header;
  std::vector<int> missing;
  for (int k = 1; k <= h0.n; ++k)
    if (!seen.count(k)) missing.push_back(k);
  if (!missing.empty())
    throw InputError({seen.begin()->second, 0, 0}, "",
                     fmt::format("part{} {} of {} {} missing: a merge needs every part, never a smaller run",
                                 missing.size() > 1 ? "s" : "", fmt::join(missing, ", "), h0.n,
                                 missing.size() > 1 ? "are" : "is"));
  // The scenario as it is now must be the one the parts ran.
  const model::Scenario s = io::load_scenario(h0.scenario);
  const model::SimulationSettings sim = parts.front().result.simulation;
  if (app::content_hash(s, sim) != h0.content_hash)
    throw InputError({h0.scenario, 0, 0}, "",
                     "this scenario (or a file it uses) changed since the shards ran; run the shards again");
  std::vector<engine::RunResult> results;
  for (auto& p : parts) results.push_back(std::move(p.result));
  engine::RunResult merged;
  try {
    merged = engine::merge(std::move(results));
  } catch (const std::invalid_argument& e) {
    throw InputError({seen.begin()->second, 0, 0}, "", std::string("these parts do not make one run: ") + e.what());
  }
  // The parts agree with each other (merge); they must also fit the scenario they name.
  const auto& sh = merged.shape;
  int cells = static_cast<int>(s.groups.size());
  for (const auto& a : s.attributes) cells += static_cast<int>(a.values.size());
  if (sh.arms != static_cast<int>(s.arms.size()) || sh.lines != static_cast<int>(s.lines.size()) ||
      sh.accounts != static_cast<int>(s.parties.size()) + 1 || sh.effects != static_cast<int>(s.effects.size()) ||
      sh.months != s.settings.horizon || merged.by_group.groups != static_cast<int>(s.groups.size()) ||
      merged.by_group.cells != cells)
    throw InputError({seen.begin()->second, 0, 0}, "", "these parts do not fit the scenario they name; run the shards again");
  analysis::EvaluateOptions eo;
  for (const auto& name : o.run.analyses) eo.analyses.push_back(*model::kAnalyses.parse(name));
  const analysis::Evaluation e = analysis::evaluate_run(s, std::move(merged), eo);
  RunOptions shown = o.run;
  shown.scenario = h0.scenario;
  return present(s, e, shown);
}

}  // namespace werkbaat::cli
