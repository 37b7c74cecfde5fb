// The Dutch default model against the evidence it is built on.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "../test_support.h"
#include "werkbaat/analysis/summary.h"

using namespace werkbaat;
namespace fs = std::filesystem;

namespace {

// Share of the population ever employed by month `month`, per arm: the model with `werk` made
// absorbing (no way out of a first job) and an effect counting clients in it.
std::vector<double> ever_employed(model::Scenario s, int month) {
  s.simulation.mode = model::Mode::cohort;
  s.simulation.draws = 0;
  const int werk = s.state_index("werk");
  REQUIRE(werk >= 0);
  std::erase_if(s.transitions, [&](const model::Transition& t) { return t.from == werk; });
  model::Expression one;
  one.code = {{model::ExprOp::constant, -1, 1.0}};
  one.text = "1";
  s.exprs.push_back(one);
  model::FlowLine line;
  line.name = "ever_employed";
  line.effect = static_cast<int>(s.effects.size());
  s.effects.push_back("ever_employed");
  s.effect_units.push_back("people");
  line.state_pieces.assign(s.states.size(), std::vector<model::Pieces>(s.combos()));
  for (int c = 0; c < s.combos(); ++c) line.state_pieces[werk][c] = {{0, static_cast<int>(s.exprs.size()) - 1}};
  s.lines.push_back(line);
  const auto sum = analysis::summarise(s, engine::simulate(s));
  std::vector<double> out;
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    out.push_back(sum.effect_monthly[a][line.effect][month - 1] / s.population.size);
  return out;
}

}  // namespace

TEST_CASE("IPS for EPA reproduces the Dutch SCION trial: ever employed by month 30 within its 95% CI") {
  // Michon et al. (2014): 44% of 70 IPS clients and 25% of 81 TAR clients ever in paid work by
  // month 30; normal-approximation 95% intervals.
  const auto s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  const auto share = ever_employed(s, 30);
  const auto arm = [&](const char* name) {
    return static_cast<std::size_t>(std::find(s.arms.begin(), s.arms.end(), name) - s.arms.begin());
  };
  const double ips = share[arm("ips")], regulier = share[arm("regulier")];
  MESSAGE("ever employed by month 30: ips " << ips << ", regulier " << regulier);
  const auto ci = [](double p, int n) { return 1.959963984540054 * std::sqrt(p * (1 - p) / n); };
  CHECK(std::abs(ips - 0.44) <= ci(0.44, 70));
  CHECK(std::abs(regulier - 0.25) <= ci(0.25, 81));
}

TEST_CASE("every parameter of the Dutch default model carries a source and a Q/D/E label") {
  const auto s = io::load_scenario(test::source_path("data/nl-basis.yaml"));
  int unsourced = 0;
  for (const auto& p : s.params) {
    const bool ok = !p.source.empty() && (p.label == "Q" || p.label == "D" || p.label == "E");
    if (!ok) MESSAGE("parameter without source or label: " << p.path);
    unsourced += !ok;
    if (p.unit.is_money()) CHECK(p.price_year >= 2000);
  }
  CHECK(unsourced == 0);
}

TEST_CASE("benefit careers: micro follows every rule as cohort mode does, within 4 Monte Carlo standard errors" *
          doctest::test_suite("slow")) {
  // ips-licht has clients on every benefit that changes (WW, Ziektewet, loondoorbetaling,
  // bijstand), under and over 27: every rule of the default model fires in it.
  auto micro = io::load_scenario(test::source_path("scenarios/ips-licht.yaml"));
  test::fix_parameters(micro);
  micro.simulation.draws = 40;
  micro.simulation.clients = 4000;
  const auto compared = test::check_micro_matches_cohort(micro);
  CHECK(compared.size() > 60);
  // Lines only the rules reach: WW after a job and the bijstand beside it, in both arms.
  const auto ruled = std::count_if(compared.begin(), compared.end(), [&](const auto& al) {
    const auto& flow = micro.lines[al.second].flow;
    return flow == "ww_na_werk" || flow == "bijstand_naast_ww";
  });
  CHECK(ruled == 4);
}

