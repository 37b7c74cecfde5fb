#pragma once
// Units of parameters. Amounts and probabilities are normalised to one month when drawn: the
// engine works in months and euros of the scenario's price year throughout.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace werkbaat::model {

enum class UnitKind {
  money_per_period,  // EUR/month, EUR/year, EUR/week
  money_one_off,     // EUR, EUR/trajectory, EUR/placement, EUR/hour: not converted
  probability,       // probability/month, probability/year
  rate,              // rate/month, rate/year
  effect,            // QALY/year, QALY/month
  share,             // share: a part of a whole, in [0, 1]
  plain              // multiplier, hours/week, months, 1
};

struct Unit {
  std::string name = "1";
  UnitKind kind = UnitKind::plain;
  double per_month = 1.0;       // factor to one month for linear units (EUR/year: 1/12)
  bool annual_probability = false;  // probability/year: 1-(1-p)^(1/12)

  bool is_money() const { return kind == UnitKind::money_per_period || kind == UnitKind::money_one_off; }
  // Converts a value in this unit to its monthly equivalent.
  double to_month(double value) const;
};

std::optional<Unit> parse_unit(std::string_view name);
const std::vector<std::string>& unit_names();

}  // namespace werkbaat::model
