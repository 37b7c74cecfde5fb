#pragma once
// Arithmetic expressions over parameters: numbers, dotted parameter paths, + - * /, parentheses,
// and calls of the functions below. Paths may hold placeholders such as {arm} or {severity}, filled in per
// arm and client group when the expression is bound to parameter indices.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "werkbaat/model/source_ref.h"

namespace werkbaat::model {

// A parse or bind error; `pos` is the 0-based character offset in the expression text, `name`
// the unknown parameter, placeholder or function, so that callers can suggest without reading
// the message.
struct ExprError : std::runtime_error {
  enum class Kind { syntax, unknown_parameter, unknown_placeholder, unknown_function, too_deep };
  ExprError(std::size_t position, const std::string& message, Kind k = Kind::syntax, std::string unknown = {})
      : std::runtime_error(message), pos(position), kind(k), name(std::move(unknown)) {}
  std::size_t pos;
  Kind kind;
  std::string name;
};

enum class ExprOp : std::uint8_t { constant, param, add, sub, mul, div, neg, call };

// Functions an expression may call: min(a, b), max(a, b), and the benefit rules of
// benefit_rules.h: bijstand(norm, net_earnings, kept_share, cap), ww(maandloon, earnings, level),
// wajong(base, earnings, offset_share), wga(maandloon, earnings, level).
struct ExprFunction {
  const char* name;
  int arity;
  double (*fn)(const double* args);
};
const std::vector<ExprFunction>& expr_functions();

// An expression as written, in postfix order, with identifiers still unresolved.
struct ExprTemplate {
  struct Node {
    ExprOp op;
    double value = 0.0;     // constant; function index (op == call)
    std::string name;       // identifier (op == param)
    std::size_t pos = 0;    // offset in text
  };
  std::string text;
  std::vector<Node> postfix;
};

ExprTemplate parse_expression(std::string_view text);  // throws ExprError

// An expression bound to parameter indices, evaluated once per draw.
struct Expression {
  struct Instr {
    ExprOp op;
    std::int32_t param = -1;  // parameter index (param), function index (call)
    double value = 0.0;
  };
  std::vector<Instr> code;
  std::string text;        // as written (placeholders unfilled), for messages only
  SourceRef origin;        // where it was first written, for messages only
  std::string origin_key;  // the key it was written under, e.g. flows.care.in_state.zorg
  int origin_combo = 0;    // the (arm, group) combination it was first bound for

  double eval(const double* params) const;
  // The identity of the compiled code: equal identities compute the same value from the same
  // parameters. Constants enter by their bits, so 1e-7 and 4e-7 are different expressions.
  std::string identity() const;
};

// Fills placeholders: returns the value for a placeholder name, or nullopt if unknown.
using PlaceholderFn = std::function<std::optional<std::string>(std::string_view)>;
// Looks up a resolved path: the parameter index, or -1 when there is no such parameter.
using LookupFn = std::function<int(const std::string&)>;

// Replaces {placeholders} in one identifier; throws ExprError (pos relative to the identifier).
std::string fill_placeholders(std::string_view ident, const PlaceholderFn& fill);

// Binds a template; throws ExprError naming the first unknown placeholder or parameter.
Expression bind_expression(const ExprTemplate& t, const PlaceholderFn& fill, const LookupFn& lookup);

}  // namespace werkbaat::model
