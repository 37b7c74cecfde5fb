#include "werkbaat/model/accounts.h"

#include "werkbaat/model/scenario.h"

namespace werkbaat::model {

int society_account(const Scenario& s) { return static_cast<int>(s.parties.size()); }

std::string account_name(const Scenario& s, int account) {
  return account == society_account(s) ? std::string(kSociety) : s.parties[account];
}

double society_coefficient(const FlowLine& line) { return (line.payee != 0 ? 1.0 : 0.0) - (line.payer != 0 ? 1.0 : 0.0); }

double coefficient(const FlowLine& line, int account, int society) {
  if (account == society) return society_coefficient(line);
  return (line.payee == account ? 1.0 : 0.0) - (line.payer == account ? 1.0 : 0.0);
}

}  // namespace werkbaat::model
