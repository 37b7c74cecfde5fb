#pragma once
// Dutch benefit rules while a client works part-time. Each is a small function of monthly
// amounts in euros; its parameters are data (scenario parameters), and scenario expressions call
// it by name, e.g. `bijstand(benefit.bijstand.norm, net_earnings, 0.25, 285)`.
// Sources: shared/research/dutch_parameters.md, section 1.

namespace werkbaat::model {

// Bijstand (Participatiewet): the norm minus net earnings from work, except the
// inkomstenvrijlating (art. 31 lid 2 onder n): `kept_share` of net earnings, at most `cap` a
// month, is not deducted. Pass kept_share 0 where the vrijlating does not apply (after 6 months,
// under 27). The benefit ends (0) when net earnings reach the norm.
double bijstand_benefit(double norm, double net_earnings, double kept_share, double cap);

// WW (since 1-7-2015): earnings are deducted from the WW-maandloon and `level` (0.75 in the first
// two months, 0.70 after) of the remainder is paid; the benefit ends when earnings exceed 87.5% of
// the maandloon.
double ww_benefit(double maandloon, double earnings, double level);

// Wajong (Wet vereenvoudiging Wajong 2021, simplified): the benefit falls by `offset_share` of
// each gross euro earned (the client keeps 1 - offset_share on top), down to 0.
double wajong_benefit(double base, double earnings, double offset_share);

// WGA loongerelateerde uitkering (WIA): `level` of the maandloon minus earnings, no end point.
double wga_benefit(double maandloon, double earnings, double level);

}  // namespace werkbaat::model
