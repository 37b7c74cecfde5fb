#pragma once
// YAML scenario files -> model::Scenario: `uses:` chains merged, `set:` applied, every key
// checked, units normalised to months and amounts indexed to the price year, the base case
// checked (model/scenario_checks.h). Any problem throws InputError naming file, line, column and
// key. The format is described in docs/scenario-format.md.
#include <string>
#include <vector>

#include "werkbaat/io/file_reader.h"
#include "werkbaat/model/error.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::io {

// Loads the scenario in `path`; with a `variant` name, one variant of its `sweep:` block (its
// values are applied as `set:` entries after the file's own).
model::Scenario load_scenario(const std::string& path, const std::string& variant = "",
                              const FileReader& files = disk_files());

// Loads a scenario from text; `name` stands for its file name in messages and is the base for
// relative `uses:` paths, which are read through `files`.
model::Scenario load_scenario_text(const std::string& text, const std::string& name, const std::string& variant = "",
                                   const FileReader& files = disk_files());

// The names of the variants of the scenario's `sweep:` block, in order; empty without one.
std::vector<std::string> sweep_variants(const std::string& path, const FileReader& files = disk_files());

// The JSON Schema (draft-07) of the scenario format, from the loader's own key tables: for
// editors' YAML support (completion, misspelt keys). `werkbaat schema` prints it.
std::string scenario_schema();

}  // namespace werkbaat::io
