#pragma once
// A scenario document: the scenario file and every file it uses, merged into one tree in the
// order the files say, with the parameters flattened to dotted paths and the `set:` entries and
// `sweep:` block collected. Nothing is interpreted yet beyond that.
#include <string>
#include <utility>
#include <vector>

#include "io/scenario/yaml_tree.h"
#include "werkbaat/io/file_reader.h"

namespace werkbaat::io {

using Entries = std::vector<Value::Entry>;

struct Document {
  Value root;                       // every key but uses, parameters, set and sweep, merged
  Entries params;                   // dotted path -> a number or a distribution spec
  Entries sets;                     // set: entries, later files (and a sweep variant) last
  Value sweep;                      // the scenario's sweep: block (null without one)
  std::vector<std::string> files;   // the scenario file first, then every file it uses
  std::vector<std::string> merged;  // canonical names of the used files already merged
};

// Reads `text` (the file `name`) and the files it uses, through `files`.
Document read_document(const std::string& text, const std::string& name, const FileReader& files);

// The text of `path`, or InputError "cannot open file".
std::string read_scenario_file(const std::string& path, const FileReader& files);

// A spec: a map holding a distribution or parameter metadata (not a map of nested parameters).
bool is_spec(const Value& v);

// Puts (key, v) into entries, replacing an entry of that key.
void put(Entries& entries, const std::string& key, const Value& v);

// The variants of a `sweep:` block, in order: `grid:` (the Cartesian product of listed values per
// dotted parameter path, named after the values) or `variants:` (named sets of values).
struct Variant {
  std::string name;
  Entries sets;
};
std::vector<Variant> sweep_of(const Document& doc);

// Applies one variant's values as set: entries after the file's own.
void apply_variant(Document& doc, const std::string& variant);

// The merged document as YAML text, parameters included.
std::string resolved_text(const Document& doc);

// The keys of a distribution spec and of parameter metadata.
extern const std::vector<std::string> kDistKeys, kMetaKeys;

}  // namespace werkbaat::io
