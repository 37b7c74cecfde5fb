// uses: chains, read from memory through a FileReader: relative paths, diamonds, cycles.
#include <doctest/doctest.h>

#include <algorithm>

#include "werkbaat/io/scenario_loader.h"

using namespace werkbaat;

namespace {

const char* kBase = R"(parties: [p1]
states: [a, b]
start: a
arms: {comparator: c, interventions: [i]}
population: {size: 1}
transitions: [{from: a, to: b, probability: 0.1}]
flows:
  care: {payer: p1, payee: resources, in_state: {a: cost.care}}
parameters:
  cost:
    care: {value: 900, unit: EUR/month, price_year: 2025}
)";

double mean_of(const model::Scenario& s, const std::string& path) { return s.params[s.parameter_index(path)].dist.mean(); }

}  // namespace

TEST_CASE("uses: builds on a file relative to the including one, and set: keeps the unit of the original") {
  io::MemoryFileReader files;
  files.add("sub/base.yaml", kBase);
  files.add("top.yaml", "uses: sub/base.yaml\nname: top\nset:\n  cost.care: 1000\n");
  const auto s = io::load_scenario("top.yaml", "", files);
  CHECK(s.name == "top");
  CHECK(s.files == std::vector<std::string>{"top.yaml", "sub/base.yaml"});
  const auto& p = s.params[s.parameter_index("cost.care")];
  CHECK(p.dist.mean() == 1000);
  CHECK(p.unit.name == "EUR/month");
  CHECK(p.origin.file == "top.yaml");
  CHECK(p.origin.line == 4);
  CHECK(p.source == "set: in top.yaml:4");
}

TEST_CASE("uses: a file reached twice is merged once, and the later set: wins") {
  io::MemoryFileReader files;
  files.add("base.yaml", kBase);
  files.add("left.yaml", "uses: base.yaml\nset: {cost.care: 1234}\n");
  files.add("right.yaml", "uses: ./base.yaml\nname: right\n");
  files.add("top.yaml", "uses: [left.yaml, right.yaml]\n");
  const auto s = io::load_scenario("top.yaml", "", files);
  CHECK(mean_of(s, "cost.care") == 1234);
  CHECK(s.name == "right");
  CHECK(std::count(s.files.begin(), s.files.end(), "base.yaml") == 1);
}

TEST_CASE("uses: cycles and missing files name the file and line that refer to them") {
  io::MemoryFileReader files;
  files.add("a.yaml", "uses: b.yaml\n");
  files.add("b.yaml", "name: b\nuses: a.yaml\n");
  files.add("c.yaml", "name: c\nuses: nowhere.yaml\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("a.yaml", "", files), "b.yaml:2:7: uses: cyclic uses: a.yaml -> b.yaml -> a.yaml",
                       InputError);
  CHECK_THROWS_WITH_AS(io::load_scenario("c.yaml", "", files), "c.yaml:2:7: uses: cannot read 'nowhere.yaml': no such file",
                       InputError);
  CHECK_THROWS_WITH_AS(io::load_scenario("d.yaml", "", files), "d.yaml: cannot read this file: no such file", InputError);
}

TEST_CASE("sweep: the population's size and an attribute's shares vary like parameters, checked before any variant runs") {
  io::MemoryFileReader files;
  const std::string base = std::string(kBase).replace(std::string(kBase).find("population: {size: 1}"),
                                                      std::string("population: {size: 1}").size(),
                                                      "population: {size: 10, severity: {mild: 0.5, severe: 0.5}}");
  files.add("base.yaml", base);
  files.add("mix.yaml", "uses: base.yaml\nname: mix\nsweep:\n  grid:\n    population.severity: [{mild: 1, severe: 0}, "
                        "{mild: 0.2, severe: 0.8}]\n    population.size: [10, 40]\n");
  const auto names = io::sweep_variants("mix.yaml", files);
  REQUIRE(names.size() == 4);
  CHECK(names[3] == "population.severity=#2,population.size=40");
  const auto s = io::load_scenario("mix.yaml", names[3], files);
  CHECK(s.population.size == 40);
  REQUIRE(s.groups.size() == 2);
  CHECK(s.groups[1].share == doctest::Approx(0.8));
  // Only the size, the inflow and whole attributes (their shares as a map) can vary.
  files.add("bad-key.yaml", "uses: base.yaml\nsweep:\n  grid:\n    population.severity.mild: [0.5]\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("bad-key.yaml", "", files),
                       doctest::Contains("unknown population key (an attribute's shares are varied together, as a map) "
                                         "'population.severity.mild'"),
                       InputError);
  files.add("bad-value.yaml", "uses: base.yaml\nsweep:\n  variants:\n    all-mild: {population.severity: mild}\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("bad-value.yaml", "", files),
                       "bad-value.yaml:4:37: sweep.variants.all-mild.population.severity: give the shares as a map, e.g. "
                       "{licht: 0.3, midden: 0.4, epa: 0.3}",
                       InputError);
}

