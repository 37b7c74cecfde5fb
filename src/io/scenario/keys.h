#pragma once
// The keys each part of a scenario file may have: the one list the loader checks files against
// (check_keys) and `werkbaat schema` writes its JSON Schema from, so the two cannot drift.
#include <string>
#include <vector>

namespace werkbaat::io::keys {

extern const std::vector<std::string> top;         // the file's top level
extern const std::vector<std::string> transition;  // an entry of transitions:
extern const std::string transition_drop;          // ... which, in a file that uses another, may drop one
extern const std::vector<std::string> change_rule; // an entry of changes: {attribute: [rule]}
extern const std::vector<std::string> flow;        // a flow or an effect
extern const std::vector<std::string> money_flow;  // ... and a flow besides
extern const std::vector<std::string> effect;      // ... and an effect besides
extern const std::vector<std::string> on_transition;
extern const std::vector<std::string> payer;       // a payer that is not one party
extern const std::vector<std::string> display_name;
extern const std::vector<std::string> discount;
extern const std::vector<std::string> simulation;
extern const std::vector<std::string> arms;
extern const std::vector<std::string> inflow;
extern const std::vector<std::string> population;  // besides the attributes, each a map of shares
extern const std::vector<std::string> sweep;
extern const std::vector<std::string> analyses;
extern const std::vector<std::string> distributions;  // a parameter: its distribution (or value) ...
extern const std::vector<std::string> metadata;       // ... what it is ...
extern const std::vector<std::string> point;          // ... and a point value beside a distribution
extern const std::vector<std::string> joint_draws;    // an entry of joint_draws (a file of parameter draws)

}  // namespace werkbaat::io::keys
