// The JSON Schema of the scenario format, for editors (completion, misspelt keys), written from
// the loader's own key tables (keys.h). It says which keys each part may have and their rough
// types; the loader checks the rest (expressions, units, names, sums) and says where.
#include <nlohmann/json.hpp>

#include "io/scenario/keys.h"
#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/names.h"

namespace werkbaat::io {
namespace {

using nlohmann::json;

json any_of(std::initializer_list<json> options) {
  json all = json::array();
  for (const json& o : options) all.push_back(o);
  return {{"anyOf", all}};
}
const json kNumber = {{"type", "number"}};
const json kInteger = {{"type", "integer"}};
const json kString = {{"type", "string"}};
const json kBool = {{"type", "boolean"}};
const json kNames = any_of({kString, {{"type", "array"}, {"items", kString}}});
const json kExpr = any_of({kNumber, kString});
// A value by months in the state or a clock: an expression, or a list of pieces.
const json kPieces = any_of({kExpr, {{"type", "array"}, {"items", {{"type", "object"}, {"required", {"value"}}}}}});

json object(const std::vector<std::string>& keys, const json& describe = json::object());

// A rule's months on a value: whole months, or a distribution each client draws them from.
json lasts() {
  json drawn = object({"gamma", "uniform"}, {{"gamma", object({"mean", "sd"}, {{"mean", kExpr}, {"sd", kExpr}})},
                                             {"uniform", object({"min", "max"}, {{"min", kExpr}, {"max", kExpr}})}});
  drawn["minProperties"] = 1;
  drawn["maxProperties"] = 1;
  return any_of({kInteger, drawn});
}

// A map with exactly `keys`, each described by `describe` (any value where it says nothing).
json object(const std::vector<std::string>& keys, const json& describe) {
  json properties = json::object();
  for (const auto& k : keys) properties[k] = describe.contains(k) ? describe[k] : json::object();
  return {{"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
}

json map_of(const json& value) { return {{"type", "object"}, {"additionalProperties", value}}; }

template <class Table>
json one_of_names(const Table& table) {
  return {{"enum", table.names()}};
}

json flow(bool money) {
  std::vector<std::string> all = keys::flow;
  const auto& own = money ? keys::money_flow : keys::effect;
  all.insert(all.end(), own.begin(), own.end());
  const json when = map_of(kNames);
  return object(all, {{"in_state", map_of(kPieces)},
                      {"on_transition", object(keys::on_transition, {{"from", kString}, {"to", kString}, {"amount", kExpr}})},
                      {"at_start", kExpr},
                      {"when", when},
                      {"note", kString},
                      {"source", kString},
                      {"unit", kString},
                      {"payer", any_of({kString, object(keys::payer, {{"split", map_of(kExpr)}})})},
                      {"payee", kString},
                      {"category", kString},
                      {"passed_on", kString}});
}

}  // namespace

std::string scenario_schema() {
  std::vector<std::string> transition = keys::transition;
  transition.push_back(keys::transition_drop);
  const json display = map_of(object(keys::display_name, {{"nl", kString}, {"en", kString}}));
  json population = object(keys::population, {{"size", kNumber},
                                              {"inflow", object(keys::inflow, {{"per_year", kNumber}, {"years", kInteger}})},
                                              {"entry_age", any_of({kNumber, map_of(map_of(kNumber))})}});
  population["additionalProperties"] = map_of(kNumber);  // an attribute: value -> share
  const json top = object(
      keys::top,
      {{"werkbaat", {{"const", 1}}},
       {"name", kString},
       {"description", kString},
       {"uses", kNames},
       {"price_year", kInteger},
       {"cpi", map_of(kNumber)},
       {"horizon", {{"type", "string"}, {"pattern", "^[0-9]+ *(month|months|year|years)$"}}},
       {"discount", object(keys::discount, {{"costs", kNumber}, {"effects", kNumber}})},
       {"timing", one_of_names(model::kTimings)},
       {"parties", {{"type", "array"}, {"items", kString}}},
       {"states", {{"type", "array"}, {"items", kString}}},
       {"start", any_of({kString, map_of(kString)})},
       {"transitions",
        {{"type", "array"},
         {"items", object(transition, {{"from", kString}, {"to", kString}, {"probability", kPieces}, {"rate", kPieces},
                                       {"when", map_of(kNames)}, {"note", kString}, {"source", kString},
                                       {"drop", kBool}})}}},
       {"changes", map_of({{"type", "array"}, {"items", object(keys::change_rule, {{"name", kString},
                                                                                  {"from", kNames},
                                                                                  {"probability", kPieces},
                                                                                  {"lasts", lasts()},
                                                                                  {"leaving", kString},
                                                                                  {"after", kInteger},
                                                                                  {"entering", kString},
                                                                                  {"remember", kBool},
                                                                                  {"when", map_of(kNames)},
                                                                                  {"source", kString},
                                                                                  {"note", kString}})}})},
       {"categories", display},
       {"labels", display},
       {"flows", map_of(flow(true))},
       {"effects", map_of(flow(false))},
       {"parameters", {{"type", "object"}}},  // nested names; a leaf's keys are checked by the loader
       {"derived", map_of(kExpr)},
       {"joint_draws", map_of(object(keys::joint_draws, {{"file", kString}, {"source", kString}, {"label", kString}, {"note", kString},
                                                         {"content_hash", kString}}))},
       {"set", {{"type", "object"}}},
       {"population", population},
       {"arms", object(keys::arms, {{"comparator", kString}, {"interventions", kNames}})},
       {"simulation", object(keys::simulation, {{"mode", one_of_names(model::kModes)},
                                                {"draws", kInteger},
                                                {"clients", kInteger},
                                                {"seed", kInteger},
                                                {"threads", kInteger},
                                                {"base_case", kBool}})},
       {"sweep", object(keys::sweep, {{"grid", {{"type", "object"}}}, {"variants", {{"type", "object"}}}})},
       {"analyses", object(keys::analyses, {{"run", kNames}})}});
  json schema = top;
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["title"] = "werkbaat scenario";
  schema["description"] =
      "A werkbaat scenario or data file (docs/scenario-format.md). Generated by `werkbaat schema` from the "
      "loader's key tables; `werkbaat validate` checks what a schema cannot.";
  return schema.dump(2) + "\n";
}

}  // namespace werkbaat::io
