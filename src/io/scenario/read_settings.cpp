#include <cctype>
#include <charconv>
#include <sstream>

#include "io/scenario/keys.h"
#include "io/scenario/node_reader.h"
#include "io/scenario/readers.h"

namespace werkbaat::io {
namespace {

int horizon(const Value& v) {
  long months = 0;
  if (v.is_scalar() && !v.text.empty() && std::isdigit(static_cast<unsigned char>(v.text[0])) &&
      v.text.find(' ') != std::string::npos) {
    std::istringstream in(v.text);
    long n = 0;
    std::string unit, rest;
    in >> n >> unit;
    if (in.fail() || (in >> rest)) fail(v, "expected e.g. '60 months' or '5 years', got " + describe(v));
    if (n < 1 || n > 1200) fail(v, "the horizon must lie between 1 and 1200 months");
    if (unit == "month" || unit == "months") months = n;
    else if (unit == "year" || unit == "years") months = 12 * n;
    else fail(v, "unknown unit '" + unit + "'" + did_you_mean(unit, {"months", "years"}) + "; use months or years");
  } else {
    // A bare number could be months or years: say which.
    const long n = bounded(v, 1, 1200);
    fail(v, "give a unit: '" + std::to_string(n) + " months' or '" + std::to_string(n) + " years'");
  }
  if (months < 1 || months > 1200) fail(v, "the horizon must lie between 1 and 1200 months");
  return static_cast<int>(months);
}

double discount_rate(const Value& r) {
  const double x = number(r);
  if (x < 0 || x >= 1) fail(r, "an annual discount rate is a fraction in [0, 1), e.g. 0.0225 for 2.25%; got " + r.text);
  return x;
}

}  // namespace

SettingsRead read_settings(const Value& root) {
  SettingsRead out;
  auto& st = out.model;
  if (const Value* v = root.find("price_year")) st.price_year = static_cast<int>(bounded(*v, 1900, 2200));
  if (const Value* v = root.find("horizon")) st.horizon = horizon(*v);
  if (const Value* v = root.find("discount")) {
    check_keys(need_map(*v), keys::discount);
    if (const Value* c = v->find("costs")) st.discount_costs = discount_rate(*c);
    if (const Value* e = v->find("effects")) st.discount_effects = discount_rate(*e);
  }
  if (const Value* v = root.find("timing")) st.timing = name_in(*v, model::kTimings, "timing");
  auto& sim = out.simulation;
  if (const Value* v = root.find("simulation")) {
    check_keys(need_map(*v), keys::simulation);
    if (const Value* m = v->find("mode")) sim.mode = name_in(*m, model::kModes, "mode");
    if (const Value* x = v->find("draws")) sim.draws = static_cast<int>(bounded(*x, 0, 10'000'000));
    if (const Value* x = v->find("clients")) sim.clients = static_cast<int>(bounded(*x, 1, 2'000'000'000));
    if (const Value* x = v->find("seed")) sim.seed = static_cast<std::uint64_t>(bounded(*x, 0, 9'000'000'000'000'000));
    if (const Value* x = v->find("threads")) sim.threads = static_cast<int>(bounded(*x, 0, 4096));
    if (const Value* x = v->find("base_case")) sim.base_case = boolean(*x);
  }
  if (const Value* v = root.find("cpi")) {
    for (const auto& [k, x] : need_map(*v).items) {
      int year = 0;
      auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), year);
      if (ec != std::errc() || p != k.data() + k.size()) fail_key(x, "a CPI key is a year, got '" + k + "'");
      const double idx = number(x);
      if (idx <= 0) fail(x, "a CPI index must be > 0");
      out.cpi[year] = idx;
    }
  }
  return out;
}

}  // namespace werkbaat::io
