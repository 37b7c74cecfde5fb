#include "io/scenario/expression_binder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "io/scenario/node_reader.h"

namespace werkbaat::io {

ExpressionBinder::ExpressionBinder(model::Scenario& s) : s_(s) {
  paths_ = s.parameter_paths();
}

namespace {

// The expression as written, its syntax errors at their column.
model::ExprTemplate parse_written(const Value& v) {
  if (!v.is_scalar()) fail(v, "expected a number or an expression, got " + describe(v));
  try {
    return model::parse_expression(v.text);
  } catch (const model::ExprError& e) {
    model::SourceRef at = v.at;
    at.column += static_cast<int>(e.pos) + (v.quoted ? 1 : 0);
    throw InputError(at, v.path(), "in expression '" + excerpt(v.text) + "': " + e.what());
  }
}

}  // namespace

model::ExprTemplate ExpressionBinder::parse(const Value& v) const {
  model::ExprTemplate t = parse_written(v);
  inline_derived(t);
  return t;
}

void ExpressionBinder::inline_derived(model::ExprTemplate& t) const {
  if (derived_.empty()) return;
  std::vector<model::ExprTemplate::Node> out;
  for (const auto& node : t.postfix) {
    const auto it = node.op == model::ExprOp::param ? derived_.find(node.name) : derived_.end();
    if (it == derived_.end()) {
      out.push_back(node);
      continue;
    }
    for (auto inner : it->second.t.postfix) {
      inner.pos = node.pos;
      out.push_back(std::move(inner));
    }
  }
  t.postfix = std::move(out);
}

void ExpressionBinder::read_derived(const Value* derived) {
  if (!derived) return;
  std::unordered_map<std::string, model::ExprTemplate> written;
  for (const auto& [name, v] : need_map(*derived).items) {
    if (s_.parameter_index(name) >= 0)
      fail_key(v, "'" + name + "' is a parameter already; a derived parameter needs a name of its own");
    written[name] = parse_written(v);
    derived_[name].at = &v;
  }
  // Each definition with the derived parameters it uses replaced, those first (depth first); a
  // name met again on the way down is a cycle.
  std::vector<std::string> path;
  std::unordered_map<std::string, bool> done;
  const std::function<void(const std::string&)> resolve = [&](const std::string& name) {
    if (done[name]) return;
    if (std::find(path.begin(), path.end(), name) != path.end()) {
      std::string cycle;
      for (auto it = std::find(path.begin(), path.end(), name); it != path.end(); ++it) cycle += *it + " -> ";
      fail_key(*derived_.at(name).at, "derived parameters use each other in a cycle: " + cycle + name);
    }
    path.push_back(name);
    model::ExprTemplate t = written.at(name);
    for (const auto& node : t.postfix)
      if (node.op == model::ExprOp::param && derived_.count(node.name)) resolve(node.name);
    inline_derived(t);
    derived_.at(name).t = std::move(t);
    path.pop_back();
    done[name] = true;
  };
  for (const auto& [name, v] : derived->items) resolve(name);
  for (const auto& [name, v] : derived->items) paths_.push_back(name);
}

namespace {

// The clock a piece's key names (-1: none): since_entry, calendar, age, since_<state>,
// entries_<state>, on_<changing attribute>.
int clock_named(const std::string& key, model::Scenario& s) {
  model::Clock c;
  c.name = key;
  if (key == "since_entry") {
    c.kind = model::ClockKind::since_entry;
  } else if (key == "calendar") {
    c.kind = model::ClockKind::calendar;
  } else if (key == "age") {
    c.kind = model::ClockKind::age;
  } else if (key.rfind("entries_", 0) == 0) {
    const auto it = std::find(s.states.begin(), s.states.end(), key.substr(8));
    if (it == s.states.end()) return -1;
    c.kind = model::ClockKind::entries;
    c.target = static_cast<int>(it - s.states.begin());
  } else if (key.rfind("since_", 0) == 0) {
    const auto it = std::find(s.states.begin(), s.states.end(), key.substr(6));
    if (it == s.states.end()) return -1;
    c.kind = model::ClockKind::since_state;
    c.target = static_cast<int>(it - s.states.begin());
  } else if (key.rfind("on_", 0) == 0) {
    int a = -1;
    for (std::size_t i = 0; i < s.attributes.size(); ++i)
      if (s.attributes[i].changes && s.attributes[i].name == key.substr(3)) a = static_cast<int>(i);
    if (a < 0) return -1;
    c.kind = model::ClockKind::on_value;
    c.target = a;
  } else {
    return -1;
  }
  for (std::size_t i = 0; i < s.clocks.size(); ++i)
    if (s.clocks[i].name == key) return static_cast<int>(i);
  s.clocks.push_back(c);
  return static_cast<int>(s.clocks.size()) - 1;
}

std::vector<std::string> clock_keys(const model::Scenario& s) {
  std::vector<std::string> out = {"since_entry", "calendar", "age"};
  for (const auto& st : s.states) out.push_back("since_" + st);
  for (const auto& st : s.states) out.push_back("entries_" + st);
  for (const auto& a : s.attributes)
    if (a.changes) out.push_back("on_" + a.name);
  return out;
}

}  // namespace

ExpressionBinder::Site ExpressionBinder::parse_site(const Value& v) {
  Site s;
  if (!v.is_seq()) {
    s.pieces.push_back({0, -1, 0, parse(v)});
    s.nodes.push_back(&v);
    return s;
  }
  int last = -1;
  bool clocked = false;
  for (const auto& piece : need_seq(v).list) {
    Site::Piece p;
    const Value* from = nullptr;
    for (const auto& [k, x] : need_map(piece).items) {
      if (k == "value") continue;
      if (k == "from") {
        from = &x;
        p.from = static_cast<int>(bounded(x, 0, 1200));
        continue;
      }
      const int c = clock_named(k, s_);
      if (c < 0)
        fail_key(x, "unknown key '" + k + "' in a piece" + did_you_mean(k, clock_keys(s_)) +
                        "; a piece takes 'value', 'from' (months in the state) and at most one clock: " +
                        join(clock_keys(s_)));
      if (p.clock >= 0) fail_key(x, "a piece can name only one clock (besides 'from')");
      p.clock = c;
      model::Clock& clock = s_.clocks[c];
      if (clock.kind == model::ClockKind::age) {
        if (s_.population.entry_age.empty())
          fail_key(x, "the clock 'age' counts from the clients' age at entry: give population.entry_age (years, "
                      "one number or per value of an attribute)");
        p.clock_from = age_in_months(x);  // written in years
        const auto at = std::lower_bound(clock.bounds.begin(), clock.bounds.end(), p.clock_from);
        if (at == clock.bounds.end() || *at != p.clock_from) clock.bounds.insert(at, p.clock_from);
      } else {
        p.clock_from = static_cast<int>(bounded(x, 0, 1200));
      }
      if (p.clock_from == 0 && clock.kind == model::ClockKind::since_entry)
        fail(x, "since_entry: 0 holds always; leave it out");
      clock.cap = std::max(clock.cap, p.clock_from);
    }
    if (s.pieces.empty() && (p.from != 0 || p.clock >= 0))
      fail(from ? *from : piece, "the first piece must apply always: from month 0, without a clock");
    if (!from && p.clock < 0) fail(piece, "missing key 'from'");
    clocked |= p.clock >= 0;
    if (!clocked && from && s.pieces.size() > 0 && p.from <= last) fail(*from, "pieces must start at increasing months");
    last = p.from;
    p.t = parse(need(piece, "value"));
    s.pieces.push_back(std::move(p));
    s.nodes.push_back(&need(piece, "value"));
  }
  if (s.pieces.empty()) fail(v, "expected at least one piece");
  return s;
}

// What each placeholder reads for `combo`: the arm and the group's values; `instead` in the
// place of placeholder `key` where one is given.
model::PlaceholderFn ExpressionBinder::filler(int combo, const std::string& key, const std::string& instead) const {
  const int arm = combo / static_cast<int>(s_.groups.size());
  const model::Group& g = s_.groups[combo % s_.groups.size()];
  return [this, arm, &g, key, instead](std::string_view k) -> std::optional<std::string> {
    if (!key.empty() && k == key) return instead;
    if (k == "arm") return s_.arms[arm];
    for (std::size_t i = 0; i < s_.attributes.size(); ++i)
      if (k == s_.attributes[i].name) return s_.attributes[i].values[g.values[i]];
    return std::nullopt;
  };
}

// A parameter a template misses for one combination is a hole in its family when another arm
// (or another value of an attribute) in that place has it: then the arm or value is what is new
// or misspelt. Where it was named in another file than the one using it (a scenario's arm, read by
// the base data), the error is reported where the user named it, with every parameter it lacks.
void ExpressionBinder::hole_at_its_name(const model::ExprTemplate& t, const Value& at, int combo,
                                        const std::string& missing, const model::SourceRef& used) const {
  const int G = static_cast<int>(s_.groups.size());
  const int arm = combo / G;
  const auto& g = s_.groups[combo % G];
  const auto lookup = [&](const std::string& path) { return s_.parameter_index(path); };
  // Dimension -1 is the arm, k >= 0 attribute k; each tried with every other value it has.
  for (int dim = -1; dim < static_cast<int>(s_.attributes.size()); ++dim) {
    const std::string key = dim < 0 ? "arm" : s_.attributes[dim].name;
    if (t.text.find("{" + key + "}") == std::string::npos) continue;
    const std::vector<std::string>& values = dim < 0 ? s_.arms : s_.attributes[dim].values;
    const int held = dim < 0 ? arm : g.values[dim];
    for (int other = 0; other < static_cast<int>(values.size()); ++other) {
      if (other == held) continue;
      try {
        (void)model::bind_expression(t, filler(combo, key, values[other]), lookup);
      } catch (const model::ExprError&) {
        continue;
      }
      const auto& origins = dim < 0 ? s_.arm_origin : s_.attributes[dim].value_origin;
      const auto& keys = dim < 0 ? s_.arm_key : s_.attributes[dim].value_key;
      // Where the name and the use are in one file, the use's own message says enough.
      if (held >= static_cast<int>(origins.size()) || origins[held].file == used.file) return;
      // Every hole at once: the parameters `other` has (by its name as a part of their path)
      // that `held` lacks.
      std::vector<std::string> lacks;
      for (const auto& path : paths_) {
        std::string mine, part;
        bool named = false;
        for (std::size_t i = 0; i <= path.size(); ++i) {
          if (i < path.size() && path[i] != '.') {
            part += path[i];
            continue;
          }
          named |= part == values[other];
          mine += (mine.empty() ? "" : ".") + (part == values[other] ? values[held] : part);
          part.clear();
        }
        if (named && s_.parameter_index(mine) < 0 && std::find(lacks.begin(), lacks.end(), mine) == lacks.end())
          lacks.push_back(mine);
      }
      std::string list;
      for (std::size_t i = 0; i < lacks.size() && i < 12; ++i) list += (i ? ", " : "") + lacks[i];
      if (lacks.size() > 12) list += fmt::format(" and {} more", lacks.size() - 12);
      throw InputError(origins[held], keys[held],
                       fmt::format("{} '{}' has no parameter '{}', which {} reads ({}:{}:{}){}; '{}' has {} parameter{} "
                                   "that '{}' lacks: {}",
                                   dim < 0 ? "arm" : key, values[held], missing, at.path(), used.file, used.line,
                                   used.column, did_you_mean(missing, paths_), values[other], lacks.size(),
                                   lacks.size() == 1 ? "" : "s", values[held], list));
    }
  }
}

model::Expression ExpressionBinder::compile(const model::ExprTemplate& t, const Value& at, int combo) const {
  const int arm = combo / static_cast<int>(s_.groups.size());
  const auto& g = s_.groups[combo % s_.groups.size()];
  const auto lookup = [&](const std::string& path) { return s_.parameter_index(path); };
  try {
    model::Expression e = model::bind_expression(t, filler(combo), lookup);
    e.origin = at.at;
    e.origin_key = at.path();
    e.origin_combo = combo;
    return e;
  } catch (const model::ExprError& err) {
    in_derived_it_uses(t, at, combo);
    model::SourceRef where = at.at;
    if (at.at.line == at.key_at.line || !at.quoted) where.column += static_cast<int>(err.pos) + (at.quoted ? 1 : 0);
    std::string msg = "in expression '" + excerpt(t.text) + "' for arm " + s_.arms[arm] +
                      (g.label.empty() || g.label == "all" ? "" : ", " + g.label) + ": " + err.what();
    if (err.kind == model::ExprError::Kind::unknown_parameter && derived_.count(err.name)) {
      msg = "in expression '" + excerpt(t.text) + "': '" + err.name +
            "' is a derived parameter, which a placeholder cannot name; put the placeholder inside its expression";
    } else if (err.kind == model::ExprError::Kind::unknown_parameter) {
      hole_at_its_name(t, at, combo, err.name, where);
      msg += did_you_mean(err.name, paths_);
    } else if (err.kind == model::ExprError::Kind::unknown_placeholder) {
      std::vector<std::string> known = {"arm"};
      for (const auto& a : s_.attributes) known.push_back(a.name);
      msg += "; known placeholders: " + join(known);
    }
    throw InputError(where, at.path(), msg);
  }
}

// An expression that fails because of a derived parameter it uses is reported at that derived
// parameter's definition (the innermost one, where they nest), saying where it was used.
void ExpressionBinder::in_derived_it_uses(const model::ExprTemplate& t, const Value& at, int combo) const {
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '{' || c == '}'; };
  for (const auto& [name, d] : derived_) {
    bool named = false;  // written in t's text as a whole identifier
    for (std::size_t at_ = t.text.find(name); at_ != std::string::npos && !named; at_ = t.text.find(name, at_ + 1))
      named = (at_ == 0 || !ident(t.text[at_ - 1])) &&
              (at_ + name.size() == t.text.size() || !ident(t.text[at_ + name.size()]));
    if (!named) continue;
    try {
      (void)compile(d.t, *d.at, combo);
    } catch (const InputError& e) {
      const model::SourceRef use = at.at;
      throw InputError(e.where(), e.key(),
                       e.message() + fmt::format(" (used by {} at {}:{}:{})", at.path(), use.file, use.line, use.column));
    }
  }
}

int ExpressionBinder::bind(const model::ExprTemplate& t, const Value& at, int combo) {
  model::Expression e = compile(t, at, combo);
  const auto [it, added] = by_identity_.try_emplace(e.identity(), static_cast<int>(s_.exprs.size()));
  if (added) s_.exprs.push_back(std::move(e));
  return it->second;
}

model::Pieces ExpressionBinder::bind_site(const Site& site, int combo) {
  model::Pieces out;
  for (std::size_t i = 0; i < site.pieces.size(); ++i)
    out.push_back({site.pieces[i].from, bind(site.pieces[i].t, *site.nodes[i], combo), site.pieces[i].clock,
                   site.pieces[i].clock_from});
  return out;
}

std::vector<bool> ExpressionBinder::applies(const Value* when) const {
  std::vector<bool> on(s_.combos(), true);
  if (!when) return on;
  std::vector<std::string> keys = {"arm"};
  for (const auto& a : s_.attributes) keys.push_back(a.name);
  check_keys(need_map(*when), keys);
  for (const auto& entry : when->items) {
    const std::string& k = entry.first;
    const Value& v = entry.second;
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

}  // namespace werkbaat::io
