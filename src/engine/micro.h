#pragma once
// Micro mode: individual clients, each with its own history, on Philox numbers keyed by
// (seed, draw, client, month block). All arms of a client use the same numbers.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/draw_tables.h"
#include "engine/layout.h"
#include "engine/trace.h"

namespace werkbaat::engine {

// Who is simulated: `per_month` clients enter in each entry month, split over the groups by the
// largest-remainder method (the same split every month), so each simulated client of group g
// stands for `weight[g]` clients of the population.
struct MicroPlan {
  int per_month = 0;
  int entry_months = 1;
  std::vector<int> group_of;     // [client within an entry month]
  std::vector<int> count;        // [group] per entry month
  std::vector<double> weight;    // [group]
  std::vector<std::string> warnings;

  int clients() const { return per_month * entry_months; }
  // About `clients` simulated clients per draw, spread over the entry months.
  static MicroPlan build(const model::Scenario& s, int clients);
};

// Integer counts of one thread's clients, per trace unit (one per combination clients enter in);
// summed exactly across threads.
// Clients a micro run simulates side by side (run_micro).
constexpr int kLanes = 8;

struct MicroCounts {
  // [unit][row][x], x only over the states the unit's clients can reach (as in Trace): (unit, row,
  // x) is at at[unit] + row * width[unit] + x. The clients who arrive in x in month row, less those
  // who leave it then (modulo 2^32): a client who stays costs nothing, and the clients in x in a
  // month are the sum of the changes up to it (micro_to_trace), exact integers in any order.
  std::vector<std::uint32_t> change;
  // Sparse counts (`sparse`, instead of `change`, where a draw's client-months are far fewer than
  // the units' states x months): one key per client and month, (unit * months + row) << 32 | x,
  // in no particular order (micro_to_trace counts them). Memory grows with the clients, not the space.
  bool sparse = false;
  std::vector<std::uint64_t> visits;
  std::vector<std::uint32_t> moves;  // [unit][row][slot]
  std::vector<std::size_t> at;
  std::vector<int> width;
  std::vector<std::uint32_t> u;      // uniforms of the current kLanes clients, one per month
  std::vector<int> left, held;       // [lane * rules + q]: months left on the value a rule drawn per
                                     // client runs on (-1: none), and that value (Layout::MicroRules)
  std::vector<int> pick;             // [lane * rules + q]: the destination drawn with them

  // Zeroes the counts for a new draw, dense or sparse as `sparse` says.
  void reset(const model::Scenario& s, const Layout& L, const TraceUnits& units);
  void add(const MicroCounts& other);
};

// Simulates clients [begin, end) of draw `draw` of the run seeded `seed` into `counts`. No allocation.
void run_micro(const model::Scenario& s, const Layout& L, const DrawTables& t, const MicroPlan& plan,
               const TraceUnits& units, std::uint64_t seed, int draw, int begin, int end, MicroCounts& counts);

// Turns summed counts into a trace in population units.
void micro_to_trace(const model::Scenario& s, const Layout& L, const MicroPlan& plan, const TraceUnits& units,
                    const MicroCounts& counts, Trace& out);

}  // namespace werkbaat::engine
