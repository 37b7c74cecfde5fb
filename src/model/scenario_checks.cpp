#include "werkbaat/model/scenario_checks.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "werkbaat/model/error.h"

namespace werkbaat::model {
namespace {

void check_values(const Scenario& s, const std::vector<double>& val) {
  for (const auto& t : s.transitions)
    for (int c = 0; c < s.combos(); ++c)
      for (const auto& piece : t.by_combo[c]) {
        const double v = val[piece.expr];
        if (v >= 0 && (t.is_rate || v <= 1)) continue;
        const auto& e = s.exprs[piece.expr];
        throw InputError(e.origin, e.origin_key,
                         std::string(t.is_rate ? "rate" : "probability") + " is " + number_text(v) +
                             " in the base case (" + s.combo_label(c) + "), but must be " +
                             (t.is_rate ? ">= 0" : "in [0, 1]"));
      }
  for (const auto& r : s.changes)
    for (int c = 0; c < static_cast<int>(r.by_combo.size()); ++c)
      for (const auto& piece : r.by_combo[c]) {
        const double v = val[piece.expr];
        if (v >= 0 && v <= 1) continue;
        const auto& e = s.exprs[piece.expr];
        throw InputError(e.origin, e.origin_key,
                         "rule '" + r.name + "': its probability is " + number_text(v) + " in the base case (" +
                             s.combo_label(c) + "), but must be in [0, 1]");
      }
}

// Every amount and effect is a finite number; money amounts are not negative (the direction of a
// flow is from its payer to its payee).
void check_amounts(const Scenario& s, const std::vector<double>& val) {
  const auto check = [&](const FlowLine& line, int expr, int combo) {
    if (expr < 0) return;
    const double v = val[expr];
    const auto& e = s.exprs[expr];
    if (!std::isfinite(v))
      throw InputError(e.origin, e.origin_key,
                       "the value is " + number_text(v) + " in the base case (" + s.combo_label(combo) +
                           "), but an amount must be a finite number; look for a division by zero");
    if (line.is_money() && v < 0)
      throw InputError(e.origin, e.origin_key,
                       "the amount is " + number_text(v) + " in the base case (" + s.combo_label(combo) +
                           "), but amounts are not negative: money flows from the payer to the payee");
  };
  for (const auto& line : s.lines)
    for (int c = 0; c < s.combos(); ++c) {
      if (line.kind != FlowKind::in_state) {
        check(line, line.combo_expr[c], c);
        continue;
      }
      for (const auto& by_state : line.state_pieces)
        for (const auto& piece : by_state[c]) check(line, piece.expr, c);
    }
}

// Probabilities out of one state must not exceed 1 together, at any month in the state where a
// piece starts, with every clock the pieces read at each of its bounds (and not started).
void check_rows(const Scenario& s, const std::vector<double>& val) {
  std::vector<int> clocks(s.clocks.size(), -1);
  for (int st = 0; st < static_cast<int>(s.states.size()); ++st)
    for (int c = 0; c < s.combos(); ++c) {
      // The clocks these transitions read, and the values at which a piece starts.
      std::vector<std::vector<int>> at(s.clocks.size());
      std::vector<int> read;
      for (const auto& t : s.transitions)
        if (t.from == st)
          for (const auto& p : t.by_combo[c])
            if (p.clock >= 0) {
              if (at[p.clock].empty()) read.push_back(p.clock);
              at[p.clock].push_back(p.clock_from);
            }
      for (const int k : read) at[k].push_back(-1);
      std::vector<std::size_t> pick(read.size(), 0);
      for (;;) {
        for (std::size_t i = 0; i < read.size(); ++i) clocks[read[i]] = at[read[i]][pick[i]];
        for (int m = 0; m <= 1200; ++m) {
          double total = 0, rates = 0;
          bool any_piece_starts = m == 0;
          const Transition* first = nullptr;
          for (const auto& t : s.transitions) {
            if (t.from != st || t.by_combo[c].empty()) continue;
            if (!first) first = &t;
            for (const auto& p : t.by_combo[c]) any_piece_starts |= p.from_month == m;
            const int e = piece_at(t.by_combo[c], m, clocks.data());
            if (e >= 0) (t.is_rate ? rates : total) += val[e];
          }
          if (!any_piece_starts) continue;
          total += leave_probability_of_rates(rates);
          if (total > 1 + 1e-12)
            throw InputError(first->value_origin, first->value_key,
                             "probabilities of leaving '" + s.states[st] + "' sum to " + number_text(total) +
                                 " in the base case (" + s.combo_label(c) + ", month " + std::to_string(m) +
                                 " in the state), more than 1");
        }
        std::size_t i = 0;
        for (; i < read.size(); ++i) {
          if (++pick[i] < at[read[i]].size()) break;
          pick[i] = 0;
        }
        if (i == read.size()) break;
      }
    }
}

// A rule's shares lie in [0, 1] and sum to one; the probabilities of the rules from one value
// add up to at most one (at every bound of their pieces, as for transitions).
void check_changes(const Scenario& s, const std::vector<double>& val) {
  const int G = static_cast<int>(s.groups.size());
  for (const auto& r : s.changes)
    for (int c = 0; c < s.combos(); ++c) {
      if (!r.from[s.groups[c % G].values[r.attribute]] || r.share_by_combo.empty()) continue;
      double total = 0;
      for (const int e : r.share_by_combo[c]) {
        const double v = val[e];
        if (!(v >= 0 && v <= 1))
          throw InputError(s.exprs[e].origin, s.exprs[e].origin_key,
                           "a share is " + number_text(v) + " in the base case (" + s.combo_label(c) +
                               "), but the share of clients a rule moves to a value lies in [0, 1]");
        total += v;
      }
      if (std::abs(total - 1) > 1e-6)
        throw InputError(r.origin, r.key + ".to",
                         "rule '" + r.name + "': its shares sum to " + number_text(total) + " in the base case (" +
                             s.combo_label(c) + "), not 1");
    }
  for (const auto& r : s.changes)
    for (int c = 0; c < static_cast<int>(r.drawn_args.size()); ++c) {
      const double first = val[r.drawn_args[c][0]], second = val[r.drawn_args[c][1]];
      const bool gamma = r.drawn == ChangeRule::Drawn::gamma;
      const bool ok = gamma ? first > 0 && second > 0 && std::isfinite(first) && std::isfinite(second)
                            : first >= 1 && second >= first && second <= 1200;
      if (!ok)
        throw InputError(r.drawn_origin, r.value_key,
                         "rule '" + r.name + "': the months on the value are drawn from " +
                             (gamma ? "a gamma with mean " + number_text(first) + " and sd " + number_text(second)
                                    : "whole months uniform from " + number_text(first) + " to " + number_text(second)) +
                             " in the base case (" + s.combo_label(c) + "), but " +
                             (gamma ? "the mean and the sd must be positive" : "1 <= min <= max <= 1200 must hold"));
    }
  std::vector<int> clocks(s.clocks.size(), -1);
  for (int c = 0; c < s.combos(); ++c)
    for (std::size_t a = 0; a < s.attributes.size(); ++a)
      for (std::size_t v = 0; v < s.attributes[a].values.size(); ++v) {
        if (static_cast<int>(v) != s.groups[c % G].values[a]) continue;
        // Every bound any of these rules' pieces has, each clock alone at it (and not started).
        std::vector<std::array<int, 3>> cases = {{-1, -1, 0}};  // clock, its bound, months in the state
        const ChangeRule* first = nullptr;
        for (const auto& r : s.changes)
          if (r.attribute == static_cast<int>(a) && r.from[v] && !r.by_combo.empty()) {
            if (!first) first = &r;
            for (const auto& p : r.by_combo[c]) cases.push_back({p.clock, p.clock_from, p.from_month});
          }
        if (!first) continue;
        for (const auto& [k, at, m] : cases) {
            std::fill(clocks.begin(), clocks.end(), -1);
            if (k >= 0) clocks[k] = at;
            double total = 0;
            for (const auto& r : s.changes)
              if (r.attribute == static_cast<int>(a) && r.from[v] && !r.by_combo.empty()) {
                const int e = piece_at(r.by_combo[c], m, clocks.data());
                if (e >= 0) total += val[e];
              }
            if (total > 1 + 1e-12)
              throw InputError(first->origin, first->value_key,
                               "the probabilities of the rules from " + s.attributes[a].name + " '" +
                                   s.attributes[a].values[v] + "' sum to " + number_text(total) +
                                   " in the base case (" + s.combo_label(c) + "), more than 1");
          }
      }
}

// "; it reads P = v (set at f:l:c), ...": the parameters an expression reads that were set in
// another file than the one it is written in (the user's set: lines), or all it reads if none.
std::string reads(const Scenario& s, const Expression& e, const std::vector<double>& params) {
  std::vector<int> all, elsewhere;
  for (const auto& in : e.code)
    if (in.op == ExprOp::param && std::find(all.begin(), all.end(), in.param) == all.end()) {
      all.push_back(in.param);
      if (s.params[in.param].origin.file != e.origin.file) elsewhere.push_back(in.param);
    }
  const auto& shown = elsewhere.empty() ? all : elsewhere;
  std::string out;
  for (const int p : shown) {
    const auto& o = s.params[p].origin;
    out += (out.empty() ? "; it reads " : ", ") + s.params[p].path + " = " + number_text(params[p]);
    if (!o.file.empty()) out += " (set at " + o.file + ":" + std::to_string(o.line) + ":" + std::to_string(o.column) + ")";
  }
  return out;
}

void check_splits(const Scenario& s, const std::vector<double>& params) {
  for (const auto& split : s.splits)
    for (int c = 0; c < s.combos(); ++c) {
      double total = 0;
      for (const auto& share : split.by_combo[c]) {
        const double v = share.eval(params.data());
        if (!(v >= 0 && v <= 1))
          throw InputError(share.origin, share.origin_key,
                           "a share is " + number_text(v) + " in the base case (" + s.combo_label(c) +
                               "), but a share of a payment lies in [0, 1]" + reads(s, share, params));
        total += v;
      }
      if (std::abs(total - 1) > 1e-6)
        throw InputError(split.origin, split.key,
                         "the split's shares sum to " + number_text(total) + " in the base case (" + s.combo_label(c) +
                             "), not 1");
    }
}

}  // namespace

void check_base_case(const Scenario& s) {
  std::vector<double> params;
  base_values(s, params);
  std::vector<double> val(s.exprs.size());
  for (std::size_t i = 0; i < s.exprs.size(); ++i) val[i] = s.exprs[i].eval(params.data());
  check_values(s, val);
  check_splits(s, params);
  check_amounts(s, val);
  check_rows(s, val);
  check_changes(s, val);
}

}  // namespace werkbaat::model
