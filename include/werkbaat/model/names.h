#pragma once
// One table per closed set of names: the loader parses with it, the command line offers its
// names, the writers print them (name_of).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace werkbaat::model {

template <class E, std::size_t N>
struct NameTable {
  std::array<std::pair<std::string_view, E>, N> rows;

  constexpr std::optional<E> parse(std::string_view s) const {
    for (const auto& [n, e] : rows)
      if (n == s) return e;
    return std::nullopt;
  }
  constexpr std::string_view name(E e) const {
    for (const auto& [n, x] : rows)
      if (x == e) return n;
    return "?";
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& row : rows) out.emplace_back(row.first);
    return out;
  }
};

// How clients are simulated: the expected Markov trace, or individuals.
enum class Mode { cohort, micro };
inline constexpr NameTable<Mode, 2> kModes{{{{"cohort", Mode::cohort}, {"micro", Mode::micro}}}};

// Where in a month a per-month flow is valued for discounting.
enum class Timing { start, middle, end };
inline constexpr NameTable<Timing, 3> kTimings{
    {{{"start", Timing::start}, {"middle", Timing::middle}, {"end", Timing::end}}}};

// The analyses after a PSA (see analysis/analyses.h).
enum class Analysis { settlement, tornado, breakeven, voi };
inline constexpr NameTable<Analysis, 4> kAnalyses{{{{"settlement", Analysis::settlement},
                                                    {"tornado", Analysis::tornado},
                                                    {"breakeven", Analysis::breakeven},
                                                    {"voi", Analysis::voi}}}};

// The settlement rules (see analysis/settlement.h).
enum class SettlementRule { proportional, repay_then_equal };
inline constexpr NameTable<SettlementRule, 2> kSettlementRules{
    {{{"proportional", SettlementRule::proportional}, {"repay_then_equal", SettlementRule::repay_then_equal}}}};

inline std::string_view name_of(Mode m) { return kModes.name(m); }
inline std::string_view name_of(Timing t) { return kTimings.name(t); }
inline std::string_view name_of(Analysis a) { return kAnalyses.name(a); }
inline std::string_view name_of(SettlementRule r) { return kSettlementRules.name(r); }

}  // namespace werkbaat::model
