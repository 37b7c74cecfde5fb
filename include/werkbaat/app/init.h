#pragma once
// werkbaat init: a region's own scenario on the Dutch default model, short, commented and valid,
// with the numbers a region usually changes at the top.
#include <string>
#include <utility>
#include <vector>

namespace werkbaat::app {

using Shares = std::vector<std::pair<std::string, double>>;  // attribute value -> share

struct InitOptions {
  std::string file;            // the scenario to write
  std::string base;            // the default model's data file (uses:)
  std::string region;          // e.g. Noordoost-Brabant
  double size = 0;             // a closed cohort of this many clients, or
  double inflow = 0;           // this many a year ...
  int years = 0;               // ... for this many years
  Shares severity, benefit;    // empty: the default model's
  std::string comparator = "regulier";
  std::vector<std::string> interventions = {"ips"};
  std::string horizon = "5 years";
  std::string date;            // written in the header (YYYY-MM-DD)
};

// The scenario's text. It is checked by loading it as it would be written (every name against
// the default model: arms, attribute values): throws InputError naming the option at fault.
std::string init_scenario(const InitOptions& o);

}  // namespace werkbaat::app
