#pragma once
// Settlement: who should pay what, so that every financier gains when society gains (the
// wrong-pocket problem). Inputs are each party's discounted investment and return for one
// intervention against the comparator (see summary.h for their definition).
//
// Financiers are the scenario's `analyses.settlement.financiers`, or by default all parties but
// the client, the outside account `resources`, and parties that only pass money on (their
// investment equals their return in every draw: a provider passing revenue on as resources, an
// employer paying wages for the production it gets).
// Rule "proportional": the intervention's total cost C (the financiers' investments together)
//   is split in proportion to each financier's gross return R_p: it pays C * R_p / R. Each then
//   nets R_p (1 - C / R) and gets the same return per euro invested, R / C.
// Rule "repay_then_equal": all returns are pooled; each financier first gets its investment back,
//   the surplus R - C is shared equally: each nets (R - C) / n.
// Either rule needs R > C (the financiers together gain); otherwise no split is proposed and the
// verdict says why. Transfers take the current nets to the proposed ones, as few as possible.
// The analysis holds numbers only; io/format.h words them in Dutch and English.
#include <string>
#include <vector>

#include "werkbaat/model/names.h"

namespace werkbaat::analysis {

// Whether a split is proposed, and if not, why: society does not gain; the financiers invest
// nothing together; or they get back no more than they invest together.
enum class SplitVerdict { proposed, society_loses, nothing_invested, financiers_lose };
SplitVerdict split_verdict(double society_net, double financiers_cost, double financiers_return);

struct Transfer {
  std::string from, to;
  double present_value = 0.0;  // euros, discounted
  double per_year = 0.0;       // the same as equal payments at the start of each year of the horizon
};

struct PartySettlement {
  std::string party;
  double investment = 0.0, ret = 0.0;   // expected, discounted
  double current_net = 0.0;
  double proposed_net = 0.0;
  double proposed_payment = 0.0;        // proportional rule: its share of the cost
  double p_positive_current = 0.0;      // over the PSA draws
  double p_positive_proposed = 0.0;     // the proposal's shares or transfers fixed in advance
};

struct RuleResult {
  model::SettlementRule rule = model::SettlementRule::proportional;
  bool proposed = false;                // false when the financiers do not gain together
  std::vector<PartySettlement> parties;
  std::vector<Transfer> transfers;
};

struct Settlement {
  std::string arm;
  double society_net = 0.0;
  double financiers_cost = 0.0, financiers_return = 0.0;
  SplitVerdict verdict = SplitVerdict::proposed;  // the same for both rules
  std::vector<RuleResult> rules;
};

// Per-draw inputs of one party; the expected values are their means.
struct PartyDraws {
  std::string party;
  std::vector<double> investment, ret;  // per PSA draw, discounted
};

// `annuity_factor`: present value of 1 euro paid at the start of each year of the horizon.
Settlement settle(const std::string& arm, double society_net, const std::vector<PartyDraws>& financiers,
                  double annuity_factor);

// Transfers that take the parties from `current` to `target` nets (same total): exact pairs
// first, then the largest payer to the largest receiver; at most n - 1 transfers.
std::vector<Transfer> minimal_transfers(const std::vector<std::string>& parties, const std::vector<double>& current,
                                        const std::vector<double>& target);

}  // namespace werkbaat::analysis
