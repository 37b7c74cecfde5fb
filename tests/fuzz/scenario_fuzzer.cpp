// libFuzzer target: any bytes as a scenario file either load or fail with an InputError; never a
// crash, a hang, a leak or another exception. Files it uses: come from a fixed in-memory set, so
// a run never touches the disk. Build with -DWERKBAAT_FUZZ=ON (clang); see tests/fuzz/README.md.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "werkbaat/io/scenario_loader.h"
#include "werkbaat/model/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const werkbaat::io::MemoryFileReader files = [] {
    werkbaat::io::MemoryFileReader f;
    f.add("base.yaml", "parties: [p1]\nstates: [a, b]\nstart: a\narms: {comparator: c, interventions: [i]}\n"
                       "population: {size: 1}\ntransitions: [{from: a, to: b, probability: 0.1}]\n");
    return f;
  }();
  try {
    (void)werkbaat::io::load_scenario_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", "",
                                           files);
  } catch (const werkbaat::InputError&) {
  }
  return 0;
}
