#include <algorithm>
#include <cmath>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

// The Netherlands has about 18 million inhabitants; no scenario models more people than that.
constexpr double kMaxPopulation = 20'000'000;
// Every (arm, group) is simulated and booked: beyond this many groups a run cannot be small.
constexpr double kMaxGroups = 10'000;

std::string too_many_people(double size) {
  return "a population of " + number_text(size) + " is more than the " + number_text(kMaxPopulation) +
         " people a Dutch scenario can have";
}

void read_arms(const Value& root, model::Scenario& s) {
  const Value& a = need_map(need(root, "arms"));
  check_keys(a, keys::arms);
  const Value& comparator = need(a, "comparator");
  s.arms.push_back(word(comparator));
  s.arm_origin.push_back(comparator.at);
  s.arm_key.push_back(comparator.path());
  const Value& iv = need(a, "interventions");
  const auto list = iv.is_scalar() ? std::vector<std::string>{word(iv)} : names(iv, "arm");
  if (list.empty()) fail(iv, "at least one intervention arm is needed");
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string& n = list[k];
    if (n == s.arms[0]) fail(iv, "'" + n + "' is the comparator; it cannot also be an intervention");
    s.arms.push_back(n);
    const Value& named = iv.is_scalar() ? iv : iv.list[k];
    s.arm_origin.push_back(named.at);
    s.arm_key.push_back(named.path());
  }
  const Value& start = need(root, "start");
  if (start.is_scalar()) {
    s.start_state.assign(s.arms.size(), index_in(start, s.states, "state"));
    return;
  }
  check_keys(need_map(start), s.arms);
  for (const auto& arm : s.arms) {
    const Value* v = start.find(arm);
    if (!v) fail(start, "missing the entry state of arm '" + arm + "'");
    s.start_state.push_back(index_in(*v, s.states, "state"));
  }
}

void read_size(const Value& p, model::Scenario& s) {
  const Value* size = p.find("size");
  const Value* inflow = p.find("inflow");
  if (size && inflow) fail(*inflow, "give either size (a closed cohort) or inflow, not both");
  if (!size && !inflow) fail(p, "missing key 'size' (or 'inflow')");
  if (size) {
    s.population.size = number(*size);
    if (s.population.size <= 0) fail(*size, "the population size must be > 0");
    if (s.population.size > kMaxPopulation) fail(*size, too_many_people(s.population.size));
    return;
  }
  check_keys(need_map(*inflow), keys::inflow);
  const double per_year = number(need(*inflow, "per_year"));
  const long years = bounded(need(*inflow, "years"), 1, 100);
  if (per_year <= 0) fail(need(*inflow, "per_year"), "the inflow must be > 0");
  s.population.size = per_year * static_cast<double>(years);
  if (s.population.size > kMaxPopulation) fail(*inflow, too_many_people(s.population.size));
  s.population.entry_months = static_cast<int>(12 * years);
  if (s.population.entry_months > s.settings.horizon)
    fail(*inflow, "the inflow lasts " + std::to_string(12 * years) + " months, longer than the horizon of " +
                      std::to_string(s.settings.horizon));
}

// The values a rule's `to:` names: one value, or the keys of its shares (with `earlier`).
std::vector<std::string> destinations(const Value& rule) {
  const Value& to = need(need_map(rule), "to");
  std::vector<std::string> out;
  if (to.is_scalar()) out.push_back(word(to));
  else
    for (const auto& [v, share] : need_map(to).items) out.push_back(v);
  return out;
}

// The values a changing attribute's rules name, from `changes: {attribute: [rule, ...]}`: a
// destination the population does not list joins it with share 0 (clients reach it only by a
// change). The rules themselves are read with the model (read_model.cpp).
void read_change_values(const Value& changes, model::Scenario& s) {
  for (const auto& [name, rules] : need_map(changes).items) {
    model::Attribute* a = nullptr;
    for (auto& x : s.attributes)
      if (x.name == name) a = &x;
    if (!a) {
      std::vector<std::string> known;
      for (const auto& x : s.attributes) known.push_back(x.name);
      throw InputError::unknown(key_place(rules), rules.path(), "population attribute", name, known);
    }
    a->changes = true;
    for (const auto& rule : need_seq(rules).list)
      for (const auto& v : destinations(rule))
        if (v != "earlier" && std::find(a->values.begin(), a->values.end(), v) == a->values.end()) {
          a->values.push_back(v);
          a->shares.push_back(0.0);
          a->value_origin.push_back(need(rule, "to").at);
          a->value_key.push_back(need(rule, "to").path());
        }
  }
}

// The values of `a` clients can hold, starting from `held`: closed under its rules.
std::vector<bool> reachable(const Value& changes, const model::Attribute& a, std::vector<bool> held) {
  const Value& rules = *changes.find(a.name);
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& rule : rules.list) {
      const Value& from = need(rule, "from");
      bool applies = false;
      const auto check = [&](const Value& v) {
        const auto it = std::find(a.values.begin(), a.values.end(), word(v));
        if (it != a.values.end() && held[it - a.values.begin()]) applies = true;
      };
      if (from.is_seq()) for (const auto& v : from.list) check(v);
      else check(from);
      if (!applies) continue;
      for (const auto& v : destinations(rule)) {
        const auto it = std::find(a.values.begin(), a.values.end(), v);
        if (it != a.values.end() && !held[it - a.values.begin()]) held[it - a.values.begin()] = grew = true;
      }
    }
  }
  return held;
}

