// Parts of a run's draws (shards, MPI ranks) and their merging, to the bits of one run; the sums
// over draws both share with the driver, and the per-draw result arrays (DrawSet).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "engine/sums.h"
#include "werkbaat/engine/simulate.h"

namespace werkbaat::engine {

namespace {

template <class T>
void zeros_of(std::vector<T>& v, std::size_t n) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (n * sizeof(T) >= 2 * kHuge && v.capacity() < n) {
    v = std::vector<T>();
    v.reserve(n);
#ifdef __linux__
    const auto begin = (reinterpret_cast<std::uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(v.data() + n)) & ~(kHuge - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint: may fail
#endif
  }
  v.assign(n, T{});
}

void add_to(std::vector<double>& to, const std::vector<double>& from) {
  for (std::size_t i = 0; i < to.size(); ++i) to[i] += from[i];
}

}  // namespace

void zeros(std::vector<double>& v, std::size_t n) { zeros_of(v, n); }
void zeros(std::vector<float>& v, std::size_t n) { zeros_of(v, n); }

void DrawSet::resize(const Shape& sh, int n) {
  draws = n;
  const std::size_t d = n;
  zeros(line_disc, d * sh.arms * sh.lines);
  zeros(line_undisc, line_disc.size());
  zeros(acct_year_disc, d * sh.arms * sh.accounts * sh.years);
  zeros(acct_year_undisc, acct_year_disc.size());
  zeros(effect_disc, d * sh.arms * sh.effects);
  zeros(effect_undisc, effect_disc.size());
  zeros(payback, d * sh.interventions() * sh.accounts);
}

void DrawSet::copy_draw(const Shape& sh, int to, const DrawSet& from, int from_draw) {
  const auto copy = [&](std::vector<double>& dst, const std::vector<double>& src, std::size_t per_draw) {
    std::copy_n(src.begin() + static_cast<std::ptrdiff_t>(from_draw * per_draw), per_draw,
                dst.begin() + static_cast<std::ptrdiff_t>(to * per_draw));
  };
  copy(line_disc, from.line_disc, static_cast<std::size_t>(sh.arms) * sh.lines);
  copy(line_undisc, from.line_undisc, static_cast<std::size_t>(sh.arms) * sh.lines);
  copy(acct_year_disc, from.acct_year_disc, static_cast<std::size_t>(sh.arms) * sh.accounts * sh.years);
  copy(acct_year_undisc, from.acct_year_undisc, static_cast<std::size_t>(sh.arms) * sh.accounts * sh.years);
  copy(effect_disc, from.effect_disc, static_cast<std::size_t>(sh.arms) * sh.effects);
  copy(effect_undisc, from.effect_undisc, static_cast<std::size_t>(sh.arms) * sh.effects);
  copy(payback, from.payback, static_cast<std::size_t>(sh.interventions()) * sh.accounts);
}

void add_monthly(Monthly& to, const Monthly& from) {
  add_to(to.acct_disc, from.acct_disc);
  add_to(to.effect, from.effect);
  add_to(to.line_year_disc, from.line_year_disc);
  add_to(to.line_year_undisc, from.line_year_undisc);
  add_to(to.line_month, from.line_month);
}

void finish_sums(RunResult& r, const DrawSums& total) {
  r.psa_monthly = total.monthly;
  const int S = r.psa.draws;
  if (S > 0)
    for (auto* v : {&r.psa_monthly.acct_disc, &r.psa_monthly.effect, &r.psa_monthly.line_year_disc,
                    &r.psa_monthly.line_year_undisc, &r.psa_monthly.line_month})
      for (auto& x : *v) x /= S;
  r.by_group.npv_sum = total.groups.npv_sum;
  r.by_group.npv_sumsq = total.groups.npv_sumsq;
  r.by_group.npv_positive = total.groups.npv_positive;
  r.by_group.effect_sum = total.groups.effect_sum;
}

void DrawSums::add(const DrawSums& o) {
  add_monthly(monthly, o.monthly);
  add_to(groups.npv_sum, o.groups.npv_sum);
  add_to(groups.npv_sumsq, o.groups.npv_sumsq);
  add_to(groups.effect_sum, o.groups.effect_sum);
  for (std::size_t i = 0; i < groups.npv_positive.size(); ++i) groups.npv_positive[i] += o.groups.npv_positive[i];
}

DrawSums DrawSums::zero(const Shape& sh, int groups, int cells) {
  DrawSums d;
  d.monthly.resize(sh);
  d.groups.groups = groups;
  d.groups.cells = cells;
  const std::size_t per = static_cast<std::size_t>(sh.interventions()) * cells;
  d.groups.npv_sum.assign(per * sh.accounts, 0.0);
  d.groups.npv_sumsq.assign(per * sh.accounts, 0.0);
  d.groups.npv_positive.assign(per * sh.accounts, 0);
  d.groups.effect_sum.assign(per * sh.effects, 0.0);
  return d;
}

DrawRange DrawRange::part(int k, int n, int draws, bool base_case) {
  const int blocks = (draws + kSumBlock - 1) / kSumBlock;
  if (n < 1 || k < 1 || k > n) throw std::invalid_argument(fmt::format("{}/{} is not a part: give k/n with 1 <= k <= n", k, n));
  if (n > std::max(1, blocks))
    throw std::invalid_argument(fmt::format("{} draws make {} block{} of up to {} draws, the smallest part a run splits "
                                            "into; use at most {} part{}, or more draws",
                                            draws, blocks, blocks == 1 ? "" : "s", kSumBlock, std::max(1, blocks),
                                            blocks > 1 ? "s" : ""));
  const auto edge = [&](int i) { return std::min(draws, static_cast<int>(static_cast<long>(blocks) * i / n) * kSumBlock); };
  return {1 + edge(k - 1), edge(k) - edge(k - 1), base_case && k == 1, true};
}

RunResult merge(std::vector<RunResult> parts) {
  if (parts.empty()) throw std::invalid_argument("no parts to merge");
  std::sort(parts.begin(), parts.end(), [](const RunResult& a, const RunResult& b) { return a.first_draw < b.first_draw; });
  const RunResult& first = parts.front();
  const Shape sh = first.shape;
  const int S = first.simulation.draws, T = sh.months, I = sh.interventions(), A = sh.accounts;
  RunResult r;
  r.shape = sh;
  r.simulation = first.simulation;
  r.has_base = first.has_base;
  r.base = first.base;
  r.base_monthly = first.base_monthly;
  r.warnings = first.warnings;
  r.by_group = first.by_group;
  r.psa.resize(sh, S);
  zeros(r.psa_cumulative, static_cast<std::size_t>(S) * I * A * T);
  int next = 1;
  // The blocks' sums added in draw order to zeros, as one run adds them.
  DrawSums total = DrawSums::zero(sh, first.by_group.groups, first.by_group.cells);
  for (const auto& p : parts) {
    if (!p.part) throw std::invalid_argument("a whole run is not a part of one");
    const auto& ps = p.shape;
    if (ps.arms != sh.arms || ps.lines != sh.lines || ps.accounts != sh.accounts || ps.effects != sh.effects ||
        ps.years != sh.years || ps.months != sh.months || p.by_group.groups != first.by_group.groups ||
        p.by_group.cells != first.by_group.cells || p.simulation.draws != S || p.simulation.seed != first.simulation.seed ||
        p.simulation.mode != first.simulation.mode || p.simulation.clients != first.simulation.clients)
      throw std::invalid_argument("the parts differ in shape or settings: they are not parts of one run");
    if (p.has_base != (first.has_base && &p == &first))
      throw std::invalid_argument("only the first part may hold the base case");
    if (p.first_draw < 1 || p.psa.draws > S - (p.first_draw - 1) || (p.first_draw - 1) % kSumBlock != 0 ||
        p.blocks.size() != static_cast<std::size_t>((p.psa.draws + kSumBlock - 1) / kSumBlock))
      throw std::invalid_argument(fmt::format("the part of draws {} to {} is not whole blocks of {} draws of a run of {}",
                                              p.first_draw, p.first_draw + p.psa.draws - 1, kSumBlock, S));
    if (p.first_draw != next)
      throw std::invalid_argument(p.first_draw > next
                                      ? fmt::format("draws {} to {} are in no part", next, p.first_draw - 1)
                                      : fmt::format("draw {} is in two parts", p.first_draw));
    for (int d = 0; d < p.psa.draws; ++d) r.psa.copy_draw(sh, p.first_draw - 1 + d, p.psa, d);
    for (int c = 0; c < I * A * T; ++c)
      std::copy_n(p.psa_cumulative.data() + static_cast<std::size_t>(c) * p.psa.draws, p.psa.draws,
                  r.psa_cumulative.data() + static_cast<std::size_t>(c) * S + (p.first_draw - 1));
    for (const auto& b : p.blocks) total.add(b);
    r.adjusted_rows += p.adjusted_rows;
    r.seconds = std::max(r.seconds, p.seconds);
    next = p.first_draw + p.psa.draws;
  }
  if (next != S + 1) throw std::invalid_argument(fmt::format("draws {} to {} are in no part", next, S));
  finish_sums(r, total);
  return r;
}

}  // namespace werkbaat::engine
