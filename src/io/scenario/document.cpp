#include "io/scenario/keys.h"
#include "io/scenario/document.h"

#include <algorithm>
#include <filesystem>

#include "io/scenario/node_reader.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;


// Keys merged entry by entry when a later file sets them again; every other key is replaced whole.
bool merges_per_entry(const std::string& k) {
  return k == "flows" || k == "effects" || k == "simulation" || k == "discount" || k == "population" || k == "cpi" ||
         k == "categories" || k == "labels" || k == "arms" || k == "analyses" || k == "changes" || k == "derived" ||
         k == "joint_draws";
}

// Parameters nest by name; a leaf is a number or a map holding a distribution or metadata. A path
// given twice in one file (nested and dotted) is an error; a later file replaces an earlier one's.
void flatten(Value& map, const std::string& prefix, Entries& out, int file) {
  need_map(map);
  for (auto& [k, v] : map.items) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.is_scalar() || is_spec(v)) {
      if (const Value* first = out.put(path, std::move(v), file))
        fail_key(v, "parameter '" + path + "' is defined twice in this file (first at line " +
                        std::to_string(first->at.line) + ")");
    } else if (v.is_map()) {
      flatten(v, path, out, file);
    } else {
      fail(v, "expected a number, a distribution or a map of parameters, got " + describe(v));
    }
  }
}

// A sweep has at most this many variants: each is a run of its own.
constexpr double kMaxVariants = 100'000;

// A transition's key: "from -> to" (empty for an entry without both).
std::string transition_key(const Value& t) {
  const Value* from = t.is_map() ? t.find("from") : nullptr;
  const Value* to = t.is_map() ? t.find("to") : nullptr;
  return from && to && from->is_scalar() && to->is_scalar() ? from->text + " -> " + to->text : "";
}

bool drops(const Value& t) {
  const Value* d = t.is_map() ? t.find(keys::transition_drop) : nullptr;
  return d && boolean(*d);
}

// Transitions merge by from -> to: a later file's entry replaces the earlier one of that key
// whole, adds one, or with `drop: true` removes it.
void merge_transitions(Value& base, const Value& over) {
  for (const Value& t : over.list) {
    const std::string key = transition_key(t);
    std::vector<std::size_t> same;
    for (std::size_t i = 0; i < base.list.size(); ++i)
      if (!key.empty() && transition_key(base.list[i]) == key) same.push_back(i);
    if (same.size() > 1)
      fail(t, "the files this one uses have " + std::to_string(same.size()) + " transitions " + key +
                  " (with different when:); give the whole list of transitions instead");
    if (drops(t)) {
      if (same.empty()) fail(t, "no transition " + key + " to drop in the files this one uses");
      base.list.erase(base.list.begin() + static_cast<std::ptrdiff_t>(same[0]));
    } else if (same.empty()) {
      base.list.push_back(t);
    } else {
      base.list[same[0]] = t;
    }
  }
}

void merge_key(Document& doc, const std::string& k, Value&& v) {
  Value* existing = nullptr;
  for (auto& [bk, bv] : doc.root.items)
    if (bk == k) existing = &bv;
  if (k == "transitions" && v.is_seq()) {
    if (existing && existing->is_seq()) return merge_transitions(*existing, v);
    for (const Value& t : v.list)
      if (t.is_map() && t.find("drop"))
        fail(*t.find("drop"), "drop: removes a transition of a file this one uses, and this file uses none with transitions");
  }
  // A population is a closed cohort (size) or an inflow: a later file's choice replaces the other.
  if (existing && k == "population" && existing->is_map() && v.is_map())
    for (const auto& [choice, other] : {std::pair{"inflow", "size"}, std::pair{"size", "inflow"}})
      if (v.find(choice))
        std::erase_if(existing->items, [other = other](const auto& item) { return item.first == other; });
  if (existing) merge_into(*existing, v, merges_per_entry(k) ? 1 : 0);
  else doc.root.items.push_back({k, std::move(v)});
}

