#include "werkbaat/io/run_part.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

#include "werkbaat/model/error.h"
#include "werkbaat/model/hash.h"

namespace werkbaat::io {
namespace {

constexpr const char* kMagic = "werkbaat-part 1 ";
constexpr std::size_t kMaxHeader = 1 << 16;
constexpr std::size_t kTrailer = 17;  // the body's FNV-1a, 16 hex digits and a newline

static_assert(std::endian::native == std::endian::little, "parts are written little-endian");

// Writes the body, or (counting) only adds up its size: the body is written into a string
// reserved to its size once, not grown (a 10,000-draw part is tens of megabytes).
class Writer {
 public:
  explicit Writer(bool counting = false) : counting_(counting) {}
  std::string bytes;
  std::size_t size = 0;
  void i64(std::int64_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_arithmetic_v<T>);
    i64(static_cast<std::int64_t>(v.size()));
    raw(v.data(), v.size() * sizeof(T));
  }
  void text(const std::string& s) {
    i64(static_cast<std::int64_t>(s.size()));
    raw(s.data(), s.size());
  }

 private:
  void raw(const void* p, std::size_t n) {
    size += n;
    if (!counting_ && n > 0) bytes.append(static_cast<const char*>(p), n);  // (an empty vector's data may be null)
  }
  bool counting_;
};

class Reader {
 public:
  Reader(const std::string& bytes, std::size_t pos, std::string name, std::size_t end = std::string::npos)
      : b_(bytes), pos_(pos), end_(std::min(end, bytes.size())), name_(std::move(name)) {}
  std::int64_t i64() {
    std::int64_t v;
    raw(&v, sizeof v);
    return v;
  }
  double f64() {
    double v;
    raw(&v, sizeof v);
    return v;
  }
  // An integer in [lo, hi], else the part is damaged.
  int bounded(long lo, long hi, const char* what) {
    const std::int64_t v = i64();
    if (v < lo || v > hi) fail(fmt::format("{} is {}, outside {}..{}", what, v, lo, hi));
    return static_cast<int>(v);
  }
  template <class T>
  void array(std::vector<T>& v, std::size_t expected, const char* what) {
    const std::int64_t n = i64();
    if (n < 0 || static_cast<std::uint64_t>(n) != expected)
      fail(fmt::format("{} holds {} values where its shape says {}", what, n, expected));
    if (expected > (end_ - pos_) / sizeof(T)) fail("it ends early");
    v.resize(expected);
    raw(v.data(), expected * sizeof(T));
  }
  std::string text() {
    const std::int64_t n = i64();
    if (n < 0 || static_cast<std::uint64_t>(n) > end_ - pos_) fail("it ends early");
    std::string s = b_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }
  bool at_end() const { return pos_ == end_; }
  [[noreturn]] void fail(const std::string& why) const {
    throw InputError({name_, 0, 0}, "", "not an intact werkbaat part (" + why + "); run the shard again");
  }

 private:
  void raw(void* p, std::size_t n) {
    if (n > end_ - pos_) fail("it ends early");
    if (n == 0) return;  // (an empty vector's data may be null)
    std::memcpy(p, b_.data() + pos_, n);
    pos_ += n;
  }
  const std::string& b_;
  std::size_t pos_, end_;
  std::string name_;
};

struct Sizes {
  std::size_t line, acct_year, effect, payback;  // per draw
  std::size_t m_acct, m_effect, m_line_year, m_line_month;
  std::size_t g_acct, g_effect;
  std::size_t cumulative;  // per draw
};

Sizes sizes_of(const engine::Shape& sh, int cells) {
  const std::size_t A = sh.arms, I = sh.interventions();
  return {A * sh.lines,
          A * sh.accounts * sh.years,
          A * sh.effects,
          I * sh.accounts,
          A * sh.accounts * sh.months,
          A * sh.effects * sh.months,
          A * sh.lines * sh.years,
          A * sh.lines * sh.months,
          I * cells * sh.accounts,
          I * cells * sh.effects,
          I * sh.accounts * sh.months};
}

void put(Writer& w, const engine::DrawSet& d) {
  w.i64(d.draws);
  w.array(d.line_disc), w.array(d.line_undisc), w.array(d.acct_year_disc), w.array(d.acct_year_undisc);
  w.array(d.effect_disc), w.array(d.effect_undisc), w.array(d.payback);
}

void get(Reader& r, const Sizes& z, engine::DrawSet& d, int draws_max) {
  d.draws = r.bounded(0, draws_max, "a draw count");
  const std::size_t n = d.draws;
  r.array(d.line_disc, n * z.line, "line totals"), r.array(d.line_undisc, n * z.line, "line totals");
  r.array(d.acct_year_disc, n * z.acct_year, "annual nets"), r.array(d.acct_year_undisc, n * z.acct_year, "annual nets");
  r.array(d.effect_disc, n * z.effect, "effects"), r.array(d.effect_undisc, n * z.effect, "effects");
  r.array(d.payback, n * z.payback, "payback months");
}

void put(Writer& w, const engine::Monthly& m) {
  w.array(m.acct_disc), w.array(m.effect), w.array(m.line_year_disc), w.array(m.line_year_undisc), w.array(m.line_month);
}

void get(Reader& r, const Sizes& z, engine::Monthly& m) {
  r.array(m.acct_disc, z.m_acct, "monthly nets"), r.array(m.effect, z.m_effect, "monthly effects");
  r.array(m.line_year_disc, z.m_line_year, "annual lines"), r.array(m.line_year_undisc, z.m_line_year, "annual lines");
  r.array(m.line_month, z.m_line_month, "monthly lines");
}

void put_sums(Writer& w, const engine::GroupResults& g) {
  w.array(g.npv_sum), w.array(g.npv_sumsq), w.array(g.npv_positive), w.array(g.effect_sum);
}

void get_sums(Reader& r, const Sizes& z, engine::GroupResults& g) {
  r.array(g.npv_sum, z.g_acct, "group sums"), r.array(g.npv_sumsq, z.g_acct, "group sums");
  r.array(g.npv_positive, z.g_acct, "group counts"), r.array(g.effect_sum, z.g_effect, "group sums");
}

}  // namespace

