#include "model/benefit_rules.h"

#include <algorithm>

namespace werkbaat::model {

double bijstand_benefit(double norm, double net_earnings, double kept_share, double cap) {
  const double earnings = std::max(0.0, net_earnings);
  if (earnings >= norm) return 0.0;
  const double kept = std::min(kept_share * earnings, cap);
  return std::max(0.0, norm - earnings + kept);
}

double ww_benefit(double maandloon, double earnings, double level) {
  const double e = std::max(0.0, earnings);
  if (e > 0.875 * maandloon) return 0.0;
  return level * (maandloon - e);
}

double wajong_benefit(double base, double earnings, double offset_share) {
  return std::max(0.0, base - offset_share * std::max(0.0, earnings));
}

double wga_benefit(double maandloon, double earnings, double level) {
  return level * std::max(0.0, maandloon - std::max(0.0, earnings));
}

}  // namespace werkbaat::model
