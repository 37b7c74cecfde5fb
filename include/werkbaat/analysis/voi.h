#pragma once
// Value of information from the PSA draws. The decision: fund one of the interventions or stay
// with the comparator, for society or for one party, by expected net (the NPV against the
// comparator; the comparator's is 0).
//   EVPI  = E[max_j NB_j] - max_j E[NB_j]
//   EVPPI of a parameter group = E[max_j g_j(theta)] - max_j E[g_j(theta)], with g_j the
//   regression of NB_j on the group's parameters (the non-parametric approach of Strong and
//   Oakley, 2014), here with a polynomial smoother: standardised inputs, their squares and cubes,
//   and pairwise products when the group has at most four parameters; least squares (Eigen).
// Monte Carlo standard errors: EVPI from the per-draw opportunity loss; EVPPI by bootstrapping
// the draws (fitted values kept).
#include <cstdint>
#include <string>
#include <vector>

#include "werkbaat/model/scenario.h"

namespace werkbaat::analysis {

struct ValueEstimate {
  double value = 0.0;  // population total, euros
  double se = 0.0;     // Monte Carlo standard error
};

// nb: [option][draw] net benefits. Returns EVPI and its standard error.
ValueEstimate evpi(const std::vector<std::vector<double>>& nb);

// inputs: [draw][parameter]. `seed` keys the bootstrap.
ValueEstimate evppi(const std::vector<std::vector<double>>& nb, const std::vector<std::vector<double>>& inputs,
                    std::uint64_t seed);

struct EvppiGroup {
  std::string group;
  std::vector<std::string> parameters;
  ValueEstimate value;
};

struct AccountVoi {
  std::string account;
  ValueEstimate evpi;
  std::vector<EvppiGroup> groups;
};

struct Voi {
  int draws = 0;
  double population = 0.0;     // divide by it for per-client values
  std::vector<AccountVoi> accounts;
  std::vector<std::string> warnings;  // e.g. too few draws for the EVPPI regressions
};

struct VoiGroupSpec {
  std::string name;
  std::vector<std::string> prefixes;  // parameter paths or path prefixes
};

// npv: [account][intervention][draw] of draws 1..S of the run seeded `seed`. Parameter groups: as
// given, or by default one group per first two path segments of the uncertain parameters. What
// theory allows holds exactly: 0 <= EVPPI <= EVPI, and a group whose parameters no expression of
// the model uses (a benefit no client of the population has) is worth exactly 0.
Voi value_of_information(const model::Scenario& s, std::uint64_t seed, const std::vector<std::string>& accounts,
                         const std::vector<std::vector<std::vector<double>>>& npv,
                         const std::vector<VoiGroupSpec>& groups);

}  // namespace werkbaat::analysis
