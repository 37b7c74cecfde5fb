// results.json: the JSON form of ResultsDoc, written and read by the same field lists.
#include "werkbaat/io/results_doc.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/results_checks.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {

// ---- every key of results.json, once: fields(io, x) names each member of x -------------------

template <class IO>
void fields(IO& io, StatDoc& s) {
  io("base", s.base), io("mean", s.mean), io("sd", s.sd), io("mcse", s.mcse), io("p2_5", s.p2_5);
  io("p50", s.p50), io("p97_5", s.p97_5), io("p_positive", s.p_positive), io("n", s.n);
}
template <class IO>
void fields(IO& io, YearStatDoc& s) {
  fields(io, static_cast<StatDoc&>(s));
  io("year", s.year);
}
template <class IO>
void fields(IO& io, PaybackDoc& p) {
  io("base", p.base), io("median", p.median), io("share_within_horizon", p.share_within_horizon);
}
template <class IO>
void fields(IO& io, AttributionDoc& a) {
  io("npv", a.npv), io("npv_undiscounted", a.npv_undiscounted), io("investment", a.investment);
  io("return", a.ret), io("annual_mean", a.annual_mean), io("annual_base", a.annual_base);
}
template <class IO>
void fields(IO& io, LineDoc& l) {
  io("line", l.line), io("category", l.category);
  fields(io, static_cast<AttributionDoc&>(l));
}
template <class IO>
void fields(IO& io, CategoryDoc& c) {
  io("category", c.category);
  fields(io, static_cast<AttributionDoc&>(c));
}
template <class IO>
void fields(IO& io, AccountDoc& a) {
  io("account", a.account), io("investment", a.investment), io("return", a.ret), io("npv", a.npv);
  io("roi", a.roi), io("roi_of_means", a.roi_of_means), io("payback", a.payback);
  io("annual_budget_impact", a.annual_budget_impact), io("cumulative_npv_mean", a.cumulative_npv_mean);
  io("cumulative_npv_p2_5", a.cumulative_npv_p2_5), io("cumulative_npv_p97_5", a.cumulative_npv_p97_5);
  io("cumulative_npv_by_year", a.cumulative_npv_by_year), io("lines", a.lines), io("categories", a.categories);
  io("chance", a.chance);
}
template <class IO>
void fields(IO& io, ChanceDoc& c) {
  io("npv_parameters_only", c.npv_parameters_only), io("chance_share_of_variance", c.chance_share_of_variance);
}
template <class IO>
void fields(IO& io, DisplayNameDoc& c) {
  io("id", c.id), io("nl", c.nl), io("en", c.en);
}
template <class IO>
void fields(IO& io, LineInfoDoc& l) {
  io("line", l.line), io("flow", l.flow), io("category", l.category), io("payer", l.payer), io("payee", l.payee);
  io("event", l.event);
}
template <class IO>
void fields(IO& io, BudgetDoc& b) {
  io("paid", b.paid), io("received", b.received), io("paid_base", b.paid_base), io("received_base", b.received_base);
  io("paid_by_category", b.paid_by_category), io("received_by_category", b.received_by_category);
}
template <class IO>
void fields(IO& io, EffectDoc& e) {
  io("effect", e.effect), io("unit", e.unit), io("delta_discounted", e.delta_discounted);
  io("delta_undiscounted", e.delta_undiscounted), io("comparator_undiscounted_mean", e.comparator_undiscounted_mean);
  io("intervention_undiscounted_mean", e.intervention_undiscounted_mean);
}
template <class IO>
void fields(IO& io, AccountCostEffectDoc& a) {
  io("account", a.account), io("cost_per_unit", a.cost_per_unit), io("cost_per_unit_base", a.cost_per_unit_base);
  io("nmb_mean", a.nmb_mean), io("p_positive", a.p_positive);
}
template <class IO>
void fields(IO& io, EffectCostEffectDoc& e) {
  io("effect", e.effect), io("gained_mean", e.gained_mean), io("gained_base", e.gained_base), io("accounts", e.accounts);
}
template <class IO>
void fields(IO& io, GroupAccountDoc& a) {
  io("account", a.account), io("npv", a.npv);
}
template <class IO>
void fields(IO& io, GroupEffectDoc& e) {
  io("effect", e.effect), io("gain", e.gain);
}
template <class IO>
void fields(IO& io, GroupDoc& g) {
  io("group", g.group), io("attribute_value", g.attribute_value), io("attributes", g.attributes), io("size", g.size);
  io("accounts", g.accounts);
  io("effects", g.effects);
}
template <class IO>
void fields(IO& io, WtpGridDoc& w) {
  io("effect", w.effect), io("wtp", w.wtp), io("evpi_society", w.evpi_society);
}
template <class IO>
void fields(IO& io, ComparisonDoc& c) {
  io("arm", c.arm), io("comparator", c.comparator), io("accounts", c.accounts), io("effects", c.effects);
  io("cost_effectiveness", c.cost_effectiveness), io("groups", c.groups);
}
template <class IO>
void fields(IO& io, ParameterDoc& p) {
  io("path", p.path), io("distribution", p.distribution), io("a", p.a), io("b", p.b), io("c", p.c);
  io("mean", p.mean), io("unit", p.unit), io("price_year", p.price_year), io("index_factor", p.index_factor);
  io("dirichlet", p.dirichlet), io("source", p.source), io("label", p.label), io("set_at", p.set_at);
  io("point", p.point), io("used", p.used);
}
template <class IO>
void fields(IO& io, PartySettlementDoc& p) {
  io("party", p.party), io("investment", p.investment), io("return", p.ret), io("current_net", p.current_net);
  io("proposed_net", p.proposed_net), io("proposed_payment", p.proposed_payment);
  io("p_positive_current", p.p_positive_current), io("p_positive_proposed", p.p_positive_proposed);
}
template <class IO>
void fields(IO& io, TransferDoc& t) {
  io("from", t.from), io("to", t.to), io("present_value", t.present_value), io("per_year", t.per_year);
}
template <class IO>
void fields(IO& io, SettlementRuleDoc& r) {
  io("rule", r.rule), io("proposed", r.proposed), io("reason", r.reason), io("parties", r.parties);
  io("transfers", r.transfers);
}
template <class IO>
void fields(IO& io, SettlementDoc& s) {
  io("arm", s.arm), io("society_net", s.society_net), io("financiers_cost", s.financiers_cost);
  io("financiers_return", s.financiers_return), io("rules", s.rules);
}
template <class IO>
void fields(IO& io, TornadoBarDoc& b) {
  io("parameter", b.parameter), io("low", b.low), io("high", b.high), io("npv_low", b.npv_low);
  io("npv_high", b.npv_high), io("swing_society", b.swing_society);
}
template <class IO>
void fields(IO& io, TornadoDoc& t) {
  io("arm", t.arm), io("accounts", t.accounts), io("base_npv", t.base_npv), io("bars", t.bars);
}
template <class IO>
void fields(IO& io, BreakEvenDoc& b) {
  io("parameter", b.parameter), io("arm", b.arm), io("account", b.account), io("low", b.low), io("high", b.high);
  io("npv_low", b.npv_low), io("npv_high", b.npv_high), io("found", b.found), io("value", b.value);
}
template <class IO>
void fields(IO& io, ValueDoc& v) {
  io("population", v.population), io("se", v.se), io("per_client", v.per_client);
}
template <class IO>
void fields(IO& io, EvppiDoc& g) {
  io("group", g.group), io("parameters", g.parameters), io("evppi", g.evppi);
}
template <class IO>
void fields(IO& io, AccountVoiDoc& a) {
  io("account", a.account), io("evpi", a.evpi), io("evppi", a.evppi);
}
template <class IO>
void fields(IO& io, VoiDoc& v) {
  io("draws", v.draws), io("method", v.method), io("accounts", v.accounts), io("warnings", v.warnings);
}
template <class IO>
void fields(IO& io, AnalysesDoc& a) {
  io("ran", a.ran), io("settlement", a.settlement), io("tornado", a.tornado), io("breakeven", a.breakeven);
  io("voi", a.voi);
}
template <class IO>
void fields(IO& io, ScenarioInfoDoc& s) {
  io("name", s.name), io("description", s.description), io("files", s.files), io("variant", s.variant);
  io("resolved", s.resolved);
}
template <class IO>
void fields(IO& io, DiscountDoc& d) {
  io("costs", d.costs), io("effects", d.effects);
}
template <class IO>
void fields(IO& io, SettingsDoc& s) {
  io("mode", s.mode), io("draws", s.draws), io("clients", s.clients), io("seed", s.seed), io("threads", s.threads);
  io("base_case", s.base_case), io("horizon_months", s.horizon_months), io("timing", s.timing);
  io("discount", s.discount), io("price_year", s.price_year);
}
template <class IO>
void fields(IO& io, PopulationDoc& p) {
  io("size", p.size), io("entry_months", p.entry_months);
}
template <class IO>
void fields(IO& io, UnitsDoc& u) {
  io("money", u.money), io("payback", u.payback);
}
template <class IO>
void fields(IO& io, RunDoc& r) {
  io("seconds", r.seconds), io("adjusted_rows", r.adjusted_rows), io("warnings", r.warnings);
}
template <class IO>
void fields(IO& io, DrawSeriesDoc& d) {
  io("npv", d.npv), io("payback_month", d.payback_month);
}
template <class IO>
void fields(IO& io, ResultsDoc& d) {
  io("werkbaat_version", d.werkbaat_version), io("scenario", d.scenario), io("content_hash", d.content_hash);
  io("settings", d.settings), io("population", d.population), io("units", d.units), io("run", d.run);
  io("parties", d.parties), io("arms", d.arms), io("comparisons", d.comparisons);
  io("effects_monthly_mean", d.effects_monthly_mean), io("annual_net_by_arm_mean", d.annual_net_by_arm_mean);
  io("budgets", d.budgets), io("categories", d.categories), io("lines", d.lines);
  io("labels", d.labels), io("wtp", d.wtp), io("base_line_months", d.base_line_months);
  io("parameters", d.parameters), io("analyses", d.analyses), io("draws", d.draws);
}

namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Names of the closed sets in the file: the tables of model/names.h.
template <class E>
constexpr const auto& table_of() {
  if constexpr (std::is_same_v<E, model::Mode>) return model::kModes;
  else if constexpr (std::is_same_v<E, model::Timing>) return model::kTimings;
  else if constexpr (std::is_same_v<E, model::Analysis>) return model::kAnalyses;
  else return model::kSettlementRules;
}

// ---- writing --------------------------------------------------------------------------------

struct Writer {
  json& j;
  template <class T>
  void operator()(const char* key, const T& v) {
    j[key] = to_json(v);
  }
  template <class T>
  void operator()(const char* key, const std::optional<T>& v) {
    if (v) j[key] = to_json(*v);
  }
  template <class T>
  void operator()(const char* key, const Nullable<T>& v) {
    j[key] = v ? to_json(*v) : json(nullptr);
  }

  static json to_json(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
  static json to_json(int x) { return x; }
  static json to_json(long x) { return x; }
  static json to_json(std::uint64_t x) { return x; }
  static json to_json(bool x) { return x; }
  static json to_json(const std::string& x) { return x; }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  static json to_json(E e) {
    return std::string(table_of<E>().name(e));
  }
  template <class T>
  static json to_json(const std::vector<T>& v) {
    json out = json::array();
    for (const auto& x : v) out.push_back(to_json(x));
    return out;
  }
  template <class T>
  static json to_json(const std::map<std::string, T>& m) {
    json out = json::object();
    for (const auto& [k, x] : m) out[k] = to_json(x);
    return out;
  }
  template <class T, std::enable_if_t<std::is_class_v<T>, int> = 0>
  static json to_json(const T& x) {
    json out = json::object();
    Writer w{out};
    fields(w, const_cast<T&>(x));  // fields() only reads through a Writer
    return out;
  }
};

// ---- reading --------------------------------------------------------------------------------

const char* kind_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "true or false";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

struct Reader {
  const json& j;
  const std::string& file;
  std::string path;

