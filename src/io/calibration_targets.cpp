// Reads a calibration's targets file (docs/calibration.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/scenario/node_reader.h"
#include "io/scenario/yaml_tree.h"
#include "werkbaat/io/calibration.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

using analysis::Likelihood;
using analysis::MeasureKind;

const std::vector<std::string> kTop = {"description", "fit", "targets"};
const std::vector<std::string> kTarget = {"source", "label", "note", "measure", "state", "effect", "month", "months",
                                          "arm", "minus", "where", "holding", "observed"};
const std::vector<std::string> kMeasures = {"share", "ever", "months", "effect"};

// [group]: whether the group holds one of the values a map {attribute: value or [values]} names.
std::vector<bool> groups_holding(const model::Scenario& s, const Value* filter, bool fixed_only) {
  std::vector<bool> out(s.groups.size(), true);
  if (!filter) return out;
  std::vector<std::string> attributes;
  for (const auto& a : s.attributes) attributes.push_back(a.name);
  for (const auto& [name, values] : need_map(*filter).items) {
    const auto found = std::find(attributes.begin(), attributes.end(), name);
    if (found == attributes.end()) throw InputError::unknown(key_place(values), values.path(), "attribute", name, attributes);
    const auto a = static_cast<std::size_t>(found - attributes.begin());
    const auto& attr = s.attributes[a];
    if (fixed_only && attr.changes)
      fail_key(values, fmt::format("'{}' changes during the run (a rule moves clients between its values), so it cannot "
                                   "fix who is measured; count by it with holding: instead",
                                   name));
    std::vector<bool> ok(attr.values.size(), false);
    if (values.is_seq()) {
      for (const auto& v : values.list) ok[index_in(v, attr.values, "value of " + name)] = true;
    } else {
      ok[index_in(values, attr.values, "value of " + name)] = true;
    }
    for (std::size_t g = 0; g < s.groups.size(); ++g) out[g] = out[g] && ok[s.groups[g].values[a]];
  }
  return out;
}

