#pragma once
// Expressions of a scenario file: parsed where they are written, bound per (arm, client group)
// with placeholders filled, and de-duplicated by their compiled code into Scenario::exprs, so that
// each distinct expression is evaluated once per draw. Errors point at the expression's place,
// with the column of the problem where the text is on one line.
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/scenario/yaml_tree.h"
#include "werkbaat/model/scenario.h"

namespace werkbaat::io {

class ExpressionBinder {
 public:
  // Binds into s.exprs; needs s's arms, attributes, groups and parameters.
  explicit ExpressionBinder(model::Scenario& s);

  // A value that may be piecewise by months in the state and by a clock: one expression, or a
  // list of {from: month, <clock>: month, value: expression} (see model::Piece). A clock a piece
  // names is added to s.clocks, its cap raised to the piece's bound.
  struct Site {
    struct Piece {
      int from = 0, clock = -1, clock_from = 0;
      model::ExprTemplate t;
    };
    std::vector<Piece> pieces;
    std::vector<const Value*> nodes;  // per piece, for messages
  };

  // Derived parameters (`derived: {name: expression}`): named expressions that any expression
  // may use like a parameter; each use is replaced by the expression's own code, so it computes
  // exactly what writing it out in full would. A name that is a parameter already, or a cycle
  // among them, is an error at the definition.
  void read_derived(const Value* derived);

  model::ExprTemplate parse(const Value& v) const;
  Site parse_site(const Value& v);

  // The index in s.exprs of the template bound for `combo`; equal code gives the same index.
  int bind(const model::ExprTemplate& t, const Value& at, int combo);
  model::Pieces bind_site(const Site& site, int combo);
  // The template bound for `combo`, not added to s.exprs.
  model::Expression compile(const model::ExprTemplate& t, const Value& at, int combo) const;
  model::PlaceholderFn filler(int combo, const std::string& key = "", const std::string& instead = "") const;
  void in_derived_it_uses(const model::ExprTemplate& t, const Value& at, int combo) const;
  void hole_at_its_name(const model::ExprTemplate& t, const Value& at, int combo, const std::string& missing,
                        const model::SourceRef& used) const;

  // `when:` filters on arm and attributes: per combination, whether it applies.
  std::vector<bool> applies(const Value* when) const;

 private:
  model::Scenario& s_;
  std::vector<std::string> paths_;                      // every parameter path, for suggestions
  std::unordered_map<std::string, int> by_identity_;    // Expression::identity() -> index
  struct Derived {
    const Value* at = nullptr;
    model::ExprTemplate t;  // its own references to other derived parameters already replaced
  };
  std::unordered_map<std::string, Derived> derived_;
  // t with every derived parameter replaced by its code (at the place of the use).
  void inline_derived(model::ExprTemplate& t) const;
};

}  // namespace werkbaat::io
