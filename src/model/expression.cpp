#include "werkbaat/model/expression.h"

#include "model/benefit_rules.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>

namespace werkbaat::model {
namespace {

constexpr std::size_t kMaxStack = 64;
// Parentheses, unary minus signs and function calls nest at most this deep (the parser recurses).
constexpr int kMaxNesting = 100;

const ExprFunction* find_function(const std::string& name, int* index) {
  const auto& fns = expr_functions();
  for (std::size_t i = 0; i < fns.size(); ++i)
    if (name == fns[i].name) {
      *index = static_cast<int>(i);
      return &fns[i];
    }
  return nullptr;
}

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
  // Counts one level of nesting for the lifetime of a recursive step.
  struct Nest {
    Parser& p;
    explicit Nest(Parser& parser, std::size_t at) : p(parser) {
      if (++p.depth_ > kMaxNesting)
        throw ExprError(at, "expression nested too deeply (more than " + std::to_string(kMaxNesting) +
                                " parentheses, signs or calls inside each other)",
                        ExprError::Kind::too_deep);
    }
    ~Nest() { --p.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
  };

  void unary() {
    const std::size_t at = (skip(), i_);
    const Nest nest(*this, at);
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
      skip();
      if (i_ < s_.size() && s_[i_] == '(') {
        int index = -1;
        const ExprFunction* f = find_function(name, &index);
        if (!f) {
          std::string known;
          for (const auto& fn : expr_functions()) known += (known.empty() ? "" : ", ") + std::string(fn.name);
          throw ExprError(at, "unknown function '" + name + "'; known: " + known, ExprError::Kind::unknown_function, name);
        }
        expect('(');
        const std::string arity = name + "() takes " + std::to_string(f->arity) + " arguments";
        for (int k = 0; k < f->arity; ++k) {
          if (k > 0 && !accept(',')) throw ExprError(i_, arity);
          expr();
        }
        if (!accept(')')) throw ExprError(i_, arity);
        out_->push_back({ExprOp::call, static_cast<double>(index), {}, at});
        return;
      }
      out_->push_back({ExprOp::param, 0.0, std::move(name), at});
      return;
    }
    throw ExprError(at, "unexpected '" + std::string(1, c) + "'");
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::vector<ExprTemplate::Node>* out_ = nullptr;
};

}  // namespace

ExprTemplate parse_expression(std::string_view text) { return Parser(text).parse(); }

const std::vector<ExprFunction>& expr_functions() {
  static const std::vector<ExprFunction> fns = {
      {"min", 2, [](const double* a) { return std::min(a[0], a[1]); }},
      {"max", 2, [](const double* a) { return std::max(a[0], a[1]); }},
      {"bijstand", 4, [](const double* a) { return bijstand_benefit(a[0], a[1], a[2], a[3]); }},
      {"ww", 3, [](const double* a) { return ww_benefit(a[0], a[1], a[2]); }},
      {"wajong", 3, [](const double* a) { return wajong_benefit(a[0], a[1], a[2]); }},
      {"wga", 3, [](const double* a) { return wga_benefit(a[0], a[1], a[2]); }},
  };
  return fns;
}

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
    if (!value)
      throw ExprError(i, "unknown placeholder {" + std::string(key) + "}", ExprError::Kind::unknown_placeholder,
                      std::string(key));
    out += *value;
    i = close + 1;
  }
  return out;
}

Expression bind_expression(const ExprTemplate& t, const PlaceholderFn& fill, const LookupFn& lookup) {
  Expression e;
  e.text = t.text;
  std::size_t depth = 0;
  for (const auto& n : t.postfix) {
    Expression::Instr ins{n.op, -1, n.value};
    if (n.op == ExprOp::param) {
      std::string path;
      try {
        path = fill_placeholders(n.name, fill);
      } catch (const ExprError& err) {
        throw ExprError(n.pos + err.pos, err.what(), err.kind, err.name);
      }
      ins.param = lookup(path);
      if (ins.param < 0) throw ExprError(n.pos, "unknown parameter '" + path + "'", ExprError::Kind::unknown_parameter, path);
    }
    if (n.op == ExprOp::call) {
      ins.param = static_cast<std::int32_t>(n.value);
      depth -= static_cast<std::size_t>(expr_functions()[ins.param].arity) - 1;
    } else if (n.op == ExprOp::constant || n.op == ExprOp::param) {
      if (++depth > kMaxStack) throw ExprError(n.pos, "expression too deeply nested", ExprError::Kind::too_deep);
    } else if (n.op != ExprOp::neg) {
      --depth;
    }
    e.code.push_back(ins);
  }
  return e;
}

std::string Expression::identity() const {
  std::string k;
  k.reserve(code.size() * 13);
  for (const auto& ins : code) {
    const auto bits = std::bit_cast<std::uint64_t>(ins.value);
    k.push_back(static_cast<char>(ins.op));
    k.append(reinterpret_cast<const char*>(&ins.param), sizeof ins.param);
    k.append(reinterpret_cast<const char*>(&bits), sizeof bits);
  }
  return k;
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
      case ExprOp::call: {
        const auto& f = expr_functions()[ins.param];
        sp -= static_cast<std::size_t>(f.arity);
        st[sp] = f.fn(st.data() + sp);
        ++sp;
        break;
      }
    }
  }
  return st[0];
}

}  // namespace werkbaat::model