  [[noreturn]] void wrong(const std::string& at, const char* expected, const json& got) const {
    throw InputError::expected({file, 0, 0}, at, expected, kind_of(got));
  }
  std::string child(const char* key) const { return path.empty() ? key : path + "." + key; }

  template <class T>
  void operator()(const char* key, T& v) const {
    const auto it = j.find(key);
    if (it == j.end()) throw InputError::missing_key({file, 0, 0}, path, key);
    read(*it, child(key), v);
  }
  template <class T>
  void operator()(const char* key, std::optional<T>& v) const {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return v.reset();
    read(*it, child(key), v.emplace());
  }
  template <class T>
  void operator()(const char* key, Nullable<T>& v) const {
    (*this)(key, static_cast<std::optional<T>&>(v));
  }

  void read(const json& x, const std::string& at, double& v) const {
    if (x.is_null()) v = kNaN;
    else if (x.is_number()) v = x.get<double>();
    else wrong(at, "a number", x);
  }
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  void read(const json& x, const std::string& at, I& v) const {
    if (!x.is_number_integer()) wrong(at, "a whole number", x);
    v = x.get<I>();
  }
  void read(const json& x, const std::string& at, bool& v) const {
    if (!x.is_boolean()) wrong(at, "true or false", x);
    v = x.get<bool>();
  }
  void read(const json& x, const std::string& at, std::string& v) const {
    if (!x.is_string()) wrong(at, "a string", x);
    v = x.get<std::string>();
  }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void read(const json& x, const std::string& at, E& v) const {
    std::string name;
    read(x, at, name);
    const auto parsed = table_of<E>().parse(name);
    if (!parsed) throw InputError::unknown({file, 0, 0}, at, "name", name, table_of<E>().names());
    v = *parsed;
  }
  template <class T>
  void read(const json& x, const std::string& at, std::vector<T>& v) const {
    if (!x.is_array()) wrong(at, "a list", x);
    v.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) read(x[i], at + "[" + std::to_string(i) + "]", v[i]);
  }
  template <class T>
  void read(const json& x, const std::string& at, std::map<std::string, T>& m) const {
    if (!x.is_object()) wrong(at, "an object", x);
    for (const auto& [k, item] : x.items()) read(item, at + "." + k, m[k]);
  }
  template <class T, std::enable_if_t<std::is_class_v<T>, int> = 0>
  void read(const json& x, const std::string& at, T& v) const {
    if (!x.is_object()) wrong(at, "an object", x);
    Reader sub{x, file, at};
    fields(sub, v);
  }
};

}  // namespace

std::string to_json_text(const ResultsDoc& doc, bool per_draw) {
  json j = Writer::to_json(doc);
  if (!per_draw) {
    j.erase("draws");
    j.erase("base_line_months");
    j["scenario"].erase("resolved");
  }
  return j.dump(per_draw ? 1 : 2) + "\n";
}

ResultsDoc read_results_json(const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') ++line, column = 1;
      else ++column;
    }
    throw InputError({file, line, column}, "", "not a werkbaat results.json: the file is not valid JSON here");
  } catch (const json::exception& e) {  // e.g. a number too large for a double (found by the fuzzer)
    throw InputError({file, 0, 0}, "", std::string("not a werkbaat results.json: ") +
                                           (e.id == 406 ? "a number in it is too large to read" : "it cannot be read"));
  }
  if (!j.is_object() || !j.contains("werkbaat_version") || !j.contains("comparisons"))
    throw InputError({file, 0, 0}, "", "not a werkbaat results.json (write one with run --out DIR)");
  ResultsDoc d;
  Reader{j, file, ""}.read(j, "", d);
  check_results(d, file);
  return d;
}

}  // namespace werkbaat::io
