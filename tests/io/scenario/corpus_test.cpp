// The error contract, one file per class of bad input: tests/io/scenario/invalid/NAME.yaml must
// fail with exactly the message in NAME.err (what `werkbaat validate` prints after "error: ": it
// loads the file, then checks that a run in the file's own mode can start). To add a class: add
// both files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../../test_support.h"

using namespace werkbaat;
namespace fs = std::filesystem;
using test::slurp;

namespace {
// What `werkbaat validate` does with one file.
void validate(const std::string& name, const io::FileReader& files) {
  const model::Scenario s = io::load_scenario(name, "", files);
  engine::estimate(s, s.simulation);
}
}  // namespace

TEST_CASE("every invalid scenario of the corpus fails with exactly its message") {
  const fs::path dir = test::source_path("tests/io/scenario/invalid");
  io::MemoryFileReader files;  // by bare name, so that messages do not depend on where the tree is
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv") {  // draws files the scenarios read
      files.add(e.path().filename().string(), slurp(e.path()));
    } else if (e.path().extension() == ".yaml") {
      names.push_back(e.path().filename().string());
      files.add(names.back(), slurp(e.path()));
    }
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 30);
  for (const auto& name : names) {
    CAPTURE(name);
    const fs::path err = dir / (fs::path(name).stem().string() + ".err");
    REQUIRE(fs::exists(err));
    std::string expected = slurp(err);
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    CHECK_THROWS_WITH_AS(validate(name, files), expected.c_str(), InputError);
  }
}