TEST_CASE("uses: transitions merge by from -> to: a scenario changes, adds or drops one") {
  io::MemoryFileReader files;
  files.add("base.yaml", kBase);
  files.add("base2.yaml", R"(uses: base.yaml
states: [a, b, c]
transitions:
  - {from: a, to: c, probability: 0.2}
  - {from: b, to: a, probability: 0.3}
)");
  files.add("top.yaml", R"(uses: base2.yaml
transitions:
  - {from: a, to: b, probability: 0.15}
  - {from: b, to: a, drop: true}
  - {from: c, to: a, probability: 0.05}
)");
  const auto s = io::load_scenario("top.yaml", "", files);
  std::vector<std::string> got;
  for (const auto& t : s.transitions) got.push_back(s.states[t.from] + "->" + s.states[t.to]);
  CHECK(got == std::vector<std::string>{"a->b", "a->c", "c->a"});
  CHECK(s.resolved.find("0.15") != std::string::npos);
  // Dropping what is not there, and drop: in a file that uses none, say so at the entry.
  files.add("bad.yaml", "uses: base.yaml\ntransitions: [{from: b, to: a, drop: true}]\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("bad.yaml", "", files),
                       "bad.yaml:2:15: transitions[0]: no transition b -> a to drop in the files this one uses", InputError);
  files.add("alone.yaml", std::string(kBase).replace(std::string(kBase).find("transitions: ["), 14,
                                                       "transitions: [{from: b, to: a, drop: true}, "));
  CHECK_THROWS_WITH_AS(io::load_scenario("alone.yaml", "", files), doctest::Contains("drop: removes a transition of a file this one uses"),
                       InputError);
}

TEST_CASE("uses: a scenario's new or misspelt arm or value is reported where the scenario names it, with all it lacks") {
  io::MemoryFileReader files;
  files.add("data.yaml", R"(parties: [p1]
states: [a, b]
start: a
arms: {comparator: c, interventions: [i]}
population: {size: 1, severity: {licht: 0.5, epa: 0.5}}
transitions: [{from: a, to: b, probability: "job.{arm}.{severity}"}]
flows:
  care: {payer: p1, payee: resources, in_state: {a: "cost.{severity}", b: "coach.{arm}"}}
parameters:
  job: {c: {licht: 0.1, epa: 0.05}, i: {licht: 0.2, epa: 0.1}}
  cost: {licht: 100, epa: 900}
  coach: {c: 0, i: 50}
)");
  files.add("arm.yaml", "uses: data.yaml\narms: {comparator: c, interventions: [ii]}\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("arm.yaml", "", files),
                       "arm.yaml:2:39: arms.interventions[0]: arm 'ii' has no parameter 'job.ii.licht', which "
                       "transitions[0].probability reads (data.yaml:6:46) (did you mean 'job.i.licht'?); 'c' has 3 "
                       "parameters that 'ii' lacks: job.ii.licht, job.ii.epa, coach.ii",
                       InputError);
  files.add("value.yaml", "uses: data.yaml\npopulation: {size: 1, severity: {licht: 0.5, midden: 0.5}}\n");
  CHECK_THROWS_WITH_AS(io::load_scenario("value.yaml", "", files),
                       doctest::Contains("value.yaml:2:46: population.severity.midden: severity 'midden' has no parameter "
                                         "'job.c.midden'"),
                       InputError);
  CHECK_THROWS_WITH_AS(io::load_scenario("value.yaml", "", files),
                       doctest::Contains("'licht' has 3 parameters that 'midden' lacks: job.c.midden, job.i.midden, cost.midden"),
                       InputError);
}
