#include "io/scenario/node_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace werkbaat::io {

void fail(const Value& v, const std::string& message) { throw InputError(v.at, v.path(), message); }
void fail_key(const Value& v, const std::string& message) { throw InputError(key_place(v), v.path(), message); }

std::string describe(const Value& v) {
  switch (v.kind) {
    case Value::Kind::null: return "nothing";
    case Value::Kind::scalar: return "'" + excerpt(v.text) + "'";
    case Value::Kind::map: return "a map";
    case Value::Kind::seq: return "a list";
  }
  return "?";
}

model::SourceRef key_place(const Value& v) {
  return v.key_at.line > 0 ? model::SourceRef{v.at.file_name(), v.key_at.line, v.key_at.column} : model::SourceRef(v.at);
}

Value make(Value::Kind kind) {
  Value v;
  v.kind = kind;
  return v;
}

void check_keys(const Value& map, const std::vector<std::string>& allowed) {
  for (const auto& [k, v] : map.items) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    throw InputError::unknown_key(key_place(v), v.path(), k, allowed);
  }
}

const Value& need_map(const Value& v) {
  if (!v.is_map()) throw InputError::expected(v.at, v.path(), "a map", describe(v));
  return v;
}
const Value& need_seq(const Value& v) {
  if (!v.is_seq()) throw InputError::expected(v.at, v.path(), "a list", describe(v));
  return v;
}
const Value& need(const Value& map, const std::string& key) {
  if (const Value* v = map.find(key)) return *v;
  throw InputError::missing_key(map.at, map.path(), key);
}

double number(const Value& v) {
  if (v.is_scalar() && !v.quoted) {
    double x = 0;
    const char* b = v.text.data();
    const char* e = b + v.text.size();
    auto [p, ec] = std::from_chars(b, e, x);
    if (ec == std::errc() && p == e && std::isfinite(x)) return x;
  }
  throw InputError::expected(v.at, v.path(), "a number", describe(v));
}
long integer(const Value& v) {
  const double x = number(v);
  if (x != std::floor(x) || std::abs(x) > 9e15) throw InputError::expected(v.at, v.path(), "a whole number", describe(v));
  return static_cast<long>(x);
}
long bounded(const Value& v, long lo, long hi) {
  const long x = integer(v);
  if (x < lo || x > hi) fail(v, "must lie in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.text);
  return x;
}
int age_in_months(const Value& v) {
  const double years = number(v);
  if (years <= 0 || years > 120) fail(v, "an age in years must lie in (0, 120], got " + v.text);
  const double months = std::round(years * 12);
  if (std::abs(years * 12 - months) > 1e-6)
    fail(v, "an age is counted in whole months: " + v.text + " years is not (67.25 is 67 years and 3 months)");
  return static_cast<int>(months);
}
const std::string& word(const Value& v) {
  if (!v.is_scalar() || v.text.empty()) throw InputError::expected(v.at, v.path(), "a name", describe(v));
  return v.text;
}
bool boolean(const Value& v) {
  if (v.is_scalar() && (v.text == "true" || v.text == "yes")) return true;
  if (v.is_scalar() && (v.text == "false" || v.text == "no")) return false;
  throw InputError::expected(v.at, v.path(), "true or false", describe(v));
}
int index_in(const Value& v, const std::vector<std::string>& names, const std::string& what) {
  const std::string& w = word(v);
  const auto it = std::find(names.begin(), names.end(), w);
  if (it == names.end()) throw InputError::unknown(v.at, v.path(), what, w, names);
  return static_cast<int>(it - names.begin());
}
std::vector<std::string> names(const Value& seq, const std::string& what) {
  std::vector<std::string> out;
  for (const auto& v : need_seq(seq).list) {
    const std::string& w = word(v);
    if (std::find(out.begin(), out.end(), w) != out.end()) fail(v, "duplicate " + what + " '" + w + "'");
    out.push_back(w);
  }
  return out;
}

}  // namespace werkbaat::io