namespace {

void put_body(Writer& w, const engine::RunResult& p) {
  const auto& sh = p.shape;
  for (const int v : {sh.arms, sh.lines, sh.accounts, sh.effects, sh.years, sh.months}) w.i64(v);
  const auto& st = p.simulation;
  w.i64(static_cast<int>(st.mode)), w.i64(st.draws), w.i64(st.clients), w.i64(static_cast<std::int64_t>(st.seed));
  w.i64(st.threads), w.i64(st.base_case);
  w.i64(p.has_base), w.i64(p.part), w.i64(p.first_draw);
  w.i64(p.by_group.groups), w.i64(p.by_group.cells);
  put(w, p.base), put(w, p.psa), put(w, p.base_monthly);
  w.array(p.psa_cumulative);
  w.array(p.by_group.npv_base), w.array(p.by_group.effect_base);
  w.i64(static_cast<std::int64_t>(p.blocks.size()));
  for (const auto& b : p.blocks) put(w, b.monthly), put_sums(w, b.groups);
  w.i64(p.adjusted_rows);
  w.i64(static_cast<std::int64_t>(p.warnings.size()));
  for (const auto& s : p.warnings) w.text(s);
  w.f64(p.seconds);
}

}  // namespace

std::string encode_part(const PartHeader& h, const engine::RunResult& p) {
  Writer count(true);
  put_body(count, p);
  const nlohmann::json head = {{"werkbaat_version", WERKBAAT_VERSION},
                               {"scenario", h.scenario},
                               {"content_hash", h.content_hash},
                               {"part", h.k},
                               {"of", h.n},
                               {"first_draw", p.first_draw},
                               {"draws", p.psa.draws},
                               {"body_bytes", count.size}};
  // Header line, body, and the body's checksum as the last line: written once, in place.
  Writer w;
  w.bytes = kMagic + head.dump() + "\n";
  const std::size_t body = w.bytes.size();
  w.bytes.reserve(body + count.size + kTrailer);
  put_body(w, p);
  w.bytes += fmt::format("{:016x}\n", model::fnv1a(std::string_view(w.bytes).substr(body)));
  return std::move(w.bytes);
}

