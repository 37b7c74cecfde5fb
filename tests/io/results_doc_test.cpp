// results.json as types: written and read by one field list, so a round trip is exact; a broken
// file is refused naming the key.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/results_doc.h"
#include "werkbaat/io/table_printer.h"

using namespace werkbaat;

namespace {

io::ResultsDoc bench_doc() {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 12;
  o.analyses = {model::Analysis::settlement, model::Analysis::tornado, model::Analysis::voi};
  return io::results_doc(s, analysis::evaluate(s, o));
}

}  // namespace

TEST_CASE("results.json reads back into the same document, per-draw results and analyses included") {
  const auto doc = bench_doc();
  const std::string text = io::to_json_text(doc, true);
  const auto back = io::read_results_json(text, "r.json");
  CHECK(io::to_json_text(back, true) == text);
  REQUIRE(back.draws);
  CHECK(back.draws->at("IPS").at("society").npv.size() == 12);
  CHECK(back.comparisons[0].accounts.back().npv.mean == doc.comparisons[0].accounts.back().npv.mean);
  REQUIRE(back.analyses);
  CHECK(back.analyses->ran == std::vector<model::Analysis>{model::Analysis::settlement, model::Analysis::tornado,
                                                           model::Analysis::voi});
  CHECK_FALSE(back.analyses->breakeven);
  // Without per-draw results (--json, regression baselines): no draws and no resolved scenario.
  const auto lean = io::read_results_json(io::to_json_text(doc, false), "r.json");
  CHECK_FALSE(lean.draws);
  CHECK_FALSE(lean.scenario.resolved);
}

TEST_CASE("mutated results.json files are refused with an InputError or give whole reports, never a crash") {
  // A deterministic fuzz of the results reader and every writer behind it: keys deleted, values
  // replaced by other types, lists emptied, numbers made extreme.
  const auto base = nlohmann::json::parse(io::to_json_text(bench_doc(), true));
  std::vector<nlohmann::json*> nodes;
  auto j = base;
  const std::vector<nlohmann::json> replacements = {nullptr, "text", -1, 1e308, nlohmann::json::array(),
                                                    nlohmann::json::object(), true};
  int read = 0, refused = 0;
  for (std::uint32_t i = 0; i < 300; ++i) {
    j = base;
    nodes.clear();
    std::vector<nlohmann::json*> stack = {&j};
    while (!stack.empty()) {  // every node of the document
      auto* n = stack.back();
      stack.pop_back();
      nodes.push_back(n);
      if (n->is_structured())
        for (auto& child : *n) stack.push_back(&child);
    }
    auto& target = *nodes[(i * 2654435761u) % nodes.size()];
    target = replacements[i % replacements.size()];
    try {
      const auto doc = io::read_results_json(j.dump(), "fuzz.json");
      (void)io::html_report(doc, {"nl", "today"});
      (void)io::format_table(doc);
      ++read;
    } catch (const InputError&) {
      ++refused;
    }
  }
  MESSAGE("results fuzz: " << read << " read and reported, " << refused << " refused");
  CHECK(refused > 0);
}

TEST_CASE("a broken results.json is refused with the key that is missing or mistyped") {
  auto j = nlohmann::json::parse(io::to_json_text(bench_doc(), true));
  auto missing = j;
  missing["comparisons"][0]["accounts"][1]["npv"].erase("mean");
  CHECK_THROWS_WITH_AS(io::read_results_json(missing.dump(), "r.json"),
                       "r.json: comparisons[0].accounts[1].npv: missing key 'mean'", InputError);
  auto mistyped = j;
  mistyped["settings"]["draws"] = "many";
  CHECK_THROWS_WITH_AS(io::read_results_json(mistyped.dump(), "r.json"),
                       "r.json: settings.draws: expected a whole number, got a string", InputError);
  auto unknown = j;
  unknown["settings"]["mode"] = "mikro";
  CHECK_THROWS_WITH_AS(io::read_results_json(unknown.dump(), "r.json"),
                       "r.json: settings.mode: unknown name 'mikro' (did you mean 'micro'?); known: cohort, micro",
                       InputError);
  CHECK_THROWS_WITH_AS(io::read_results_json("{\"a\": 1}", "r.json"),
                       "r.json: not a werkbaat results.json (write one with run --out DIR)", InputError);
  CHECK_THROWS_WITH_AS(io::read_results_json("{\n  \"a\": x\n}", "r.json"),
                       "r.json:2:8: not a werkbaat results.json: the file is not valid JSON here", InputError);
  auto no_arms = j;
  no_arms["arms"] = nlohmann::json::array();
  CHECK_THROWS_WITH_AS(io::read_results_json(no_arms.dump(), "r.json"),
                       "r.json: arms: a comparator and at least one intervention are needed", InputError);
  auto lost_account = j;
  lost_account["draws"]["IPS"].erase("municipality");
  CHECK_THROWS_WITH_AS(io::read_results_json(lost_account.dump(), "r.json"),
                       "r.json: draws.IPS: account 'municipality' is missing", InputError);
}