void load_into(Document& doc, const std::string& text, const std::string& name, const FileReader& files,
               std::vector<std::string>& stack) {
  Value root = parse_yaml(text, name);
  if (root.kind == Value::Kind::null) throw InputError({name, 1, 1}, "", "the file is empty");
  if (!root.is_map()) fail(root, "a scenario file is a map of keys such as name, uses, parameters; got " + describe(root));
  check_keys(root, keys::top);
  const int file = static_cast<int>(doc.files.size());
  doc.files.push_back(name);

  if (const Value* uses = root.find("uses")) {
    std::vector<const Value*> list;
    if (uses->is_seq()) for (const auto& u : uses->list) list.push_back(&u);
    else list.push_back(uses);
    for (const Value* u : list) {
      const std::string target = (fs::path(name).parent_path() / word(*u)).string();
      const std::string canonical = files.canonical(target);
      if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
        std::string chain;
        for (const auto& s : stack) chain += s + " -> ";
        fail(*u, "cyclic uses: " + chain + canonical);
      }
      // A file reached twice (a and b both using defaults) is merged once, the first time.
      if (std::find(doc.merged.begin(), doc.merged.end(), canonical) != doc.merged.end()) continue;
      const FileText used = files.read(target);
      if (!used.ok()) fail(*u, "cannot read '" + target + "': " + used.problem);
      stack.push_back(canonical);
      load_into(doc, used.text, target, files, stack);
      stack.pop_back();
      doc.merged.push_back(canonical);
    }
  }
  for (auto& [k, v] : root.items) {
    if (k == "uses") continue;
    if (k == "parameters") {
      flatten(v, "", doc.params, file);
    } else if (k == "sweep") {
      doc.sweep = v;
    } else if (k == "set") {  // a set: whose every line is commented out is empty
      if (v.kind != Value::Kind::null)
        for (const auto& [sk, sv] : need_map(v).items) doc.sets.put(sk, sv);
    }
    else merge_key(doc, k, std::move(v));
  }
}

}  // namespace


bool is_spec(const Value& v) {
  if (!v.is_map()) return false;
  for (const auto& [k, x] : v.items)
    if (std::find(keys::distributions.begin(), keys::distributions.end(), k) != keys::distributions.end() ||
        std::find(keys::metadata.begin(), keys::metadata.end(), k) != keys::metadata.end() || k == keys::point[0])
      return true;
  return false;
}

void put(std::vector<Value::Entry>& items, const std::string& key, const Value& v) {
  for (auto& [k, old] : items)
    if (k == key) {
      old = v;
      return;
    }
  items.push_back({key, v});
}

const Value* Entries::put(const std::string& key, Value&& v, int file) {
  if (const auto it = at_.find(key); it != at_.end()) {
    if (file >= 0 && file_[it->second] == file) return &list_[it->second].second;
    list_[it->second].second = std::move(v);
    file_[it->second] = file;
    return nullptr;
  }
  list_.push_back({key, std::move(v)});
  file_.push_back(file);
  at_.emplace(list_.back().first, list_.size() - 1);
  return nullptr;
}

Value* Entries::find(const std::string& key) {
  const auto it = at_.find(key);
  return it == at_.end() ? nullptr : &list_[it->second].second;
}

std::string read_scenario_file(const std::string& path, const FileReader& files) {
  FileText file = files.read(path);
  if (!file.ok()) throw InputError({path, 0, 0}, "", "cannot read this file: " + file.problem);
  return std::move(file.text);
}

Document read_document(const std::string& text, const std::string& name, const FileReader& files) {
  Document doc;
  doc.root = make(Value::Kind::map);
  doc.root.at = {name, 1, 1};  // a key missing from every file is missing from the scenario file
  std::vector<std::string> stack = {files.canonical(name)};
  load_into(doc, text, name, files, stack);
  return doc;
}

// The sweep block checked: one of grid and variants; a grid's lists not empty and their product
// not above kMaxVariants.
const Value& checked_sweep(const Document& doc) {
  const Value& sw = need_map(doc.sweep);
  check_keys(sw, keys::sweep);
  if (!!sw.find("grid") == !!sw.find("variants")) fail(sw, "give exactly one of 'grid' and 'variants'");
  if (const Value* grid = sw.find("grid")) {
    double count = 1;  // counted before anything is expanded
    for (const auto& [path, values] : need_map(*grid).items) {
      if (need_seq(values).list.empty()) fail(values, "a grid needs at least one value");
      count *= static_cast<double>(values.list.size());
    }
    if (count > kMaxVariants)
      fail(*grid, "the grid has " + number_text(count) + " variants, more than " + number_text(kMaxVariants) +
                      "; split the sweep over several files");
  }
  return sw;
}

std::vector<std::pair<std::string, const Value*>> sweep_parameters(const Document& doc) {
  std::vector<std::pair<std::string, const Value*>> out;
  if (doc.sweep.kind == Value::Kind::null) return out;
  const Value& sw = checked_sweep(doc);
  if (const Value* grid = sw.find("grid"))
    for (const auto& [path, values] : grid->items) out.emplace_back(path, &values);
  else
    for (const auto& [name, sets] : need_map(*sw.find("variants")).items)
      for (const auto& [path, value] : need_map(sets).items) out.emplace_back(path, &value);
  return out;
}