DecodedPart decode_part(const std::string& bytes, const std::string& name) {
  const std::string magic = kMagic;
  if (bytes.compare(0, magic.size(), magic) != 0)
    throw InputError({name, 0, 0}, "", "not a werkbaat part (a shard's output: run SCENARIO --shard k/n --out DIR)");
  const std::size_t eol = bytes.find('\n');
  if (eol == std::string::npos || eol > kMaxHeader) Reader(bytes, 0, name).fail("its header does not end");
  DecodedPart out;
  auto& h = out.header;
  nlohmann::json head;
  std::size_t body_bytes = 0;
  try {
    head = nlohmann::json::parse(bytes.substr(magic.size(), eol - magic.size()));
    if (head.at("werkbaat_version").get<std::string>() != WERKBAAT_VERSION)
      throw InputError({name, 0, 0}, "werkbaat_version",
                       fmt::format("written by werkbaat {}, read by {}: merge parts with the version that made them",
                                   head.at("werkbaat_version").get<std::string>(), WERKBAAT_VERSION));
    h.scenario = head.at("scenario").get<std::string>();
    h.content_hash = head.at("content_hash").get<std::string>();
    for (const char* key : {"part", "of", "body_bytes"})
      if (!head.at(key).is_number_unsigned() || head.at(key).get<std::uint64_t>() > (std::uint64_t{1} << 40))
        Reader(bytes, 0, name).fail(std::string("its header's ") + key + " is not a whole number in range");
    h.k = static_cast<int>(std::min<std::uint64_t>(head.at("part").get<std::uint64_t>(), 1u << 30));
    h.n = static_cast<int>(std::min<std::uint64_t>(head.at("of").get<std::uint64_t>(), 1u << 30));
    body_bytes = head.at("body_bytes").get<std::size_t>();
  } catch (const nlohmann::json::exception& e) {
    Reader(bytes, 0, name).fail(std::string("its header: ") + e.what());
  }
  const std::size_t after = bytes.size() - eol - 1;
  if (body_bytes > std::numeric_limits<std::size_t>::max() - kTrailer || after != body_bytes + kTrailer)
    Reader(bytes, 0, name).fail(fmt::format("{} bytes where its header says {}", after, body_bytes + kTrailer));
  const std::string_view body(bytes.data() + eol + 1, body_bytes);
  if (fmt::format("{:016x}\n", model::fnv1a(body)) != std::string_view(bytes).substr(eol + 1 + body_bytes))
    Reader(bytes, 0, name).fail("its checksum does not match");

  Reader r(bytes, eol + 1, name, eol + 1 + body_bytes);
  auto& p = out.result;
  auto& sh = p.shape;
  constexpr long kBig = 1 << 20;
  sh.arms = r.bounded(1, kBig, "arms"), sh.lines = r.bounded(0, kBig, "lines"), sh.accounts = r.bounded(1, kBig, "accounts");
  sh.effects = r.bounded(0, kBig, "effects"), sh.years = r.bounded(1, kBig, "years"), sh.months = r.bounded(1, kBig, "months");
  if (sh.years != (sh.months + 11) / 12) r.fail("its years do not match its months");
  auto& st = p.simulation;
  st.mode = static_cast<model::Mode>(r.bounded(0, 1, "the mode"));
  st.draws = r.bounded(0, 100'000'000, "draws");
  st.clients = r.bounded(0, 2'000'000'000, "clients");
  st.seed = static_cast<std::uint64_t>(r.i64());
  st.threads = r.bounded(0, kBig, "threads");
  st.base_case = r.bounded(0, 1, "base_case");
  p.has_base = r.bounded(0, 1, "has_base");
  p.part = r.bounded(0, 1, "part");
  p.first_draw = r.bounded(1, st.draws + 1, "first_draw");
  p.by_group.groups = r.bounded(0, 100'000'000, "groups");
  p.by_group.cells = r.bounded(p.by_group.groups, 100'000'000, "cells");
  const Sizes z = sizes_of(sh, p.by_group.cells);
  get(r, z, p.base, 1);
  get(r, z, p.psa, st.draws - p.first_draw + 1);
  if (p.base.draws != (p.has_base ? 1 : 0)) r.fail("its base case does not match has_base");
  get(r, z, p.base_monthly);
  r.array(p.psa_cumulative, static_cast<std::size_t>(p.psa.draws) * z.cumulative, "cumulative nets");
  r.array(p.by_group.npv_base, z.g_acct, "group base case"), r.array(p.by_group.effect_base, z.g_effect, "group base case");
  const int blocks = r.bounded(0, (p.psa.draws + engine::kSumBlock - 1) / engine::kSumBlock, "blocks");
  for (int i = 0; i < blocks; ++i) {
    engine::DrawSums b;
    b.groups.groups = p.by_group.groups;
    b.groups.cells = p.by_group.cells;
    get(r, z, b.monthly), get_sums(r, z, b.groups);
    p.blocks.push_back(std::move(b));
  }
  p.adjusted_rows = r.i64();
  const int warnings = r.bounded(0, kBig, "warnings");
  for (int i = 0; i < warnings; ++i) p.warnings.push_back(r.text());
  p.seconds = r.f64();
  if (!r.at_end()) r.fail("it has bytes after its end");
  // The group sums of a part are zeros until merged (engine::merge reads the blocks).
  p.by_group.npv_sum.assign(z.g_acct, 0.0), p.by_group.npv_sumsq.assign(z.g_acct, 0.0);
  p.by_group.npv_positive.assign(z.g_acct, 0), p.by_group.effect_sum.assign(z.g_effect, 0.0);
  p.psa_monthly.resize(sh);
  if (h.n < 1 || h.k < 1 || h.k > h.n) r.fail(fmt::format("it calls itself part {} of {}", h.k, h.n));
  return out;
}

}  // namespace werkbaat::io
