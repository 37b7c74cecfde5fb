#pragma once
// The accounts of a result: the scenario's parties (index 0 is the outside account `resources`)
// and, after them, society (the sum over every party but `resources`). The double-entry rule
// of how a money line changes each account is written here once, for the ledger and the
// summaries alike.
#include <string>
#include <string_view>

namespace werkbaat::model {

struct FlowLine;
struct Scenario;

inline constexpr std::string_view kResources = "resources";  // parties[0]: real resources enter and leave here
inline constexpr std::string_view kSociety = "society";      // the account after the parties
inline constexpr std::string_view kClient = "client";        // a party, but never a financier

// Society's account index (after the parties), and an account's name.
int society_account(const Scenario& s);
std::string account_name(const Scenario& s, int account);

// How a money line of `amount` changes account `account`'s net: +1 for its payee, -1 for its
// payer, 0 otherwise; for society, +1 when it comes from `resources` and -1 when it goes there
// (a transfer between two parties nets to zero).
double coefficient(const FlowLine& line, int account, int society);
double society_coefficient(const FlowLine& line);

}  // namespace werkbaat::model
