// Golden checks of the report's SVG: the plotted points map back to the data.
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/table_printer.h"

using namespace werkbaat;

namespace {

std::string attr(const std::string& tag, const std::string& name) {
  const std::regex re(name + "=\"([^\"]*)\"");
  std::smatch m;
  REQUIRE(std::regex_search(tag, m, re));
  return m[1];
}
double attr_num(const std::string& tag, const std::string& name) { return std::stod(attr(tag, name)); }

// The first <svg ...> chart of the page whose title starts with `title`, whole.
std::string svg_titled(const std::string& html, const std::string& title) {
  const std::size_t label = html.find("aria-label=\"" + title);
  REQUIRE(label != std::string::npos);
  const std::size_t at = html.rfind("<svg", label);
  return html.substr(at, html.find("</svg>", at) - at);
}

struct Mapping {
  double x0, x1, y0, y1, left, top, width, height;
  explicit Mapping(const std::string& svg)
      : x0(attr_num(svg, "data-x-min")), x1(attr_num(svg, "data-x-max")), y0(attr_num(svg, "data-y-min")),
        y1(attr_num(svg, "data-y-max")), left(attr_num(svg, "data-left")), top(attr_num(svg, "data-top")),
        width(attr_num(svg, "data-width")), height(attr_num(svg, "data-height")) {}
  double x(double px) const { return x0 + (px - left) / width * (x1 - x0); }
  double y(double py) const { return y1 - (py - top) / height * (y1 - y0); }
  double py(double v) const { return top + (y1 - v) / (y1 - y0) * height; }
};

}  // namespace

TEST_CASE("report SVG: the plotted points are the data") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  s.simulation.mode = model::Mode::cohort;
  s.simulation.draws = 25;
  const auto e = analysis::evaluate(s);
  const auto& sum = e.summary;
  const std::string html = io::html_report(io::results_doc(s, e), {"en", "today"});
  CHECK(html.find("<script") == std::string::npos);  // self-contained, no scripts
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no external resources

  // Cumulative NPV per party of the first intervention.
  const std::string svg = svg_titled(html, "Cumulative");
  const Mapping m(svg);
  const std::regex line("<polyline class=\"series\" data-series=\"Health insurer\" points=\"([^\"]*)\"");
  std::smatch hit;
  REQUIRE(std::regex_search(svg, hit, line));
  std::istringstream pts(hit[1].str());
  std::string pair;
  std::vector<double> xs, ys;
  while (pts >> pair) {
    const auto comma = pair.find(',');
    xs.push_back(m.x(std::stod(pair.substr(0, comma))));
    ys.push_back(m.y(std::stod(pair.substr(comma + 1))));
  }
  const auto& expected = sum.comparisons[0].accounts[s.party_index("health_insurer")].cumulative_mean;
  REQUIRE(xs.size() == expected.size() + 1);
  const double tol_x = 0.002 / m.width * (m.x1 - m.x0), tol_y = 0.002 / m.height * (m.y1 - m.y0);
  CHECK(std::abs(xs[0]) <= tol_x);
  CHECK(std::abs(ys[0]) <= tol_y);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CHECK(std::abs(xs[k + 1] - static_cast<double>(k + 1)) <= tol_x);
    CHECK(std::abs(ys[k + 1] - expected[k]) <= tol_y);
  }

  // Annual budget impact; each bar's value and height are the data.
  const std::string bars = svg_titled(html, "Annual");
  const Mapping b(bars);
  const std::regex rect("<rect class=\"bar\" data-series=\"Municipality\" data-category=\"year 3\"[^>]*>");
  REQUIRE(std::regex_search(bars, hit, rect));
  const std::string tag = hit[0];
  const double value = sum.comparisons[0].accounts[s.party_index("municipality")].annual[2].mean;
  CHECK(attr_num(tag, "data-value") == doctest::Approx(value).epsilon(1e-15));
  CHECK(attr_num(tag, "height") == doctest::Approx(std::abs(b.py(value) - b.py(0))).epsilon(1e-3));
}

TEST_CASE("report: huge and equal values give a readable page, not a crash or an endless axis") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 5;
  o.overrides.mode = model::Mode::cohort;
  auto doc = io::results_doc(s, analysis::evaluate(s, o));
  for (auto& c : doc.comparisons)
    for (auto& a : c.accounts) {
      a.npv.mean = 1e308;
      a.npv.sd = 1;
      for (auto& x : a.cumulative_npv_mean) x = 1e13;
    }
  for (auto& [arm, accounts] : *doc.draws)
    for (auto& [account, series] : accounts) std::fill(series.npv.begin(), series.npv.end(), 1e13);
  for (const char* lang : {"en", "nl"}) {
    const std::string html = io::html_report(doc, {lang, "today"});
    CHECK(html.find(std::string(lang) == "en" ? "\u20ac1e+308" : "\u20ac\u00a01e+308") != std::string::npos);
  }
  CHECK(io::format_money(1e308) == "1e+308");
  CHECK(io::format_money(-2.5e15) == "-2.5e+15");
  CHECK(io::format_money(999999999999999.0) == "999,999,999,999,999");
}

