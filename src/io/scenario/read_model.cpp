#include <algorithm>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"

namespace werkbaat::io {
namespace {

void read_transitions(const Value& root, ExpressionBinder& bind, model::Scenario& s) {
  for (const auto& t : need_seq(need(root, "transitions")).list) {
    check_keys(need_map(t), keys::transition);
    model::Transition tr;
    tr.from = index_in(need(t, "from"), s.states, "state");
    tr.to = index_in(need(t, "to"), s.states, "state");
    if (tr.from == tr.to) fail(need(t, "to"), "staying is the complement of the other transitions; remove this one");
    const Value* p = t.find("probability");
    const Value* r = t.find("rate");
    if (!!p == !!r) fail(t, "give exactly one of 'probability' and 'rate' (per month)");
    const Value& value = p ? *p : *r;
    tr.is_rate = r != nullptr;
    tr.origin = t.at;
    tr.value_origin = value.at;
    tr.value_key = value.path();
    const auto site = bind.parse_site(value);
    const auto on = bind.applies(t.find("when"));
    for (int c = 0; c < s.combos(); ++c) tr.by_combo.push_back(on[c] ? bind.bind_site(site, c) : model::Pieces{});
    s.transitions.push_back(std::move(tr));
  }
}

// The clock on the value of changing attribute `a` (added to s.clocks when new), its cap raised
// to `bound`.
int clock_on(const model::Attribute& a, model::Scenario& s, int bound) {
  for (std::size_t k = 0; k < s.clocks.size(); ++k)
    if (s.clocks[k].name == "on_" + a.name) {
      s.clocks[k].cap = std::max(s.clocks[k].cap, bound);
      return static_cast<int>(k);
    }
  model::Clock c;
  c.name = "on_" + a.name;
  c.kind = model::ClockKind::on_value;
  c.target = static_cast<int>(&a - s.attributes.data());
  c.cap = bound;
  s.clocks.push_back(c);
  return static_cast<int>(s.clocks.size()) - 1;
}

// `lasts: {gamma: {mean, sd}}` or `lasts: {uniform: {min, max}}`: months on the value drawn per
// client (micro mode only). The rule's probability per month is 0: only micro mode moves clients
// when their months are up.
void read_drawn(const Value& lasts, ExpressionBinder& bind, model::Scenario& s, model::ChangeRule& rule) {
  if (lasts.items.size() != 1)
    fail(lasts, "give the months on the value as a whole number, or one distribution they are drawn from per client: "
                "{gamma: {mean: .., sd: ..}} or {uniform: {min: .., max: ..}}");
  const auto& [kind, args] = lasts.items.front();
  std::vector<std::string> names;
  if (kind == "gamma") {
    rule.drawn = model::ChangeRule::Drawn::gamma;
    names = {"mean", "sd"};
  } else if (kind == "uniform") {
    rule.drawn = model::ChangeRule::Drawn::uniform;
    names = {"min", "max"};
  } else {
    throw InputError::unknown(key_place(args), args.path(), "distribution of months per client", kind,
                              std::vector<std::string>{"gamma", "uniform"});
  }
  check_keys(need_map(args), names);
  const model::ExprTemplate first = bind.parse(need(args, names[0])), second = bind.parse(need(args, names[1]));
  for (int c = 0; c < s.combos(); ++c)
    rule.drawn_args.push_back({bind.bind(first, need(args, names[0]), c), bind.bind(second, need(args, names[1]), c)});
  rule.drawn_origin = lasts.at;
  rule.value_key = lasts.path();
  ExpressionBinder::Site site;
  site.pieces.push_back({0, -1, 0, model::parse_expression("0")});
  site.nodes = {&lasts};
  for (int c = 0; c < s.combos(); ++c) rule.by_combo.push_back(bind.bind_site(site, c));
}

// changes: {attribute: [rule, ...]}: per rule, the values it moves clients from, and either a
// move out of a state (`leaving`, `after` months in it at least), a move into one (`entering`), a
// duration (`lasts`) or a probability per month (pieces allowed), and where to (a value,
// `earlier`, or shares over values).
void read_changes(const Value& root, ExpressionBinder& bind, model::Scenario& s) {
  const Value* changes = root.find("changes");
  if (!changes) return;
  for (const auto& [name, rules] : changes->items) {
    int attr = -1;
    for (std::size_t i = 0; i < s.attributes.size(); ++i)
      if (s.attributes[i].name == name) attr = static_cast<int>(i);
    const auto& a = s.attributes[attr];
    for (std::size_t index = 0; index < rules.list.size(); ++index) {
      const Value& r = rules.list[index];
      check_keys(r, keys::change_rule);
      model::ChangeRule rule;
      rule.attribute = attr;
      rule.origin = r.at;
      rule.key = r.path();
      rule.name = r.find("name") ? word(*r.find("name")) : name + "[" + std::to_string(index) + "]";
      if (const Value* src = r.find("source")) rule.source = src->text;
      else fail(r, "missing key 'source': a rule of the law or of practice is sourced like every number");
      rule.from.assign(a.values.size(), false);
      const Value& from = need(r, "from");
      const auto allow = [&](const Value& v) {
        const auto it = std::find(a.values.begin(), a.values.end(), word(v));
        if (it != a.values.end()) rule.from[it - a.values.begin()] = true;  // a value the population lacks: none
      };
      if (from.is_seq()) for (const auto& v : from.list) allow(v);
      else allow(from);
      const Value* leaving = r.find("leaving");
      const Value* entering = r.find("entering");
      const Value* prob = r.find("probability");
      const Value* lasts = r.find("lasts");
      if (!!leaving + !!entering + !!prob + !!lasts != 1)
        fail(r, "give exactly one of 'leaving' or 'entering' (a state), 'lasts' (months on the value) and 'probability' "
                "(per month)");
      if (entering) rule.entering = index_in(*entering, s.states, "state");
      if (leaving) {
        rule.leaving = index_in(*leaving, s.states, "state");
        if (const Value* after = r.find("after")) rule.after = static_cast<int>(bounded(*after, 0, 1200));
      } else if (r.find("after")) {
        fail(*r.find("after"), "'after' goes with 'leaving'; for a value that ends after some months, give 'lasts'");
      }
      if (const Value* rem = r.find("remember")) rule.remember = boolean(*rem);
      rule.when.resize(s.attributes.size());
      if (const Value* when = r.find("when")) {
        std::vector<std::string> changing;
        for (const auto& x : s.attributes)
          if (x.changes) changing.push_back(x.name);
        check_keys(need_map(*when), changing);
        for (const auto& [key, list] : when->items) {
          const std::string k = key;  // (a structured binding cannot be captured by clang 14)
          const auto it = std::find_if(s.attributes.begin(), s.attributes.end(), [&](const auto& x) { return x.name == k; });
          auto& allowed = rule.when[it - s.attributes.begin()];
          allowed.assign(it->values.size(), false);
          const auto allow_value = [&](const Value& v) {
            const auto at = std::find(it->values.begin(), it->values.end(), word(v));
            if (at != it->values.end()) allowed[at - it->values.begin()] = true;
          };
          if (list.is_seq()) for (const auto& v : list.list) allow_value(v);
          else allow_value(list);
        }
      }
      const Value& to = need(r, "to");
      const auto value_of = [&](const std::string& v) {
        if (v == "earlier") return model::kEarlier;
        return static_cast<int>(std::find(a.values.begin(), a.values.end(), v) - a.values.begin());
      };
      if (to.is_scalar()) {
        rule.to.push_back(value_of(word(to)));
      } else {
        std::vector<ExpressionBinder::Site> shares;
        for (const auto& [v, share] : to.items) {
          if (v == "earlier") fail_key(share, "'earlier' cannot take a share");
          rule.to.push_back(value_of(v));
          if (share.is_seq()) fail(share, "a share cannot be piecewise");
          shares.push_back(bind.parse_site(share));
        }
        rule.share_by_combo.resize(s.combos());
        for (int c = 0; c < s.combos(); ++c)
          for (const auto& site : shares) rule.share_by_combo[c].push_back(bind.bind_site(site, c)[0].expr);
      }
      if (prob) {
        rule.value_key = prob->path();
        const auto site = bind.parse_site(*prob);
        for (int c = 0; c < s.combos(); ++c) rule.by_combo.push_back(bind.bind_site(site, c));
      }
      if (lasts && lasts->is_map()) {
        read_drawn(*lasts, bind, s, rule);
      } else if (lasts) {
        // A value that lasts n months ends at the end of its n-th month: probability 1 once the
        // clock on the value reads n - 1 (the month's own months on the value).
        rule.value_key = lasts->path();
        const int n = static_cast<int>(bounded(*lasts, 1, 1200));
        ExpressionBinder::Site site;
        site.pieces.push_back({0, -1, 0, model::parse_expression("0")});
        site.pieces.push_back({0, clock_on(a, s, n - 1), n - 1, model::parse_expression("1")});
        site.nodes = {lasts, lasts};
        for (int c = 0; c < s.combos(); ++c) rule.by_combo.push_back(bind.bind_site(site, c));
      }
      s.changes.push_back(std::move(rule));
    }
  }
}

model::FlowKind kind_of(const Value& f) {
  const int n = !!f.find("in_state") + !!f.find("on_transition") + !!f.find("at_start");
  if (n != 1) fail(f, "give exactly one of in_state, on_transition, at_start");
  if (f.find("in_state")) return model::FlowKind::in_state;
  if (f.find("on_transition")) return model::FlowKind::on_transition;
  return model::FlowKind::at_start;
}

// Binds one line's amounts (times its split share, if any) for every combination it applies to.
void add_line(const Value& f, model::FlowLine line, const std::vector<bool>& on, const Value* share,
              ExpressionBinder& bind, model::Scenario& s) {
  const auto with_share = [&](ExpressionBinder::Site site) {
    if (!share) return site;
    const model::ExprTemplate st = bind.parse(*share);
    for (auto& p : site.pieces) {
      model::ExprTemplate& t = p.t;
      t.postfix.insert(t.postfix.end(), st.postfix.begin(), st.postfix.end());
      t.postfix.push_back({model::ExprOp::mul, 0.0, {}, 0});
      t.text = "(" + t.text + ") * (" + st.text + ")";
    }
    return site;
  };
  const int C = s.combos();
  if (line.kind == model::FlowKind::in_state) {
    const Value& states = need_map(*f.find("in_state"));
    line.state_pieces.assign(s.states.size(), std::vector<model::Pieces>(C));
    std::vector<bool> given(s.states.size(), false);
    for (const auto& [key, amount] : states.items) {
      // One amount for several states: "zorg, traject, uitval".
      std::vector<int> named;
      for (std::size_t at = 0; at <= key.size();) {
        const std::size_t comma = std::min(key.find(',', at), key.size());
        std::string st = key.substr(at, comma - at);
        st.erase(0, st.find_first_not_of(" \t"));
        st.erase(st.find_last_not_of(" \t") + 1);
        at = comma + 1;
        if (st.empty()) fail_key(amount, "'" + key + "' names no state between two commas or at an end; give states as 'zorg, traject'");
        const auto it = std::find(s.states.begin(), s.states.end(), st);
        if (it == s.states.end())
          throw InputError::unknown(key_place(amount), amount.path(), "state", st, s.states);
        const int state = static_cast<int>(it - s.states.begin());
        if (given[state]) fail_key(amount, "state '" + st + "' has an amount already in this flow");
        given[state] = true;
        named.push_back(state);
      }
      const auto site = with_share(bind.parse_site(amount));
      for (const int state : named)
        for (int c = 0; c < C; ++c)
          if (on[c]) line.state_pieces[state][c] = bind.bind_site(site, c);
    }
  } else {
    const Value* amount = f.find("at_start");
    if (line.kind == model::FlowKind::on_transition) {
      const Value& ot = need_map(*f.find("on_transition"));
      check_keys(ot, keys::on_transition);
      const auto state_or_any = [&](const Value& v) {
        return v.is_scalar() && v.text == "any" ? -1 : index_in(v, s.states, "state");
      };
      line.from = state_or_any(need(ot, "from"));
      line.to = state_or_any(need(ot, "to"));
      const bool exists = std::any_of(s.transitions.begin(), s.transitions.end(), [&](const auto& t) {
        return (line.from < 0 || t.from == line.from) && (line.to < 0 || t.to == line.to);
      });
      if (!exists) fail(ot, "the model has no transition from " + need(ot, "from").text + " to " + need(ot, "to").text);
      amount = &need(ot, "amount");
    }
    if (amount->is_seq()) fail(*amount, "a one-off amount cannot be piecewise");
    const auto site = with_share(bind.parse_site(*amount));
    line.combo_expr.assign(C, -1);
    for (int c = 0; c < C; ++c)
      if (on[c]) line.combo_expr[c] = bind.bind_site(site, c)[0].expr;
  }
  s.lines.push_back(std::move(line));
}

int party_at_key(const std::string& name, const Value& at, const model::Scenario& s) {
  const int p = s.party_index(name);
  if (p < 0) throw InputError::unknown(key_place(at), at.path(), "party", name, s.parties);
  return p;
}

// A payer split over parties: one line per party, and the shares kept for the base-case check.
void add_split(const Value& f, const model::FlowLine& proto, const std::vector<bool>& on, const Value& split,
               ExpressionBinder& bind, model::Scenario& s) {
  model::SplitShares shares{split.at, split.path(), std::vector<std::vector<model::Expression>>(s.combos())};
  for (const auto& [party, share] : split.items) {
    model::FlowLine line = proto;
    line.name = proto.name + "/" + party;
    line.payer = party_at_key(party, share, s);
    if (line.payer == line.payee) fail_key(share, "payer and payee are the same party");
    add_line(f, line, on, &share, bind, s);
    const auto t = bind.parse(share);
    for (int c = 0; c < s.combos(); ++c) shares.by_combo[c].push_back(bind.compile(t, share, c));
  }
  s.splits.push_back(std::move(shares));
}

std::vector<model::DisplayName> display_names(const Value* map) {
  std::vector<model::DisplayName> out;
  if (map)
    for (const auto& [id, names] : need_map(*map).items) {
      check_keys(need_map(names), keys::display_name);
      out.push_back({id, word(need(names, "nl")), word(need(names, "en"))});
    }
  return out;
}

// Labels name the parties, arms, states, effects, population attributes and their values (as
// `attribute.value`); one for an id this scenario does not have is left out (a base file names
// every arm, and a scenario runs some of them).
void read_labels(const Value& root, model::Scenario& s) {
  std::vector<std::string> known(s.parties.begin() + 1, s.parties.end());  // resources is never shown
  known.insert(known.end(), s.arms.begin(), s.arms.end());
  known.insert(known.end(), s.states.begin(), s.states.end());
  known.insert(known.end(), s.effects.begin(), s.effects.end());
  for (const auto& a : s.attributes) {
    known.push_back(a.name);
    for (const auto& v : a.values) known.push_back(a.name + "." + v);
  }
  for (auto& l : display_names(root.find("labels")))
    if (std::find(known.begin(), known.end(), l.id) != known.end()) s.labels.push_back(std::move(l));
}

int category_of(const Value& f, model::Scenario& s) {
  std::vector<std::string> ids;
  for (const auto& c : s.categories) ids.push_back(c.id);
  if (const Value* c = f.find("category")) {
    if (s.categories.empty()) fail(*c, "no categories are declared; list them under the top-level key 'categories'");
    return index_in(*c, ids, "category");
  }
  const auto it = std::find(ids.begin(), ids.end(), model::kOtherCategory);
  if (it != ids.end()) return static_cast<int>(it - ids.begin());
  s.categories.push_back({model::kOtherCategory, "Overig", "Other"});
  return static_cast<int>(s.categories.size()) - 1;
}

void read_flows(const Value& root, const std::string& section, bool effects, ExpressionBinder& bind,
                model::Scenario& s) {
  const Value* sec = root.find(section);
  if (!sec) return;
  for (const auto& [name, f] : need_map(*sec).items) {
    std::vector<std::string> allowed = keys::flow;
    const auto& own = effects ? keys::effect : keys::money_flow;
    allowed.insert(allowed.end(), own.begin(), own.end());
    check_keys(need_map(f), allowed);
    model::FlowLine proto;
    proto.name = name;
    proto.flow = name;
    if (effects) {
      proto.effect = static_cast<int>(s.effects.size());
      s.effects.push_back(name);
      s.effect_units.push_back(f.find("unit") ? word(*f.find("unit")) : "");
    }
    const auto on = bind.applies(f.find("when"));
    proto.origin = f.at;
    proto.kind = kind_of(f);
    if (effects) {
      add_line(f, proto, on, nullptr, bind, s);
      continue;
    }
    proto.category = category_of(f, s);
    proto.payee = index_in(need(f, "payee"), s.parties, "party");
    const Value& payer = need(f, "payer");
    if (payer.is_scalar()) {
      proto.payer = index_in(payer, s.parties, "party");
      if (proto.payer == proto.payee) fail(payer, "payer and payee are the same party");
      add_line(f, proto, on, nullptr, bind, s);
    } else {
      check_keys(need_map(payer), keys::payer);
      add_split(f, proto, on, need_map(need(payer, "split")), bind, s);
    }
    // A provider that passes what it receives on to real resources (staff, beds): one more line,
    // of that name, from the payee to resources with the whole amount.
    if (const Value* passed = f.find("passed_on")) {
      model::FlowLine mirror = proto;
      mirror.name = mirror.flow = word(*passed);
      if (proto.payee == 0) fail(*passed, "the payee is resources, the outside account: there is nothing to pass on");
      const bool taken = sec->find(mirror.name) || std::any_of(s.lines.begin(), s.lines.end(), [&](const auto& l) {
                           return l.name == mirror.name;
                         });
      if (taken) fail(*passed, "a flow or line named '" + mirror.name + "' exists already; name the line passed on otherwise");
      mirror.payer = proto.payee;
      mirror.payee = 0;
      add_line(f, mirror, on, nullptr, bind, s);
    }
  }
}

}  // namespace

void read_model(const Value& root, ExpressionBinder& bind, model::Scenario& s) {
  read_transitions(root, bind, s);
  read_changes(root, bind, s);
  s.categories = display_names(root.find("categories"));
  read_flows(root, "flows", false, bind, s);
  read_flows(root, "effects", true, bind, s);
  read_labels(root, s);
}

}  // namespace werkbaat::io
