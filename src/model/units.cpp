#include "werkbaat/model/units.h"

#include <cmath>

namespace werkbaat::model {
namespace {

struct Entry {
  const char* name;
  UnitKind kind;
  double per_month;
  bool annual_probability;
};

// 52 weeks a year: a weekly amount is 52/12 monthly amounts.
const Entry kUnits[] = {
    {"EUR/month", UnitKind::money_per_period, 1.0, false},
    {"EUR/year", UnitKind::money_per_period, 1.0 / 12.0, false},
    {"EUR/week", UnitKind::money_per_period, 52.0 / 12.0, false},
    {"EUR", UnitKind::money_one_off, 1.0, false},
    {"EUR/trajectory", UnitKind::money_one_off, 1.0, false},
    {"EUR/placement", UnitKind::money_one_off, 1.0, false},
    {"EUR/hour", UnitKind::money_one_off, 1.0, false},
    {"probability/month", UnitKind::probability, 1.0, false},
    {"probability/year", UnitKind::probability, 1.0, true},
    {"rate/month", UnitKind::rate, 1.0, false},
    {"rate/year", UnitKind::rate, 1.0 / 12.0, false},
    {"QALY/year", UnitKind::effect, 1.0 / 12.0, false},
    {"QALY/month", UnitKind::effect, 1.0, false},
    {"share", UnitKind::share, 1.0, false},
    {"multiplier", UnitKind::plain, 1.0, false},
    {"hours/week", UnitKind::plain, 1.0, false},
    {"months", UnitKind::plain, 1.0, false},
    {"1", UnitKind::plain, 1.0, false},
};

}  // namespace

double Unit::to_month(double value) const {
  if (annual_probability) return -std::expm1(std::log1p(-value) / 12.0);
  return value * per_month;
}

std::optional<Unit> parse_unit(std::string_view name) {
  for (const auto& e : kUnits)
    if (name == e.name) return Unit{e.name, e.kind, e.per_month, e.annual_probability};
  return std::nullopt;
}

const std::vector<std::string>& unit_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& e : kUnits) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

}  // namespace werkbaat::model