std::vector<Variant> sweep_of(const Document& doc) {
  std::vector<Variant> out;
  if (doc.sweep.kind == Value::Kind::null) return out;
  const Value& sw = checked_sweep(doc);
  if (const Value* variants = sw.find("variants")) {
    for (const auto& [name, sets] : need_map(*variants).items) {
      Variant v{name, {}};
      for (const auto& [path, value] : need_map(sets).items) v.sets.push_back({path, value});
      out.push_back(std::move(v));
    }
    return out;
  }
  out.push_back({"", {}});
  for (const auto& [path, values] : sw.find("grid")->items) {
    std::vector<Variant> next;
    for (const auto& v : out)
      for (std::size_t i = 0; i < values.list.size(); ++i) {
        const Value& x = values.list[i];
        Variant w = v;
        w.name += (w.name.empty() ? "" : ",") + path + "=" + (x.is_scalar() ? x.text : "#" + std::to_string(i + 1));
        w.sets.push_back({path, x});
        next.push_back(std::move(w));
      }
    out = std::move(next);
  }
  return out;
}

namespace {

// The values of the grid variant named `name`, found by reading the name ("path=text,path=text",
// in grid order) rather than by making every variant: each job of a large sweep finds its own in
// time linear in the grid, not in the number of variants.
bool grid_variant(const Value& grid, const std::string& name, std::size_t entry, std::size_t at,
                  std::vector<Value::Entry>& sets) {
  if (entry == grid.items.size()) return at == name.size();
  const auto& [path, values] = grid.items[entry];
  const std::string head = (entry > 0 ? "," : "") + path + "=";
  if (name.compare(at, head.size(), head) != 0) return false;
  for (std::size_t i = 0; i < values.list.size(); ++i) {
    const Value& x = values.list[i];
    const std::string text = x.is_scalar() ? x.text : "#" + std::to_string(i + 1);
    const std::size_t next = at + head.size();
    if (name.compare(next, text.size(), text) != 0) continue;
    sets.push_back({path, x});
    if (grid_variant(grid, name, entry + 1, next + text.size(), sets)) return true;
    sets.pop_back();
  }
  return false;
}

}  // namespace

bool is_population_path(const std::string& path) { return path.rfind(kPopulationPrefix, 0) == 0; }

namespace {

// A variant's value: a parameter's, as a set: entry; or the population's size, inflow or one
// attribute's shares, replacing the file's.
void apply_value(Document& doc, const std::string& path, const Value& value) {
  if (!is_population_path(path)) {
    doc.sets.put(path, value);
    return;
  }
  const std::string key = path.substr(std::string_view(kPopulationPrefix).size());
  Value* population = nullptr;
  for (auto& [k, v] : doc.root.items)
    if (k == "population") population = &v;
  if (!population || !population->is_map()) fail(value, "the scenario has no population map to vary");
  put(population->items, key, value);
  // A closed cohort (size) and an inflow exclude each other: the variant's choice replaces the other.
  if (key == "size" || key == "inflow")
    std::erase_if(population->items, [&](const auto& item) { return item.first == (key == "size" ? "inflow" : "size"); });
}

}  // namespace

void apply_variant(Document& doc, const std::string& variant) {
  if (doc.sweep.kind != Value::Kind::null) {
    const Value& sw = checked_sweep(doc);
    std::vector<Value::Entry> sets;
    if (const Value* grid = sw.find("grid"); grid && grid_variant(*grid, variant, 0, 0, sets)) {
      for (const auto& [path, value] : sets) apply_value(doc, path, value);
      return;
    }
  }
  const auto variants = sweep_of(doc);
  const auto it = std::find_if(variants.begin(), variants.end(), [&](const Variant& v) { return v.name == variant; });
  if (it == variants.end()) throw InputError({doc.files.front(), 0, 0}, "sweep", "no variant named '" + variant + "'");
  for (const auto& [path, value] : it->sets) apply_value(doc, path, value);
}

std::string resolved_text(Document&& doc) {
  Value params = make(Value::Kind::map);
  params.items.reserve(doc.params.size());
  for (auto& [p, v] : doc.params) params.items.push_back({p, std::move(v)});
  doc.root.items.push_back({"parameters", std::move(params)});
  return to_yaml(doc.root);
}

}  // namespace werkbaat::io
