#include "werkbaat/app/init.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "../test_support.h"
#include "werkbaat/model/error.h"

using namespace werkbaat;
namespace fs = std::filesystem;

namespace {

app::InitOptions region(const fs::path& dir) {
  app::InitOptions o;
  o.file = (dir / "noordoost-brabant.yaml").string();
  o.base = test::source_path("data/nl-basis.yaml");
  o.region = "Noordoost-Brabant";
  o.size = 45;
  o.severity = {{"midden", 0.5}, {"epa", 0.5}};
  o.benefit = {{"bijstand", 1.0}};
  o.comparator = "regulier";
  o.interventions = {"wabz"};
  o.date = "2026-12-02";
  return o;
}

std::string error_of(const app::InitOptions& o) {
  return test::input_error([&] { app::init_scenario(o); });
}

}  // namespace

TEST_CASE("init writes a short scenario on the default model that loads as it is, with the region's numbers") {
  const fs::path dir = test::fresh_dir("init-test");
  const app::InitOptions o = region(dir);
  const std::string text = app::init_scenario(o);
  CHECK(text.find("uses: ") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') < 60);
  test::write(o.file, text);
  const model::Scenario s = io::load_scenario(o.file);
  CHECK(s.name == "Noordoost-Brabant: Werk als beste Zorg tegen Reguliere re-integratie");
  CHECK(s.population.size == 45);
  CHECK(s.arms == std::vector<std::string>{"regulier", "wabz"});
  CHECK(s.settings.horizon == 60);
  for (const auto& a : s.attributes) {
    CAPTURE(a.name);
    double total = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      total += a.shares[i];
      if (a.name == "severity" && a.values[i] == "epa") CHECK(a.shares[i] == 0.5);
      if (a.name == "severity" && a.values[i] == "licht") CHECK(a.shares[i] == 0);
      if (a.name == "benefit" && a.values[i] == "bijstand") CHECK(a.shares[i] == 1);
    }
    CHECK(total == doctest::Approx(1));
  }
  // Every example under set: (a line "  # a.dotted.path: value"), once its # is removed, is a
  // parameter the model has.
  const std::regex example(R"(\n  # ([a-z_0-9]+(\.[a-z_0-9]+)+: ))");
  const std::string all = std::regex_replace(text, example, "\n  $1");
  CHECK(std::distance(std::sregex_iterator(text.begin(), text.end(), example), std::sregex_iterator()) >= 7);
  test::write(o.file, all);
  const model::Scenario changed = io::load_scenario(o.file);
  CHECK(changed.params[changed.parameter_index("sleutelfiguur.ggz_insurer_share")].dist.mean() == 0.5);
  CHECK(changed.params[changed.parameter_index("funding.uwv.bijstand")].dist.mean() == 1);
  CHECK(changed.params[changed.parameter_index("sleutelfiguur.wi_insurer_share")].dist.mean() == 0.5);
  CHECK(changed.params[changed.parameter_index("funding.traject.zorgverzekeraar")].dist.mean() == 0.5);
  // An inflow instead of a size; the model's own shares where none are given.
  app::InitOptions inflow = region(dir);
  inflow.size = 0;
  inflow.inflow = 20;
  inflow.years = 3;
  inflow.severity.clear();
  test::write(o.file, app::init_scenario(inflow));
  const model::Scenario open = io::load_scenario(o.file);
  CHECK(open.population.entry_months == 36);
  CHECK(open.population.size == 60);
  fs::remove_all(dir);
}

TEST_CASE("init names the option at fault") {
  const fs::path dir = test::fresh_dir("init-errors-test");
  const std::string file = (dir / "noordoost-brabant.yaml").string();
  app::InitOptions o = region(dir);
  o.interventions = {"wabz", "ipss"};
  CHECK(error_of(o) == file + ": --arms: unknown arm 'ipss' (did you mean 'ips'?); known: regulier, ips, wabz");
  o = region(dir);
  o.severity = {{"ernstig", 1.0}};
  CHECK(error_of(o).rfind(file + ": --severity: unknown severity 'ernstig'", 0) == 0);
  o = region(dir);
  o.benefit = {{"bijstand", 0.5}, {"wajong", 0.2}};
  CHECK(error_of(o) == file + ": --benefit: the shares add up to 0.7, not 1");
  o = region(dir);
  o.inflow = 20;
  CHECK(error_of(o) == file + ": --size: give either --size (clients who start together) or --inflow with --years");
  o = region(dir);
  o.region = "Noord\"oost";
  CHECK(error_of(o) == file + ": --region: a region's name is one line of text without quotes or backslashes");
  o = region(dir);
  o.horizon = "5";
  CHECK(error_of(o).find("horizon: give a unit: '5 months' or '5 years'") != std::string::npos);
  fs::remove_all(dir);
}
