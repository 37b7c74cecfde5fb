#include "werkbaat/io/scenario_loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "werkbaat/engine/parameter_sampler.h"
#include "werkbaat/io/yaml_tree.h"

namespace werkbaat::io {
namespace {

namespace fs = std::filesystem;
using model::Distribution;
using model::Scenario;

using Entries = std::vector<std::pair<std::string, Value>>;

const std::vector<std::string> kTopKeys = {
    "werkbaat", "name", "description", "uses", "price_year", "cpi", "horizon", "discount", "timing",
    "parties", "states", "start", "transitions", "flows", "effects", "parameters", "population", "arms",
    "simulation", "set", "sweep", "analyses"};
const std::vector<std::string> kDistKeys = {"value", "beta", "gamma", "lognormal", "normal",
                                            "uniform", "triangular", "pert", "dirichlet"};
const std::vector<std::string> kMetaKeys = {"unit", "price_year", "source", "label", "note"};

// ---- small typed accessors, each failing with the node's place and key ------------------------

[[noreturn]] void fail(const Value& v, const std::string& message) { throw LoadError(v.at, v.path, message); }
[[noreturn]] void fail_key(const Value& v, const std::string& message) {
  throw LoadError(v.key_at.line > 0 ? v.key_at : v.at, v.path, message);
}

std::string describe(const Value& v) {
  switch (v.kind) {
    case Value::Kind::null: return "nothing";
    case Value::Kind::scalar: return "'" + v.text + "'";
    case Value::Kind::map: return "a map";
    case Value::Kind::seq: return "a list";
  }
  return "?";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void check_keys(const Value& map, const std::vector<std::string>& allowed) {
  for (const auto& [k, v] : map.items) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    fail_key(v, "unknown key '" + k + "'" + did_you_mean(k, allowed) + "; expected one of: " + join(allowed));
  }
}

const Value& need_map(const Value& v) {
  if (!v.is_map()) fail(v, "expected a map, got " + describe(v));
  return v;
}
const Value& need_seq(const Value& v) {
  if (!v.is_seq()) fail(v, "expected a list, got " + describe(v));
  return v;
}
const Value& need(const Value& map, const std::string& key) {
  if (const Value* v = map.find(key)) return *v;
  fail(map, "missing key '" + key + "'");
}

double number(const Value& v) {
  if (v.is_scalar() && !v.quoted) {
    double x = 0;
    const char* b = v.text.data();
    const char* e = b + v.text.size();
    auto [p, ec] = std::from_chars(b, e, x);
    if (ec == std::errc() && p == e && std::isfinite(x)) return x;
  }
  fail(v, "expected a number, got " + describe(v));
}
long integer(const Value& v) {
  const double x = number(v);
  if (x != std::floor(x) || std::abs(x) > 9e15) fail(v, "expected a whole number, got " + describe(v));
  return static_cast<long>(x);
}
const std::string& word(const Value& v) {
  if (!v.is_scalar() || v.text.empty()) fail(v, "expected a name, got " + describe(v));
  return v.text;
}
bool boolean(const Value& v) {
  if (v.is_scalar() && (v.text == "true" || v.text == "yes")) return true;
  if (v.is_scalar() && (v.text == "false" || v.text == "no")) return false;
  fail(v, "expected true or false, got " + describe(v));
}
int index_in(const Value& v, const std::vector<std::string>& names, const std::string& what) {
  const std::string& w = word(v);
  const auto it = std::find(names.begin(), names.end(), w);
  if (it == names.end()) fail(v, "unknown " + what + " '" + w + "'" + did_you_mean(w, names) + "; known: " + join(names));
  return static_cast<int>(it - names.begin());
}
std::vector<std::string> names(const Value& seq, const std::string& what) {
  std::vector<std::string> out;
  for (const auto& v : need_seq(seq).list) {
    const std::string& w = word(v);
    if (std::find(out.begin(), out.end(), w) != out.end()) fail(v, "duplicate " + what + " '" + w + "'");
    out.push_back(w);
  }
  return out;
}

// ---- reading files and merging the uses: chain ---------------------------------------------

Value make(Value::Kind kind) {
  Value v;
  v.kind = kind;
  return v;
}

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
  entries.emplace_back(key, v);
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

struct Document {
  Value root = make(Value::Kind::map);
  Entries params, sets;
  Value sweep;
  std::vector<std::string> merged;  // canonical paths of the used files already merged
  std::vector<std::string> files;
};

std::string read_file(const std::string& path, const Value* from) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (from) fail(*from, "cannot open '" + path + "'");
    throw LoadError({path, 0, 0}, "", "cannot open file");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void load_into(Document& doc, const std::string& text, const std::string& name, std::vector<std::string>& stack) {
  Value root = parse_yaml(text, name);
  if (root.kind == Value::Kind::null) throw LoadError({name, 1, 1}, "", "the file is empty");
  if (!root.is_map()) fail(root, "a scenario file is a map of keys such as name, uses, parameters; got " + describe(root));
  check_keys(root, kTopKeys);
  doc.files.push_back(name);

  if (const Value* uses = root.find("uses")) {
    std::vector<const Value*> list;
    if (uses->is_seq()) for (const auto& u : uses->list) list.push_back(&u);
    else list.push_back(uses);
    for (const Value* u : list) {
      const fs::path target = fs::path(name).parent_path() / word(*u);
      std::error_code ec;
      const std::string canonical = fs::weakly_canonical(target, ec).string();
      if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
        std::string chain;
        for (const auto& s : stack) chain += s + " -> ";
        fail(*u, "cyclic uses: " + chain + canonical);
      }
      // A file reached twice (a and b both using defaults) is merged once, the first time.
      if (std::find(doc.merged.begin(), doc.merged.end(), canonical) != doc.merged.end()) continue;
      stack.push_back(canonical);
      load_into(doc, read_file(target.string(), u), target.string(), stack);
      stack.pop_back();
      doc.merged.push_back(canonical);
    }
  }
  for (const auto& [k, v] : root.items) {
    if (k == "uses") continue;
    if (k == "parameters") flatten(v, "", doc.params);
    else if (k == "sweep") doc.sweep = v;
    else if (k == "set") {
      for (const auto& [sk, sv] : need_map(v).items) put(doc.sets, sk, sv);
    } else {
      const bool per_entry = k == "flows" || k == "effects" || k == "simulation" || k == "discount" ||
                             k == "population" || k == "cpi" || k == "arms" || k == "analyses";
      Value* existing = nullptr;
      for (auto& [bk, bv] : doc.root.items)
        if (bk == k) existing = &bv;
      // A population is a closed cohort (size) or an inflow: a later file's choice replaces the other.
      if (existing && k == "population" && existing->is_map() && v.is_map())
        for (const auto& [choice, other] : {std::pair{"inflow", "size"}, std::pair{"size", "inflow"}})
          if (v.find(choice))
            std::erase_if(existing->items, [other = other](const auto& item) { return item.first == other; });
      if (existing) merge_into(*existing, v, per_entry ? 1 : 0);
      else doc.root.items.emplace_back(k, v);
    }
  }
}

// ---- the builder --------------------------------------------------------------------------------

class Builder {
 public:
  explicit Builder(Document doc) : d_(std::move(doc)), root_(d_.root) {}

