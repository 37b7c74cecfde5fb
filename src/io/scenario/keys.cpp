#include "io/scenario/keys.h"

namespace werkbaat::io::keys {

const std::vector<std::string> top = {
    "werkbaat", "name",   "description", "uses",  "price_year", "cpi",        "horizon",    "discount", "timing",
    "parties",  "states", "start",       "transitions", "changes", "categories", "labels", "flows",    "effects",
    "parameters", "derived", "joint_draws", "population", "arms", "simulation", "set", "sweep", "analyses"};
const std::vector<std::string> transition = {"from", "to", "probability", "rate", "when", "note", "source"};
const std::string transition_drop = "drop";
const std::vector<std::string> change_rule = {"name",     "from",     "to",       "probability", "lasts", "leaving",
                                              "after",    "entering", "remember", "when",        "source", "note"};
const std::vector<std::string> flow = {"in_state", "on_transition", "at_start", "when", "note", "source"};
const std::vector<std::string> money_flow = {"payer", "payee", "category", "passed_on"};
const std::vector<std::string> effect = {"unit"};
const std::vector<std::string> on_transition = {"from", "to", "amount"};
const std::vector<std::string> payer = {"split"};
const std::vector<std::string> display_name = {"nl", "en"};
const std::vector<std::string> discount = {"costs", "effects"};
const std::vector<std::string> simulation = {"mode", "draws", "clients", "seed", "threads", "base_case"};
const std::vector<std::string> arms = {"comparator", "interventions"};
const std::vector<std::string> inflow = {"per_year", "years"};
const std::vector<std::string> population = {"size", "inflow", "entry_age"};
const std::vector<std::string> sweep = {"grid", "variants"};
const std::vector<std::string> analyses = {"run", "settlement", "tornado", "breakeven", "voi"};
const std::vector<std::string> distributions = {"value",      "beta", "gamma", "lognormal", "normal",
                                                "uniform", "triangular", "pert", "dirichlet"};
const std::vector<std::string> metadata = {"unit", "price_year", "source", "label", "note"};
const std::vector<std::string> point = {"point"};
const std::vector<std::string> joint_draws = {"file", "source", "label", "note", "content_hash"};

}  // namespace werkbaat::io::keys
