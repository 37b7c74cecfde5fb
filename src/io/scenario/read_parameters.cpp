#include <algorithm>
#include <cmath>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"

namespace werkbaat::io {
namespace {

using model::Distribution;

// A set: entry merged into the parameter's spec: the new value or distribution, the unit and price
// year of the original, and a source saying where it was set (unless it gives its own).
void apply_set(Entries& params, const std::string& path, const Value& v) {
  if (Value* found = params.find(path)) {
    Value& spec = *found;
    Value merged = make(Value::Kind::map);
    merged.at = v.at;
    merged.key_at = v.key_at;
    merged.path_id = v.path_id;
    if (spec.is_map())
      for (const auto& [k, x] : spec.items)
        if (k != "source" && std::find(keys::metadata.begin(), keys::metadata.end(), k) != keys::metadata.end())
          merged.items.push_back({k, x});
    if (v.is_scalar()) {
      Value val = v;
      val.path_id = v.path_below("value");
      merged.items.push_back({"value", val});
    } else if (is_spec(v)) {
      for (const auto& [k, x] : v.items) put(merged.items, k, x);
    } else {
      fail(v, "expected a number or a distribution, got " + describe(v));
    }
    if (!merged.find("source")) {
      Value src = make(Value::Kind::scalar);
      src.text = "set: in " + v.at.file_name() + ":" + std::to_string(v.at.line);
      merged.items.push_back({"source", src});
    }
    spec = merged;
    return;
  }
  std::vector<std::string> known;
  for (const auto& [p, spec] : params) {
    known.push_back(p);
    if (path.rfind(p + ".", 0) == 0 && spec.is_map() && spec.find("dirichlet"))
      fail_key(v, "'" + path + "' is a component of the Dirichlet parameter '" + p + "'; set '" + p + "' as a whole");
  }
  throw InputError::unknown_name(key_place(v), v.path(), "parameter", path, known);
}

Distribution distribution(const std::string& kind, const Value& v) {
  try {
    if (kind == "value") return Distribution::fixed(number(v));
    const auto args = [&](std::vector<std::string> keys) {
      check_keys(need_map(v), keys);
      std::vector<double> out;
      for (const auto& k : keys) out.push_back(number(need(v, k)));
      return out;
    };
    const auto by_moments = [&](const char* natural) { return v.is_map() && v.find("mean") && !v.find(natural); };
    if (kind == "beta") {
      if (by_moments("alpha")) { auto a = args({"mean", "sd"}); return Distribution::beta_mean_sd(a[0], a[1]); }
      auto a = args({"alpha", "beta"});
      return Distribution::beta(a[0], a[1]);
    }
    if (kind == "gamma") {
      if (by_moments("shape")) { auto a = args({"mean", "sd"}); return Distribution::gamma_mean_sd(a[0], a[1]); }
      auto a = args({"shape", "scale"});
      return Distribution::gamma(a[0], a[1]);
    }
    if (kind == "lognormal") {
      if (by_moments("meanlog")) { auto a = args({"mean", "sd"}); return Distribution::lognormal_mean_sd(a[0], a[1]); }
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

}  // namespace

// Probabilities lie in [0, 1]; amounts in euros are not negative (direction is payer -> payee).
void check_range(const model::Parameter& p, const Value& at) {
  using K = model::DistKind;
  const auto& d = p.dist;
  const double lo = d.kind == K::empirical ? d.sample->front()
                    : d.kind == K::fixed || d.kind == K::uniform || d.kind == K::triangular || d.kind == K::pert ||
                            d.kind == K::normal
                        ? d.a
                        : 0.0;
  const double hi = d.kind == K::empirical                               ? d.sample->back()
                    : d.kind == K::fixed || d.kind == K::normal           ? d.a
                    : d.kind == K::uniform                               ? d.b
                    : (d.kind == K::triangular || d.kind == K::pert)     ? d.c
                    : d.kind == K::beta                                  ? 1.0
                                                                         : d.mean();
  if ((p.unit.kind == model::UnitKind::probability || p.unit.kind == model::UnitKind::share) && (lo < 0 || hi > 1))
    fail(at, "'" + p.path + "' is a " +
                 (p.unit.kind == model::UnitKind::share ? std::string("share") : "probability (" + p.unit.name + ")") +
                 " but its value " + (lo < 0 ? number_text(lo) : number_text(hi)) + " lies outside [0, 1]");
  if ((p.unit.is_money() || p.unit.kind == model::UnitKind::rate) && lo < 0)
    fail(at, "'" + p.path + "' is " + number_text(lo) + ", but must be >= 0 (" + p.unit.name + ")");
}

namespace {

// A point estimate lies where the distribution can be (and in the unit's range, see check_range).
void check_point(const model::Parameter& p, const Value& at) {
  using K = model::DistKind;
  const auto& d = p.dist;
  const double x = *p.point;
  double lo = -INFINITY, hi = INFINITY;
  switch (d.kind) {
    case K::beta: lo = 0, hi = 1; break;
    case K::gamma: case K::lognormal: lo = 0; break;
    case K::uniform: lo = d.a, hi = d.b; break;
    case K::triangular: case K::pert: lo = d.a, hi = d.c; break;
    case K::fixed: lo = hi = d.a; break;
    case K::normal: case K::empirical: break;
  }
  if (x < lo || x > hi)
    fail(at, "the point estimate " + number_text(x) + " of '" + p.path + "' lies outside its " +
                 std::string(model::to_string(d.kind)) + " distribution's range [" + number_text(lo) + ", " +
                 number_text(hi) + "]");
  if ((p.unit.kind == model::UnitKind::probability || p.unit.kind == model::UnitKind::share) && (x < 0 || x > 1))
    fail(at, "'" + p.path + "' is a " + (p.unit.kind == model::UnitKind::share ? "share" : "probability") +
                 " but its point estimate " + number_text(x) + " lies outside [0, 1]");
  if ((p.unit.is_money() || p.unit.kind == model::UnitKind::rate) && x < 0)
    fail(at, "'" + p.path + "' is " + number_text(x) + ", but must be >= 0 (" + p.unit.name + ")");
}

double index_factor(const std::map<int, double>& cpi, int year, int target, const Value& at) {
  if (year == target) return 1.0;
  const auto from = cpi.find(year), to = cpi.find(target);
  if (from == cpi.end() || to == cpi.end())
    fail(at, "no CPI index for " + std::to_string(from == cpi.end() ? year : target) +
                 " to bring this amount to the price year " + std::to_string(target) + "; add it under cpi:");
  return to->second / from->second;
}

void read_dirichlet(const model::Parameter& meta, const Value& v, model::Scenario& s) {
  model::DirichletGroup g;
  g.path = meta.path;
  const int group = static_cast<int>(s.dirichlets.size());
  for (const auto& [k, x] : need_map(v).items) {
    const double alpha = number(x);
    if (alpha <= 0) fail(x, "a Dirichlet alpha must be > 0, got " + x.text);
    model::Parameter p = meta;
    p.path = meta.path + "." + k;
    p.unit = *model::parse_unit("share");
    p.dist = Distribution::gamma(alpha, 1.0);
    p.dirichlet = group;
    p.origin = x.at;
    g.members.push_back(static_cast<int>(s.params.size()));
    s.params.push_back(std::move(p));
  }
  if (g.members.size() < 2) fail(v, "a Dirichlet needs at least two components");
  s.dirichlets.push_back(std::move(g));
}

void read_parameter(const std::string& path, const Value& v, const std::map<int, double>& cpi, model::Scenario& s) {
  model::Parameter p;
  p.path = path;
  p.origin = v.at;
  if (v.is_scalar()) {
    p.dist = Distribution::fixed(number(v));
    s.params.push_back(std::move(p));
    return;
  }
  static const std::vector<std::string> allowed = [] {
    std::vector<std::string> all = keys::distributions;
    all.insert(all.end(), keys::metadata.begin(), keys::metadata.end());
    all.insert(all.end(), keys::point.begin(), keys::point.end());
    return all;
  }();
  check_keys(v, allowed);
  const Value* dist = nullptr;
  std::string kind;
  for (const auto& [k, x] : v.items) {
    if (std::find(keys::distributions.begin(), keys::distributions.end(), k) == keys::distributions.end()) continue;
    if (dist) fail_key(x, "a parameter has one distribution; '" + path + "' has two");
    dist = &x;
    kind = k;
  }
  if (!dist) fail(v, "missing a value or distribution (one of: " + join(keys::distributions) + ")");
  if (const Value* u = v.find("unit")) {
    const auto unit = model::parse_unit(word(*u));
    if (!unit) throw InputError::unknown(u->at, u->path(), "unit", u->text, model::unit_names());
    p.unit = *unit;
  }
  if (const Value* x = v.find("source")) p.source = x->text;
  if (const Value* x = v.find("label")) {
    p.label = word(*x);
    if (p.label != "Q" && p.label != "D" && p.label != "E")
      fail(*x, "a label is Q (quoted), D (derived) or E (estimate), got '" + p.label + "'");
  }
  if (const Value* x = v.find("note")) p.note = x->text;
  const Value* point = v.find("point");
  if (kind == "dirichlet") {
    if (point) fail_key(*point, "a Dirichlet's point estimate is the mean of its components; remove 'point'");
    read_dirichlet(p, *dist, s);
    return;
  }
  p.dist = distribution(kind, *dist);
  if (point) {
    p.point = number(*point);
    check_point(p, *point);
  }
  if (!std::isfinite(p.dist.mean()) || !std::isfinite(p.dist.variance()))
    fail(*dist, "'" + path + "' has no finite mean or variance (" + kind + "); the base case and the draws need both");
  check_range(p, *dist);
  if (p.unit.is_money()) {
    p.price_year = s.settings.price_year;
    if (const Value* y = v.find("price_year")) {
      p.price_year = static_cast<int>(bounded(*y, 1900, 2200));
      p.index_factor = index_factor(cpi, p.price_year, s.settings.price_year, *y);
    }
  } else if (const Value* y = v.find("price_year")) {
    fail(*y, "a price year belongs to amounts in euros; the unit here is " + p.unit.name);
  }
  s.params.push_back(std::move(p));
}

}  // namespace

void read_parameters(Document& doc, const std::map<int, double>& cpi, model::Scenario& s) {
  for (const auto& [path, v] : doc.sets) apply_set(doc.params, path, v);
  s.params.reserve(doc.params.size());
  s.param_index.reserve(doc.params.size());
  for (const auto& [path, v] : doc.params) read_parameter(path, v, cpi, s);
  for (int i = 0; i < static_cast<int>(s.params.size()); ++i) s.param_index[s.params[i].path] = i;
}

}  // namespace werkbaat::io