TEST_CASE("WW after a job, by hand: 70% of the lost job's wage from UWV, the gemeente tops the net WW up to the norm") {
  const auto s = io::load_scenario(test::source_path("scenarios/ips-epa-regio.yaml"));
  std::vector<double> base;
  model::base_values(s, base);
  const auto p = [&](const std::string& path) {
    const int i = s.parameter_index(path);
    REQUIRE_MESSAGE(i >= 0, path);
    return base[i];
  };
  // A client in the 12-20 hours class who lost a job and is looking for work again (traject).
  int group = -1;
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    if (s.groups[g].label.find("benefit=ww_na_werk") != std::string::npos &&
        s.groups[g].label.find("hours=h12_20") != std::string::npos)
      group = static_cast<int>(g);
  REQUIRE(group >= 0);
  CHECK(s.groups[group].share == 0);  // reached only by the rule
  const int combo = s.combo(1, group), traject = s.state_index("traject");
  const auto amount = [&](const std::string& line) {
    for (const auto& l : s.lines)
      if (l.name == line) return s.exprs[l.state_pieces[traject][combo].at(0).expr].eval(base.data());
    FAIL("no line " << line);
    return 0.0;
  };
  const double wage = p("work.hours.h12_20") * p("wage.hourly_gross") * 52 / 12 * (1 + p("wage.holiday_allowance"));
  const double ww = p("benefit.ww.level") * wage;
  CHECK(amount("ww_na_werk") == doctest::Approx(ww).epsilon(1e-12));
  CHECK(amount("bijstand_naast_ww") ==
        doctest::Approx(p("benefit.bijstand.norm") - (1 - p("tax.benefit_share")) * ww).epsilon(1e-12));
  // The numbers themselves (2025 prices): 16 h x 15.12 an hour x 52/12 x 1.08 = 1,132.19 a month.
  CHECK(wage == doctest::Approx(1132.1856).epsilon(1e-9));
  // The rules: a job of 6 months or more ends -> WW, which lasts 3 months -> bijstand again.
  int rules = 0;
  for (const auto& r : s.changes) {
    if (r.name == "ww_na_baan") {
      CHECK(r.leaving == s.state_index("werk"));
      CHECK(r.after == 6);
      CHECK(r.remember);
      ++rules;
    }
    if (r.name == "ww_na_baan_loopt_af") {
      CHECK(r.to == std::vector<int>{model::kEarlier});
      ++rules;
    }
  }
  CHECK(rules == 2);
}

TEST_CASE("a co-funder's share of a cost item moves that share of each of its lines, and nothing else") {
  // For every line of the item's flows, paid by p before: p now pays (1 - share) of it, and the
  // co-funder also `share` of the item's total in that arm. Hand arithmetic on the base case.
  struct Case {
    const char* set;          // the parameter
    const char* cofunder;     // the party it names
    std::vector<const char*> flows;
  };
  const std::vector<Case> cases = {
      {"funding.traject.zorgverzekeraar", "zorgverzekeraar", {"traject_start", "traject_herstart"}},
      {"funding.traject.uwv", "uwv", {"traject_start", "traject_herstart"}},
      {"funding.jobcoach.zorgverzekeraar", "zorgverzekeraar", {"jobcoach"}},
      {"funding.jobcoach.gemeente", "gemeente", {"jobcoach"}},
      {"funding.motivatie.gemeente", "gemeente", {"ggz_motivatie"}},
      {"funding.lks.rijk", "rijk", {"loonkostensubsidie"}},
      {"sleutelfiguur.wi_insurer_share", "zorgverzekeraar", {"sleutelfiguur_wi"}},
  };
  const fs::path dir = test::fresh_dir("cofunder-test");
  const auto load = [&](const std::string& set) {
    // drechtsteden-wabz has every item: bijstand and Wajong clients, a job coach in regular
    // re-integration, motivational talks, wage subsidy and a W&I key figure in WabZ.
    test::write(dir / "x.yaml", "uses: " + test::source_path("scenarios/drechtsteden-wabz.yaml") + "\n" + set);
    auto s = io::load_scenario((dir / "x.yaml").string());
    s.simulation.mode = model::Mode::cohort;
    s.simulation.draws = 0;
    s.simulation.base_case = true;
    return s;
  };
  const auto none = load("");
  const auto r0 = engine::simulate(none);
  for (const auto& c : cases) {
    const std::string set = c.set;
    CAPTURE(set);
    std::map<std::string, double> largest;  // per flow of the item: its largest total over the arms
    const double share = 0.25;
    const auto with = load(std::string("set: {") + c.set + ": " + std::to_string(share) + "}\n");
    const auto r = engine::simulate(with);
    REQUIRE(with.lines.size() == none.lines.size());
    const auto of_item = [&](const model::FlowLine& l) {
      return std::find(c.flows.begin(), c.flows.end(), l.flow) != c.flows.end();
    };
    for (int arm = 0; arm < r.shape.arms; ++arm) {
      std::map<std::string, double> total;  // per flow of the item
      for (int l = 0; l < r.shape.lines; ++l)
        if (of_item(none.lines[l])) total[none.lines[l].flow] += r0.base.line(r0.shape, true, 0, arm, l);
      for (int l = 0; l < r.shape.lines; ++l) {
        const auto& line = none.lines[l];
        CAPTURE(line.name);
        CAPTURE(arm);
        const double before = r0.base.line(r0.shape, true, 0, arm, l), after = r.base.line(r.shape, true, 0, arm, l);
        if (!of_item(line)) {
          CHECK(after == before);  // to the bit
          continue;
        }
        const bool cofunder = none.parties[line.payer] == c.cofunder;
        CHECK(after == doctest::Approx(before * (1 - share) + (cofunder ? share * total[line.flow] : 0.0)).epsilon(1e-12));
      }
      for (const auto& [flow, t] : total) largest[flow] = std::max(largest[flow], t);
    }
    for (const char* flow : c.flows) CHECK(largest[flow] > 100);  // the item costs something in some arm
  }
  fs::remove_all(dir);
}