  Scenario build() {
    s_.files = d_.files;
    s_.name = root_.find("name") ? root_.find("name")->text : fs::path(d_.files.front()).stem().string();
    if (const Value* v = root_.find("description")) s_.description = v->text;
    if (const Value* v = root_.find("werkbaat"); v && integer(*v) != 1)
      fail(*v, "this werkbaat reads schema version 1, not " + v->text);
    settings();
    s_.parties = {"resources"};
    for (const auto& p : names(need(root_, "parties"), "party")) {
      if (p == "resources" || p == "society") fail(need(root_, "parties"), "'" + p + "' is built in; do not list it");
      s_.parties.push_back(p);
    }
    s_.states = names(need(root_, "states"), "state");
    if (s_.states.size() < 2) fail(need(root_, "states"), "a model needs at least two states");
    arms();
    population();
    parameters();
    transitions();
    flows("flows", false);
    flows("effects", true);
    check_base_case();
    analyses();
    s_.resolved = resolved_text();
    return std::move(s_);
  }

 private:
  // -- settings
  void settings() {
    auto& st = s_.settings;
    if (const Value* v = root_.find("price_year")) st.price_year = static_cast<int>(integer(*v));
    if (const Value* v = root_.find("horizon")) st.horizon = horizon(*v);
    if (const Value* v = root_.find("discount")) {
      check_keys(need_map(*v), {"costs", "effects"});
      const auto rate = [](const Value& r) {
        const double x = number(r);
        if (x < 0 || x >= 1)
          fail(r, "an annual discount rate is a fraction in [0, 1), e.g. 0.0225 for 2.25%; got " + r.text);
        return x;
      };
      if (const Value* c = v->find("costs")) st.discount_costs = rate(*c);
      if (const Value* e = v->find("effects")) st.discount_effects = rate(*e);
    }
    if (const Value* v = root_.find("timing")) {
      const int t = index_in(*v, {"start", "middle", "end"}, "timing");
      st.timing = static_cast<model::Timing>(t);
    }
    if (const Value* v = root_.find("simulation")) {
      check_keys(need_map(*v), {"mode", "draws", "clients", "seed", "threads", "base_case"});
      if (const Value* m = v->find("mode")) st.mode = static_cast<model::Mode>(index_in(*m, {"cohort", "micro"}, "mode"));
      if (const Value* x = v->find("draws")) st.draws = static_cast<int>(bounded(*x, 0, 10'000'000));
      if (const Value* x = v->find("clients")) st.clients = static_cast<int>(bounded(*x, 1, 2'000'000'000));
      if (const Value* x = v->find("seed")) st.seed = static_cast<std::uint64_t>(bounded(*x, 0, 9'000'000'000'000'000));
      if (const Value* x = v->find("threads")) st.threads = static_cast<int>(bounded(*x, 0, 4096));
      if (const Value* x = v->find("base_case")) st.base_case = boolean(*x);
    }
    if (const Value* v = root_.find("cpi")) {
      for (const auto& [k, x] : need_map(*v).items) {
        int year = 0;
        auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), year);
        if (ec != std::errc() || p != k.data() + k.size()) fail_key(x, "a CPI key is a year, got '" + k + "'");
        const double idx = number(x);
        if (idx <= 0) fail(x, "a CPI index must be > 0");
        cpi_[year] = idx;
      }
    }
  }

  static long bounded(const Value& v, long lo, long hi) {
    const long x = integer(v);
    if (x < lo || x > hi) fail(v, "must lie in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.text);
    return x;
  }

  static int horizon(const Value& v) {
    long months = 0;
    if (v.is_scalar() && !v.text.empty() && std::isdigit(static_cast<unsigned char>(v.text[0])) &&
        v.text.find(' ') != std::string::npos) {
      std::istringstream in(v.text);
      long n = 0;
      std::string unit, rest;
      in >> n >> unit;
      if (in.fail() || (in >> rest)) fail(v, "expected e.g. '60 months' or '5 years', got '" + v.text + "'");
      if (unit == "month" || unit == "months") months = n;
      else if (unit == "year" || unit == "years") months = 12 * n;
      else fail(v, "unknown unit '" + unit + "'" + did_you_mean(unit, {"months", "years"}) + "; use months or years");
    } else {
      months = integer(v);
    }
    if (months < 1 || months > 1200) fail(v, "the horizon must lie between 1 and 1200 months");
    return static_cast<int>(months);
  }

  // -- arms, start state
  void arms() {
    const Value& a = need_map(need(root_, "arms"));
    check_keys(a, {"comparator", "interventions"});
    s_.arms.push_back(word(need(a, "comparator")));
    const Value& iv = need(a, "interventions");
    const auto list = iv.is_scalar() ? std::vector<std::string>{word(iv)} : names(iv, "arm");
    if (list.empty()) fail(iv, "at least one intervention arm is needed");
    for (const auto& n : list) {
      if (n == s_.arms[0]) fail(iv, "'" + n + "' is the comparator; it cannot also be an intervention");
      s_.arms.push_back(n);
    }
    const Value& start = need(root_, "start");
    if (start.is_scalar()) {
      s_.start_state.assign(s_.arms.size(), index_in(start, s_.states, "state"));
    } else {
      check_keys(need_map(start), s_.arms);
      for (const auto& arm : s_.arms) {
        const Value* v = start.find(arm);
        if (!v) fail(start, "missing the entry state of arm '" + arm + "'");
        s_.start_state.push_back(index_in(*v, s_.states, "state"));
      }
    }
  }

  // -- population: attributes with shares, their product as client groups
  void population() {
    const Value& p = need_map(need(root_, "population"));
    const Value* size = p.find("size");
    const Value* inflow = p.find("inflow");
    if (size && inflow) fail(*inflow, "give either size (a closed cohort) or inflow, not both");
    if (!size && !inflow) fail(p, "missing key 'size' (or 'inflow')");
    if (size) {
      s_.population.size = number(*size);
      if (s_.population.size <= 0) fail(*size, "the population size must be > 0");
    } else {
      check_keys(need_map(*inflow), {"per_year", "years"});
      const double per_year = number(need(*inflow, "per_year"));
      const long years = bounded(need(*inflow, "years"), 1, 100);
      if (per_year <= 0) fail(need(*inflow, "per_year"), "the inflow must be > 0");
      s_.population.size = per_year * static_cast<double>(years);
      s_.population.entry_months = static_cast<int>(12 * years);
      if (s_.population.entry_months > s_.settings.horizon)
        fail(*inflow, "the inflow lasts " + std::to_string(12 * years) + " months, longer than the horizon of " +
                          std::to_string(s_.settings.horizon));
    }
    for (const auto& [k, v] : p.items) {
      if (k == "size" || k == "inflow") continue;
      model::Attribute a;
      a.name = k;
      if (k == "arm") fail_key(v, "'arm' is reserved for the arms");
      double total = 0;
      for (const auto& [val, share] : need_map(v).items) {
        const double x = number(share);
        if (x < 0 || x > 1) fail(share, "a share must lie in [0, 1], got " + share.text);
        a.values.push_back(val);
        a.shares.push_back(x);
        total += x;
      }
      if (a.values.empty()) fail(v, "at least one value with a share is needed");
      if (std::abs(total - 1) > 1e-9) fail(v, "the shares sum to " + fmt_num(total) + ", not 1");
      s_.attributes.push_back(std::move(a));
    }
    // Client groups: every combination of attribute values with a positive share.
    std::vector<int> idx(s_.attributes.size(), 0);
    for (;;) {
      model::Group g;
      g.share = 1;
      for (std::size_t i = 0; i < idx.size(); ++i) {
        g.values.push_back(idx[i]);
        g.share *= s_.attributes[i].shares[idx[i]];
        g.label += (g.label.empty() ? "" : ",") + s_.attributes[i].name + "=" + s_.attributes[i].values[idx[i]];
      }
      if (g.share > 0) s_.groups.push_back(std::move(g));
      std::size_t i = 0;
      for (; i < idx.size(); ++i) {
        if (++idx[i] < static_cast<int>(s_.attributes[i].values.size())) break;
        idx[i] = 0;
      }
      if (i == idx.size()) break;
    }
    if (s_.groups.empty()) s_.groups.push_back({{}, 1.0, "all"});
  }

  static std::string fmt_num(double x) {
    std::ostringstream o;
    o.precision(10);
    o << x;
    return o.str();
  }

  // -- parameters: apply set:, parse every spec
  void parameters() {
    for (const auto& [path, v] : d_.sets) apply_set(path, v);
    for (const auto& [path, v] : d_.params) parse_param(path, v);
    for (int i = 0; i < static_cast<int>(s_.params.size()); ++i) index_[s_.params[i].path] = i;
    for (const auto& p : s_.params) all_paths_.push_back(p.path);
  }

  void apply_set(const std::string& path, const Value& v) {
    for (auto& [p, spec] : d_.params) {
      if (p != path) continue;
      Value merged = make(Value::Kind::map);
      merged.at = v.at;
      merged.key_at = v.key_at;
      merged.path = v.path;
      if (spec.is_map())
        for (const auto& [k, x] : spec.items)
          if (k == "unit" || k == "price_year" || k == "label" || k == "note") merged.items.emplace_back(k, x);
      if (v.is_scalar()) {
        Value val = v;
        val.path = v.path + ".value";
        merged.items.emplace_back("value", val);
      } else if (is_spec(v)) {
        for (const auto& [k, x] : v.items) {
          bool replaced = false;
          for (auto& [mk, mx] : merged.items)
            if (mk == k) {
              mx = x;
              replaced = true;
            }
          if (!replaced) merged.items.emplace_back(k, x);
        }
      } else {
        fail(v, "expected a number or a distribution, got " + describe(v));
      }
      if (!merged.find("source")) {
        Value src = make(Value::Kind::scalar);
        src.text = "set: in " + v.at.file + ":" + std::to_string(v.at.line);
        merged.items.emplace_back("source", src);
      }
      spec = merged;
      return;
    }
    std::vector<std::string> known;
    for (const auto& [p, spec] : d_.params) {
      known.push_back(p);
      if (path.rfind(p + ".", 0) == 0 && spec.is_map() && spec.find("dirichlet"))
        fail_key(v, "'" + path + "' is a component of the Dirichlet parameter '" + p + "'; set '" + p + "' as a whole");
    }
    fail_key(v, "unknown parameter '" + path + "'" + did_you_mean(path, known));
  }

  void parse_param(const std::string& path, const Value& v) {
    model::Parameter p;
    p.path = path;
    p.origin = v.at;
    if (v.is_scalar()) {
      p.dist = Distribution::fixed(number(v));
      s_.params.push_back(std::move(p));
      return;
    }
    std::vector<std::string> allowed = kDistKeys;
    allowed.insert(allowed.end(), kMetaKeys.begin(), kMetaKeys.end());
    check_keys(v, allowed);
    const Value* dist = nullptr;
    for (const auto& [k, x] : v.items) {
      if (std::find(kDistKeys.begin(), kDistKeys.end(), k) == kDistKeys.end()) continue;
      if (dist) fail_key(x, "a parameter has one distribution; '" + path + "' has two");
      dist = &x;
    }
    if (!dist) fail(v, "missing a value or distribution (one of: " + join(kDistKeys) + ")");
    if (const Value* u = v.find("unit")) {
      const auto unit = model::parse_unit(word(*u));
      if (!unit) fail(*u, "unknown unit '" + u->text + "'" + did_you_mean(u->text, model::unit_names()) +
                              "; known units: " + join(model::unit_names()));
      p.unit = *unit;
    }
    if (const Value* x = v.find("source")) p.source = x->text;
    if (const Value* x = v.find("label")) {
      p.label = word(*x);
      if (p.label != "Q" && p.label != "D" && p.label != "E")
        fail(*x, "a label is Q (quoted), D (derived) or E (estimate), got '" + p.label + "'");
    }
    if (const Value* x = v.find("note")) p.note = x->text;
    const std::string kind = dist->path.substr(dist->path.rfind('.') + 1);
    if (kind == "dirichlet") {
      dirichlet(p, *dist);
      return;
    }
    p.dist = distribution(kind, *dist);
    check_range(p, *dist);
    if (p.unit.is_money()) {
      p.price_year = s_.settings.price_year;
      if (const Value* y = v.find("price_year")) {
        p.price_year = static_cast<int>(bounded(*y, 1900, 2200));
        p.index_factor = index_factor(p.price_year, *y);
      }
    } else if (const Value* y = v.find("price_year")) {
      fail(*y, "a price year belongs to amounts in euros; the unit here is " + p.unit.name);
    }
    s_.params.push_back(std::move(p));
  }

  double index_factor(int year, const Value& at) {
    const int target = s_.settings.price_year;
    if (year == target) return 1.0;
    const auto from = cpi_.find(year), to = cpi_.find(target);
    if (from == cpi_.end() || to == cpi_.end())
      fail(at, "no CPI index for " + std::to_string(from == cpi_.end() ? year : target) +
                   " to bring this amount to the price year " + std::to_string(target) + "; add it under cpi:");
    return to->second / from->second;
  }

  static Distribution distribution(const std::string& kind, const Value& v) {
    try {
      if (kind == "value") return Distribution::fixed(number(v));
      const auto args = [&](std::vector<std::string> keys) {
        check_keys(need_map(v), keys);
        std::vector<double> out;
        for (const auto& k : keys) out.push_back(number(need(v, k)));
        return out;
      };
      const auto by_moments = [&](const std::vector<std::string>& natural) { return v.is_map() && v.find("mean") && !v.find(natural[0]); };
      if (kind == "beta") {
        if (by_moments({"alpha"})) { auto a = args({"mean", "sd"}); return Distribution::beta_mean_sd(a[0], a[1]); }
        auto a = args({"alpha", "beta"});
        return Distribution::beta(a[0], a[1]);
      }
      if (kind == "gamma") {
        if (by_moments({"shape"})) { auto a = args({"mean", "sd"}); return Distribution::gamma_mean_sd(a[0], a[1]); }
        auto a = args({"shape", "scale"});
        return Distribution::gamma(a[0], a[1]);
      }
      if (kind == "lognormal") {
        if (by_moments({"meanlog"})) { auto a = args({"mean", "sd"}); return Distribution::lognormal_mean_sd(a[0], a[1]); }
        auto a = args({"meanlog", "sdlog"});
        return Distribution::lognormal(a[0], a[1]);
      }
      if (kind == "normal") { auto a = args({"mean", "sd"}); return Distribution::normal(a[0], a[1]); }
      if (kind == "uniform") { auto a = args({"min", "max"}); return Distribution::uniform(a[0], a[1]); }
      if (kind == "triangular") { auto a = args({"min", "mode", "max"}); return Distribution::triangular(a[0], a[1], a[2]); }
      auto a = args({"min", "mode", "max"});
      return Distribution::pert(a[0], a[1], a[2]);
    } catch (const std::invalid_argument& e) {
      fail(v, std::string(kind) + ": " + e.what());
    }
  }

  // Probabilities lie in [0, 1]; amounts in euros are not negative (direction is payer -> payee).
  static void check_range(const model::Parameter& p, const Value& at) {
    const auto& d = p.dist;
    const double lo = d.kind == model::DistKind::fixed ? d.a
                      : (d.kind == model::DistKind::uniform || d.kind == model::DistKind::triangular ||
                         d.kind == model::DistKind::pert) ? d.a
                      : d.kind == model::DistKind::normal ? d.a : 0.0;
    const double hi = d.kind == model::DistKind::fixed ? d.a
                      : d.kind == model::DistKind::uniform ? d.b
                      : (d.kind == model::DistKind::triangular || d.kind == model::DistKind::pert) ? d.c
                      : d.kind == model::DistKind::normal ? d.a
                      : d.kind == model::DistKind::beta ? 1.0 : d.mean();
    if (p.unit.kind == model::UnitKind::probability && (lo < 0 || hi > 1))
      fail(at, "'" + p.path + "' is a probability (" + p.unit.name + ") but its value " +
                   (lo < 0 ? fmt_num(lo) : fmt_num(hi)) + " lies outside [0, 1]");
    if ((p.unit.is_money() || p.unit.kind == model::UnitKind::rate) && lo < 0)
      fail(at, "'" + p.path + "' is " + fmt_num(lo) + ", but must be >= 0 (" + p.unit.name + ")");
  }

  void dirichlet(const model::Parameter& meta, const Value& v) {
    model::DirichletGroup g;
    g.path = meta.path;
    const int group = static_cast<int>(s_.dirichlets.size());
    for (const auto& [k, x] : need_map(v).items) {
      const double alpha = number(x);
      if (alpha <= 0) fail(x, "a Dirichlet alpha must be > 0, got " + x.text);
      model::Parameter p = meta;
      p.path = meta.path + "." + k;
      p.unit = *model::parse_unit("share");
      p.dist = Distribution::gamma(alpha, 1.0);
      p.dirichlet = group;
      p.origin = x.at;
      g.members.push_back(static_cast<int>(s_.params.size()));
      s_.params.push_back(std::move(p));
    }
    if (g.members.size() < 2) fail(v, "a Dirichlet needs at least two components");
    s_.dirichlets.push_back(std::move(g));
  }

  // -- expressions
  struct Site {
    std::vector<std::pair<int, model::ExprTemplate>> pieces;  // (from_month, template)
    std::vector<const Value*> nodes;                         // per piece, for messages
  };

  model::ExprTemplate parse_expr(const Value& v) {
    if (!v.is_scalar()) fail(v, "expected a number or an expression, got " + describe(v));
    try {
      return model::parse_expression(v.text);
    } catch (const model::ExprError& e) {
      model::SourceRef at = v.at;
      at.column += static_cast<int>(e.pos) + (v.quoted ? 1 : 0);
      throw LoadError(at, v.path, std::string("in expression '") + v.text + "': " + e.what());
    }
  }

  Site parse_site(const Value& v) {
    Site s;
    if (!v.is_seq()) {
      s.pieces.emplace_back(0, parse_expr(v));
      s.nodes.push_back(&v);
      return s;
    }
    int last = -1;
    for (const auto& piece : v.list) {
      check_keys(need_map(piece), {"from", "value"});
      const Value& from = need(piece, "from");
      const int m = static_cast<int>(bounded(from, 0, 1200));
      if (last < 0 && m != 0) fail(from, "the first piece must start at month 0");
      if (m <= last) fail(from, "pieces must start at increasing months");
      last = m;
      s.pieces.emplace_back(m, parse_expr(need(piece, "value")));
      s.nodes.push_back(&need(piece, "value"));
    }
    if (s.pieces.empty()) fail(v, "expected at least one piece");
    return s;
  }

  int bind(const model::ExprTemplate& t, const Value& at, int combo) {
    const int arm = combo / static_cast<int>(s_.groups.size());
    const auto& g = s_.groups[combo % s_.groups.size()];
    const auto fill = [&](std::string_view key) -> std::optional<std::string> {
      if (key == "arm") return s_.arms[arm];
      for (std::size_t i = 0; i < s_.attributes.size(); ++i)
        if (key == s_.attributes[i].name) return s_.attributes[i].values[g.values[i]];
      return std::nullopt;
    };
    const auto lookup = [&](const std::string& path) {
      const auto it = index_.find(path);
      return it == index_.end() ? -1 : it->second;
    };
    model::Expression e;
    try {
      e = model::bind_expression(t, fill, lookup);
    } catch (const model::ExprError& err) {
      model::SourceRef where = at.at;
      if (at.at.line == at.key_at.line || !at.quoted) where.column += static_cast<int>(err.pos) + (at.quoted ? 1 : 0);
      std::string msg = std::string("in expression '") + t.text + "' for arm " + s_.arms[arm] +
                        (g.label == "all" ? "" : ", " + g.label) + ": " + err.what();
      const std::string what = err.what();
      if (what.rfind("unknown parameter '", 0) == 0) {
        const std::string path = what.substr(19, what.size() - 20);
        msg += did_you_mean(path, all_paths_);
      } else if (what.rfind("unknown placeholder", 0) == 0) {
        std::vector<std::string> ph = {"arm"};
        for (const auto& a : s_.attributes) ph.push_back(a.name);
        msg += "; known placeholders: " + join(ph);
      }
      throw LoadError(where, at.path, msg);
    }
    const auto [it, added] = expr_index_.try_emplace(e.key(), static_cast<int>(s_.exprs.size()));
    if (!added) return it->second;
    const int id = it->second;
    expr_node_.push_back(&at);
    s_.exprs.push_back(std::move(e));
    return id;
  }

  model::Pieces bind_site(const Site& site, int combo) {
    model::Pieces out;
    for (std::size_t i = 0; i < site.pieces.size(); ++i)
      out.push_back({site.pieces[i].first, bind(site.pieces[i].second, *site.nodes[i], combo)});
    return out;
  }

  // `when:` filters on arm and attributes: the combinations a transition or flow applies to.
  std::vector<bool> applies(const Value* when) {
    std::vector<bool> on(s_.combos(), true);
    if (!when) return on;
    std::vector<std::string> keys = {"arm"};
    for (const auto& a : s_.attributes) keys.push_back(a.name);
    check_keys(need_map(*when), keys);
    for (const auto& [k, v] : when->items) {
      const std::vector<std::string>* values = &s_.arms;
      int attr = -1;
      for (std::size_t i = 0; i < s_.attributes.size(); ++i)
        if (s_.attributes[i].name == k) {
          values = &s_.attributes[i].values;
          attr = static_cast<int>(i);
        }
      // An arm must exist; an attribute value the population does not have (a shared data file
      // may name benefits a scenario's population lacks) matches no client group.
      std::vector<bool> allowed(values->size(), false);
      const auto allow = [&](const Value& x) {
        if (attr < 0) {
          allowed[index_in(x, *values, k)] = true;
          return;
        }
        const auto it = std::find(values->begin(), values->end(), word(x));
        if (it != values->end()) allowed[it - values->begin()] = true;
      };
      if (v.is_seq()) for (const auto& x : v.list) allow(x);
      else allow(v);
      for (int c = 0; c < s_.combos(); ++c) {
        const int arm = c / static_cast<int>(s_.groups.size());
        const int val = attr < 0 ? arm : s_.groups[c % s_.groups.size()].values[attr];
        if (!allowed[val]) on[c] = false;
      }
    }
    return on;
  }

  // -- transitions
  void transitions() {
    for (const auto& t : need_seq(need(root_, "transitions")).list) {
      check_keys(need_map(t), {"from", "to", "probability", "rate", "when", "note", "source"});
      model::Transition tr;
      tr.from = index_in(need(t, "from"), s_.states, "state");
      tr.to = index_in(need(t, "to"), s_.states, "state");
      if (tr.from == tr.to) fail(need(t, "to"), "staying is the complement of the other transitions; remove this one");
      const Value* p = t.find("probability");
      const Value* r = t.find("rate");
      if (!!p == !!r) fail(t, "give exactly one of 'probability' and 'rate' (per month)");
      tr.is_rate = r != nullptr;
      tr.origin = t.at;
      const Site site = parse_site(p ? *p : *r);
      const auto on = applies(t.find("when"));
      for (int c = 0; c < s_.combos(); ++c) tr.by_combo.push_back(on[c] ? bind_site(site, c) : model::Pieces{});
      transition_nodes_.push_back(p ? p : r);
      s_.transitions.push_back(std::move(tr));
    }
  }

  // -- flows and effects
  void flows(const std::string& section, bool effects) {
    const Value* sec = root_.find(section);
    if (!sec) return;
    for (const auto& [name, f] : need_map(*sec).items) {
      std::vector<std::string> keys = {"in_state", "on_transition", "at_start", "when", "note", "source"};
      if (effects) keys.push_back("unit");
      else keys.insert(keys.end(), {"payer", "payee"});
      check_keys(need_map(f), keys);
      int effect = -1;
      if (effects) {
        effect = static_cast<int>(s_.effects.size());
        s_.effects.push_back(name);
        s_.effect_units.push_back(f.find("unit") ? word(*f.find("unit")) : "");
      }
      const auto on = applies(f.find("when"));
      model::FlowLine proto;
      proto.name = name;
      proto.effect = effect;
      proto.origin = f.at;
      kind_of(f, proto);
      if (effects) {
        add_line(f, proto, on, nullptr);
        continue;
      }
      proto.payee = index_in(need(f, "payee"), s_.parties, "party");
      const Value& payer = need(f, "payer");
      if (payer.is_scalar()) {
        proto.payer = index_in(payer, s_.parties, "party");
        if (proto.payer == proto.payee) fail(payer, "payer and payee are the same party");
        add_line(f, proto, on, nullptr);
        continue;
      }
      check_keys(need_map(payer), {"split"});
      const Value& split = need_map(need(payer, "split"));
      std::vector<const Value*> shares;
      for (const auto& [party, share] : split.items) {
        model::FlowLine line = proto;
        line.name = name + "/" + party;
        line.payer = party_of(party, share);
        if (line.payer == line.payee) fail_key(share, "payer and payee are the same party");
        add_line(f, line, on, &share);
        shares.push_back(&share);
      }
      split_checks_.push_back({&split, shares});
    }
  }

  int party_of(const std::string& name, const Value& at) {
    const auto it = std::find(s_.parties.begin(), s_.parties.end(), name);
    if (it == s_.parties.end())
      fail_key(at, "unknown party '" + name + "'" + did_you_mean(name, s_.parties) + "; known: " + join(s_.parties));
    return static_cast<int>(it - s_.parties.begin());
  }

  void kind_of(const Value& f, model::FlowLine& line) {
    const int n = !!f.find("in_state") + !!f.find("on_transition") + !!f.find("at_start");
    if (n != 1) fail(f, "give exactly one of in_state, on_transition, at_start");
    if (f.find("in_state")) line.kind = model::FlowKind::in_state;
    else if (f.find("on_transition")) line.kind = model::FlowKind::on_transition;
    else line.kind = model::FlowKind::at_start;
  }

  // Binds one line's amounts (times its split share, if any) for every combination.
  void add_line(const Value& f, model::FlowLine line, const std::vector<bool>& on, const Value* share) {
    const auto with_share = [&](Site site) {
      if (!share) return site;
      const model::ExprTemplate st = parse_expr(*share);
      for (auto& [from, t] : site.pieces) {
        t.postfix.insert(t.postfix.end(), st.postfix.begin(), st.postfix.end());
        t.postfix.push_back({model::ExprOp::mul, 0.0, {}, 0});
        t.text = "(" + t.text + ") * (" + st.text + ")";
      }
      return site;
    };
    const int C = s_.combos();
    if (line.kind == model::FlowKind::in_state) {
      const Value& states = need_map(*f.find("in_state"));
      line.state_pieces.assign(s_.states.size(), std::vector<model::Pieces>(C));
      for (const auto& [st, amount] : states.items) {
        const auto it = std::find(s_.states.begin(), s_.states.end(), st);
        if (it == s_.states.end())
          fail_key(amount, "unknown state '" + st + "'" + did_you_mean(st, s_.states) + "; known: " + join(s_.states));
        const Site site = with_share(parse_site(amount));
        for (int c = 0; c < C; ++c)
          if (on[c]) line.state_pieces[it - s_.states.begin()][c] = bind_site(site, c);
      }
    } else {
      const Value* amount = f.find("at_start");
      if (line.kind == model::FlowKind::on_transition) {
        const Value& ot = need_map(*f.find("on_transition"));
        check_keys(ot, {"from", "to", "amount"});
        const auto state_or_any = [&](const Value& v) {
          return v.is_scalar() && v.text == "any" ? -1 : index_in(v, s_.states, "state");
        };
        line.from = state_or_any(need(ot, "from"));
        line.to = state_or_any(need(ot, "to"));
        const bool exists = std::any_of(s_.transitions.begin(), s_.transitions.end(), [&](const auto& t) {
          return (line.from < 0 || t.from == line.from) && (line.to < 0 || t.to == line.to);
        });
        if (!exists) fail(ot, "the model has no transition from " + need(ot, "from").text + " to " + need(ot, "to").text);
        amount = &need(ot, "amount");
      }
      if (amount->is_seq()) fail(*amount, "a one-off amount cannot be piecewise");
      const Site site = with_share(parse_site(*amount));
      line.combo_expr.assign(C, -1);
      for (int c = 0; c < C; ++c)
        if (on[c]) line.combo_expr[c] = bind_site(site, c)[0].expr;
    }
    s_.lines.push_back(std::move(line));
  }

  // -- analyses: which to run, and what they look at
  void analyses() {
    const Value* a = root_.find("analyses");
    if (!a) return;
    check_keys(need_map(*a), {"run", "settlement", "tornado", "breakeven", "voi"});
    auto& out = s_.analyses;
    const auto param = [&](const Value& v) {
      const std::string& path = word(v);
      if (!index_.count(path)) fail(v, "unknown parameter '" + path + "'" + did_you_mean(path, all_paths_));
      return path;
    };
    if (const Value* run = a->find("run"))
      for (const auto& v : need_seq(*run).list) {
        index_in(v, {"settlement", "tornado", "breakeven", "voi"}, "analysis");
        out.run.push_back(v.text);
      }
    if (const Value* st = a->find("settlement")) {
      check_keys(need_map(*st), {"financiers"});
      if (const Value* f = st->find("financiers"))
        for (const auto& v : need_seq(*f).list) {
          const int p = index_in(v, s_.parties, "party");
          if (p == 0) fail(v, "the outside account cannot be a financier");
          out.financiers.push_back(v.text);
        }
    }
    if (const Value* t = a->find("tornado")) {
      check_keys(need_map(*t), {"parameters", "ranges"});
      if (const Value* ps = t->find("parameters"))
        for (const auto& v : need_seq(*ps).list) out.tornado_parameters.push_back(param(v));
      if (const Value* rs = t->find("ranges"))
        for (const auto& [path, range] : need_map(*rs).items) {
          if (!index_.count(path)) fail_key(range, "unknown parameter '" + path + "'" + did_you_mean(path, all_paths_));
          if (need_seq(range).list.size() != 2) fail(range, "a range is [low, high]");
          out.tornado_ranges.push_back({path, {number(range.list[0]), number(range.list[1])}});
        }
    }
    if (const Value* b = a->find("breakeven"))
      for (const auto& v : need_seq(*b).list) {
        check_keys(need_map(v), {"parameter", "low", "high"});
        model::AnalysisSettings::BreakEvenSpec spec;
        spec.parameter = param(need(v, "parameter"));
        if (v.find("low") || v.find("high")) {
          spec.low = number(need(v, "low"));
          spec.high = number(need(v, "high"));
          spec.has_range = true;
          if (spec.low >= spec.high) fail(v, "low must be below high");
        }
        out.breakeven.push_back(spec);
      }
    if (const Value* voi = a->find("voi")) {
      check_keys(need_map(*voi), {"groups"});
      if (const Value* gs = voi->find("groups"))
        for (const auto& [name, prefixes] : need_map(*gs).items) {
          std::vector<std::string> list;
          for (const auto& v : need_seq(prefixes).list) {
            const std::string& prefix = word(v);
            const bool any = std::any_of(all_paths_.begin(), all_paths_.end(), [&](const std::string& p) {
              return p == prefix || p.rfind(prefix + ".", 0) == 0;
            });
            if (!any) fail(v, "no parameter is '" + prefix + "' or under it" + did_you_mean(prefix, all_paths_));
            list.push_back(prefix);
          }
          out.voi_groups.push_back({name, list});
        }
    }
  }

  // -- checks at the base case (every parameter at its mean)
  void check_base_case() {
    std::vector<double> params;
    engine::draw_parameters(s_, s_.settings.seed, 0, params);
    std::vector<double> val(s_.exprs.size());
    for (std::size_t i = 0; i < s_.exprs.size(); ++i) val[i] = s_.exprs[i].eval(params.data());
    const auto combo_name = [&](int c) {
      const auto& g = s_.groups[c % s_.groups.size()];
      return "arm " + s_.arms[c / s_.groups.size()] + (g.label == "all" ? "" : ", " + g.label);
    };
    for (std::size_t ti = 0; ti < s_.transitions.size(); ++ti) {
      const auto& t = s_.transitions[ti];
      for (int c = 0; c < s_.combos(); ++c)
        for (const auto& piece : t.by_combo[c]) {
          const double v = val[piece.expr];
          if (!(v >= 0) || (!t.is_rate && v > 1))
            fail(*expr_node_[piece.expr], std::string(t.is_rate ? "rate" : "probability") + " is " + fmt_num(v) +
                                              " in the base case (" + combo_name(c) + "), but must be " +
                                              (t.is_rate ? ">= 0" : "in [0, 1]"));
        }
    }
    // Probabilities out of one state must not exceed 1 together.
    for (int st = 0; st < static_cast<int>(s_.states.size()); ++st)
      for (int c = 0; c < s_.combos(); ++c)
        for (int m = 0; m <= 1200; ++m) {
          double total = 0, rates = 0;
          bool any_piece_starts = m == 0;
          const Value* first = nullptr;
          for (std::size_t ti = 0; ti < s_.transitions.size(); ++ti) {
            const auto& t = s_.transitions[ti];
            if (t.from != st || t.by_combo[c].empty()) continue;
            if (!first) first = transition_nodes_[ti];
            int e = -1;
            for (const auto& p : t.by_combo[c]) {
              if (p.from_month > m) break;
              e = p.expr;
              any_piece_starts |= p.from_month == m;
            }
            (t.is_rate ? rates : total) += val[e];
          }
          if (!any_piece_starts) continue;
          total += -std::expm1(-rates);
          if (total > 1 + 1e-12)
            fail(*first, "probabilities of leaving '" + s_.states[st] + "' sum to " + fmt_num(total) +
                             " in the base case (" + combo_name(c) + ", month " + std::to_string(m) +
                             " in the state), more than 1");
        }
    for (const auto& [split, shares] : split_checks_) {
      for (int c = 0; c < s_.combos(); ++c) {
        double total = 0;
        for (const Value* sh : shares) {
          const model::ExprTemplate t = parse_expr(*sh);
          total += s_.exprs[bind(t, *sh, c)].eval(params.data());
        }
        if (std::abs(total - 1) > 1e-6)
          fail(*split, "the split's shares sum to " + fmt_num(total) + " in the base case (" + combo_name(c) + "), not 1");
      }
    }
  }

  std::string resolved_text() const {
    Value out = root_;
    Value params = make(Value::Kind::map);
    for (const auto& [p, v] : d_.params) params.items.emplace_back(p, v);
    out.items.emplace_back("parameters", params);
    return to_yaml(out);
  }

  Document d_;
  const Value& root_;
  Scenario s_;
  std::map<int, double> cpi_;
  std::unordered_map<std::string, int> index_;
  std::unordered_map<std::string, int> expr_index_;
  std::vector<const Value*> expr_node_;        // per expr: where it was first written
  std::vector<const Value*> transition_nodes_;  // per transition: its probability or rate
  std::vector<std::string> all_paths_;
  std::vector<std::pair<const Value*, std::vector<const Value*>>> split_checks_;
};


// The variants of a `sweep:` block: `grid:` (the Cartesian product of listed values per dotted
// parameter path, named after the values) or `variants:` (named sets of values).
struct Variant {
  std::string name;
  Entries sets;
};

std::vector<Variant> sweep_of(const Document& doc) {
  std::vector<Variant> out;
  if (doc.sweep.kind == Value::Kind::null) return out;
  const Value& sw = need_map(doc.sweep);
  check_keys(sw, {"grid", "variants"});
  if (!!sw.find("grid") == !!sw.find("variants")) fail(sw, "give exactly one of 'grid' and 'variants'");
  if (const Value* variants = sw.find("variants")) {
    for (const auto& [name, sets] : need_map(*variants).items) {
      Variant v{name, {}};
      for (const auto& [path, value] : need_map(sets).items) v.sets.emplace_back(path, value);
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
        w.sets.emplace_back(path, x);
        next.push_back(std::move(w));
      }
    out = std::move(next);
  }
  return out;
}

Document read_document(const std::string& text, const std::string& name) {
  Document doc;
  std::vector<std::string> stack;
  std::error_code ec;
  stack.push_back(fs::weakly_canonical(fs::path(name), ec).string());
  load_into(doc, text, name, stack);
  return doc;
}

}  // namespace

model::Scenario load_scenario_text(const std::string& text, const std::string& name, const std::string& variant) {
  Document doc = read_document(text, name);
  if (!variant.empty()) {
    const auto variants = sweep_of(doc);
    const auto it = std::find_if(variants.begin(), variants.end(), [&](const Variant& v) { return v.name == variant; });
    if (it == variants.end()) throw LoadError({name, 0, 0}, "sweep", "no variant named '" + variant + "'");
    for (const auto& [path, value] : it->sets) put(doc.sets, path, value);
  }
  model::Scenario s = Builder(std::move(doc)).build();
  if (!variant.empty()) {
    s.variant = variant;
    s.name += " [" + variant + "]";
  }
  return s;
}

model::Scenario load_scenario(const std::string& path, const std::string& variant) {
  return load_scenario_text(read_file(path, nullptr), path, variant);
}

std::vector<std::string> sweep_variants(const std::string& path) {
  const Document doc = read_document(read_file(path, nullptr), path);
  std::vector<std::string> names;
  for (const auto& v : sweep_of(doc)) names.push_back(v.name);
  return names;
}


}  // namespace werkbaat::io
