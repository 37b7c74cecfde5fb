#include "werkbaat/io/scenario_loader.h"

#include <algorithm>
#include <filesystem>

#include "io/scenario/document.h"
#include "io/scenario/expression_binder.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/model/scenario_checks.h"

namespace werkbaat::io {
namespace {

model::Scenario build(Document doc, const FileReader& files) {
  const Value& root = doc.root;
  model::Scenario s;
  s.files = doc.files;
  s.name = root.find("name") ? root.find("name")->text : std::filesystem::path(doc.files.front()).stem().string();
  if (const Value* v = root.find("description")) s.description = v->text;
  if (const Value* v = root.find("werkbaat"); v && integer(*v) != 1)
    fail(*v, "this werkbaat reads schema version 1, not " + v->text);
  const SettingsRead settings = read_settings(root);
  s.settings = settings.model;
  s.simulation = settings.simulation;
  read_structure(root, s);
  read_parameters(doc, settings.cpi, s);
  read_joint_draws(doc, files, s);
  // Every variant of a sweep must load: its parameters exist, and what it varies of the population
  // is the size, the inflow or an attribute's shares given as a map (checked here, for validate and
  // run too; each variant's population is checked in full when it loads).
  for (const auto& [path, at] : sweep_parameters(doc)) {
    if (is_population_path(path)) {
      std::vector<std::string> keys = {"population.size", "population.inflow"};
      for (const auto& a : s.attributes) keys.push_back(kPopulationPrefix + a.name);
      if (std::find(keys.begin(), keys.end(), path) == keys.end())
        throw InputError::unknown_name(key_place(*at), at->path(), "population key (an attribute's shares are varied together, as a map)",
                                       path, keys);
      const bool map = path != "population.size";
      std::vector<const Value*> values;  // a grid's list of values, or a variant's value
      if (doc.sweep.find("grid"))
        for (const auto& x : at->list) values.push_back(&x);
      else
        values.push_back(at);
      for (const Value* v : values)
        if (v->is_map() != map)
          fail(*v, map ? "give the shares as a map, e.g. {licht: 0.3, midden: 0.4, epa: 0.3}" : "give the size as a number");
      continue;
    }
    if (s.parameter_index(path) < 0)
      throw InputError::unknown_name(key_place(*at), at->path(), "parameter", path, s.parameter_paths());
  }
  ExpressionBinder binder(s);
  binder.read_derived(root.find("derived"));
  read_model(root, binder, s);
  model::check_base_case(s);
  engine::check_space(s);  // refuses a space too large to hold; the mode is checked by the run (--mode may change it)
  read_analyses(root, s);
  s.resolved = resolved_text(std::move(doc));
  return s;
}

}  // namespace

model::Scenario load_scenario_text(const std::string& text, const std::string& name, const std::string& variant,
                                   const FileReader& files) {
  Document doc = read_document(text, name, files);
  if (!variant.empty()) apply_variant(doc, variant);
  model::Scenario s = build(std::move(doc), files);
  if (!variant.empty()) {
    s.variant = variant;
    s.name += " [" + variant + "]";
  }
  return s;
}

model::Scenario load_scenario(const std::string& path, const std::string& variant, const FileReader& files) {
  return load_scenario_text(read_scenario_file(path, files), path, variant, files);
}

std::vector<std::string> sweep_variants(const std::string& path, const FileReader& files) {
  const Document doc = read_document(read_scenario_file(path, files), path, files);
  std::vector<std::string> names;
  for (const auto& v : sweep_of(doc)) names.push_back(v.name);
  return names;
}

}  // namespace werkbaat::io
