#pragma once
// A scenario document: the scenario file and every file it uses, merged into one tree in the
// order the files say, with the parameters flattened to dotted paths and the `set:` entries and
// `sweep:` block collected. Nothing is interpreted yet beyond that.
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/scenario/yaml_tree.h"
#include "werkbaat/io/file_reader.h"

namespace werkbaat::io {

// Keyed values in the order first put; a later put of a key replaces its value in place. Lookup
// is by hash, so a document of 100,000 parameters loads in linear time.
class Entries {
 public:
  // Puts (key, v), replacing the value of a key put before, unless that one came from the same
  // file (`file` >= 0): then v is left as it is and the earlier value returned, for an error.
  const Value* put(const std::string& key, Value&& v, int file = -1);
  const Value* put(const std::string& key, const Value& v) { return put(key, Value(v)); }
  Value* find(const std::string& key);
  auto begin() const { return list_.begin(); }
  auto end() const { return list_.end(); }
  auto begin() { return list_.begin(); }
  auto end() { return list_.end(); }
  std::size_t size() const { return list_.size(); }

 private:
  std::deque<Value::Entry> list_;  // a deque: the keys of at_ point into it
  std::vector<int> file_;          // the file each value came from
  std::unordered_map<std::string_view, std::size_t> at_;
};

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

// The text of `path`, or InputError "cannot read this file: <why>".
std::string read_scenario_file(const std::string& path, const FileReader& files);

// A spec: a map holding a distribution or parameter metadata (not a map of nested parameters).
bool is_spec(const Value& v);

// Puts (key, v) into a map's items, replacing an item of that key (for small maps).
void put(std::vector<Value::Entry>& items, const std::string& key, const Value& v);

// The variants of a `sweep:` block, in order: `grid:` (the Cartesian product of listed values per
// dotted parameter path, named after the values) or `variants:` (named sets of values).
struct Variant {
  std::string name;
  std::vector<Value::Entry> sets;
};
std::vector<Variant> sweep_of(const Document& doc);

// The parameters a sweep sets (path and the node that names it), without expanding the variants;
// checks the sweep's shape and size as sweep_of does.
std::vector<std::pair<std::string, const Value*>> sweep_parameters(const Document& doc);

// A sweep path that varies the population (population.size, population.inflow, or one
// attribute's shares as a map, population.severity) rather than a parameter.
inline constexpr const char* kPopulationPrefix = "population.";
bool is_population_path(const std::string& path);

// Applies one variant's values: parameters as set: entries after the file's own, population
// values in place of the file's.
void apply_variant(Document& doc, const std::string& variant);

// The merged document as YAML text, parameters included; uses up the document.
std::string resolved_text(Document&& doc);

// The keys of a distribution spec, of parameter metadata (kept when set: replaces the value), and
// of a point estimate (replaced with it).

}  // namespace werkbaat::io
