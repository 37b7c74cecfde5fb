#pragma once
// Checks of a loaded scenario at its base case (every parameter at its mean), so that an
// impossible model is refused before it runs: every probability lies in [0, 1] and every rate
// is >= 0; every amount is finite and no money amount is negative; the probabilities of leaving
// a state sum to at most 1 (rates counted as the engine counts them: 1 - exp(-total rate)); the
// shares of every split payer lie in [0, 1] and sum to 1. Throws InputError at the place the
// offending value was written. (Values that become non-finite in a PSA draw are refused by the
// engine, naming the draw.)
#include "werkbaat/model/scenario.h"

namespace werkbaat::model {

void check_base_case(const Scenario& s);

}  // namespace werkbaat::model
