#include <doctest/doctest.h>

#include <map>

#include "werkbaat/model/expression.h"

using namespace werkbaat::model;

namespace {

double evaluate(const std::string& text, const std::map<std::string, double>& values,
                const std::map<std::string, std::string>& placeholders = {}) {
  std::vector<std::string> names;
  std::vector<double> params;
  for (const auto& [k, v] : values) {
    names.push_back(k);
    params.push_back(v);
  }
  const auto e = bind_expression(
      parse_expression(text),
      [&](std::string_view key) -> std::optional<std::string> {
        const auto it = placeholders.find(std::string(key));
        if (it == placeholders.end()) return std::nullopt;
        return it->second;
      },
      [&](const std::string& path) {
        for (std::size_t i = 0; i < names.size(); ++i)
          if (names[i] == path) return static_cast<int>(i);
        return -1;
      });
  return e.eval(params.data());
}

}  // namespace

TEST_CASE("expressions follow the usual precedence") {
  CHECK(evaluate("1 + 2 * 3", {}) == 7);
  CHECK(evaluate("(1 + 2) * 3", {}) == 9);
  CHECK(evaluate("-2 * -3 - 1", {}) == 5);
  CHECK(evaluate("8 / 4 / 2", {}) == 1);
  CHECK(evaluate("max(0, a - 0.75 * b)", {{"a", 100}, {"b", 200}}) == 0);
  CHECK(evaluate("min(a, b) + 1e3", {{"a", 3}, {"b", 2}}) == 1002);
}

TEST_CASE("placeholders are filled per arm and group") {
  CHECK(evaluate("rr.{arm} * m.{severity}", {{"rr.ips", 2}, {"m.epa", 0.5}}, {{"arm", "ips"}, {"severity", "epa"}}) == 1);
}

TEST_CASE("errors carry the offset of the problem") {
  const auto offset = [](const std::string& text) {
    try {
      evaluate(text, {{"a", 1}}, {{"arm", "ips"}});
    } catch (const ExprError& e) {
      return static_cast<int>(e.pos);
    }
    return -1;
  };
  CHECK(offset("a *") == 3);
  CHECK(offset("a + (a") == 6);
  CHECK(offset("a + b") == 4);          // unknown parameter b
  CHECK(offset("a + x.{sev}") == 6);    // unknown placeholder
  CHECK(offset("a ? 2") == 2);
  CHECK_THROWS_WITH_AS(evaluate("a + b", {{"a", 1}}), "unknown parameter 'b'", ExprError);
}

TEST_CASE("expressions call the benefit rules by name") {
  CHECK(evaluate("bijstand(norm, 600, 0.25, 285)", {{"norm", 1345.45}}) == doctest::Approx(895.45));
  CHECK(evaluate("ww(2500, 1000, 0.7) + wga(3000, 1000, 0.7)", {}) == doctest::Approx(2450));
  CHECK_THROWS_WITH_AS(evaluate("bijstand(1, 2)", {}), "bijstand() takes 4 arguments", ExprError);
  CHECK_THROWS_WITH_AS(evaluate("bijstnd(1, 2)", {}),
                       "unknown function 'bijstnd'; known: min, max, bijstand, ww, wajong, wga", ExprError);
}
