// A part file read back is the part written; a damaged or hostile one is an error, never a crash.
#include <doctest/doctest.h>

#include <cstring>

#include "../test_support.h"
#include "werkbaat/engine/simulate.h"
#include "werkbaat/io/run_part.h"
#include "werkbaat/model/error.h"

using namespace werkbaat;

namespace {

engine::RunResult small_part() {
  static const model::Scenario s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  model::SimulationSettings sim = s.simulation;
  sim.mode = model::Mode::cohort;
  sim.draws = 40;
  return engine::simulate(s, sim, engine::DrawRange::part(2, 2, sim.draws, true));
}

}  // namespace

TEST_CASE("run part: encoded and decoded, every number comes back to the bit") {
  const engine::RunResult p = small_part();
  const std::string bytes = io::encode_part({"/x/ips-epa.yaml", "abc", 2, 2}, p);
  const io::DecodedPart d = io::decode_part(bytes, "p");
  CHECK(d.header.scenario == "/x/ips-epa.yaml");
  CHECK(d.header.content_hash == "abc");
  CHECK(d.header.k == 2);
  CHECK(d.header.n == 2);
  CHECK(d.result.first_draw == 33);
  CHECK(d.result.psa.draws == 8);
  CHECK(d.result.blocks.size() == 1);
  CHECK(d.result.psa.line_disc == p.psa.line_disc);
  CHECK(d.result.psa_cumulative == p.psa_cumulative);
  CHECK(d.result.blocks[0].monthly.acct_disc == p.blocks[0].monthly.acct_disc);
  CHECK(d.result.blocks[0].groups.npv_sumsq == p.blocks[0].groups.npv_sumsq);
  CHECK(io::encode_part(d.header, d.result) == bytes);  // nothing lost
}

TEST_CASE("run part: every truncation and every flipped byte is refused with a message") {
  const std::string bytes = io::encode_part({"/x/ips-epa.yaml", "abc", 1, 2}, small_part());
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 7)
    CHECK_THROWS_AS(io::decode_part(bytes.substr(0, n), "p"), InputError);
  for (std::size_t i = 0; i < bytes.size(); i += 1 + i / 5) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    CAPTURE(i);
    // A flip in the header may leave it valid JSON that still names this part (a digit of the
    // content hash or the scenario path): then the part itself is intact.
    try {
      io::decode_part(bad, "p");
      CHECK(i < bytes.find('\n'));
    } catch (const InputError&) {
    }
  }
}

TEST_CASE("run part: a body with a valid checksum but arrays that do not fit its shape is refused") {
  engine::RunResult p = small_part();
  p.psa.line_disc.pop_back();
  CHECK_THROWS_WITH_AS(io::decode_part(io::encode_part({"/x", "abc", 1, 2}, p), "p"),
                       doctest::Contains("line totals holds"), InputError);
  p = small_part();
  p.shape.years = 3;  // 120 months are 10 years
  CHECK_THROWS_WITH_AS(io::decode_part(io::encode_part({"/x", "abc", 1, 2}, p), "p"),
                       "p: not an intact werkbaat part (its years do not match its months); run the shard again",
                       InputError);
  CHECK_THROWS_WITH_AS(io::decode_part("werkbaat-part 1 {}\n", "p"), doctest::Contains("its header"), InputError);
  CHECK_THROWS_WITH_AS(io::decode_part("results,json\n", "p"),
                       "p: not a werkbaat part (a shard's output: run SCENARIO --shard k/n --out DIR)", InputError);
}