// Client groups: every combination of the values clients hold (with a share at entry, or reached
// by a change), counted before any is made.
void read_groups(const Value& root, const Value& p, model::Scenario& s) {
  for (const auto& [k, v] : p.items) {
    if (std::find(keys::population.begin(), keys::population.end(), k) != keys::population.end()) continue;
    model::Attribute a;
    a.name = k;
    if (k == "arm") fail_key(v, "'arm' is reserved for the arms");
    double total = 0;
    for (const auto& [val, share] : need_map(v).items) {
      const double x = number(share);
      if (x < 0 || x > 1) fail(share, "a share must lie in [0, 1], got " + share.text);
      a.values.push_back(val);
      a.shares.push_back(x);
      a.value_origin.push_back(key_place(share));
      a.value_key.push_back(share.path());
      total += x;
    }
    if (a.values.empty()) fail(v, "at least one value with a share is needed");
    if (std::abs(total - 1) > 1e-9) fail(v, "the shares sum to " + number_text(total) + ", not 1");
    s.attributes.push_back(std::move(a));
  }
  if (const Value* changes = root.find("changes")) read_change_values(*changes, s);
  // Values clients hold: those with a share at entry and, of a changing attribute, every value a
  // rule leads to from one of them.
  std::vector<std::vector<int>> values(s.attributes.size());
  for (std::size_t i = 0; i < s.attributes.size(); ++i) {
    std::vector<bool> held(s.attributes[i].values.size());
    for (std::size_t k = 0; k < held.size(); ++k) held[k] = s.attributes[i].shares[k] > 0;
    if (s.attributes[i].changes) held = reachable(*root.find("changes"), s.attributes[i], held);
    for (std::size_t k = 0; k < held.size(); ++k)
      if (held[k]) values[i].push_back(static_cast<int>(k));
  }
  double groups = 1;
  for (const auto& v : values) groups *= static_cast<double>(v.size());
  if (groups > kMaxGroups)
    fail(p, "the population's attributes make " + number_text(groups) + " client groups, more than " +
                number_text(kMaxGroups) + "; combine values or drop an attribute");
  // Odometer over the values clients hold, the first attribute fastest.
  std::vector<std::size_t> idx(s.attributes.size(), 0);
  for (;;) {
    model::Group g;
    g.share = 1;
    for (std::size_t i = 0; i < idx.size(); ++i) {
      const int k = values[i][idx[i]];
      g.values.push_back(k);
      g.share *= s.attributes[i].shares[k];
      g.label += (g.label.empty() ? "" : ",") + s.attributes[i].name + "=" + s.attributes[i].values[k];
    }
    s.groups.push_back(std::move(g));
    std::size_t i = 0;
    for (; i < idx.size(); ++i) {
      if (++idx[i] < values[i].size()) break;
      idx[i] = 0;
    }
    if (i == idx.size()) break;
  }
  if (s.groups.empty()) s.groups.push_back({{}, 1.0, "all"});
}

// entry_age: the clients' age at entry in years, one number for all or per value of one
// attribute ({age_band: {young: 22, older: 45}}): where the `age` clock starts.
void read_entry_age(const Value& p, model::Scenario& s) {
  const Value* at = p.find("entry_age");
  if (!at) return;
  if (at->is_scalar()) {
    s.population.entry_age = {age_in_months(*at)};
    return;
  }
  const Value& by = need_map(*at);
  if (by.items.size() != 1)
    fail(by, "give the age at entry as one number, or per value of one attribute: {ATTRIBUTE: {VALUE: years, ...}}");
  const auto& [name, ages] = by.items[0];
  std::vector<std::string> known;
  for (const auto& a : s.attributes) known.push_back(a.name);
  const int a = static_cast<int>(std::find(known.begin(), known.end(), name) - known.begin());
  if (a == static_cast<int>(known.size()))
    throw InputError::unknown(key_place(ages), ages.path(), "population attribute", name, known);
  const model::Attribute& attr = s.attributes[a];
  check_keys(need_map(ages), attr.values);
  s.population.age_attribute = a;
  s.population.entry_age.assign(attr.values.size(), 0);
  for (std::size_t v = 0; v < attr.values.size(); ++v) {
    const Value* y = ages.find(attr.values[v]);
    if (y) s.population.entry_age[v] = age_in_months(*y);
    else if (attr.shares[v] > 0) fail(ages, "missing the age at entry of " + name + " '" + attr.values[v] + "'");
  }
}

}  // namespace

void read_structure(const Value& root, model::Scenario& s) {
  s.parties = {std::string(model::kResources)};
  for (const auto& p : names(need(root, "parties"), "party")) {
    if (p == model::kResources || p == model::kSociety)
      fail(need(root, "parties"), "'" + p + "' is built in; do not list it");
    s.parties.push_back(p);
  }
  s.states = names(need(root, "states"), "state");
  for (std::size_t k = 0; k < s.states.size(); ++k)
    if (s.states[k].find(',') != std::string::npos)
      fail(need(root, "states").list[k], "a state's name has no comma (a flow's 'zorg, traject' names two states)");
  if (s.states.size() < 2) fail(need(root, "states"), "a model needs at least two states");
  read_arms(root, s);
  const Value& p = need_map(need(root, "population"));
  read_size(p, s);
  read_groups(root, p, s);
  read_entry_age(p, s);
}

}  // namespace werkbaat::io
