#include "werkbaat/model/expression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace werkbaat::model {
namespace {

constexpr std::size_t kMaxStack = 64;

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '{'; }
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '{' || c == '}';
}

// Recursive-descent parser: expr = term (('+'|'-') term)*; term = unary (('*'|'/') unary)*;
// unary = '-' unary | primary; primary = number | ident | func '(' expr ',' expr ')' | '(' expr ')'.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  ExprTemplate parse() {
    ExprTemplate t;
    t.text = std::string(s_);
    out_ = &t.postfix;
    skip();
    if (i_ == s_.size()) throw ExprError(0, "empty expression");
    expr();
    skip();
    if (i_ != s_.size()) throw ExprError(i_, "unexpected '" + std::string(1, s_[i_]) + "'");
    return t;
  }

 private:
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool accept(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) {
      throw ExprError(i_, i_ < s_.size() ? "expected '" + std::string(1, c) + "', got '" +
                                               std::string(1, s_[i_]) + "'"
                                         : "expected '" + std::string(1, c) + "' at end of expression");
    }
  }
  void emit(ExprOp op, std::size_t pos) { out_->push_back({op, 0.0, {}, pos}); }

  void expr() {
    term();
    for (;;) {
      const std::size_t at = (skip(), i_);
      if (accept('+')) { term(); emit(ExprOp::add, at); }
      else if (accept('-')) { term(); emit(ExprOp::sub, at); }
      else return;
    }
  }
  void term() {
    unary();
    for (;;) {
      const std::size_t at = (skip(), i_);
      if (accept('*')) { unary(); emit(ExprOp::mul, at); }
      else if (accept('/')) { unary(); emit(ExprOp::div, at); }
      else return;
    }
  }
  void unary() {
    const std::size_t at = (skip(), i_);
    if (accept('-')) {
      unary();
      emit(ExprOp::neg, at);
      return;
    }
    accept('+');
    primary();
  }
  void primary() {
    skip();
    if (i_ >= s_.size()) throw ExprError(i_, "expected a number, parameter or '(' at end of expression");
    const std::size_t at = i_;
    const char c = s_[i_];
    if (accept('(')) {
      expr();
      expect(')');
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      double v = 0;
      const char* first = s_.data() + i_;
      auto [ptr, ec] = std::from_chars(first, s_.data() + s_.size(), v);
      if (ec != std::errc()) throw ExprError(at, "malformed number");
      i_ += static_cast<std::size_t>(ptr - first);
      out_->push_back({ExprOp::constant, v, {}, at});
      return;
    }
    if (ident_start(c)) {
      std::size_t j = i_;
      while (j < s_.size() && ident_char(s_[j])) ++j;
      std::string name(s_.substr(i_, j - i_));
      i_ = j;
      if (name == "min" || name == "max") {
        expect('(');
        expr();
        expect(',');
        expr();
        expect(')');
        emit(name == "min" ? ExprOp::min : ExprOp::max, at);
        return;
      }
      out_->push_back({ExprOp::param, 0.0, std::move(name), at});
      return;
    }
    throw ExprError(at, "unexpected '" + std::string(1, c) + "'");
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<ExprTemplate::Node>* out_ = nullptr;
};

}  // namespace

ExprTemplate parse_expression(std::string_view text) { return Parser(text).parse(); }

std::string fill_placeholders(std::string_view ident, const PlaceholderFn& fill) {
  std::string out;
  std::size_t i = 0;
  while (i < ident.size()) {
    if (ident[i] != '{') {
      out += ident[i++];
      continue;
    }
    const std::size_t close = ident.find('}', i);
    if (close == std::string_view::npos) throw ExprError(i, "unclosed '{' in '" + std::string(ident) + "'");
    const std::string_view key = ident.substr(i + 1, close - i - 1);
    const auto value = fill(key);
    if (!value) throw ExprError(i, "unknown placeholder {" + std::string(key) + "}");
    out += *value;
    i = close + 1;
  }
  return out;
}

Expression bind_expression(const ExprTemplate& t, const PlaceholderFn& fill, const LookupFn& lookup) {
  Expression e;
  std::size_t depth = 0;
  for (const auto& n : t.postfix) {
    Expression::Instr ins{n.op, -1, n.value};
    if (n.op == ExprOp::param) {
      std::string path;
      try {
        path = fill_placeholders(n.name, fill);
      } catch (const ExprError& err) {
        throw ExprError(n.pos + err.pos, err.what());
      }
      ins.param = lookup(path);
      if (ins.param < 0) throw ExprError(n.pos, "unknown parameter '" + path + "'");
      if (!e.text.empty()) e.text += ' ';
      e.text += path;
    } else if (n.op == ExprOp::constant) {
      if (!e.text.empty()) e.text += ' ';
      e.text += std::to_string(n.value);
    } else {
      e.text += " #" + std::to_string(static_cast<int>(n.op));
    }
    if (n.op == ExprOp::constant || n.op == ExprOp::param) {
      if (++depth > kMaxStack) throw ExprError(n.pos, "expression too deeply nested");
    } else if (n.op != ExprOp::neg) {
      --depth;
    }
    e.code.push_back(ins);
  }
  return e;
}

double Expression::eval(const double* params) const {
  std::array<double, kMaxStack> st;
  std::size_t sp = 0;
  for (const auto& ins : code) {
    switch (ins.op) {
      case ExprOp::constant: st[sp++] = ins.value; break;
      case ExprOp::param: st[sp++] = params[ins.param]; break;
      case ExprOp::neg: st[sp - 1] = -st[sp - 1]; break;
      case ExprOp::add: --sp; st[sp - 1] += st[sp]; break;
      case ExprOp::sub: --sp; st[sp - 1] -= st[sp]; break;
      case ExprOp::mul: --sp; st[sp - 1] *= st[sp]; break;
      case ExprOp::div: --sp; st[sp - 1] /= st[sp]; break;
      case ExprOp::min: --sp; st[sp - 1] = std::min(st[sp - 1], st[sp]); break;
      case ExprOp::max: --sp; st[sp - 1] = std::max(st[sp - 1], st[sp]); break;
    }
  }
  return st[0];
}

std::vector<int> Expression::params() const {
  std::vector<int> out;
  for (const auto& ins : code)
    if (ins.op == ExprOp::param) out.push_back(ins.param);
  return out;
}

}  // namespace werkbaat::model