analysis::Target read_target(const model::Scenario& s, const std::string& name, const Value& v) {
  check_keys(need_map(v), kTarget);
  analysis::Target t;
  t.name = name;
  t.origin = key_place(v);
  t.source = word(need(v, "source"));
  analysis::Measure& m = t.measure;
  const Value& measure = need(v, "measure");
  m.kind = static_cast<MeasureKind>(index_in(measure, kMeasures, "measure"));
  if (const Value* st = v.find("state")) m.state = index_in(*st, s.states, "state");
  if (m.kind == MeasureKind::effect) {
    m.effect = index_in(need(v, "effect"), s.effects, "effect");
    if (v.find("state")) fail_key(*v.find("state"), "measure effect counts the effect where the scenario books it; give no state:");
  } else if (const Value* e = v.find("effect")) {
    fail_key(*e, "effect: names the effect of measure: effect");
  }
  if (m.kind == MeasureKind::ever && m.state < 0) fail_key(v, "measure ever needs the state: e.g. state: werk");
  if (m.kind != MeasureKind::effect && m.state < 0 && !v.find("holding"))
    fail_key(v, "give the state the clients are counted in (state:), or what they hold (holding:)");
  const int horizon = s.settings.horizon;
  const Value* month = v.find("month");
  const Value* months = v.find("months");
  if (!!month == !!months) fail_key(v, "give exactly one of month: (a month) and months: [first, last] (share only)");
  if (month) {
    m.first = m.last = static_cast<int>(bounded(*month, 1, horizon));
  } else {
    if (m.kind != MeasureKind::share) fail(*months, "months: [first, last] averages a share; ever, months and effect count by one month: give month:");
    const Value& seq = need_seq(*months);
    if (seq.list.size() != 2) fail(seq, "months: is [first, last], got " + describe(seq));
    m.first = static_cast<int>(bounded(seq.list[0], 1, horizon));
    m.last = static_cast<int>(bounded(seq.list[1], m.first, horizon));
  }
  m.arm = index_in(need(v, "arm"), s.arms, "arm");
  if (const Value* minus = v.find("minus")) {
    m.minus = index_in(*minus, s.arms, "arm");
    if (m.minus == m.arm) fail(*minus, "minus: names the same arm as arm:; a difference is between two arms");
  }
  for (const char* key : {"where", "holding"})
    if (const Value* f = v.find(key))
      for (const auto& [attr, values] : need_map(*f).items) {
        std::string list;
        for (const Value& x : values.is_seq() ? values.list : std::vector<Value>{values}) list += (list.empty() ? "" : "/") + word(x);
        t.filter += (t.filter.empty() ? "" : "; ") + std::string(key == std::string("holding") ? "holding " : "") + attr + "=" + list;
      }
  m.population = groups_holding(s, v.find("where"), true);
  m.counted = groups_holding(s, v.find("holding"), false);
  if (m.kind == MeasureKind::ever && v.find("holding")) fail_key(*v.find("holding"), "measure ever counts a state; holding: is for share and months");
  double clients = 0;
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    if (m.population[g]) clients += s.groups[g].share;
  if (!(clients > 0))
    fail_key(v.find("where") ? *v.find("where") : v, "no client of the scenario is in this population (its groups have no share)");
  if (std::find(m.counted.begin(), m.counted.end(), true) == m.counted.end())
    fail_key(*v.find("holding"), "no client group holds these values, so the target would count no one");

  const Value& observed = need(v, "observed");
  need_map(observed);
  if (observed.find("k") || observed.find("n")) {
    check_keys(observed, {"k", "n"});
    t.likelihood = Likelihood::binomial;
    t.n = static_cast<double>(bounded(need(observed, "n"), 1, 100'000'000));
    t.k = static_cast<double>(bounded(need(observed, "k"), 0, static_cast<long>(t.n)));
    if (m.minus >= 0)
      fail_key(observed, "a difference between arms is an estimate: give estimate: with se: or ci95: [low, high]");
    if (m.kind == MeasureKind::months || m.kind == MeasureKind::effect)
      fail_key(observed, "k of n counts people; a mean per client is an estimate: give estimate: with se: or ci95:");
  } else {
    check_keys(observed, {"estimate", "se", "ci95"});
    t.likelihood = Likelihood::normal;
    t.estimate = number(need(observed, "estimate"));
    const Value* se = observed.find("se");
    const Value* ci = observed.find("ci95");
    if (!!se == !!ci) fail_key(observed, "give the estimate's uncertainty as exactly one of se: and ci95: [low, high]");
    if (se) {
      t.se = number(*se);
      if (!(t.se > 0)) fail(*se, "a standard error is above 0");
    } else {
      const Value& seq = need_seq(*ci);
      if (seq.list.size() != 2) fail(seq, "ci95: is [low, high], got " + describe(seq));
      const double lo = number(seq.list[0]), hi = number(seq.list[1]);
      if (!(lo < t.estimate && t.estimate < hi)) fail(seq, fmt::format("the estimate {:g} lies outside its interval [{:g}, {:g}]", t.estimate, lo, hi));
      t.se = (hi - lo) / (2 * 1.959963984540054);
    }
  }
  return t;
}

}  // namespace

analysis::CalibrationProblem read_calibration(const model::Scenario& s, const std::string& targets_file,
                                              const std::vector<std::string>& fit, const FileReader& files) {
  const FileText text = files.read(targets_file);
  if (!text.ok()) throw InputError({targets_file, 0, 0}, "--targets", "cannot read the targets file: " + text.problem);
  const Value root = parse_yaml(text.text, targets_file);
  if (root.kind == Value::Kind::null) throw InputError({targets_file, 1, 1}, "", "the targets file is empty");
  if (!root.is_map()) fail(root, "a targets file is a map with fit: and targets:; got " + describe(root));
  check_keys(root, kTop);
  if (s.population.entry_months > 1)
    throw InputError({s.files.empty() ? s.name : s.files.front(), 0, 0}, "population",
                     "calibrate fits a closed cohort, as trials follow one; this scenario's clients enter over " +
                         std::to_string(s.population.entry_months) + " months");
  analysis::CalibrationProblem p;
  p.scenario = s;
  const Value& targets = need_map(need(root, "targets"));
  if (targets.items.empty()) fail(targets, "no targets: name at least one");
  for (const auto& [name, v] : targets.items) p.targets.push_back(read_target(s, name, v));

  std::vector<std::string> patterns = fit;
  std::vector<model::SourceRef> where(fit.size(), model::SourceRef{"--fit", 0, 0});
  if (patterns.empty()) {
    const Value* list = root.find("fit");
    if (!list) fail(root, "missing key 'fit' (the parameters to fit), or give --fit");
    for (const auto& f : need_seq(*list).list) {
      patterns.push_back(word(f));
      where.push_back(f.at);
    }
    if (patterns.empty()) fail(*list, "fit: names no parameter");
  }
  p.params = analysis::fit_parameters(s, patterns, where);
  return p;
}

}  // namespace werkbaat::io
