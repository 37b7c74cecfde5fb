#include "io/scenario/document.h"

#include <algorithm>
#include <filesystem>

#include "io/scenario/node_reader.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {
    "werkbaat", "name", "description", "uses", "price_year", "cpi", "horizon", "discount", "timing",
    "parties", "states", "start", "transitions", "flows", "effects", "parameters", "population", "arms",
    "simulation", "set", "sweep", "analyses"};

// Keys merged entry by entry when a later file sets them again; every other key is replaced whole.
bool merges_per_entry(const std::string& k) {
  return k == "flows" || k == "effects" || k == "simulation" || k == "discount" || k == "population" || k == "cpi" ||
         k == "arms" || k == "analyses";
}

// Parameters nest by name; a leaf is a number or a map holding a distribution or metadata.
void flatten(const Value& map, const std::string& prefix, Entries& out) {
  for (const auto& [k, v] : need_map(map).items) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.is_scalar() || is_spec(v)) put(out, path, v);
    else if (v.is_map()) flatten(v, path, out);
    else fail(v, "expected a number, a distribution or a map of parameters, got " + describe(v));
  }
}

void merge_key(Document& doc, const std::string& k, const Value& v) {
  Value* existing = nullptr;
  for (auto& [bk, bv] : doc.root.items)
    if (bk == k) existing = &bv;
  // A population is a closed cohort (size) or an inflow: a later file's choice replaces the other.
  if (existing && k == "population" && existing->is_map() && v.is_map())
    for (const auto& [choice, other] : {std::pair{"inflow", "size"}, std::pair{"size", "inflow"}})
      if (v.find(choice))
        std::erase_if(existing->items, [other = other](const auto& item) { return item.first == other; });
  if (existing) merge_into(*existing, v, merges_per_entry(k) ? 1 : 0);
  else doc.root.items.push_back({k, v});
}

void load_into(Document& doc, const std::string& text, const std::string& name, const FileReader& files,
               std::vector<std::string>& stack) {
  Value root = parse_yaml(text, name);
  if (root.kind == Value::Kind::null) throw InputError({name, 1, 1}, "", "the file is empty");
  if (!root.is_map()) fail(root, "a scenario file is a map of keys such as name, uses, parameters; got " + describe(root));
  check_keys(root, kTopKeys);
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
      const auto used = files.read(target);
      if (!used) fail(*u, "cannot open '" + target + "'");
      stack.push_back(canonical);
      load_into(doc, *used, target, files, stack);
      stack.pop_back();
      doc.merged.push_back(canonical);
    }
  }
  for (const auto& [k, v] : root.items) {
    if (k == "uses") continue;
    if (k == "parameters") flatten(v, "", doc.params);
    else if (k == "sweep") doc.sweep = v;
    else if (k == "set")
      for (const auto& [sk, sv] : need_map(v).items) put(doc.sets, sk, sv);
    else merge_key(doc, k, v);
  }
}

}  // namespace

const std::vector<std::string> kDistKeys = {"value", "beta", "gamma", "lognormal", "normal",
                                            "uniform", "triangular", "pert", "dirichlet"};
const std::vector<std::string> kMetaKeys = {"unit", "price_year", "source", "label", "note"};

bool is_spec(const Value& v) {
  if (!v.is_map()) return false;
  for (const auto& k : v.keys())
    if (std::find(kDistKeys.begin(), kDistKeys.end(), k) != kDistKeys.end() ||
        std::find(kMetaKeys.begin(), kMetaKeys.end(), k) != kMetaKeys.end())
      return true;
  return false;
}

void put(Entries& entries, const std::string& key, const Value& v) {
  for (auto& [k, old] : entries)
    if (k == key) {
      old = v;
      return;
    }
  entries.push_back({key, v});
}

std::string read_scenario_file(const std::string& path, const FileReader& files) {
  auto text = files.read(path);
  if (!text) throw InputError({path, 0, 0}, "", "cannot open file");
  return std::move(*text);
}

Document read_document(const std::string& text, const std::string& name, const FileReader& files) {
  Document doc;
  doc.root = make(Value::Kind::map);
  std::vector<std::string> stack = {files.canonical(name)};
  load_into(doc, text, name, files, stack);
  return doc;
}

std::vector<Variant> sweep_of(const Document& doc) {
  std::vector<Variant> out;
  if (doc.sweep.kind == Value::Kind::null) return out;
  const Value& sw = need_map(doc.sweep);
  check_keys(sw, {"grid", "variants"});
  if (!!sw.find("grid") == !!sw.find("variants")) fail(sw, "give exactly one of 'grid' and 'variants'");
  if (const Value* variants = sw.find("variants")) {
    for (const auto& [name, sets] : need_map(*variants).items) {
      Variant v{name, {}};
      for (const auto& [path, value] : need_map(sets).items) v.sets.push_back({path, value});
      out.push_back(std::move(v));
    }
    return out;
  }
  out.push_back({"", {}});
  for (const auto& [path, values] : need_map(*sw.find("grid")).items) {
    if (need_seq(values).list.empty()) fail(values, "a grid needs at least one value");
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

void apply_variant(Document& doc, const std::string& variant) {
  const auto variants = sweep_of(doc);
  const auto it = std::find_if(variants.begin(), variants.end(), [&](const Variant& v) { return v.name == variant; });
  if (it == variants.end()) throw InputError({doc.files.front(), 0, 0}, "sweep", "no variant named '" + variant + "'");
  for (const auto& [path, value] : it->sets) put(doc.sets, path, value);
}

std::string resolved_text(const Document& doc) {
  Value out = doc.root;
  Value params = make(Value::Kind::map);
  for (const auto& [p, v] : doc.params) params.items.push_back({p, v});
  out.items.push_back({"parameters", params});
  return to_yaml(out);
}

}  // namespace werkbaat::io