namespace {

// The points of a polyline or polygon, mapped back to data.
std::vector<std::pair<double, double>> points_of(const std::string& tag, const Mapping& m) {
  std::istringstream pts(attr(tag, "points"));
  std::vector<std::pair<double, double>> out;
  std::string pair;
  while (pts >> pair) {
    const auto comma = pair.find(',');
    out.emplace_back(m.x(std::stod(pair.substr(0, comma))), m.y(std::stod(pair.substr(comma + 1))));
  }
  return out;
}

std::vector<std::string> tags(const std::string& svg, const std::string& start) {
  std::vector<std::string> out;
  for (std::size_t at = svg.find(start); at != std::string::npos; at = svg.find(start, at + 1))
    out.push_back(svg.substr(at, svg.find('>', at) - at + 1));
  return out;
}

io::ResultsDoc dutch_doc(int draws) {
  auto s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = draws;
  return io::results_doc(s, analysis::evaluate(s, o));
}

}  // namespace

TEST_CASE("report: the cumulative band holds the mean at every month, and every party has its own colour and dash") {
  const auto doc = dutch_doc(40);
  for (const char* lang : {"nl", "en"}) {
    const std::string html = io::html_report(doc, {lang, "today"});
    const std::string svg = svg_titled(html, std::string(lang) == "nl" ? "Cumulatieve" : "Cumulative");
    const Mapping m(svg);
    const auto lines = tags(svg, "<polyline class=\"series\"");
    const auto bands = tags(svg, "<polygon class=\"band\"");
    REQUIRE(lines.size() == bands.size());
    std::set<std::pair<std::string, std::string>> styles;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      INFO(attr(lines[i], "data-series"));
      styles.insert({attr(lines[i], "stroke"), attr(lines[i], "stroke-dasharray")});
      const auto mean = points_of(lines[i], m), band = points_of(bands[i], m);
      // The band goes out along its top and back along its bottom, at the mean's months.
      REQUIRE(band.size() == 2 * mean.size());
      const double tol = 0.01 / m.height * (m.y1 - m.y0);
      for (std::size_t k = 0; k < mean.size(); ++k) {
        const auto hi = band[k], lo = band[band.size() - 1 - k];
        CHECK(std::abs(hi.first - mean[k].first) <= 0.01 / m.width * (m.x1 - m.x0));
        CHECK(std::abs(lo.first - mean[k].first) <= 0.01 / m.width * (m.x1 - m.x0));
        CHECK(lo.second <= mean[k].second + tol);
        CHECK(mean[k].second <= hi.second + tol);
      }
    }
    CHECK(styles.size() == lines.size());
  }
}

TEST_CASE("report: the category chart's parts are each party's investment and return by category, in both languages") {
  const auto doc = dutch_doc(20);
  const auto& c = doc.comparisons[0];
  for (const char* lang : {"nl", "en"}) {
    const bool nl = std::string(lang) == "nl";
    const std::string html = io::html_report(doc, {lang, "today"});
    CHECK(html.find(nl ? "Wie verliest" : "Who loses") != std::string::npos);
    CHECK(html.find(nl ? "Zorgverzekeraar" : "Health insurer") != std::string::npos);
    CHECK(html.find(nl ? "niet nodig" : "not needed") == std::string::npos);
    const std::string svg = svg_titled(html, nl ? "Investering (links)" : "Investment (left)");
    for (const auto& a : c.accounts) {
      if (a.account == "resources" || (a.investment.mean < 0.5 && a.ret.mean < 0.5)) continue;
      std::string name = a.account;
      for (const auto& l : doc.labels)
        if (l.id == a.account) name = nl ? l.nl : l.en;
      if (a.account == "society") name = nl ? "Maatschappij" : "Society";
      INFO(name);
      double neg = 0, pos = 0, net = NAN;
      for (const auto& tag : tags(svg, "<rect class=\"bar\" data-row=\"" + name + "\""))
        (attr_num(tag, "data-value") < 0 ? neg : pos) += attr_num(tag, "data-value");
      for (const auto& tag : tags(svg, "<rect class=\"net\" data-row=\"" + name + "\"")) net = attr_num(tag, "data-value");
      CHECK(-neg == doctest::Approx(a.investment.mean).epsilon(1e-9).scale(1.0));
      CHECK(pos == doctest::Approx(a.ret.mean).epsilon(1e-9).scale(1.0));
      CHECK(net == doctest::Approx(a.npv.mean).epsilon(1e-12).scale(1.0));
    }
  }
}
